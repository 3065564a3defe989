use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `cd` inside a `RUN`.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts only until the end of its `RUN`; the next instruction starts again in the
    /// working directory. `WORKDIR` states the directory once, for every later instruction,
    /// and creates it if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app && make
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN make
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: moving the `cd` to `WORKDIR` changes the directory of every later
    /// instruction (display-only).
    RULE = {
        code: "DL3003",
        name: "use-workdir",
        severity: Warning,
        category: Style,
        hadolint: Some("DL3003"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("cd") {
        return;
    }
    for instr in runs(ck.model) {
        if let Some(cd) = instr.commands().iter().find(|c| c.is("cd")) {
            let dir = cd.args.first().map_or("", |w| w.text.as_str());
            ck.report(instr, "Use `WORKDIR` to change directory; a `cd` ends with its `RUN`")
                .add_fix(Fix::display_only(["Write `WORKDIR ", dir, "` before this `RUN`"].concat(), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nWORKDIR /app\nRUN make\n"],
    fail: &["FROM a\nRUN cd /app && make\n", "FROM a\nRUN make -C x || (cd y && make)\n"],
    fix: &[],
};
