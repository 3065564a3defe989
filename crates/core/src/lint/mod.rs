//! Lint: rules that read a Dockerfile and report [`Finding`]s, each with fixes when one is
//! known. hadolint's DL rules keep hadolint's codes and meanings, BuildKit's build checks
//! keep BuildKit's names, and Stagecraft's own rules are `STG...`.
//!
//! One file per rule under `rules/`; its doc comment is its documentation
//! (see [`registry::declare_rule`]).

pub mod config;
pub mod docs;
pub mod finding;
pub mod fix;
pub mod model;
pub mod pragma;
pub mod registry;
pub mod rules;
pub mod shell;
mod sort;

pub use config::{Config, LabelType};
pub use finding::{Applicability, Edit, Finding, Fix, Location, Related, Severity, Text};
pub use fix::apply_fixes;
pub use model::{Instr, Kind, Model};
pub use registry::{Activation, Category, Rule};

use std::ops::Range;

use pragma::Pragmas;

/// What the linter needs besides the Dockerfile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub config: Option<&'a Config>,
    /// The `.dockerignore` beside the Dockerfile, if there is one (STG004).
    pub dockerignore: Option<&'a str>,
}

/// The dependency manifests beside the Dockerfile, as `estimate` takes them: rules that give
/// advice about installs (STG001's slim base) check it against what is really installed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Manifests<'a> {
    /// requirements.txt text.
    pub requirements: Option<&'a str>,
    /// pyproject.toml text (its runtime dependencies).
    pub pyproject: Option<&'a str>,
    /// package.json text.
    pub package_json: Option<&'a str>,
}

impl Manifests<'_> {
    /// The Python packages the manifests list (requirements.txt, else pyproject.toml).
    pub fn python_packages(&self) -> Option<Vec<String>> {
        self.requirements
            .or(self.pyproject)
            .map(crate::size::requirements_names)
    }
}

/// What one rule sees while it runs: the file, the configuration, and a place to report.
pub struct Checker<'a> {
    pub model: &'a Model<'a>,
    pub config: &'a Config,
    pub dockerignore: Option<&'a str>,
    /// The manifests given beside the Dockerfile; empty when none were.
    pub manifests: Manifests<'a>,
    rule: &'static Rule,
    /// The rule's code's place in the order of all codes ([`roster`]).
    rank: u16,
    findings: Vec<Finding>,
    /// The sort key of each finding, made as it is reported: line, the code's place standing
    /// for the code (comparing numbers, not code strings, was most of the sort), start.
    keys: Vec<(usize, u16, usize)>,
    /// The line of the last location found.
    near: std::cell::Cell<usize>,
    /// [`Checker::installs_with_pip`], once a rule has asked.
    pip_installs: std::cell::Cell<Option<bool>>,
}

impl<'a> Checker<'a> {
    pub fn source(&self) -> &'a str {
        self.model.source
    }

    /// Reports a finding on a whole instruction (hadolint's granularity).
    pub fn report(&mut self, instr: &Instr, message: impl Into<Text>) -> &mut Finding {
        let span = instr.keyword.span.start..instr.span.end;
        // The span runs from the instruction's first line to its last: both lines are known,
        // and the positions are found there at once (a continued RUN's end is past the few
        // lines a search from the start looks at before searching the whole file).
        let location = self.location_on(span, instr.line, instr.end_line);
        self.push(instr.line, location, message.into())
    }

    /// Reports a finding on a precise span; `line` is the first line of the instruction it
    /// belongs to, which is what hadolint-compatible output shows.
    pub fn report_span(
        &mut self,
        line: usize,
        span: Range<usize>,
        message: impl Into<Text>,
    ) -> &mut Finding {
        // The span lies in the instruction that starts on `line`, most often on that line.
        let location = self.location_on(span, line, line);
        self.push(line, location, message.into())
    }

    fn push(&mut self, line: usize, location: Location, message: Text) -> &mut Finding {
        // Doubled: each regrowth copies the whole list into fresh memory the kernel faults
        // in and zeroes, and room never written costs no page at all. Growing by half (for a
        // smaller figure of bytes requested) copied twice the final list instead of once:
        // on 1 MB of `RUN pip install` lines (121,000 findings) the rewrite plan spent a
        // quarter of its time in those copies, and lint's peak was higher, old and new list
        // held at once more often. Sixteen at least, so most files' findings take one
        // allocation.
        if self.findings.len() == self.findings.capacity() {
            let room = self.findings.capacity();
            self.findings.reserve_exact(room.max(16));
            self.keys
                .reserve_exact(self.findings.capacity() - self.keys.len());
        }
        self.keys.push((line, self.rank, location.range.start));
        self.findings.push(Finding {
            code: self.rule.code,
            // A list of one when the rule has a BuildKit name besides its code (few do):
            // made directly, not collected from a filtered iterator, which was not inlined.
            also: match self.rule.buildkit {
                Some(name) if name != self.rule.code => vec![name],
                _ => Vec::new(),
            },
            severity: self.rule.severity,
            message,
            line,
            location,
            related: Vec::new(),
            fixes: Vec::new(),
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// How the file writes line ends and continuations ([`crate::edit::Style`]). The line
    /// end comes from the model, read once per file: a scan per fix made files with thousands
    /// of fixable findings quadratic.
    pub fn style(&self) -> crate::edit::Style {
        crate::edit::Style {
            newline: self.model.newline(),
            escape: self.model.escape,
        }
    }

    /// The file's line ending: fixes that add lines keep CRLF files CRLF.
    pub fn newline(&self) -> &'static str {
        self.style().newline
    }

    /// What continues an instruction on the next line, with the file's escape character
    /// (`` ` `` in Windows Dockerfiles) and line ending: `" \\\n && "`.
    pub fn continue_with(&self, text: &str) -> String {
        self.style().continue_with(text)
    }

    /// Whether any RUN (ONBUILD ones too) installs with pip
    /// ([`rules::common::is_pip_install`]). Found once per file for the rules that report
    /// only about pip installs: most files have none, and each rule reading every command
    /// of the file to learn so cost more than the rules' own checks.
    pub fn installs_with_pip(&self) -> bool {
        if let Some(found) = self.pip_installs.get() {
            return found;
        }
        let found = rules::common::runs(self.model)
            .any(|run| run.commands().iter().any(rules::common::is_pip_install));
        self.pip_installs.set(Some(found));
        found
    }

    pub fn location(&self, span: Range<usize>) -> Location {
        // A rule reports in the order of the text: the line of its last finding is the
        // first place to look for this one's (a search per finding was a twentieth of lint
        // on a megabyte file of one-line RUNs).
        let location = self.location_on(span, self.near.get(), 0);
        self.near.set(location.line);
        location
    }

    /// [`Checker::location`] of a span that starts on or just after line `first` and ends
    /// on or just after line `last` (the lines are where the search starts, not assumed).
    fn location_on(&self, span: Range<usize>, first: usize, last: usize) -> Location {
        let (line, column) = self.model.position_near(span.start, first);
        let (end_line, end_column) = self.model.position_near(span.end, last.max(line));
        Location {
            range: span,
            line,
            column,
            end_line,
            end_column,
        }
    }

    pub fn related(&self, span: Range<usize>, message: impl Into<String>) -> Related {
        Related {
            location: self.location(span),
            message: message.into(),
        }
    }
}

/// [`Config::default`], made once: one made and dropped per file linted was a little work
/// per file for nothing.
static DEFAULT_CONFIG: Config = Config::DEFAULT;

/// Lints a Dockerfile with the default configuration.
pub fn lint(source: &str) -> Vec<Finding> {
    lint_with(source, Options::default())
}

/// Lints a Dockerfile. Findings are sorted by line, then code.
pub fn lint_with(source: &str, options: Options) -> Vec<Finding> {
    lint_with_manifests(source, options, Manifests::default())
}

/// Lints a Dockerfile with the dependency manifests beside it in view.
pub fn lint_with_manifests(source: &str, options: Options, manifests: Manifests) -> Vec<Finding> {
    let config = options.config.unwrap_or(&DEFAULT_CONFIG);
    let model = Model::new(source);
    lint_model_with(&model, config, options.dockerignore, manifests)
}

/// Lints an already-built model (lets callers share one model between views).
pub fn lint_model(model: &Model, config: &Config, dockerignore: Option<&str>) -> Vec<Finding> {
    lint_model_with(model, config, dockerignore, Manifests::default())
}

/// [`lint_model`] with the dependency manifests in view.
pub fn lint_model_with(
    model: &Model,
    config: &Config,
    dockerignore: Option<&str>,
    manifests: Manifests,
) -> Vec<Finding> {
    let pragmas = Pragmas::read(model);
    let may_suppress = !config.disable_ignore_pragma && pragmas.ignores_any();
    // One checker for all the rules, its `rule` set for each in turn: the findings' one
    // vector is reported into by every rule (a buffer per rule, copied over, cost more than
    // most rules' checks), and building the checker anew per rule was a tenth of this loop.
    let mut checker = Checker {
        model,
        config,
        dockerignore,
        manifests,
        rule: rules::all()[0], // set before each check, with its rank
        rank: 0,
        findings: Vec::new(),
        keys: sort::reused_keys(),
        near: std::cell::Cell::new(1),
        pip_installs: std::cell::Cell::new(None),
    };
    // Most files skip no check: the names are compared only for those that do.
    let skips_any = !pragmas.skip_checks.is_empty();
    let ignores_any = !config.ignored.is_empty();
    // Under a configuration that overrides no severity, on a file whose comments suppress
    // nothing and raise no check to an error (nearly every file), each finding stands as its
    // rule reported it: the pass over a rule's findings below is skipped, and with it most
    // of this loop's cost per rule.
    let as_reported = config.overrides.is_empty() && !may_suppress && !pragmas.checks_are_errors;
    // And when the configuration names no rule (no override, no ignore) and no label schema
    // and the file skips no check (nearly always), the rules that run are the same for every
    // file: listed once, and run without each being asked again whether it runs.
    let unconfigured = config.overrides.is_empty()
        && !ignores_any
        && !skips_any
        && config.label_schema.is_empty()
        && !config.strict_labels;
    // A configured run, or a file that skips checks, asks each rule whether it runs here.
    let roster = roster();
    let rules = if unconfigured {
        &roster.unconfigured
    } else {
        &roster.all
    };
    // Where STG007's findings are, when it runs and they stand as reported.
    let mut trailing_comments = None;
    if unconfigured && as_reported {
        // Nearly every run: each rule runs, and its findings stand as reported. STG007's
        // findings' place is noted as it runs, without a test in the loop per rule.
        let ranks = &roster.ranks;
        trailing_comments = Some(rules::run_unconfigured(&mut checker, ranks));
    } else {
        let run = Run {
            pragmas: &pragmas,
            may_suppress,
            as_reported,
            unconfigured,
            ignores_any,
            skips_any,
        };
        run_asking_each_rule(&mut checker, rules, &run);
    }
    let keys = checker.keys;
    let mut all = checker.findings;
    debug_assert!(all
        .iter()
        .zip(&keys)
        .all(|(f, k)| (f.line, f.location.range.start) == (k.0, k.2)));
    withhold_fixes_on_misread_lines(model, &mut all, trailing_comments);
    // Stable, like `sort_by`, but it sorts the keys and moves each finding once: a stable
    // sort of the findings themselves borrowed scratch room for half of them (11 MB for a
    // megabyte file's 80,000 findings). Through `order`, the engine's one sort: std's
    // `sort_by_cached_key` compiled its unstable sort twice more into the page's WASM.
    crate::order::sort_by_keys(&mut all, &keys);
    sort::keep_keys(keys);
    all
}

/// What a configured run, or a run on a file that suppresses findings or skips checks, asks
/// of each rule and finding.
struct Run<'p> {
    pragmas: &'p Pragmas,
    may_suppress: bool,
    as_reported: bool,
    unconfigured: bool,
    ignores_any: bool,
    skips_any: bool,
}

/// The rule loop of [`lint_model_with`] when each rule is asked whether it runs, or its
/// findings may be suppressed or raised: kept out of the loop most files run.
#[inline(never)]
fn run_asking_each_rule(checker: &mut Checker, rules: &[(&'static Rule, u16)], run: &Run) {
    let config = checker.config;
    let pragmas = run.pragmas;
    for &(rule, rank) in rules {
        if !run.unconfigured && !runs_here(rule, config, pragmas, run.ignores_any, run.skips_any) {
            continue;
        }
        let start = checker.findings.len();
        checker.rule = rule;
        checker.rank = rank;
        (rule.check)(checker);
        let all = &mut checker.findings;
        if !run.as_reported {
            // This rule's findings, suppressed ones dropped, the rest moved up in order.
            let mut kept = start;
            for i in start..all.len() {
                if run.may_suppress {
                    let finding = &all[i];
                    let mut names = vec![finding.code];
                    names.extend(finding.also.iter().copied());
                    if pragmas.suppresses(&names, finding.line) {
                        continue;
                    }
                }
                // In place unless an earlier one was dropped (nearly always): a swap of a
                // finding with itself still copied it three times.
                if kept != i {
                    all.swap(kept, i);
                }
                let finding = &mut all[kept];
                finding.severity = config.severity_for(rule.code, finding.severity);
                if pragmas.checks_are_errors && rule.buildkit.is_some() {
                    finding.severity = Severity::Error;
                }
                kept += 1;
            }
            all.truncate(kept);
            // The keys of the findings kept, in their new places.
            checker.keys.truncate(start);
            checker.keys.extend(
                all[start..]
                    .iter()
                    .map(|f| (f.line, rank, f.location.range.start)),
            );
        }
    }
}

/// Whether `rule` runs under `config` on a file with these `pragmas`: active under the
/// configuration, not ignored by it, and not skipped by the file's `# check=` comment.
// Only configured runs ask: kept out of line, so the loop the rest run stays small.
#[inline(never)]
fn runs_here(
    rule: &Rule,
    config: &Config,
    pragmas: &Pragmas,
    ignores_any: bool,
    skips_any: bool,
) -> bool {
    if rule.activation != Activation::Always && !rule.activation.runs_with(rule.code, config) {
        return false;
    }
    if ignores_any
        && (config.is_ignored(rule.code) || rule.buildkit.is_some_and(|b| config.is_ignored(b)))
    {
        return false;
    }
    !(skips_any
        && (rule.buildkit.is_some_and(|b| pragmas.skips_check(b))
            || pragmas.skips_check(rule.code)
            || (rule.buildkit == Some(rule.code) && pragmas.skips_all_checks())))
}

/// The rules in order, each with its code's place among all the codes in byte order (equal
/// codes, equal places): findings are sorted by line, then code, and the places compare as
/// the codes do. Made once.
struct Roster {
    all: Vec<(&'static Rule, u16)>,
    /// The rules that run under a configuration that names no rule (no override, no ignore)
    /// and no label schema.
    unconfigured: Vec<(&'static Rule, u16)>,
    /// Each rule's place, in the order of [`rules::ALL`] (what `all` pairs with each rule),
    /// for [`rules::run_unconfigured`].
    ranks: Vec<u16>,
}

fn roster() -> &'static Roster {
    static ROSTER: std::sync::OnceLock<Roster> = std::sync::OnceLock::new();
    ROSTER.get_or_init(|| {
        let mut codes: Vec<&str> = rules::all().iter().map(|rule| rule.code).collect();
        crate::order::sort(&mut codes);
        codes.dedup();
        let rank = |code: &str| {
            let place = codes.partition_point(|c| *c < code);
            u16::try_from(place).expect("fewer than 65,536 rules")
        };
        let all: Vec<(&'static Rule, u16)> = rules::all()
            .iter()
            .map(|&rule| (rule, rank(rule.code)))
            .collect();
        let unconfigured = all
            .iter()
            .copied()
            .filter(|(rule, _)| rule.activation.runs_unconfigured())
            .collect();
        let ranks = all.iter().map(|&(_, rank)| rank).collect();
        Roster {
            all,
            unconfigured,
            ranks,
        }
    })
}

/// On an instruction with a trailing `# ...` that Docker reads as arguments (STG007), other
/// rules see the comment's words as arguments too, and their fixes would edit the comment
/// (DL3021 appending `/` to its last word). Only STG007's own fix, which moves the text to a
/// comment line, is offered there; suggestions without edits stay. Checked whether or not
/// STG007 is enabled, so ignoring it does not bring the corrupting fixes back.
///
/// `trailing_comments` is where STG007's findings are among `findings` when it ran and they
/// stand as reported: it reports each instruction with such a comment, on the instruction's
/// line, so those are the misread lines, known without reading the instructions again (and
/// in most files there are none, and nothing to do).
fn withhold_fixes_on_misread_lines(
    model: &Model,
    findings: &mut [Finding],
    trailing_comments: Option<Range<usize>>,
) {
    let reported: Option<Vec<usize>> =
        trailing_comments.map(|at| findings[at].iter().map(|f| f.line).collect());
    if reported.as_ref().is_some_and(Vec::is_empty) {
        return;
    }
    let kept = |fix: &Fix| fix.applicability == Applicability::DisplayOnly && fix.edits.is_empty();
    // Only a finding with a fix to hold back asks whether its line is misread: the
    // instructions on those lines are read, not every instruction of the file (a search for
    // `#` in each was a good part of this).
    let misread = |line: usize| {
        if let Some(lines) = &reported {
            return lines.contains(&line);
        }
        let first = model.instructions.partition_point(|i| i.line < line);
        model.instructions[first..]
            .iter()
            .take_while(|i| i.line == line)
            .any(|i| rules::stg007::trailing_comment(model, i).is_some())
    };
    for finding in findings
        .iter_mut()
        .filter(|f| f.code != "STG007" && !f.fixes.iter().all(&kept) && misread(f.line))
    {
        let before = finding.fixes.len();
        finding
            .fixes
            .retain(|fix| fix.applicability == Applicability::DisplayOnly && fix.edits.is_empty());
        if finding.fixes.len() < before {
            finding.add_fix(Fix::display_only(
                "Fix held back: first move the `#` text on this line to its own comment line (STG007), so no fix edits the comment's words",
                Vec::new(),
            ));
        }
    }
}

/// The documentation link for a rule.
pub fn docs_url(rule: &Rule) -> String {
    format!("https://stagecraft.dev/rules/{}", rule.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixes on a line with a trailing comment are held back the same whether the misread
    /// lines are known from STG007's findings (an unconfigured run) or read again from the
    /// instructions (a configured one).
    #[test]
    fn fixes_are_held_back_alike_in_both_loops() {
        let configured = Config {
            ignored: vec!["XX0000".into()],
            ..Config::default()
        };
        for source in [
            "FROM alpine:3.19\nCOPY a b # note\n",
            "FROM alpine:3.19\nCOPY a b # note\nCOPY c d # more\nRUN apk add x\n",
            "FROM alpine:3.19\nCOPY a b c\n",
        ] {
            let fast = lint(source);
            let options = Options {
                config: Some(&configured),
                dockerignore: None,
            };
            assert_eq!(fast, lint_with(source, options), "{source:?}");
            let held = fast
                .iter()
                .any(|f| f.fixes.iter().any(|x| x.title.starts_with("Fix held back")));
            assert_eq!(held, source.contains('#'), "{source:?}");
        }
    }

    /// The rules called by name on an unconfigured run are those the default
    /// configuration runs, and STG007 among them.
    #[test]
    fn unconfigured_rules_are_the_default_configurations() {
        let config = Config::default();
        for rule in rules::all() {
            assert_eq!(
                rule.activation.runs_unconfigured(),
                rule.activation.runs_with(rule.code, &config),
                "{}",
                rule.code
            );
        }
        assert!(rules::stg007::RULE.activation.runs_unconfigured());
    }

    /// The checker continues a RUN with the file's escape character and line ending.
    #[test]
    fn continue_with_keeps_the_files_style() {
        let config = Config::default();
        for (source, continued) in [
            ("FROM a\nRUN x\n", " \\\n && "),
            ("FROM a\r\nRUN x\r\n", " \\\r\n && "),
            ("# escape=`\nFROM a\nRUN x\n", " `\n && "),
            ("# escape=`\r\nFROM a\r\nRUN x\r\n", " `\r\n && "),
        ] {
            let model = Model::new(source);
            let checker = Checker {
                model: &model,
                config: &config,
                dockerignore: None,
                manifests: Manifests::default(),
                rule: rules::all()[0],
                rank: 0,
                findings: Vec::new(),
                keys: Vec::new(),
                near: std::cell::Cell::new(1),
                pip_installs: std::cell::Cell::new(None),
            };
            for text in ["", "rm -rf /var/lib/apt/lists/*"] {
                assert_eq!(checker.continue_with(text), format!("{continued}{text}"));
            }
            assert_eq!(
                checker.style().continuation(),
                continued.trim_end_matches(" && ")
            );
        }
    }
}
