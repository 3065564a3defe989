use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs, subcommand_word};
use crate::lint::{Checker, Edit, Fix};

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
    for instr in runs(ck.model) {
        let offenders: Vec<_> = instr
            .commands()
            .iter()
            .filter(|c| PROGRAMS.iter().any(|p| has_args(c, p, SUBCOMMANDS)) && !c.has_any_flag(YES))
            .collect();
        if offenders.is_empty() {
            continue;
        }
        let edits = offenders
            .iter()
            .filter_map(|c| SUBCOMMANDS.iter().find_map(|s| subcommand_word(c, s)))
            .map(|w| Edit::insert(w.span.end, " -y"))
            .collect();
        ck.report(instr, "Add `-y`: nobody can answer a confirmation prompt during a build")
            .fixes
            .push(Fix::safe("Add `-y`", edits));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN dnf install -y httpd-2.4.62\n"],
    fail: &["FROM a\nRUN dnf install httpd-2.4.62\n"],
    fix: &[("FROM a\nRUN dnf install httpd-2.4.62\n", "FROM a\nRUN dnf install -y httpd-2.4.62\n")],
};
