use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage name (`FROM ... AS name`) used twice.
    ///
    /// ## Why is this bad?
    /// `COPY --from=name` and `--target name` become ambiguous; BuildKit refuses the file
    /// (its `DuplicateStageName` check).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// FROM golang:1.22 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS web
    /// FROM golang:1.22 AS api
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: references to the name would have to change too.
    RULE = {
        code: "DL3024",
        name: "unique-stage-names",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3024"),
        buildkit: Some("DuplicateStageName"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Most files name one stage at most: no name to repeat, and no set of names to build.
    if model.stages.iter().filter(|s| s.name.is_some()).nth(1).is_none() {
        return;
    }
    for stage in &model.stages {
        let Some(name) = &stage.name else { continue };
        // The model knows the first stage of each name (case-insensitively): a stage that is
        // not its name's first repeats it. A set of lower-cased copies of the names was an
        // allocation and a hashing each.
        let repeated = model
            .stage_named(&name.text)
            .is_some_and(|first| first.index != stage.index);
        if repeated {
            let line = model.instructions[stage.from].line;
            ck.report_span(line, name.span.clone(), format!("The stage name `{}` is already used by an earlier stage", name.text));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a AS x\nFROM b AS y\n"],
    fail: &["FROM a AS x\nFROM b AS x\n"],
    fix: &[],
};
