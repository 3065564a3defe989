//! What a rule is: its metadata ([`Rule`], [`Category`], [`Activation`]) and the
//! [`declare_rule!`] macro each rule file uses. The list of rules is in [`super::rules`];
//! this module knows no rule, so the two do not depend on each other.

use super::config::Config;
use super::finding::{Applicability, Severity};
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

/// When a rule runs: its metadata alone decides, so adding a rule that needs configuration
/// touches only its own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// Runs under every configuration (unless ignored).
    Always,
    /// Off unless the configuration names it in `override` (hadolint's DL1001, DL3057).
    WhenOverridden,
    /// Runs when the configuration has a label schema, or names it in `override`.
    WithLabelSchema,
    /// Like [`Activation::WithLabelSchema`], and also with `strict-labels` (DL3050).
    WithLabelSchemaOrStrict,
    /// Runs always, but has nothing to compare with until trusted registries are
    /// configured (DL3026).
    WithTrustedRegistries,
}

impl Activation {
    /// Whether a rule with this activation and `code` runs under `config`.
    pub fn runs_with(self, code: &str, config: &Config) -> bool {
        // Looked up only for the rules that ask: most always run, and the lookup per rule
        // per file was most of choosing the rules.
        let overridden = || config.overrides.contains_key(code);
        match self {
            Activation::Always | Activation::WithTrustedRegistries => true,
            Activation::WhenOverridden => overridden(),
            Activation::WithLabelSchema => overridden() || !config.label_schema.is_empty(),
            Activation::WithLabelSchemaOrStrict => {
                overridden() || !config.label_schema.is_empty() || config.strict_labels
            }
        }
    }

    /// Whether the rule runs under a configuration that names no rule (no override, no
    /// ignore), no label schema and no `strict-labels`: [`Activation::runs_with`] under such
    /// a configuration, known without one, so the list of those rules is fixed when the
    /// engine is compiled ([`super::rules::run_unconfigured`]).
    pub const fn runs_unconfigured(self) -> bool {
        matches!(self, Activation::Always | Activation::WithTrustedRegistries)
    }

    /// Whether the default configuration gives the rule nothing to report: its failing
    /// examples need a configuration of their own.
    pub fn needs_config(self) -> bool {
        self != Activation::Always
    }
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
    /// The most automatic fix it offers; `None` when it offers none. It never emits a
    /// fix more automatic than this, and emits this kind where it can (a test holds each
    /// rule to it over the corpus and its cases).
    pub fix: Option<Applicability>,
    /// When it runs.
    pub activation: Activation,
    /// Markdown: what it does, why, an example, what to write instead, fix safety. Empty
    /// without the `rule-docs` feature (the page fetches `docs/rules/rule-docs.json`).
    pub docs: &'static str,
    pub check: fn(&mut Checker),
}

impl Rule {
    /// The rule's fix in the words core, CLI and page all use: `none`, `safe`, `unsafe` or
    /// `display-only` (see [`Applicability::as_str`]).
    pub fn fix_label(&self) -> &'static str {
        self.fix.map_or("none", Applicability::as_str)
    }
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
///     // `fix:` is `None`, `Safe`, `Unsafe` or `DisplayOnly`; an optional
///     // `activation: WithLabelSchema,` before `check:` says it needs configuration.
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
            $(activation: $activation:ident,)?
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
            fix: declare_rule!(@fix $fix),
            activation: declare_rule!(@activation $($activation)?),
            // A constant: without the feature the text is never referenced, so it is not
            // in the binary.
            docs: if cfg!(feature = "rule-docs") { concat!($($doc, "\n"),*) } else { "" },
            check: $check,
        };
    };
    (@fix None) => { None };
    (@fix $fix:ident) => { Some($crate::lint::Applicability::$fix) };
    (@activation) => { $crate::lint::registry::Activation::Always };
    (@activation $a:ident) => { $crate::lint::registry::Activation::$a };
}
pub(crate) use declare_rule;

/// The documentation text without the one leading space `///` leaves on each line.
pub fn docs_markdown(rule: &Rule) -> String {
    let mut out = String::new();
    for line in rule.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}
