use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::report_overridden_in_stage;
use crate::lint::Checker;

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
    report_overridden_in_stage(ck, Kind::Healthcheck, "HEALTHCHECK");
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nHEALTHCHECK CMD a\nFROM b\nHEALTHCHECK CMD b\n"],
    fail: &["FROM a\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n"],
    fix: &[
        (
            "FROM a\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n",
            "FROM a\nHEALTHCHECK CMD b\n",
        ),
        (
            "FROM a\r\nHEALTHCHECK CMD a\r\nHEALTHCHECK CMD b\r\n",
            "FROM a\r\nHEALTHCHECK CMD b\r\n",
        ),
    ],
};
