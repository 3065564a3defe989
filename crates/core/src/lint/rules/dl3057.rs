use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage with no `HEALTHCHECK` (directly or through the stage it builds on).
    /// Off by default, as in hadolint: enable it with an `override` in the configuration.
    /// Stagecraft's STG009 is the narrower, on-by-default version: a final stage that
    /// exposes a port.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and Swarm only know whether the process runs, not
    /// whether it answers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right probe depends on the program.
    RULE = {
        code: "DL3057",
        name: "healthcheck-missing",
        severity: Info,
        category: Correctness,
        hadolint: Some("DL3057"),
        buildkit: None,
        fix: None,
        activation: WhenOverridden,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let mut healthy: Vec<bool> = Vec::new();
    for stage in &model.stages {
        let own = model.instructions[stage.instructions.clone()]
            .iter()
            .any(|i| i.kind == Kind::Healthcheck);
        let parent = model.stages[..stage.index]
            .iter()
            .position(|s| s.name.as_ref().is_some_and(|n| n.text == stage.image.raw))
            .is_some_and(|p| healthy[p]);
        healthy.push(own || parent);
    }
    for (stage, ok) in model.stages.iter().zip(healthy) {
        if !ok {
            ck.report(&model.instructions[stage.from], "This stage has no `HEALTHCHECK`");
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nHEALTHCHECK CMD true\n"],
    fail: &[],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint, lint_with, Config, Options, Severity};

    #[test]
    fn off_until_overridden() {
        let src = "FROM a AS base\nHEALTHCHECK CMD true\nFROM base\nFROM b\n";
        assert!(lint(src).iter().all(|f| f.code != "DL3057"));
        let mut config = Config::default();
        config.overrides.insert("DL3057".into(), Severity::Warning);
        let options = Options { config: Some(&config), dockerignore: None };
        let lines: Vec<usize> = lint_with(src, options)
            .iter()
            .filter(|f| f.code == "DL3057")
            .map(|f| f.line)
            .collect();
        assert_eq!(lines, [4]);
    }
}
