use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports each inline `# hadolint ignore=...` comment. Off by default, as in hadolint:
    /// enable it with an `override` in the configuration when a team wants every exception
    /// to live in the shared config instead of in Dockerfiles.
    ///
    /// ## Why is this bad?
    /// Inline ignores are easy to add and hard to review; a central `ignored:` list keeps
    /// exceptions visible.
    ///
    /// ## Example
    /// ```dockerfile
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// Use instead: `.hadolint.yaml`
    /// ```yaml
    /// ignored: [DL3008]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL1001",
        name: "inline-ignore-pragma",
        severity: Info,
        category: Style,
        hadolint: Some("DL1001"),
        buildkit: None,
        fix: None,
        activation: WhenOverridden,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for comment in &model.comments {
        let t = comment.text.trim_start();
        if t.starts_with("hadolint") && t.contains("ignore") && t.contains('=') {
            ck.report_span(comment.line, comment.span.clone(), "Inline ignore pragma: list the exception in the shared configuration instead");
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\n# a comment\n"],
    fail: &[],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint, lint_with, Config, Options, Severity};

    #[test]
    fn off_until_overridden() {
        let src = "FROM a\n# hadolint ignore=DL3008\nRUN apt-get install -y x\n";
        assert!(lint(src).iter().all(|f| f.code != "DL1001"));
        let mut config = Config::default();
        config.overrides.insert("DL1001".into(), Severity::Info);
        let found = lint_with(src, Options { config: Some(&config), dockerignore: None })
            .into_iter()
            .filter(|f| f.code == "DL1001")
            .count();
        assert_eq!(found, 1);
    }
}
