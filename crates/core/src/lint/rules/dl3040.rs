use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, report_uncleaned_cache};
use crate::lint::shell::Command;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with dnf or microdnf and does not clean the package cache
    /// afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// The package manager's cache (downloaded packages and metadata) stays in the layer,
    /// often tens of megabytes that no container reads. Cleaning in a later `RUN` does not
    /// shrink the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 \
    ///  && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Appending `dnf clean all` is safe: it removes only caches.
    RULE = {
        code: "DL3040",
        name: "dnf-clean",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3040"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["dnf", "microdnf"];

fn is_install(cmd: &Command) -> bool {
    // The name asked once (it is one of the programs or none), then the arguments.
    matches!(cmd.name.text.as_str(), "dnf" | "microdnf")
        && cmd.arg_texts().any(|a| {
            matches!(a, "install" | "in" | "upgrade" | "up" | "upgrade-minimal" | "up-min" | "reinstall" | "rei")
        })
}

fn is_clean(cmd: &Command) -> bool {
    PROGRAMS.iter().any(|p| has_args(cmd, p, &["clean", "all"])) || has_args(cmd, "rm", &["-rf", "/var/cache/libdnf5*"])
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
        &["/var/cache/libdnf5", ".cache/libdnf5"],
        "dnf clean all",
    );
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"],
    fail: &["FROM a\nRUN dnf install -y httpd-2.4.62\n"],
    fix: &[("FROM a\nRUN dnf install -y httpd-2.4.62\n", "FROM a\nRUN dnf install -y httpd-2.4.62 \\\n && dnf clean all\n")],
};
