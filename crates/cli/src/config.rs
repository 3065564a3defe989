//! Lint configuration as hadolint users already write it: `.hadolint.yaml` (read with a YAML
//! library, errors with line and column), hadolint's config locations in hadolint's order, and
//! its `HADOLINT_*` environment variables, all turned into the core's typed [`Config`].
//!
//! Source for the keys, the locations and their order, and the variables: hadolint's README,
//! section "Configure" (github.com/hadolint/hadolint, README.md at commit 00e6fec0).

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use stagecraft_core::lint::config::{parse_threshold, Threshold};
use stagecraft_core::lint::{Config, LabelType, Severity};

use crate::format::Format;

/// A config file's settings: the core's [`Config`] plus the output options hadolint also
/// accepts in it (the command line overrides them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub config: Config,
    pub format: Option<Format>,
    pub no_color: Option<bool>,
    pub verbose: Option<bool>,
}

/// A config file that cannot be read as hadolint's schema, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based; 0 when the YAML library gives no position.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

/// Reads a `.hadolint.yaml`. An empty file (or only comments) is the default config.
pub fn from_yaml(text: &str) -> Result<Settings, ConfigError> {
    let keys: Option<Keys> = serde_yaml_ng::from_str(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((0, 0), |at| (at.line(), at.column()));
        ConfigError {
            line,
            column,
            message: without_location(&error.to_string(), line, column),
        }
    })?;
    Ok(keys.unwrap_or_default().into_settings())
}

/// serde_yaml_ng ends its messages with " at line L column C"; we say it first instead.
/// Other positions in the message (where a quoted scalar began) stay.
fn without_location(message: &str, line: usize, column: usize) -> String {
    let suffix = format!(" at line {line} column {column}");
    message.strip_suffix(&suffix).unwrap_or(message).to_string()
}

/// hadolint's keys, as its README's schema lists them. Unknown keys are errors: a typo must
/// not silently switch a setting off.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    #[serde(default)]
    ignored: Option<Words>,
    #[serde(default, rename = "trustedRegistries")]
    trusted_registries: Option<Words>,
    #[serde(default, rename = "failure-threshold")]
    failure_threshold: Option<Level>,
    #[serde(default, rename = "override")]
    overrides: Option<Overrides>,
    #[serde(default, rename = "label-schema")]
    label_schema: Option<LabelSchema>,
    #[serde(default, rename = "strict-labels")]
    strict_labels: Option<bool>,
    #[serde(default, rename = "disable-ignore-pragma")]
    disable_ignore_pragma: Option<bool>,
    #[serde(default, rename = "no-fail")]
    no_fail: Option<bool>,
    #[serde(default, rename = "no-color")]
    no_color: Option<bool>,
    #[serde(default)]
    verbose: Option<bool>,
    #[serde(default)]
    format: Option<FormatName>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    #[serde(default)]
    error: Option<Words>,
    #[serde(default)]
    warning: Option<Words>,
    #[serde(default)]
    info: Option<Words>,
    #[serde(default)]
    style: Option<Words>,
}

impl Keys {
    fn into_settings(self) -> Settings {
        let mut config = Config::default();
        let words = |w: Option<Words>| w.map(|w| w.0).unwrap_or_default();
        config.ignored = words(self.ignored);
        config.trusted_registries = words(self.trusted_registries);
        if let Some(Level(threshold)) = self.failure_threshold {
            config.failure_threshold = threshold;
        }
        let overrides = self.overrides.unwrap_or_default();
        for (severity, codes) in [
            (Severity::Error, overrides.error),
            (Severity::Warning, overrides.warning),
            (Severity::Info, overrides.info),
            (Severity::Style, overrides.style),
        ] {
            for code in words(codes) {
                config.overrides.insert(code, severity);
            }
        }
        config.label_schema = self.label_schema.map(|s| s.0).unwrap_or_default();
        config.strict_labels = self.strict_labels.unwrap_or(false);
        config.disable_ignore_pragma = self.disable_ignore_pragma.unwrap_or(false);
        config.no_fail = self.no_fail.unwrap_or(false);
        Settings {
            config,
            format: self.format.map(|f| f.0),
            no_color: self.no_color,
            verbose: self.verbose,
        }
    }
}

/// A list of strings, or one string (hadolint's `trustedRegistries: string | [string]`), or
/// nothing (`ignored:` with no items).
#[derive(Debug, Default)]
struct Words(Vec<String>);

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Words, D::Error> {
        struct WordsVisitor;
        impl<'de> Visitor<'de> for WordsVisitor {
            type Value = Words;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of rule codes or registries, or one")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Words, E> {
                Ok(Words(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Words, E> {
                Ok(Words(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Words, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(Words(items))
            }
        }
        deserializer.deserialize_any(WordsVisitor)
    }
}

/// `failure-threshold`: a level, or `none`/`ignore`.
#[derive(Debug)]
struct Level(Threshold);

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Level, D::Error> {
        word(deserializer, "a failure threshold", |text| {
            parse_threshold(text).map(Level).ok_or_else(|| {
                format!(
                    "`{text}` is not a failure threshold: use error, warning, info, style or none"
                )
            })
        })
    }
}

/// Reads one scalar word with `parse`. Errors raised while visiting the scalar carry the
/// scalar's own line and column (raised after, they would point at the enclosing map).
fn word<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct WordVisitor<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<'de, T> Visitor<'de> for WordVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(WordVisitor { expecting, parse })
}

/// `format`: one of `stagecraft lint --format`'s names (hadolint's spellings included).
#[derive(Debug)]
struct FormatName(Format);

impl<'de> Deserialize<'de> for FormatName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FormatName, D::Error> {
        word(deserializer, "an output format", |text| {
            Format::parse(text).map(FormatName).ok_or_else(|| {
                format!("`{text}` is not an output format: use tty, json, sarif, checkstyle, gitlab or stagecraft-json")
            })
        })
    }
}

/// `label-schema`: label names to types, in the file's order.
#[derive(Debug)]
struct LabelSchema(Vec<(String, LabelType)>);

struct LabelKind(LabelType);

impl<'de> Deserialize<'de> for LabelKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LabelKind, D::Error> {
        word(deserializer, "a label type", |text| {
            LabelType::parse(text.trim()).map(LabelKind).ok_or_else(|| {
                format!("`{text}` is not a label type: use text, url, rfc3339, spdx, hash, semver or email")
            })
        })
    }
}

impl<'de> Deserialize<'de> for LabelSchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LabelSchema, D::Error> {
        struct SchemaVisitor;
        impl<'de> Visitor<'de> for SchemaVisitor {
            type Value = LabelSchema;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("label names mapped to types (author: text)")
            }
            fn visit_unit<E: de::Error>(self) -> Result<LabelSchema, E> {
                Ok(LabelSchema(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LabelSchema, A::Error> {
                let mut labels = Vec::new();
                while let Some((name, LabelKind(kind))) = map.next_entry::<String, LabelKind>()? {
                    labels.push((name, kind));
                }
                Ok(LabelSchema(labels))
            }
        }
        deserializer.deserialize_any(SchemaVisitor)
    }
}

/// The config file hadolint would use: the first that exists of `$PWD/.hadolint.yaml`,
/// `$XDG_CONFIG_HOME/hadolint.yaml` (`%LOCALAPPDATA%` on Windows),
/// `$HOME/.config/hadolint.yaml`, `$HOME/.hadolint/hadolint.yaml`,
/// `$HOME/hadolint/config.yaml`, `$HOME/.hadolint.yaml`; each also as `.yml`.
pub fn find(cwd: &Path, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    candidates(cwd, var).into_iter().find(|p| p.is_file())
}

/// Every place [`find`] looks, in order.
pub fn candidates(cwd: &Path, var: impl Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let config_home = if cfg!(windows) {
        "LOCALAPPDATA"
    } else {
        "XDG_CONFIG_HOME"
    };
    let set = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let home = set("HOME");
    let mut stems: Vec<PathBuf> = vec![cwd.join(".hadolint")];
    if let Some(dir) = set(config_home) {
        stems.push(dir.join("hadolint"));
    }
    if let Some(home) = &home {
        stems.push(home.join(".config").join("hadolint"));
        stems.push(home.join(".hadolint").join("hadolint"));
        stems.push(home.join("hadolint").join("config"));
        stems.push(home.join(".hadolint"));
    }
    stems
        .into_iter()
        .flat_map(|stem| {
            ["yaml", "yml"].map(|ext| {
                let mut name = stem.clone().into_os_string();
                name.push(".");
                name.push(ext);
                PathBuf::from(name)
            })
        })
        .collect()
}

/// Applies hadolint's environment variables over a config file's settings (the command line
/// then goes over both). Lists add to the file's; the rest replace it.
pub fn apply_env(
    settings: &mut Settings,
    var: impl Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let flag = |name: &str| -> Result<Option<bool>, String> {
        match var(name) {
            None => Ok(None),
            Some(value) => match value.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(Some(true)),
                "" | "0" | "false" | "no" | "off" => Ok(Some(false)),
                _ => Err(format!(
                    "{name}={value} is neither true nor false: use 1, true or yes (or 0, false, no)"
                )),
            },
        }
    };
    let list = |name: &str| -> Vec<String> {
        var(name)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let config = &mut settings.config;
    if let Some(v) = flag("HADOLINT_NOFAIL")? {
        config.no_fail = v;
    }
    if let Some(v) = flag("HADOLINT_STRICT_LABELS")? {
        config.strict_labels = v;
    }
    if let Some(v) = flag("HADOLINT_DISABLE_IGNORE_PRAGMA")? {
        config.disable_ignore_pragma = v;
    }
    if let Some(v) = flag("HADOLINT_VERBOSE")? {
        settings.verbose = Some(v);
    }
    // NO_COLOR counts when set to anything (no-color.org).
    if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        settings.no_color = Some(true);
    }
    if let Some(text) = var("HADOLINT_FORMAT") {
        settings.format = Some(Format::parse(&text).ok_or_else(|| {
            format!("HADOLINT_FORMAT={text} is not an output format: use tty, json, sarif, checkstyle, gitlab or stagecraft-json")
        })?);
    }
    if let Some(text) = var("HADOLINT_FAILURE_THRESHOLD") {
        config.failure_threshold = parse_threshold(&text).ok_or_else(|| {
            format!("HADOLINT_FAILURE_THRESHOLD={text} is not a level: use error, warning, info, style or none")
        })?;
    }
    for (name, severity) in [
        ("HADOLINT_OVERRIDE_ERROR", Severity::Error),
        ("HADOLINT_OVERRIDE_WARNING", Severity::Warning),
        ("HADOLINT_OVERRIDE_INFO", Severity::Info),
        ("HADOLINT_OVERRIDE_STYLE", Severity::Style),
    ] {
        for code in list(name) {
            config.overrides.insert(code, severity);
        }
    }
    config.ignored.extend(list("HADOLINT_IGNORE"));
    config
        .trusted_registries
        .extend(list("HADOLINT_TRUSTED_REGISTRIES"));
    for item in list("HADOLINT_REQUIRE_LABELS") {
        let label = parse_label_requirement(&item)
            .map_err(|why| format!("HADOLINT_REQUIRE_LABELS: {why}"))?;
        config.label_schema.push(label);
    }
    Ok(())
}

/// `maintainer:text`, as `--require-label` and `HADOLINT_REQUIRE_LABELS` spell a label.
pub fn parse_label_requirement(text: &str) -> Result<(String, LabelType), String> {
    let (name, kind) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not LABEL:TYPE (e.g. maintainer:text)"))?;
    let kind = LabelType::parse(kind.trim()).ok_or_else(|| {
        format!("`{kind}` is not a label type: use text, url, rfc3339, spdx, hash, semver or email")
    })?;
    Ok((name.trim().to_string(), kind))
}
