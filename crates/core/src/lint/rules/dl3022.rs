use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_from, NameSet};
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=NAME` where NAME is neither an earlier stage's name, an earlier
    /// stage's index, nor an image reference (with a `:`).
    ///
    /// ## Why is this bad?
    /// When NAME is no stage, Docker treats it as an image and tries to pull it: a typo in a
    /// stage name turns into a confusing "pull access denied" error, or worse, copies from
    /// an unrelated public image. Stagecraft's STG010 suggests the closest stage name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM alpine:3.20
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix here; STG010 offers one.
    RULE = {
        code: "DL3022",
        name: "copy-from-known-stage",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3022"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Only a `COPY --from` is checked: most files have none, and build no set of names.
    if !model.instructions.iter().any(|i| i.kind == Kind::Copy && has_from(i)) {
        return;
    }
    // A file names a few stages: a list ([`NameSet`]) costs less to fill and search than a
    // hashed set, whose hashing of each name was half the rule.
    let mut names = NameSet::default();
    let mut count = 0usize;
    for instr in &model.instructions {
        match instr.kind {
            Kind::From => {
                if let Some(stage) = instr.stage.map(|s| &model.stages[s]) {
                    if let Some(name) = &stage.name {
                        names.insert(&name.text);
                    }
                }
                count += 1;
            }
            Kind::Copy => {
                let Some(from) = instr.flag("from").and_then(|f| f.value.as_deref()) else {
                    continue;
                };
                let known = from.contains(':')
                    || names.contains(from)
                    || from.parse::<usize>().is_ok_and(|n| n < count);
                if !known {
                    ck.report(instr, format!("`COPY --from={from}` names no earlier stage; Docker will try to pull an image called `{from}`"));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a AS build\nFROM b\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\nCOPY --from=nginx:1 /z /z\n",
    ],
    fail: &["FROM a AS build\nFROM b\nCOPY --from=biuld /x /x\n"],
    fix: &[],
};
