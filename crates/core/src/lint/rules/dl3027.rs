use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports the `apt` command in a `RUN`.
    ///
    /// ## Why is this bad?
    /// `apt` is made for people at a terminal: its output and behaviour may change between
    /// releases and it warns that it has no stable command-line interface. Scripts should use
    /// `apt-get` and `apt-cache`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `apt` and `apt-get` accept mostly the same options, but not all of them
    /// (`apt list`, `apt search` have no `apt-get` twin).
    RULE = {
        code: "DL3027",
        name: "no-apt",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3027"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("apt") {
        return;
    }
    for instr in runs(ck.model) {
        let apts: Vec<_> = instr.commands().iter().filter(|c| c.is("apt")).collect();
        if apts.is_empty() {
            continue;
        }
        let edits = apts
            .iter()
            .filter(|c| {
                matches!(
                    c.subcommand(),
                    Some("install" | "update" | "upgrade" | "remove" | "purge" | "autoremove"
                        | "clean" | "dist-upgrade" | "full-upgrade")
                )
            })
            .map(|c| Edit::replace(c.name.span.clone(), "apt-get"))
            .collect::<Vec<_>>();
        let finding = ck.report(instr, "Use `apt-get` (or `apt-cache`) in scripts; `apt` is meant for terminals");
        if edits.len() == apts.len() {
            finding.add_fix(Fix::unsafe_("Use `apt-get`", edits));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM debian\nRUN apt-get update\n"],
    fail: &["FROM debian\nRUN apt install -y curl\n"],
    fix: &[(
        "FROM debian\nRUN apt update && apt install -y curl\n",
        "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
    )],
};
