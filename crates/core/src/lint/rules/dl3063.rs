use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// Both names already mean something to BuildKit (the empty image, the build context),
    /// so `COPY --from=context` or `FROM scratch` become ambiguous. BuildKit's
    /// `ReservedStageName` check reports the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS context
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: references to the name would change too.
    RULE = {
        code: "DL3063",
        name: "reserved-stage-name",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3063"),
        buildkit: Some("ReservedStageName"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        if let Some(name) = &stage.name {
            if name.text.eq_ignore_ascii_case("scratch") || name.text.eq_ignore_ascii_case("context") {
                let text = name.text.clone();
                ck.report_span(model.instructions[stage.from].line, name.span.clone(), format!("`{text}` is a reserved name; choose another stage name"));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a AS base\n"],
    fail: &["FROM a AS context\n"],
    fix: &[],
};
