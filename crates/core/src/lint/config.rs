//! Lint configuration: the typed form of hadolint's `.hadolint.yaml` keys, with the same
//! meanings, so an existing config keeps working.
//!
//! The core reads no files: the CLI reads `.hadolint.yaml` (with a YAML library, reporting
//! line and column) and environment variables into this [`Config`]. The page uses defaults.

use std::collections::BTreeMap;

use super::finding::Severity;

/// What a label's value must look like (hadolint's label-schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelType {
    Text,
    Url,
    Rfc3339,
    Spdx,
    Hash,
    Semver,
    Email,
}

impl LabelType {
    /// Every type, in hadolint's documented order, for messages that list the choices.
    pub const ALL: [LabelType; 7] = [
        LabelType::Text,
        LabelType::Url,
        LabelType::Rfc3339,
        LabelType::Spdx,
        LabelType::Hash,
        LabelType::Semver,
        LabelType::Email,
    ];

    /// Reads a type as hadolint's config and `--require-label` spell it.
    pub fn parse(text: &str) -> Option<LabelType> {
        Some(match text {
            "text" => LabelType::Text,
            "url" => LabelType::Url,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "hash" => LabelType::Hash,
            "semver" => LabelType::Semver,
            "email" => LabelType::Email,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Spdx => "spdx",
            LabelType::Hash => "hash",
            LabelType::Semver => "semver",
            LabelType::Email => "email",
        }
    }
}

/// The failure threshold: findings at least this severe make the exit status 1.
/// `None` is hadolint's `none`/`ignore`: every finding fails.
pub type Threshold = Option<Severity>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Codes never reported (`ignored:`).
    pub ignored: Vec<String>,
    /// Severity overrides by code (`override: {error: [...], ...}`).
    pub overrides: BTreeMap<String, Severity>,
    pub failure_threshold: Threshold,
    /// Registries FROM may use (DL3026); empty means any.
    pub trusted_registries: Vec<String>,
    /// Labels every image must have, with their types (DL3049–DL3058).
    pub label_schema: Vec<(String, LabelType)>,
    /// Labels outside the schema are reported (DL3050).
    pub strict_labels: bool,
    /// `# hadolint ignore=` comments are not honoured.
    pub disable_ignore_pragma: bool,
    pub no_fail: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config::DEFAULT
    }
}

impl Config {
    /// The configuration without a `.hadolint.yaml`: what [`Config::default`] gives, as a
    /// constant, so the linter's default run keeps one in a `static` rather than making one
    /// per file.
    pub const DEFAULT: Config = Config {
        ignored: Vec::new(),
        overrides: BTreeMap::new(),
        failure_threshold: Some(Severity::Info),
        trusted_registries: Vec::new(),
        label_schema: Vec::new(),
        strict_labels: false,
        disable_ignore_pragma: false,
        no_fail: false,
    };

    /// The severity a rule's findings get after overrides.
    pub fn severity_for(&self, code: &str, default: Severity) -> Severity {
        self.overrides.get(code).copied().unwrap_or(default)
    }

    pub fn is_ignored(&self, code: &str) -> bool {
        self.ignored.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    /// Whether findings of these severities make the run fail.
    pub fn fails(&self, severities: impl IntoIterator<Item = Severity>) -> bool {
        if self.no_fail {
            return false;
        }
        let mut all = severities.into_iter();
        match self.failure_threshold {
            Some(threshold) => all.any(|s| s <= threshold),
            None => all.next().is_some(),
        }
    }
}

/// `error`, `warning`, `info`, `style`, or `none`/`ignore`.
pub fn parse_threshold(text: &str) -> Option<Threshold> {
    match text.trim().to_ascii_lowercase().as_str() {
        "none" | "ignore" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_and_label_types_read_as_hadolint_spells_them() {
        assert_eq!(parse_threshold("Warning"), Some(Some(Severity::Warning)));
        assert_eq!(parse_threshold("none"), Some(None));
        assert_eq!(parse_threshold("ignore"), Some(None));
        assert_eq!(parse_threshold("loud"), None);
        for kind in LabelType::ALL {
            assert_eq!(LabelType::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(LabelType::parse("phone"), None);
    }

    #[test]
    fn threshold_semantics_match_hadolint() {
        let config = Config::default();
        assert!(config.fails([Severity::Info]));
        assert!(!config.fails([Severity::Style]));
        let none = Config {
            failure_threshold: None,
            ..Config::default()
        };
        assert!(none.fails([Severity::Style]));
        let no_fail = Config {
            no_fail: true,
            ..Config::default()
        };
        assert!(!no_fail.fails([Severity::Error]));
    }
}
