use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// Docker does not allow these instructions as triggers; the build of any image based
    /// on this one fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ONBUILD RUN make
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3043",
        name: "onbuild-forbidden-trigger",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3043"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Onbuild) {
        return;
    }
    for instr in &ck.model.instructions {
        if let Some(inner) = instr.onbuild.as_deref() {
            if matches!(inner.kind, Kind::Onbuild | Kind::From | Kind::Maintainer) {
                let kw = inner.keyword.text.to_ascii_uppercase();
                ck.report(instr, format!("`ONBUILD {kw}` is not allowed: Docker rejects it as a trigger"));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nONBUILD RUN make\n"],
    fail: &["FROM a\nONBUILD FROM b\n"],
    fix: &[],
};
