use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a second `CMD` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect; the earlier one is dead code that
    /// readers take for the real one. BuildKit's `MultipleInstructionsDisallowed` check
    /// reports the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["a"]
    /// CMD ["b"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["b"]
    /// ```
    ///
    /// ## Fix safety
    /// Removing the earlier `CMD` is safe: it never took effect.
    RULE = {
        code: "DL4003",
        name: "single-cmd",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL4003"),
        buildkit: Some("MultipleInstructionsDisallowed"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let mut previous: Option<usize> = None;
    for (i, instr) in model.instructions.iter().enumerate() {
        match instr.kind {
            Kind::From => previous = None,
            Kind::Cmd => {
                if let Some(p) = previous {
                    let earlier = &model.instructions[p];
                    let range = model.lines.line_range(model.source, earlier.line).start
                        ..(model.lines.line_range(model.source, earlier.end_line).end + 1)
                            .min(model.source.len());
                    ck.report(instr, "Only the last `CMD` of a stage takes effect; remove the earlier one")
                        .fixes
                        .push(Fix::safe("Remove the earlier `CMD`", vec![Edit::delete(range)]));
                }
                previous = Some(i);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCMD [\"a\"]\nFROM b\nCMD [\"b\"]\n"],
    fail: &["FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n"],
    fix: &[("FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n", "FROM a\nCMD [\"b\"]\n")],
};
