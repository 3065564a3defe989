//! What a rule reports: a [`Finding`] with its [`Severity`], where it is, and how to fix it.

use std::fmt;
use std::ops::Range;

pub use crate::edit::Edit;

/// A message or title: a constant the rule wrote, or text made for this finding.
pub type Text = std::borrow::Cow<'static, str>;

/// How much a finding matters. Ordered from most to least severe, as hadolint orders them,
/// so `severity <= threshold` means "at least as bad as the threshold".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    /// The lower-case name used in hadolint's output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Reads a level name as hadolint's config and flags spell it.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "style" => Some(Severity::Style),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Never changes what the image does; `--fix` applies it.
    Safe,
    /// Changes behaviour (a pinned version, a removed step); `--unsafe-fixes` applies it.
    Unsafe,
    /// Shown as a suggestion only; it needs a value only the user knows.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A change that resolves a finding: edits on the original text, applied together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What the fix does, in a few words ("Add `--no-install-recommends`").
    /// Borrowed when every fix of the rule says the same (most do): a megabyte file's
    /// 40,000 `Add \`--no-cache-dir\`` fixes need no copy of it each.
    pub title: Text,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(title: impl Into<Text>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_(title: impl Into<Text>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Unsafe,
        }
    }

    pub fn display_only(title: impl Into<Text>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability: Applicability::DisplayOnly,
        }
    }
}

/// A place in the file: a byte range plus its 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub range: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Another place that explains a finding ("the stage is defined here").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One problem found in a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule's code: `DL3008`, `STG002`, or a BuildKit check name such as `StageNameCasing`.
    pub code: &'static str,
    /// Other names of the same problem: when a BuildKit check and a hadolint rule agree,
    /// the finding is reported once under the first and lists the second here.
    pub also: Vec<&'static str>,
    pub severity: Severity,
    /// Borrowed when the rule's message has no part of this file in it.
    pub message: Text,
    /// The first line of the instruction the finding is about: what hadolint reports, and
    /// what `# hadolint ignore=` comments refer to.
    pub line: usize,
    /// Where exactly it is.
    pub location: Location,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// Adds a fix. Room for one more, not the four a `Vec`'s first push makes: a finding has
    /// one fix, two at most, and a megabyte file's 40,000 findings carried 6 MB of room for
    /// fixes never written.
    pub fn add_fix(&mut self, fix: Fix) -> &mut Finding {
        self.fixes.reserve_exact(1);
        self.fixes.push(fix);
        self
    }
}
