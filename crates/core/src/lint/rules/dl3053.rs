use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `rfc3339` whose
    /// value is not an RFC 3339 time. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {created: rfc3339}`:
    /// ```dockerfile
    /// LABEL created="yesterday"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL created="2024-05-01T12:30:00Z"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3053",
        name: "label-rfc3339",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3053"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Rfc3339, "an RFC 3339 time");
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[],
    fail: &[],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::label_values::{count_findings, label_schema};
    use crate::lint::LabelType;

    #[test]
    fn checks_the_configured_label() {
        let schema = Some(label_schema(&[("created", LabelType::Rfc3339)], false));
        assert_eq!(count_findings("DL3053", schema.clone(), "FROM a\nLABEL created=\"yesterday\"\n"), 1);
        assert_eq!(count_findings("DL3053", schema.clone(), "FROM a\nLABEL created=\"2024-05-01T12:30:00Z\"\n"), 0);
        assert_eq!(count_findings("DL3053", None, "FROM a\nLABEL created=\"yesterday\"\n"), 0);
    }
}
