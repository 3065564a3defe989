use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::suggest::edit_distance;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=NAME` (or `RUN --mount=from=NAME`) where NAME looks like a stage
    /// name (no `/`, `:` or `.`) but no earlier stage has it, and suggests the closest stage
    /// name.
    ///
    /// ## Why is this bad?
    /// Docker does not fail on an unknown stage name: it tries to pull an image called NAME
    /// from Docker Hub. A typo becomes "pull access denied", or silently copies from
    /// someone else's public image. (hadolint's DL3022 reports the same line without a
    /// suggestion.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// FROM alpine:3.20
    /// COPY --from=build /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the suggestion is the closest name, not necessarily the one you meant.
    RULE = {
        code: "STG010",
        name: "copy-from-unknown-stage",
        severity: Error,
        category: Correctness,
        hadolint: None,
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Only a `COPY --from` is read: a file without a `COPY` has nothing to report.
    if !model.has_kind(Kind::Copy) {
        return;
    }
    for instr in &model.instructions {
        let Some(stage) = instr.stage else { continue };
        // The name borrowed from the flag: a copy per `COPY --from` was an allocation each.
        let (name, span) = match instr.kind {
            Kind::Copy => match instr.flag("from") {
                Some(f) => (f.value.as_deref().unwrap_or(""), f.span.clone()),
                None => continue,
            },
            _ => continue,
        };
        if name.is_empty()
            || name.contains(['/', ':', '.', '@', '$'])
            || name.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let known = model.stage_named(name);
        if known.is_some_and(|s| s.index < stage) {
            continue;
        }
        // The suggestion looks at the nearest 1,000 earlier stages, so that a file of
        // thousands of stages with as many unknown names stays linear.
        let earlier: Vec<&str> = model.stages[stage.saturating_sub(1000)..stage]
            .iter()
            .filter_map(|s| s.name.as_ref().map(|n| n.text.as_str()))
            .collect();
        // A stage whose name has NAME as a `-` or `_` separated part (`license-set` for
        // `set`) is the likeliest meaning; otherwise the smallest edit distance.
        let lower = name.to_ascii_lowercase();
        let closest = earlier
            .iter()
            .map(|n| {
                let l = n.to_ascii_lowercase();
                let part = l.split(['-', '_']).any(|p| p == lower);
                (if part { 0 } else { 1 + edit_distance(&l, &lower) }, *n)
            })
            .min();
        let later = known.is_some();
        let mut message = format!("No earlier stage is called `{name}`: Docker will try to pull an image named `{name}`");
        if later {
            message.push_str(" (a stage of that name comes later; stages can only copy from earlier ones)");
        }
        if let Some((_, suggestion)) = closest {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
        }
        let finding = ck.report_span(instr.line, span.clone(), message);
        if let Some((_, suggestion)) = closest {
            let flag_text = &model.source[span.clone()];
            if let Some(at) = flag_text.find('=') {
                let value = span.start + at + 1..span.end;
                finding.add_fix(Fix::unsafe_(
                    format!("Use `--from={suggestion}`"),
                    vec![Edit::replace(value, suggestion.to_string())],
                ));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM golang:1.22 AS builder\nFROM alpine:3\nCOPY --from=builder /a /a\nCOPY --from=nginx:1 /b /b\nCOPY --from=0 /c /c\n"],
    fail: &[
        "FROM golang:1.22 AS builder\nFROM alpine:3\nCOPY --from=build /a /a\n",
        "FROM a AS test\nFROM a AS license-set\nFROM scratch\nCOPY --from=set /out /\n",
    ],
    fix: &[(
        "FROM golang:1.22 AS builder\nFROM alpine:3\nCOPY --from=biulder /a /a\n",
        "FROM golang:1.22 AS builder\nFROM alpine:3\nCOPY --from=builder /a /a\n",
    )],
};
