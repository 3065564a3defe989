use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_missing_yes;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` without its non-interactive switch (`-y`).
    ///
    /// ## Why is this bad?
    /// Without it the package manager asks for confirmation; nobody can answer during a
    /// build, so the step aborts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: it answers the question the build cannot answer.
    RULE = {
        code: "DL3038",
        name: "dnf-yes",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3038"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["dnf", "microdnf"];
const SUBCOMMANDS: &[&str] = &["install", "groupinstall", "localinstall"];
const YES: &[&str] = &["y", "assumeyes"];

fn check(ck: &mut Checker) {
    report_missing_yes(ck, PROGRAMS, SUBCOMMANDS, YES);
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN dnf install -y httpd-2.4.62\n"],
    fail: &["FROM a\nRUN dnf install httpd-2.4.62\n"],
    fix: &[("FROM a\nRUN dnf install httpd-2.4.62\n", "FROM a\nRUN dnf install -y httpd-2.4.62\n")],
};
