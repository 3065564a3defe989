use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage that uses both `curl` and `wget` (reported from the second tool's
    /// first use on).
    ///
    /// ## Why is this bad?
    /// Both do the same job; installing and using both adds a package and makes scripts
    /// inconsistent.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSLo a.tgz https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN curl -fsSLo a.tgz https://example.com/a.tgz \
    ///  && curl -fsSLo b.tgz https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the two tools take different options.
    RULE = {
        code: "DL4001",
        name: "curl-or-wget",
        severity: Warning,
        category: Size,
        hadolint: Some("DL4001"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // A stage is reported only for running both: a file that may not is not read.
    if !ck.model.may_run("curl") || !ck.model.may_run("wget") {
        return;
    }
    let (mut curl, mut wget) = (false, false);
    for instr in &ck.model.instructions {
        match instr.kind {
            Kind::From => (curl, wget) = (false, false),
            Kind::Run => {
                let uses_curl = instr.commands().iter().any(|c| c.is("curl"));
                let uses_wget = instr.commands().iter().any(|c| c.is("wget"));
                curl |= uses_curl;
                wget |= uses_wget;
                if (uses_curl || uses_wget) && curl && wget {
                    ck.report(instr, "This stage uses both `curl` and `wget`; pick one");
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN curl -o x y\nFROM b\nRUN wget -q z\n"],
    fail: &["FROM a\nRUN curl -o x y\nRUN wget -q z\n"],
    fix: &[],
};
