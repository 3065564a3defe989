use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Only `ARG` may come before `FROM`; Docker refuses anything else ("no build stage in
    /// current context").
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP=1
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP=1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3061",
        name: "from-first",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3061"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    for instr in &ck.model.instructions {
        match instr.kind {
            Kind::From => return,
            Kind::Arg => {}
            _ => {
                let kw = instr.keyword.text.to_ascii_uppercase();
                ck.report(instr, format!("`{kw}` before the first `FROM`: only `ARG` may come first"));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["# c\nARG V=1\nFROM a:$V\nRUN x\n"],
    fail: &["ENV A=1\nFROM a\n"],
    fix: &[],
};
