use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, report_uncleaned_cache};
use crate::lint::shell::Command;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with zypper and does not clean the package cache
    /// afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// The package manager's cache (downloaded packages and metadata) stays in the layer,
    /// often tens of megabytes that no container reads. Cleaning in a later `RUN` does not
    /// shrink the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y curl=8
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper install -y curl=8 \
    ///  && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Appending `zypper clean` is safe: it removes only caches.
    RULE = {
        code: "DL3036",
        name: "zypper-clean",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3036"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["zypper"];

fn is_install(cmd: &Command) -> bool {
    PROGRAMS.iter().any(|p| has_args(cmd, p, &["install", "in"]))
}

fn is_clean(cmd: &Command) -> bool {
    has_args(cmd, "zypper", &["clean", "cc"])
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !PROGRAMS.iter().any(|p| ck.model.may_run(p)) {
        return;
    }
    report_uncleaned_cache(
        ck,
        is_install,
        is_clean,
        &["/var/cache/zypp"],
        "zypper clean",
    );
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN zypper install -y curl=8 && zypper clean\n"],
    fail: &["FROM a\nRUN zypper install -y curl=8\n"],
    fix: &[("FROM a\nRUN zypper install -y curl=8\n", "FROM a\nRUN zypper install -y curl=8 \\\n && zypper clean\n")],
};
