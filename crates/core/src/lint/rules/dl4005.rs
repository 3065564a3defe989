use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `ln ... /bin/sh` in a `RUN`: replacing the shell by a symlink.
    ///
    /// ## Why is this bad?
    /// Every later `RUN`, and every program that calls `/bin/sh`, silently gets another
    /// shell. `SHELL` changes the shell of `RUN` instructions in plain sight and leaves the
    /// system alone.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: programs in the image may rely on the symlink.
    RULE = {
        code: "DL4005",
        name: "use-shell-instruction",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL4005"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.may_run("ln") {
        return;
    }
    for instr in runs(ck.model) {
        if instr.commands().iter().any(|c| has_args(c, "ln", &["/bin/sh"])) {
            ck.report(instr, "Use `SHELL` to change the shell instead of replacing `/bin/sh`");
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nSHELL [\"/bin/bash\", \"-c\"]\n"],
    fail: &["FROM a\nRUN ln -sf /bin/bash /bin/sh\n"],
    fix: &[],
};
