use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_missing_yes;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` without its non-interactive switch (`-y`).
    ///
    /// ## Why is this bad?
    /// Without it the package manager asks for confirmation; nobody can answer during a
    /// build, so the step aborts.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd-2.4.6
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: it answers the question the build cannot answer.
    RULE = {
        code: "DL3030",
        name: "yum-yes",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3030"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["yum"];
const SUBCOMMANDS: &[&str] = &["install", "groupinstall", "localinstall"];
const YES: &[&str] = &["y", "assumeyes"];

fn check(ck: &mut Checker) {
    report_missing_yes(ck, PROGRAMS, SUBCOMMANDS, YES);
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN yum install -y httpd-2.4.6\n"],
    fail: &["FROM a\nRUN yum install httpd-2.4.6\n"],
    fix: &[("FROM a\nRUN yum install httpd-2.4.6\n", "FROM a\nRUN yum install -y httpd-2.4.6\n")],
};
