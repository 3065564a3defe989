use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `hash` whose
    /// value is not a git commit hash. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {revision: hash}`:
    /// ```dockerfile
    /// LABEL revision="main"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL revision="0123abc"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3055",
        name: "label-git-hash",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3055"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Hash, "a git commit hash");
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
        let schema = Some(label_schema(&[("revision", LabelType::Hash)], false));
        assert_eq!(count_findings("DL3055", schema.clone(), "FROM a\nLABEL revision=\"main\"\n"), 1);
        assert_eq!(count_findings("DL3055", schema.clone(), "FROM a\nLABEL revision=\"0123abc\"\n"), 0);
        assert_eq!(count_findings("DL3055", None, "FROM a\nLABEL revision=\"main\"\n"), 0);
    }
}
