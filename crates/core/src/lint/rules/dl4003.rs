use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_overridden_in_stage;
use crate::lint::Checker;

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
    report_overridden_in_stage(ck, Kind::Cmd, "CMD");
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCMD [\"a\"]\nFROM b\nCMD [\"b\"]\n"],
    fail: &["FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n"],
    fix: &[
        ("FROM a\nCMD [\"a\"]\nCMD [\"b\"]\n", "FROM a\nCMD [\"b\"]\n"),
        // A CRLF file loses the whole line, `\r\n` included: no bare `\n` is left behind.
        (
            "FROM a\r\nCMD [\"a\"]\r\nCMD [\"b\"]\r\n",
            "FROM a\r\nCMD [\"b\"]\r\n",
        ),
        (
            "FROM a\r\nCMD x \\\r\n  y\r\nCMD [\"b\"]\r\n",
            "FROM a\r\nCMD [\"b\"]\r\n",
        ),
    ],
};
