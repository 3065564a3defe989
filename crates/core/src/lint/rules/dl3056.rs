use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `semver` whose
    /// value is not a semantic version. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {version: semver}`:
    /// ```dockerfile
    /// LABEL version="v1.2"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL version="1.2.0"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3056",
        name: "label-semver",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3056"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Semver, "a semantic version");
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
        let schema = Some(label_schema(&[("version", LabelType::Semver)], false));
        assert_eq!(count_findings("DL3056", schema.clone(), "FROM a\nLABEL version=\"v1.2\"\n"), 1);
        assert_eq!(count_findings("DL3056", schema.clone(), "FROM a\nLABEL version=\"1.2.0\"\n"), 0);
        assert_eq!(count_findings("DL3056", None, "FROM a\nLABEL version=\"v1.2\"\n"), 0);
    }
}
