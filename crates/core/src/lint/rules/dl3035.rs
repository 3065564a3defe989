use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`) in a `RUN`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside a build replaces the base image's packages with
    /// whatever the mirror has today: the result depends on the day of the build, and is
    /// better obtained by moving to a newer base image tag.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper dist-upgrade -y
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3035",
        name: "no-zypper-dist-upgrade",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3035"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.may_run("zypper") {
        return;
    }
    for instr in runs(ck.model) {
        if instr.commands().iter().any(|c| has_args(c, "zypper", &["dist-upgrade", "dup"])) {
            ck.report(instr, "Do not run `zypper dist-upgrade` in a build; use a newer base image");
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN zypper install -y x=1\n"],
    fail: &["FROM a\nRUN zypper dup -y\n"],
    fix: &[],
};
