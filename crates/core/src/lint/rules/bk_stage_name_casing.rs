use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::from_as;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a stage name (`FROM image AS Name`) that is not all lower-case. This is
    /// BuildKit's `StageNameCasing` build check.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names anyway, so `Builder`, `BUILDER` and `builder` are the
    /// same stage. Writing them in lower case keeps names apart from instruction keywords
    /// and avoids two spellings of one stage across the file and in `--target`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS BuildStage
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS buildstage
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the name is lower-cased where it is defined and where `FROM` or `--from=`
    /// refers to it. BuildKit matches stage names without regard to case, so the build and
    /// `--target` keep working.
    RULE = {
        code: "StageNameCasing",
        name: "stage-name-casing",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("StageNameCasing"),
        fix: Safe,
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
        let lower = crate::case::lower(&name.text);
        if name.text == lower {
            continue;
        }
        let mut edits = vec![Edit::replace(name.span.clone(), lower.clone())];
        for later in &model.instructions[stage.from + 1..] {
            if later.kind == Kind::From {
                if let Some(base) = later.args().first() {
                    if base.text.eq_ignore_ascii_case(&name.text) && base.text != lower {
                        edits.push(Edit::replace(base.span.clone(), lower.clone()));
                    }
                }
            }
            for flag in &later.flags {
                let refers = flag.name == "from"
                    && flag
                        .value
                        .as_deref()
                        .is_some_and(|v| v.eq_ignore_ascii_case(&name.text));
                let value_start = flag.span.start + "--from=".len();
                if refers
                    && model.source.get(value_start..flag.span.end) == Some(name.text.as_str())
                {
                    edits.push(Edit::replace(value_start..flag.span.end, lower.clone()));
                }
            }
        }
        ck.report_span(
            from.line,
            name.span.clone(),
            format!("Stage name `{}` should be lower-case", name.text),
        )
        .add_fix(Fix::safe(format!("Rename the stage `{lower}`"), edits));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine AS builder-base\nFROM alpine\nFROM builder-base AS x.y_z\n"],
    fail: &["FROM alpine AS BuilderBase\n", "from alpine as BUILD\n"],
    fix: &[(
        "FROM golang AS Build\nRUN go build\nFROM Build AS test\nFROM alpine\nCOPY --from=Build /app /app\n",
        "FROM golang AS build\nRUN go build\nFROM build AS test\nFROM alpine\nCOPY --from=build /app /app\n",
    )],
};
