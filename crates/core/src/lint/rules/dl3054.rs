use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `spdx` whose
    /// value is not an SPDX license identifier. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {license: spdx}`:
    /// ```dockerfile
    /// LABEL license="Apache 2"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL license="Apache-2.0"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3054",
        name: "label-spdx",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3054"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Spdx, "an SPDX license identifier");
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
        let schema = Some(label_schema(&[("license", LabelType::Spdx)], false));
        assert_eq!(count_findings("DL3054", schema.clone(), "FROM a\nLABEL license=\"Apache 2\"\n"), 1);
        assert_eq!(count_findings("DL3054", schema.clone(), "FROM a\nLABEL license=\"Apache-2.0\"\n"), 0);
        assert_eq!(count_findings("DL3054", None, "FROM a\nLABEL license=\"Apache 2\"\n"), 0);
    }
}
