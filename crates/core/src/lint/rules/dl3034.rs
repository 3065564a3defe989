use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_missing_yes;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` without its non-interactive switch (`-y`).
    ///
    /// ## Why is this bad?
    /// Without it the package manager asks for confirmation; nobody can answer during a
    /// build, so the step aborts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install curl=8
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper install -y curl=8
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: it answers the question the build cannot answer.
    RULE = {
        code: "DL3034",
        name: "zypper-non-interactive",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3034"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["zypper"];
const SUBCOMMANDS: &[&str] = &["install", "in", "remove", "rm", "source-install", "si", "patch"];
const YES: &[&str] = &["non-interactive", "n", "no-confirm", "y"];

fn check(ck: &mut Checker) {
    report_missing_yes(ck, PROGRAMS, SUBCOMMANDS, YES);
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN zypper install -y curl=8\n"],
    fail: &["FROM a\nRUN zypper install curl=8\n"],
    fix: &[("FROM a\nRUN zypper install curl=8\n", "FROM a\nRUN zypper install -y curl=8\n")],
};
