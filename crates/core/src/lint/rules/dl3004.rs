use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `sudo` in a `RUN`.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`; `sudo` adds a setuid binary to the
    /// image and behaves differently with and without a terminal. Switch with `USER root`
    /// for the steps that need it, or use `gosu`/`su-exec` in entrypoints.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: removing `sudo` runs the command as the current user, which may lack the
    /// rights it needs.
    RULE = {
        code: "DL3004",
        name: "no-sudo",
        severity: Error,
        category: Security,
        hadolint: Some("DL3004"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Most files never run `sudo`: their scripts are not read.
    if !ck.model.may_run("sudo") {
        return;
    }
    let source = ck.source();
    for instr in runs(ck.model) {
        let sudos: Vec<_> = instr.commands().iter().filter(|c| c.is("sudo")).collect();
        if sudos.is_empty() {
            continue;
        }
        let edits: Vec<Edit> = sudos
            .iter()
            .filter(|c| c.args.first().is_some_and(|a| !a.text.starts_with('-')))
            .map(|c| {
                let next = c.args[0].span.start;
                let end = if source[c.name.span.end..next].chars().all(|ch| ch == ' ' || ch == '\t') {
                    next
                } else {
                    c.name.span.end
                };
                Edit::delete(c.name.span.start..end)
            })
            .collect();
        let finding = ck.report(instr, "Do not use `sudo` in a build; use `USER` to change user");
        if edits.len() == sudos.len() {
            finding.add_fix(Fix::unsafe_("Remove `sudo`", edits));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN apt-get update\n"],
    fail: &["FROM a\nRUN sudo apt-get update\n"],
    fix: &[("FROM a\nRUN sudo make install\n", "FROM a\nRUN make install\n")],
};
