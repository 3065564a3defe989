use crate::lint::model::{ImageRef, Kind, MountType};
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// When `trustedRegistries` is configured, reports `FROM`, `COPY --from` and
    /// `RUN --mount=from=` images from any other registry. Images without a registry are
    /// Docker Hub's (`docker.io`). Patterns may start or end with `*`.
    ///
    /// ## Why is this bad?
    /// Teams that mirror and scan their base images want every build to use the mirror; an
    /// image pulled from elsewhere bypasses those checks.
    ///
    /// ## Example
    /// With `trustedRegistries: [registry.example.com]`:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/python:3.12-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the mirror's path is yours.
    RULE = {
        code: "DL3026",
        name: "trusted-registry",
        severity: Error,
        category: Security,
        hadolint: Some("DL3026"),
        buildkit: None,
        fix: None,
        activation: WithTrustedRegistries,
        check: check,
    }
}

fn matches(pattern: &str, registry: &str) -> bool {
    if pattern == "*" {
        true
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        registry.ends_with(suffix)
    } else if let Some(prefix) = pattern.strip_suffix('*') {
        registry.starts_with(prefix)
    } else {
        registry == pattern
    }
}

fn check(ck: &mut Checker) {
    let allowed = &ck.config.trusted_registries;
    if allowed.is_empty() {
        return;
    }
    let model = ck.model;
    let mut aliases: Vec<String> = Vec::new();
    let ok = |aliases: &[String], image: &str| -> bool {
        let r = ImageRef::parse(image, image);
        if aliases.iter().any(|a| *a == r.name) {
            return true;
        }
        match &r.registry {
            Some(reg) => allowed.iter().any(|p| matches(p, reg)),
            None => {
                r.name == "scratch"
                    || allowed
                        .iter()
                        .any(|p| matches(p, "docker.io") || matches(p, "hub.docker.com"))
            }
        }
    };
    for instr in &model.instructions {
        let image = match instr.kind {
            Kind::From => instr.args().first().map(|w| w.text.as_str().to_owned()),
            Kind::Copy => instr.flag("from").and_then(|f| f.value.clone()),
            Kind::Run => instr
                .mounts()
                .into_iter()
                .filter(|m| matches!(m.kind, MountType::Cache | MountType::Bind))
                .find_map(|m| m.from),
            _ => None,
        };
        if let Some(image) = image {
            if !ok(&aliases, &image) {
                ck.report(instr, format!("`{image}` is not from a trusted registry ({})", allowed.join(", ")));
            }
        }
        if instr.kind == Kind::From {
            if let Some(stage) = instr.stage.and_then(|s| model.stages[s].name.as_ref()) {
                aliases.push(stage.text.as_str().to_owned());
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    // The default configuration trusts every registry.
    pass: &["FROM python:3.12\n", "FROM evil.example.com/x:1\n"],
    fail: &[],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint_with, Config, Options};

    #[test]
    fn only_trusted_registries() {
        let config = Config {
            trusted_registries: vec!["*.example.com".into()],
            ..Config::default()
        };
        let options = Options {
            config: Some(&config),
            dockerignore: None,
        };
        let codes = |src: &str| -> usize {
            lint_with(src, options).iter().filter(|f| f.code == "DL3026").count()
        };
        assert_eq!(codes("FROM registry.example.com/python:3 AS b\nCOPY --from=b /a /a\n"), 0);
        assert_eq!(codes("FROM python:3\n"), 1);
        assert_eq!(codes("FROM scratch\nCOPY --from=ghcr.io/x/y:1 /a /a\n"), 1);
    }
}
