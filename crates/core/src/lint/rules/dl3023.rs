use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=NAME` inside the stage called NAME.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself; BuildKit rejects the file with a circular
    /// dependency error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /dist
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN cp -r /app/dist /dist
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3023",
        name: "copy-from-self",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3023"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for instr in &model.instructions {
        if instr.kind != Kind::Copy {
            continue;
        }
        let (Some(from), Some(stage)) = (
            instr.flag("from").and_then(|f| f.value.as_deref()),
            instr.stage.map(|s| &model.stages[s]),
        ) else {
            continue;
        };
        if stage.name.as_ref().is_some_and(|n| n.text == from) {
            ck.report(instr, format!("Stage `{from}` cannot copy from itself"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a AS build\nFROM b\nCOPY --from=build /x /x\n"],
    fail: &["FROM a AS build\nCOPY --from=build /x /y\n"],
    fix: &[],
};
