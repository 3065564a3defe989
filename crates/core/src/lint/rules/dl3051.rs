use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports schema labels set to an empty
    /// value.
    ///
    /// ## Why is this bad?
    /// An empty value satisfies "the label exists" while carrying no information.
    ///
    /// ## Example
    /// With `label-schema: {maintainer: text}`:
    /// ```dockerfile
    /// LABEL maintainer=""
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL maintainer="team-a"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3051",
        name: "label-empty",
        severity: Warning,
        category: Labels,
        hadolint: Some("DL3051"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Label) {
        return;
    }
    let schema: Vec<&String> = ck.config.label_schema.iter().map(|(k, _)| k).collect();
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Label {
            continue;
        }
        for (key, value) in instr.pairs() {
            if schema.iter().any(|s| **s == key.text) && value.as_ref().is_none_or(|v| v.text.is_empty()) {
                ck.report(instr, format!("Label `{}` is empty", key.text));
            }
        }
    }
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
    fn empty_schema_label() {
        let schema = Some(label_schema(&[("maintainer", LabelType::Text)], false));
        assert_eq!(count_findings("DL3051", schema.clone(), "FROM a\nLABEL maintainer=\"\"\n"), 1);
        assert_eq!(count_findings("DL3051", schema.clone(), "FROM a\nLABEL maintainer=me\n"), 0);
    }
}
