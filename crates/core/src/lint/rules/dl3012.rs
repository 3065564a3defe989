use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a second `HEALTHCHECK` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` takes effect; the earlier ones are dead code that a reader
    /// will take for the real check.
    ///
    /// ## Example
    /// ```dockerfile
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// HEALTHCHECK CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// Removing the earlier `HEALTHCHECK` is safe: it never took effect.
    RULE = {
        code: "DL3012",
        name: "single-healthcheck",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3012"),
        buildkit: None,
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
            Kind::Healthcheck => {
                if let Some(p) = previous {
                    let earlier = &model.instructions[p];
                    let range = model.lines.line_range(model.source, earlier.line).start
                        ..(model.lines.line_range(model.source, earlier.end_line).end + 1)
                            .min(model.source.len());
                    ck.report(instr, "Only the last `HEALTHCHECK` of a stage takes effect; remove the earlier one")
                        .fixes
                        .push(Fix::safe("Remove the earlier `HEALTHCHECK`", vec![Edit::delete(range)]));
                }
                previous = Some(i);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nHEALTHCHECK CMD a\nFROM b\nHEALTHCHECK CMD b\n"],
    fail: &["FROM a\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n"],
    fix: &[(
        "FROM a\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n",
        "FROM a\nHEALTHCHECK CMD b\n",
    )],
};
