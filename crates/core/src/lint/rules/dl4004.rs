use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_overridden_in_stage;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a second `ENTRYPOINT` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage takes effect; the earlier one is dead code that
    /// readers take for the real one. BuildKit's `MultipleInstructionsDisallowed` check
    /// reports the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENTRYPOINT ["a"]
    /// ENTRYPOINT ["b"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ENTRYPOINT ["b"]
    /// ```
    ///
    /// ## Fix safety
    /// Removing the earlier `ENTRYPOINT` is safe: it never took effect.
    RULE = {
        code: "DL4004",
        name: "single-entrypoint",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL4004"),
        buildkit: Some("MultipleInstructionsDisallowed"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_overridden_in_stage(ck, Kind::Entrypoint, "ENTRYPOINT");
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nENTRYPOINT [\"a\"]\nFROM b\nENTRYPOINT [\"b\"]\n"],
    fail: &["FROM a\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n"],
    fix: &[
        ("FROM a\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", "FROM a\nENTRYPOINT [\"b\"]\n"),
        (
            "FROM a\r\nENTRYPOINT [\"a\"]\r\nENTRYPOINT [\"b\"]\r\n",
            "FROM a\r\nENTRYPOINT [\"b\"]\r\n",
        ),
    ],
};
