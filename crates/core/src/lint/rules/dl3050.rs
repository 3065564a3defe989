use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With `strict-labels: true` and a `label-schema`, reports `LABEL`s that set a label
    /// outside the schema.
    ///
    /// ## Why is this bad?
    /// A strict schema keeps metadata consistent across a team's images; extra keys are
    /// usually typos of schema keys (`mantainer`).
    ///
    /// ## Example
    /// With `label-schema: {maintainer: text}` and `strict-labels: true`:
    /// ```dockerfile
    /// LABEL mantainer="team-a"
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
        code: "DL3050",
        name: "label-superfluous",
        severity: Info,
        category: Labels,
        hadolint: Some("DL3050"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchemaOrStrict,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Label) {
        return;
    }
    if !ck.config.strict_labels {
        return;
    }
    let schema: Vec<&String> = ck.config.label_schema.iter().map(|(k, _)| k).collect();
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Label {
            continue;
        }
        if let Some((key, _)) = instr.pairs().iter().find(|(k, _)| !schema.iter().any(|s| **s == k.text)) {
            ck.report(instr, format!("Label `{}` is not in the label schema", key.text));
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
    fn strict_labels_only() {
        let src = "FROM a\nLABEL mantainer=x\n";
        let strict = Some(label_schema(&[("maintainer", LabelType::Text)], true));
        let lax = Some(label_schema(&[("maintainer", LabelType::Text)], false));
        assert_eq!(count_findings("DL3050", strict.clone(), src), 1);
        assert_eq!(count_findings("DL3050", lax.clone(), src), 0);
    }
}
