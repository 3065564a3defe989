use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::from_as;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`, the two names BuildKit reserves. This
    /// is BuildKit's `ReservedStageName` build check.
    ///
    /// ## Why is this bad?
    /// `scratch` already means the empty image and `context` the build context, so
    /// `FROM scratch` or `COPY --from=context` below such a stage no longer say what they
    /// seem to say.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS base
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: a new name is yours to choose.
    RULE = {
        code: "ReservedStageName",
        name: "reserved-stage-name",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("ReservedStageName"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let Some((_, name)) = from_as(from) else {
            continue;
        };
        let lower = name.text.to_lowercase();
        if lower == "scratch" || lower == "context" {
            ck.report_span(
                from.line,
                name.span.clone(),
                format!("`{lower}` is reserved; give this stage another name"),
            );
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine AS builder\nFROM scratch\nCOPY --from=builder /a /a\n"],
    fail: &["FROM alpine AS scratch\n", "FROM alpine AS Context\n"],
    fix: &[],
};
