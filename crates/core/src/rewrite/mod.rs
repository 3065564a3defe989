//! The rewrite engine: walks the Dockerfile a person wrote, one explained step at a time,
//! toward a slim, non-root, multi-stage build.
//!
//! Each step (one file each under [`steps`]) is a pure function of the current file, the
//! detected [`Stack`] and the optional manifests, returning edits on the parser's spans (so
//! comments, ordering and unrelated lines survive), or the reason it does not apply, or the
//! reason it cannot apply automatically with what the person should do. [`plan`] runs them in
//! order and, for every applied step, measures the file before and after with the linter,
//! the size model and the cache model, so each step says what it bought in this file's numbers.
//!
//! The engine guards every step: a step whose result does not parse, adds lint findings, loses
//! the start command, or drops what the runtime needs is reported as "cannot apply" with the
//! reason, and the file stays as it was. A broken file is never handed on.

pub mod diff;
mod explain;
pub mod facts;
mod guard;
pub mod stack;
pub mod steps;
mod walk;

use std::cell::RefCell;
use std::sync::Arc;

use crate::edit::{Edit, Style};
use crate::lint;
use crate::size::{self, Bytes, Change, EstimateInputs};
use crate::syntax::{Dockerfile, SyntaxError};

pub use stack::{Language, PackageManager, Stack};
pub use steps::{RewriteStep, STEPS};
pub use walk::Walk;

/// The files beside the Dockerfile that refine what the engine knows. All optional: the stack
/// is detected from the Dockerfile alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifests {
    pub requirements: Option<String>,
    pub pyproject: Option<String>,
    pub package_json: Option<String>,
    pub go_mod: Option<String>,
    pub pom_xml: Option<String>,
    pub build_gradle: Option<String>,
    pub cargo_toml: Option<String>,
    /// The `.dockerignore` that exists today, if any; the generated one is merged into it.
    pub dockerignore: Option<String>,
    /// Lock files known to exist beside the manifests (`package-lock.json`, `poetry.lock`...),
    /// for steps that need one (`npm ci`).
    pub lock_files: Vec<String>,
}

impl Manifests {
    /// What the size and cache models read of these files: the Python dependencies (a
    /// requirements.txt, or else a pyproject.toml's, as `stagecraft estimate --pyproject`
    /// reads them) and package.json, and whether `.git` is kept out of the context.
    pub fn estimate_inputs(&self, git_out: bool) -> EstimateInputs {
        EstimateInputs {
            requirements: self.requirements.clone().or_else(|| self.pyproject.clone()),
            package_json: self.package_json.clone(),
            dockerignore: Some(git_out),
            ..EstimateInputs::default()
        }
    }
}

/// What the caller can tell the engine instead of letting it assume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The command that starts the app, when the Dockerfile has no CMD/ENTRYPOINT.
    pub start_command: Option<String>,
    /// Stop after the step with this id (inclusive).
    pub until: Option<String>,
    /// Offer the distroless runtime (step `distroless`) rather than only describing it.
    pub distroless: bool,
    /// The HTTP path the HEALTHCHECK probes (`/health` when not given).
    pub health_path: Option<String>,
    /// The Java modules to link the runtime from (`java.base,java.sql`), instead of what
    /// `jdeps` finds in the jar at build time.
    pub java_modules: Option<String>,
    /// Where the steps are read: what they tell a person to give names the CLI's flags or
    /// the page's inputs.
    pub surface: crate::Surface,
}

/// Whether a step keeps what the image does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Safety {
    /// Same behaviour: same files at run time, same user, same command.
    Safe,
    /// The image behaves differently; the text says how.
    ChangesBehaviour(String),
}

impl Safety {
    pub fn as_str(&self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::ChangesBehaviour(_) => "changes-behaviour",
        }
    }
}

/// What a step function decided about the current file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Edits on the current text, with what they do.
    Applied(StepChange),
    /// The file already does this, or it is not for this stack: why.
    NotApplicable(String),
    /// The step would help but cannot be done safely by a machine: why, and what to do.
    CannotApply { reason: String, todo: String },
}

/// The edits an applied step makes, and how it explains them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChange {
    pub edits: Vec<Edit>,
    /// What the step did and why it matters, one or two plain sentences about this file.
    pub summary: String,
    pub safety: Safety,
    /// What the step assumed where the file did not say (the caller can pass the answer).
    pub assumptions: Vec<String>,
    /// A new `.dockerignore` text, for the step that writes one.
    pub dockerignore: Option<String>,
    /// The step copies instructions into a new stage, so the findings they already had are
    /// reported once per stage (an unpinned `apt-get install` in builder and runtime). The
    /// guard then allows more findings of rules that already fired, never a new rule.
    pub repeats_findings: bool,
    /// The whole file's lint (the linter's defaults, the `.dockerignore` the step was given)
    /// before and after the step, each when the step linted that text on its way, as
    /// `hygiene`'s fix rounds do: the walk takes them instead of linting the same text again.
    pub linted: [Option<WholeLint>; 2],
    /// The file after the step, parsed, when the step parsed it on its way (`hygiene` lints
    /// its result): the walk takes this tree instead of reading the same text again.
    pub parsed: Option<Box<Dockerfile>>,
}

impl StepChange {
    pub fn safe(edits: Vec<Edit>, summary: impl Into<String>) -> Self {
        StepChange {
            edits,
            summary: summary.into(),
            safety: Safety::Safe,
            assumptions: Vec::new(),
            dockerignore: None,
            repeats_findings: false,
            linted: [None, None],
            parsed: None,
        }
    }

    pub fn changing(edits: Vec<Edit>, summary: impl Into<String>, what: impl Into<String>) -> Self {
        StepChange {
            safety: Safety::ChangesBehaviour(what.into()),
            ..StepChange::safe(edits, summary)
        }
    }

    pub fn assuming(mut self, assumption: impl Into<String>) -> Self {
        self.assumptions.push(assumption.into());
        self
    }
}

/// A whole lint of one version of the file as the walk keeps it: the codes of its findings,
/// and the findings themselves only up to [`MEASURE_EVERY_STEP_UP_TO`]. Past it the codes
/// are all the walk reads, and a megabyte file's findings (tens of thousands, each with its
/// message and fixes) would be most of the memory the plan holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeLint {
    pub codes: Vec<&'static str>,
    pub findings: Option<Vec<lint::Finding>>,
}

impl WholeLint {
    /// The lint of a text `len` bytes long, keeping its findings when the file is small.
    pub fn of(found: Vec<lint::Finding>, len: usize) -> WholeLint {
        WholeLint {
            codes: found.iter().map(|f| f.code).collect(),
            findings: (len <= MEASURE_EVERY_STEP_UP_TO).then_some(found),
        }
    }

    /// [`WholeLint::of`], and the findings `wanted` picks: copies of them when the lint keeps
    /// its findings, the findings themselves otherwise.
    pub fn picking(
        found: Vec<lint::Finding>,
        len: usize,
        wanted: impl Fn(&lint::Finding) -> bool,
    ) -> (WholeLint, Vec<lint::Finding>) {
        let codes = found.iter().map(|f| f.code).collect();
        if len <= MEASURE_EVERY_STEP_UP_TO {
            let picked = found.iter().filter(|f| wanted(f)).cloned().collect();
            let whole = WholeLint {
                codes,
                findings: Some(found),
            };
            (whole, picked)
        } else {
            let picked = found.into_iter().filter(|f| wanted(f)).collect();
            let whole = WholeLint {
                codes,
                findings: None,
            };
            (whole, picked)
        }
    }
}

/// Everything a step function may read.
pub struct Context<'a> {
    pub file: &'a Dockerfile,
    pub stack: &'a Stack,
    pub manifests: &'a Manifests,
    pub options: &'a Options,
    /// The `.dockerignore` as it stands at this step (the generated one once step 4 ran).
    pub dockerignore: Option<&'a str>,
    pub style: Style,
    /// The codes of the lint findings the current file has (already measured). Past
    /// [`MEASURE_EVERY_STEP_UP_TO`], where a step is linted only around its edits, the last
    /// measured codes and those found around each step's edits since (`findings` is then
    /// `None`).
    pub codes: &'a [&'static str],
    /// Those findings, with their fixes, when the caller kept them (the walk does, up to
    /// [`MEASURE_EVERY_STEP_UP_TO`]): a step that applies lint fixes starts from them
    /// instead of linting the same file again.
    pub findings: Option<&'a [lint::Finding]>,
}

impl Context<'_> {
    pub fn source(&self) -> &str {
        self.file.source()
    }
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Applied,
    NotApplicable,
    CannotApply,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::NotApplicable => "not-applicable",
            Status::CannotApply => "cannot-apply",
        }
    }
}

/// What "a code change rebuilds" costs: layers, bytes written again and rough seconds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rebuild {
    pub layers: usize,
    pub bytes: Bytes,
    pub seconds: size::Seconds,
    /// The rebuilt layers that write files. Metadata layers (`ENV`, `USER`...) cost nothing
    /// and are left out. Shared: every step's report holds the figures before and after
    /// it, and a file of 15,000 RUNs after its `COPY . .` copied 2 MB of these per step.
    pub writes: std::sync::Arc<[RebuiltLayer]>,
}

/// One layer a code edit writes again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RebuiltLayer {
    pub line: usize,
    /// The instruction as the cache model shows it (`COPY . .`).
    pub text: String,
    /// Expected bytes written.
    pub bytes: u64,
    /// The cache model's reason ("stage `builder` it uses was rebuilt").
    pub reason: String,
}

impl std::fmt::Display for Rebuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({})",
            size::human(self.bytes.expected),
            crate::teach::impact::seconds_words(self.seconds.expected)
        )
    }
}

/// The measurements of one version of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub findings: usize,
    /// Codes of the findings, for saying which ones a step removed (shared by the reports
    /// of the steps that leave the figures as they were).
    pub codes: Arc<[&'static str]>,
    pub bytes: Bytes,
    pub rebuild: Rebuild,
}

/// One step of the plan as it ran on this file.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    /// For applied steps, why it matters in this file's numbers; otherwise why it did not apply.
    pub reason: String,
    /// For steps that cannot apply: what the person should do.
    pub todo: Option<String>,
    pub safety: Option<Safety>,
    pub assumptions: Vec<String>,
    /// Unified diff of the Dockerfile (and of `.dockerignore` for that step).
    pub diff: String,
    /// The Dockerfile after this step (the same text as before when not applied, shared with
    /// the steps that leave it so).
    pub dockerfile: Arc<str>,
    pub before: Measure,
    pub after: Measure,
}

/// The whole walk: the final Dockerfile, the generated `.dockerignore`, and every step.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub stack: Stack,
    pub dockerfile: String,
    /// The `.dockerignore` to write (merged with the existing one), when step 4 applied.
    pub dockerignore: Option<String>,
    pub steps: Vec<StepReport>,
    /// Parse errors of the input: when there are any, no step runs.
    pub errors: Vec<SyntaxError>,
}

impl Plan {
    pub fn applied(&self) -> impl Iterator<Item = &StepReport> {
        self.steps.iter().filter(|s| s.status == Status::Applied)
    }
}

/// Lints and sizes one version of the file.
pub fn measure(file: &Dockerfile, manifests: &Manifests, dockerignore: Option<&str>) -> Measure {
    measure_keeping_findings(file, manifests, dockerignore, None).0
}

/// The size figures ([`size_figures`]) of the versions of one file measured so far, by
/// text and "is `.git` kept out": all the size model reads besides the manifests, which are
/// the memo's own. A lesson sizes each finding's fix, then walks the rewrite steps from the
/// file it sized first, and a fix often writes the text a step writes: each of those texts
/// is sized once. It holds a few dozen versions of a file of at most
/// [`crate::teach::MAX_MEASURED_BYTES`].
pub struct Sizes<'a> {
    pub manifests: &'a Manifests,
    seen: RefCell<Vec<Sized>>,
}

/// A text, whether `.git` was kept out, and the figures they gave.
type Sized = (Box<str>, bool, (Bytes, Rebuild));

impl<'a> Sizes<'a> {
    pub fn new(manifests: &'a Manifests) -> Self {
        Sizes {
            manifests,
            seen: RefCell::default(),
        }
    }

    /// [`size_figures`] of `file` with these manifests.
    pub fn figures(&self, file: &Dockerfile, git_out: bool) -> (Bytes, Rebuild) {
        let text = file.source();
        let seen = self.seen.borrow();
        if let Some((.., figures)) = seen
            .iter()
            .find(|(t, out, _)| *out == git_out && **t == *text)
        {
            return figures.clone();
        }
        drop(seen);
        let figures = size_figures(file, self.manifests, git_out);
        self.seen
            .borrow_mut()
            .push((text.into(), git_out, figures.clone()));
        figures
    }
}

/// [`size_figures`], from `sizes` when the caller keeps them.
fn sized(
    sizes: Option<&Sizes>,
    file: &Dockerfile,
    manifests: &Manifests,
    git_out: bool,
) -> (Bytes, Rebuild) {
    match sizes {
        Some(sizes) => sizes.figures(file, git_out),
        None => size_figures(file, manifests, git_out),
    }
}

/// [`measure`], and the findings it counted when the file is no larger than
/// [`MEASURE_EVERY_STEP_UP_TO`].
fn measure_keeping_findings(
    file: &Dockerfile,
    manifests: &Manifests,
    dockerignore: Option<&str>,
    sizes: Option<&Sizes>,
) -> (Measure, Option<Vec<lint::Finding>>) {
    let git_out = dockerignore.is_some_and(facts::keeps_git_out);
    let whole = WholeLint::of(lint_findings(file, dockerignore), file.source().len());
    // Past the measuring limit the findings are gone before the size model runs: only
    // their codes are kept.
    let (bytes, rebuild) = sized(sizes, file, manifests, git_out);
    let measure = Measure {
        findings: whole.codes.len(),
        codes: whole.codes.into(),
        bytes,
        rebuild,
    };
    (measure, whole.findings)
}

/// The lint half of [`measure`]: the findings, as the linter's defaults give them.
fn lint_findings(file: &Dockerfile, dockerignore: Option<&str>) -> Vec<lint::Finding> {
    let model = lint::Model::from_parsed(file.source(), file);
    lint::lint_model(&model, &lint::Config::default(), dockerignore)
}

/// The size half of [`measure`]: the image, and what a code edit rebuilds. The size model
/// reads the `.dockerignore` only as "is `.git` kept out" (`git_out`).
fn size_figures(file: &Dockerfile, manifests: &Manifests, git_out: bool) -> (Bytes, Rebuild) {
    let inputs = manifests.estimate_inputs(git_out);
    let (image, rebuilt) = size::image_and_rebuilt(file, &inputs, Change::Code);
    let rebuild = Rebuild {
        layers: rebuilt.layers,
        bytes: rebuilt.bytes,
        seconds: rebuilt.seconds,
        writes: rebuilt
            .writes
            .into_iter()
            .map(|s| RebuiltLayer {
                line: s.line,
                text: format!("{} {}", s.instruction, s.text),
                bytes: s.bytes.expected,
                reason: s.reason,
            })
            .collect(),
    };
    (image, rebuild)
}

/// Runs every step on `text`, in the canonical order.
pub fn plan(text: &str, manifests: &Manifests, options: &Options) -> Plan {
    let mut walk = match Walk::new(text, manifests, options) {
        Ok(walk) => walk,
        Err(plan) => return *plan,
    };
    for step in STEPS {
        // `--until STEP`: stop after it, whatever it did.
        if walk
            .reports()
            .last()
            .is_some_and(|r| options.until.as_deref() == Some(r.id))
        {
            break;
        }
        walk.run(step);
    }
    walk.finish()
}

/// The largest Dockerfile the plan measures again after every step. Past it (no hand-written
/// Dockerfile comes near: the shared corpus's largest is a few KB), a step is guarded by
/// linting the instructions it edits, read in their stage before and after it, and its
/// lint, size and rebuild figures stay the last measured ones; its reason says so with the
/// line it edits. Linting and sizing a megabyte file takes a whole analysis per step, which
/// is what made a 1 MB plan take seconds.
pub const MEASURE_EVERY_STEP_UP_TO: usize = 256 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_command_given_for_a_file_without_one_is_written_and_kept() {
        let text =
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
        let without = plan(text, &Manifests::default(), &Options::default());
        let multi = without
            .steps
            .iter()
            .find(|s| s.id == "multi-stage")
            .unwrap();
        assert_eq!(multi.status, Status::CannotApply, "{}", multi.reason);
        assert!(multi.todo.as_deref().unwrap().contains("--start-command"));

        let options = Options {
            start_command: Some("gunicorn app:app".into()),
            ..Options::default()
        };
        let with = plan(text, &Manifests::default(), &options);
        assert!(
            with.dockerfile
                .ends_with("CMD [\"gunicorn\", \"app:app\"]\n"),
            "{}",
            with.dockerfile
        );
        assert!(
            with.dockerfile.contains("AS builder"),
            "{}",
            with.dockerfile
        );
        assert_eq!(with.steps[0].status, Status::Applied);
    }

    #[test]
    fn a_file_past_the_measuring_limit_says_which_figures_it_did_not_measure() {
        // `FROM python` on line 1 gets its tag; thousands of lines after it take the file past
        // the limit.
        let mut text = String::from("FROM python\n");
        while text.len() <= MEASURE_EVERY_STEP_UP_TO {
            text.push_str("RUN pip install one-line-of-a-very-long-file\n");
        }
        text.push_str("CMD [\"python\", \"a.py\"]\n");
        let big = plan(&text, &Manifests::default(), &Options::default());
        let pin = &big.steps[1];
        assert_eq!(pin.id, "pin-base");
        assert_eq!(pin.status, Status::Applied, "{}", pin.reason);
        assert!(
            pin.reason.contains("line 1 is where it edits")
                && pin.reason.contains("over the 256 KB")
                && pin
                    .reason
                    .contains("lint, size and rebuild figures are the last measured ones"),
            "{}",
            pin.reason
        );
        assert_eq!(pin.before, pin.after, "not measured again");
        // The walk does not hand its stale findings on: hygiene lints the file it is given
        // and fixes every `pip install`.
        let hygiene = big.steps.iter().find(|s| s.id == "hygiene").unwrap();
        assert_eq!(hygiene.status, Status::Applied, "{}", hygiene.reason);
        // Its fix rounds linted the file whole before and after: those figures are true, and
        // said to be (only its size is the last measured one).
        assert!(hygiene.after.findings < hygiene.before.findings);
        assert!(
            hygiene
                .reason
                .contains("Its size and rebuild figures are the last measured ones"),
            "{}",
            hygiene.reason
        );
        assert!(!big.dockerfile.contains("RUN pip install one"));
        assert!(
            big.dockerfile.starts_with("FROM python:3.14"),
            "{}",
            &big.dockerfile[..80]
        );

        // Under the limit, the same step is measured and says nothing of it.
        let small = "FROM python\nRUN echo one line\nCMD [\"python\", \"a.py\"]\n";
        let options = Options {
            until: Some("pin-base".into()),
            ..Options::default()
        };
        let pin = plan(small, &Manifests::default(), &options)
            .steps
            .pop()
            .unwrap();
        assert_eq!(pin.status, Status::Applied);
        assert!(!pin.reason.contains("last measured"), "{}", pin.reason);
        assert!(pin.after.findings < pin.before.findings);
    }

    #[test]
    fn until_stops_after_the_named_step() {
        let text = "FROM python\nCMD [\"python\", \"a.py\"]\n";
        let options = Options {
            until: Some("pin-base".into()),
            ..Options::default()
        };
        let plan = plan(text, &Manifests::default(), &options);
        assert_eq!(plan.steps.last().unwrap().id, "pin-base");
        assert!(plan.dockerfile.starts_with("FROM python:3.14\n"));
        // A step that does not apply still ends the walk.
        let options = Options {
            until: Some("fix-build".into()),
            ..Options::default()
        };
        let first = super::plan(text, &Manifests::default(), &options);
        assert_eq!(first.steps.len(), 1);
        assert_eq!(first.dockerfile, text);
    }

    #[test]
    fn a_file_with_parse_errors_is_not_rewritten() {
        let text = "FROM a\nRUN <<EOF\nnever closed\n";
        let plan = plan(text, &Manifests::default(), &Options::default());
        assert!(!plan.errors.is_empty());
        assert!(plan.steps.is_empty());
        assert_eq!(plan.dockerfile, text);
    }
}
