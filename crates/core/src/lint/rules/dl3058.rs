use crate::lint::config::LabelType;
use crate::lint::registry::declare_rule;
use crate::lint::rules::label_values::report_mistyped_labels;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports labels of type `email` whose
    /// value is not an email address. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// Tools that read the label (registries, inventories, scanners) expect that format and
    /// cannot use the value otherwise.
    ///
    /// ## Example
    /// With `label-schema: {maintainer: email}`:
    /// ```dockerfile
    /// LABEL maintainer="Jane"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL maintainer="jane@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right value is yours.
    RULE = {
        code: "DL3058",
        name: "label-email",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3058"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    report_mistyped_labels(ck, LabelType::Email, "an email address");
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
        let schema = Some(label_schema(&[("maintainer", LabelType::Email)], false));
        assert_eq!(count_findings("DL3058", schema.clone(), "FROM a\nLABEL maintainer=\"Jane\"\n"), 1);
        assert_eq!(count_findings("DL3058", schema.clone(), "FROM a\nLABEL maintainer=\"jane@example.com\"\n"), 0);
        assert_eq!(count_findings("DL3058", None, "FROM a\nLABEL maintainer=\"Jane\"\n"), 0);
    }
}
