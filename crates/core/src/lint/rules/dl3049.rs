use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the configuration, reports a stage that does not set one of
    /// the schema's labels (itself or through the stage it builds on). Stages only used as
    /// a `COPY --from` source are not reported. Runs only when a label schema is configured.
    ///
    /// ## Why is this bad?
    /// A team's schema says which metadata every image carries (owner, source, version);
    /// an image without it is harder to trace back to its code and its people.
    ///
    /// ## Example
    /// With `label-schema: {maintainer: text}`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="team-a"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the value is yours.
    RULE = {
        code: "DL3049",
        name: "label-missing",
        severity: Info,
        category: Labels,
        hadolint: Some("DL3049"),
        buildkit: None,
        fix: None,
        activation: WithLabelSchema,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let copied_from: Vec<String> = model
        .instructions
        .iter()
        .filter(|i| i.kind == Kind::Copy)
        .filter_map(|i| i.flag("from").and_then(|f| f.value.clone()))
        .collect();
    for (label, _) in &ck.config.label_schema {
        let mut has: Vec<bool> = Vec::new();
        for stage in &model.stages {
            let own = model.instructions[stage.instructions.clone()]
                .iter()
                .filter(|i| i.kind == Kind::Label)
                .any(|i| i.pairs().iter().any(|(k, _)| k.text == *label));
            let parent = model.stages[..stage.index]
                .iter()
                .position(|s| s.name.as_ref().is_some_and(|n| n.text == stage.image.raw))
                .is_some_and(|p| has[p]);
            has.push(own || parent);
        }
        for (stage, ok) in model.stages.iter().zip(has) {
            let used_as_source = stage.name.as_ref().is_some_and(|n| copied_from.iter().any(|c| *c == n.text))
                || copied_from.contains(&stage.index.to_string());
            if !ok && !used_as_source {
                ck.report(&model.instructions[stage.from], format!("Label `{label}` is missing"));
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
    use crate::lint::{lint_with, Options};

    #[test]
    fn reports_stages_without_the_label() {
        let config = crate::lint::rules::label_values::label_schema(
            &[("maintainer", crate::lint::LabelType::Text)],
            false,
        );
        let options = Options { config: Some(&config), dockerignore: None };
        let lines = |src: &str| -> Vec<usize> {
            lint_with(src, options).iter().filter(|f| f.code == "DL3049").map(|f| f.line).collect()
        };
        assert_eq!(lines("FROM a AS b\nFROM c\nCOPY --from=b /x /x\n"), [2]);
        assert_eq!(lines("FROM a AS b\nLABEL maintainer=me\nFROM b\n"), Vec::<usize>::new());
    }
}
