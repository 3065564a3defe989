use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `url` whose
    /// value is not a URL. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {homepage: url}`:
    /// ```dockerfile
    /// LABEL homepage="example.com"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL homepage="https://example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3052",
        name: "label-url",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3052"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Url, "a URL");
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
        let schema = Some(label_schema(&[("homepage", LabelType::Url)], false));
        assert_eq!(count_findings("DL3052", schema.clone(), "FROM a\nLABEL homepage=\"example.com\"\n"), 1);
        assert_eq!(count_findings("DL3052", schema.clone(), "FROM a\nLABEL homepage=\"https://example.com\"\n"), 0);
        assert_eq!(count_findings("DL3052", None, "FROM a\nLABEL homepage=\"example.com\"\n"), 0);
    }
}
