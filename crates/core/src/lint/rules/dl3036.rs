use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::shell::Command;
use crate::lint::{Checker, Edit, Fix};

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
    for instr in runs(ck.model) {
        let cmds = instr.commands();
        let Some(install) = cmds.iter().position(is_install) else {
            continue;
        };
        if instr.has_cache_mount_with("/var/cache/zypp") {
            continue;
        }
        let clean = cmds.iter().position(is_clean);
        if clean.is_some_and(|c| install < c) {
            continue;
        }
        let continuation = ck.continue_with("zypper clean");
        let finding = ck.report(instr, "Clean the package cache in the same `RUN` (`zypper clean`)");
        if instr.json.is_none() && !instr.has_heredoc && !instr.text.contains('#') {
            finding.fixes.push(Fix::safe(
                "Append `&& zypper clean`",
                vec![Edit::insert(instr.text_span.end, continuation)],
            ));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN zypper install -y curl=8 && zypper clean\n"],
    fail: &["FROM a\nRUN zypper install -y curl=8\n"],
    fix: &[("FROM a\nRUN zypper install -y curl=8\n", "FROM a\nRUN zypper install -y curl=8 \\\n && zypper clean\n")],
};
