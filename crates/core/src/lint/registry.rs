//! Rule metadata and the list of every rule.

use super::finding::Severity;
use super::Checker;

/// What kind of problem a rule finds; groups the rule list and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The build fails or does something other than what the file says.
    Correctness,
    /// The same file may build a different image tomorrow.
    Reproducibility,
    /// The image is bigger than it needs to be.
    Size,
    /// Builds are slower than they need to be (cache, layers).
    BuildSpeed,
    /// The image is easier to attack or leaks secrets.
    Security,
    /// Readability and consistency.
    Style,
    /// Image metadata (labels).
    Labels,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Reproducibility => "reproducibility",
            Category::Size => "size",
            Category::BuildSpeed => "build-speed",
            Category::Security => "security",
            Category::Style => "style",
            Category::Labels => "labels",
        }
    }
}

/// Whether and how a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
    DisplayOnly,
}

/// A lint rule: its metadata, its documentation and its check.
pub struct Rule {
    /// `DL3008`, `STG002`, or a BuildKit check name.
    pub code: &'static str,
    /// Kebab-case name (`pin-apt-versions`).
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// hadolint's code for the same rule, if any.
    pub hadolint: Option<&'static str>,
    /// BuildKit's check name for the same problem, if any.
    pub buildkit: Option<&'static str>,
    pub fix: FixKind,
    /// Off unless the configuration asks for it (hadolint's DL3057, label rules).
    pub default_enabled: bool,
    /// Markdown: what it does, why, an example, what to write instead, fix safety.
    pub docs: &'static str,
    pub check: fn(&mut Checker),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).finish()
    }
}

/// Declares a rule: its doc comment becomes [`Rule::docs`].
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does ...
///     RULE = { code: "DL3000", name: "absolute-workdir", severity: Error,
///              category: Correctness, hadolint: Some("DL3000"), buildkit: None,
///              fix: None, check: check }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $konst:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            category: $category:ident,
            hadolint: $hadolint:expr,
            buildkit: $buildkit:expr,
            fix: $fix:ident,
            $(default_enabled: $enabled:expr,)?
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub const $konst: $crate::lint::registry::Rule = $crate::lint::registry::Rule {
            code: $code,
            name: $name,
            severity: $crate::lint::Severity::$severity,
            category: $crate::lint::registry::Category::$category,
            hadolint: $hadolint,
            buildkit: $buildkit,
            fix: $crate::lint::registry::FixKind::$fix,
            default_enabled: declare_rule!(@enabled $($enabled)?),
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
    (@enabled) => { true };
    (@enabled $e:expr) => { $e };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub fn rules() -> &'static [&'static Rule] {
    super::rules::ALL
}

/// Finds a rule by code (`DL3008`) or name (`pin-apt-versions`), case-insensitively.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    rules().iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// The documentation text without the one leading space `///` leaves on each line.
pub fn docs_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    for line in rule.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}
