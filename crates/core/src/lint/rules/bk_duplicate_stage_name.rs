use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::from_as;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage name used by an earlier stage too (`FROM a AS build` ... `FROM b AS
    /// build`). Names are compared the way BuildKit compares them, ignoring case. This is
    /// BuildKit's `DuplicateStageName` build check (hadolint calls it DL3024).
    ///
    /// ## Why is this bad?
    /// `COPY --from=build`, `FROM build` and `--target build` can only mean one stage.
    /// BuildKit refuses to build such a file; older builders silently used one of them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12 AS builder
    /// RUN make
    /// FROM golang:1.23 AS builder
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12 AS c-builder
    /// RUN make
    /// FROM golang:1.23 AS go-builder
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which references mean which stage is for you to say.
    RULE = {
        code: "DuplicateStageName",
        name: "duplicate-stage-name",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3024"),
        buildkit: Some("DuplicateStageName"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let mut seen: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let Some((_, name)) = from_as(from) else {
            continue;
        };
        let key = name.text.to_lowercase();
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let related = ck.related(first.clone(), "first defined here");
            ck.report_span(
                from.line,
                name.span.clone(),
                format!("Stage name `{}` is already used by an earlier stage", name.text),
            )
            .related
            .push(related);
        } else {
            seen.push((key, name.span.clone()));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM debian AS deb-builder\nFROM golang AS go-builder\nFROM alpine\nFROM alpine\n"],
    fail: &[
        "FROM debian AS builder\nRUN true\nFROM golang AS builder\n",
        "FROM debian AS build\nFROM golang AS Build\n",
    ],
    fix: &[],
};
