//! Lint configuration: hadolint's `.hadolint.yaml` keys, with the same meanings, so an
//! existing config keeps working.
//!
//! The reader understands the YAML that such files use: `key: value`, block lists
//! (`- item`), flow lists (`[a, b]`), one level of nested maps (`override:`,
//! `label-schema:`), quotes and comments. Anything else is an error with its line.

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
    fn parse(text: &str) -> Option<LabelType> {
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
        Config {
            ignored: Vec::new(),
            overrides: BTreeMap::new(),
            failure_threshold: Some(Severity::Info),
            trusted_registries: Vec::new(),
            label_schema: Vec::new(),
            strict_labels: false,
            disable_ignore_pragma: false,
            no_fail: false,
        }
    }
}

/// A configuration problem, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A parsed YAML value of the subset we read.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Scalar(String),
    List(Vec<String>),
    Map(Vec<(String, Value, usize)>),
}

impl Config {
    /// Reads a `.hadolint.yaml`.
    pub fn from_yaml(text: &str) -> Result<Config, ConfigError> {
        let entries = parse_yaml(text)?;
        let mut config = Config::default();
        for (key, value, line) in entries {
            let err = |message: String| ConfigError { line, message };
            match key.as_str() {
                "ignored" => config.ignored.extend(list(&value).map_err(err)?),
                "trustedRegistries" => config.trusted_registries.extend(list(&value).map_err(err)?),
                "failure-threshold" => {
                    let text = scalar(&value).map_err(err)?;
                    config.failure_threshold =
                        parse_threshold(&text).ok_or_else(|| ConfigError {
                            line,
                            message: format!(
                                "`{text}` is not a level: use error, warning, info, style or none"
                            ),
                        })?;
                }
                "strict-labels" => config.strict_labels = boolean(&value).map_err(err)?,
                "disable-ignore-pragma" => {
                    config.disable_ignore_pragma = boolean(&value).map_err(err)?
                }
                "no-fail" => config.no_fail = boolean(&value).map_err(err)?,
                "override" => {
                    let Value::Map(levels) = value else {
                        return Err(err("`override` must map levels to lists of codes".into()));
                    };
                    for (level, codes, line) in levels {
                        let severity = Severity::parse(&level).ok_or_else(|| ConfigError {
                            line,
                            message: format!(
                                "`{level}` is not a level: use error, warning, info or style"
                            ),
                        })?;
                        for code in list(&codes).map_err(|message| ConfigError { line, message })? {
                            config.overrides.insert(code, severity);
                        }
                    }
                }
                "label-schema" => {
                    let Value::Map(labels) = value else {
                        return Err(err("`label-schema` must map label names to types".into()));
                    };
                    for (label, kind, line) in labels {
                        let kind =
                            scalar(&kind).map_err(|message| ConfigError { line, message })?;
                        let kind = LabelType::parse(&kind).ok_or_else(|| ConfigError {
                            line,
                            message: format!(
                                "`{kind}` is not a label type: use text, url, rfc3339, spdx, hash, semver or email"
                            ),
                        })?;
                        config.label_schema.push((label, kind));
                    }
                }
                // Output options belong to the command line; accept them so configs load.
                "format" | "no-color" | "verbose" | "formats" | "output-file" => {}
                other => return Err(err(format!("unknown key `{other}`"))),
            }
        }
        Ok(config)
    }

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

fn scalar(value: &Value) -> Result<String, String> {
    match value {
        Value::Scalar(s) => Ok(s.clone()),
        _ => Err("expected a single value".into()),
    }
}

fn list(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::List(items) => Ok(items.clone()),
        Value::Scalar(s) if s.is_empty() => Ok(Vec::new()),
        Value::Scalar(s) => Ok(vec![s.clone()]),
        Value::Map(_) => Err("expected a list".into()),
    }
}

fn boolean(value: &Value) -> Result<bool, String> {
    match scalar(value)?.as_str() {
        "true" | "yes" | "on" => Ok(true),
        "false" | "no" | "off" => Ok(false),
        other => Err(format!("`{other}` is not true or false")),
    }
}

fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i == 0 || line[..i].ends_with([' ', '\t']) => return &line[..i],
            _ => {}
        }
    }
    line
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    if t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')))
    {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}

fn flow_list(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    Some(
        inner
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

fn inline_value(text: &str) -> Value {
    match flow_list(text) {
        Some(items) => Value::List(items),
        None => Value::Scalar(unquote(text)),
    }
}

/// Parses the YAML subset into top-level `(key, value, line)` entries.
fn parse_yaml(text: &str) -> Result<Vec<(String, Value, usize)>, ConfigError> {
    // (indent, content, line) for each meaningful line.
    let lines: Vec<(usize, &str, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, raw)| {
            let content = strip_comment(raw).trim_end();
            let trimmed = content.trim_start();
            if trimmed.is_empty() || trimmed == "---" {
                return None;
            }
            Some((content.len() - trimmed.len(), trimmed, i + 1))
        })
        .collect();
    let mut pos = 0;
    parse_map(&lines, &mut pos, 0)
}

fn parse_map(
    lines: &[(usize, &str, usize)],
    pos: &mut usize,
    indent: usize,
) -> Result<Vec<(String, Value, usize)>, ConfigError> {
    let mut out = Vec::new();
    while *pos < lines.len() {
        let (ind, content, line) = lines[*pos];
        if ind < indent {
            break;
        }
        if ind > indent {
            return Err(ConfigError {
                line,
                message: "unexpected indentation".into(),
            });
        }
        let Some((key, rest)) = content.split_once(':') else {
            return Err(ConfigError {
                line,
                message: format!("expected `key: value`, found `{content}`"),
            });
        };
        let key = unquote(key);
        *pos += 1;
        let rest = rest.trim();
        if !rest.is_empty() {
            out.push((key, inline_value(rest), line));
            continue;
        }
        // A block below: a list or a nested map, or nothing.
        match lines.get(*pos) {
            Some(&(child, text, _))
                if child > indent || (child == indent && text.starts_with('-')) =>
            {
                if text.starts_with('-') {
                    let mut items = Vec::new();
                    while let Some(&(ci, t, _)) = lines.get(*pos) {
                        if ci != child || !t.starts_with('-') {
                            break;
                        }
                        items.push(unquote(&t[1..]));
                        *pos += 1;
                    }
                    out.push((key, Value::List(items), line));
                } else {
                    let map = parse_map(lines, pos, child)?;
                    out.push((key, Value::Map(map), line));
                }
            }
            _ => out.push((key, Value::Scalar(String::new()), line)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_typical_hadolint_yaml() {
        let config = Config::from_yaml(
            "# team config\nfailure-threshold: warning\nignored:\n  - DL3008\n  - DL3013 # pinned elsewhere\noverride:\n  error:\n    - DL3001\n  info: [DL3059]\ntrustedRegistries:\n- docker.io\n- \"my.registry:5000\"\nlabel-schema:\n  author: text\n  url: url\nstrict-labels: true\ndisable-ignore-pragma: false\n",
        )
        .unwrap();
        assert_eq!(config.failure_threshold, Some(Severity::Warning));
        assert_eq!(config.ignored, ["DL3008", "DL3013"]);
        assert_eq!(config.overrides.get("DL3001"), Some(&Severity::Error));
        assert_eq!(config.overrides.get("DL3059"), Some(&Severity::Info));
        assert_eq!(config.trusted_registries, ["docker.io", "my.registry:5000"]);
        assert_eq!(
            config.label_schema,
            [
                ("author".into(), LabelType::Text),
                ("url".into(), LabelType::Url)
            ]
        );
        assert!(config.strict_labels);
    }

    #[test]
    fn errors_name_the_line() {
        let error = Config::from_yaml("ignored: [DL3008]\nfailure-threshold: loud\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("loud"));
        assert_eq!(Config::from_yaml("colour: red\n").unwrap_err().line, 1);
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
