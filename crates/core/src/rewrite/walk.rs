//! The walk: the file as the steps so far left it, with its figures, and how one step's
//! outcome becomes its report (applied, guarded, measured and explained).

use std::rc::Rc;
use std::sync::Arc;

use super::explain::{not_measured_sentence, why};
use super::guard::{self, guard, AroundEdits, Counted};
use super::{
    diff, facts, lint_findings, measure_keeping_findings, sized, stack, Context, Manifests,
    Measure, Options, Outcome, Plan, RewriteStep, Sizes, Stack, Status, StepChange, StepReport,
    WholeLint, MEASURE_EVERY_STEP_UP_TO,
};
use crate::edit::{self, Style};
use crate::lint;
use crate::syntax::{self, Dockerfile};

/// A walk through the steps in any order: the file as the steps so far left it, measured.
/// [`plan`] takes the canonical order; the lesson's next steps take the order a guide
/// teaches them, and keep a lesson's result only when they list it (a walk is cheap to
/// clone: its text and tree are shared, its figures are a few numbers).
#[derive(Clone)]
pub struct Walk<'a> {
    manifests: &'a Manifests,
    options: &'a Options,
    /// The figures of the texts sized already, when the caller keeps them.
    sizes: Option<&'a Sizes<'a>>,
    stack: Stack,
    /// Shared by the walk's clones: the lesson tries each next step on a clone.
    file: Rc<Dockerfile>,
    dockerignore: Option<String>,
    generated_ignore: Option<String>,
    /// The figures of `file`, and what the guard compares each step's result with.
    current: Measure,
    /// The text of `file`, shared with the reports of the steps that leave it as it is.
    text: Arc<str>,
    /// The findings `current` counts, shared by the walk's clones, when `file` was linted
    /// whole and is no larger than [`MEASURE_EVERY_STEP_UP_TO`].
    findings: Option<Arc<[lint::Finding]>>,
    /// Whether `current`'s codes are a whole lint of `file`: not once a step past
    /// [`MEASURE_EVERY_STEP_UP_TO`] was linted only around its edits.
    linted_whole: bool,
    /// When not `linted_whole`: the codes last measured, with those found around each
    /// step's edits since.
    known_codes: Option<Vec<&'static str>>,
    git_out: bool,
    view: facts::RuntimeView,
    /// The start command kept, as written and as the caller gave it.
    start: [Option<String>; 2],
    reports: Vec<StepReport>,
}

impl<'a> Walk<'a> {
    /// The walk at the file as written, or, when it does not parse, the plan that says so.
    pub fn new(
        text: &str,
        manifests: &'a Manifests,
        options: &'a Options,
    ) -> Result<Walk<'a>, Box<Plan>> {
        let parsed = syntax::parse(text);
        if !parsed.errors().is_empty() {
            return Err(Box::new(Plan {
                stack: stack::detect(&parsed, manifests, options),
                dockerfile: text.to_string(),
                dockerignore: None,
                steps: Vec::new(),
                errors: parsed.errors().to_vec(),
            }));
        }
        Ok(Walk::start(parsed, None, manifests, options, None))
    }

    /// [`Walk::new`] of a file the caller has read without errors and its stack as detected
    /// with `options` and `sizes`' manifests, sizing each text once in `sizes`.
    pub fn of_parsed(
        file: Dockerfile,
        stack: Stack,
        sizes: &'a Sizes<'a>,
        options: &'a Options,
    ) -> Walk<'a> {
        Walk::start(file, Some(stack), sizes.manifests, options, Some(sizes))
    }

    fn start(
        file: Dockerfile,
        stack: Option<Stack>,
        manifests: &'a Manifests,
        options: &'a Options,
        sizes: Option<&'a Sizes<'a>>,
    ) -> Walk<'a> {
        let dockerignore = manifests.dockerignore.clone();
        // Linted before the stack is detected: the detection reads every RUN's shell view,
        // which the tree then keeps, and the linter's own model of the same commands would
        // be held beside them (a megabyte of RUNs: 30 MB more at the plan's peak).
        let (current, findings) =
            measure_keeping_findings(&file, manifests, dockerignore.as_deref(), sizes);
        let stack = stack.unwrap_or_else(|| stack::detect(&file, manifests, options));
        // What starts the app: the file's own command, or the one the caller gave for a
        // file that has none (step 1 writes it). Either is kept; no step may change it
        // otherwise.
        let original = facts::start_command(&file).map(|s| s.normalized());
        let given = options
            .start_command
            .as_ref()
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "));
        Walk {
            manifests,
            options,
            sizes,
            stack,
            git_out: dockerignore.as_deref().is_some_and(facts::keeps_git_out),
            view: facts::RuntimeView::of(&file),
            text: Arc::from(file.source()),
            findings: findings.map(Into::into),
            file: Rc::new(file),
            dockerignore,
            generated_ignore: None,
            current,
            linted_whole: true,
            known_codes: None,
            start: [original.clone(), original.or(given)],
            reports: Vec::new(),
        }
    }

    /// The reports of the steps run so far.
    pub fn reports(&self) -> &[StepReport] {
        &self.reports
    }

    /// Runs one step on the file as it stands, measures its result and keeps it when the
    /// guard lets it through; returns its report.
    pub fn run(&mut self, step: &RewriteStep) -> &StepReport {
        let report = self.step_report(step);
        self.reports.push(report);
        self.reports.last().expect("just pushed")
    }

    fn step_report(&mut self, step: &RewriteStep) -> StepReport {
        let (manifests, file) = (self.manifests, &self.file);
        let outcome = {
            let context = Context {
                file,
                stack: &self.stack,
                manifests,
                options: self.options,
                dockerignore: self.dockerignore.as_deref(),
                style: Style::of_file(file),
                codes: self.known_codes.as_deref().unwrap_or(&self.current.codes),
                findings: self.findings.as_deref(),
            };
            (step.run)(&context)
        };
        let mut outcome = outcome;
        if let Outcome::Applied(change) = &mut outcome {
            // The step linted the file it was given whole (the walk had not): those are its
            // figures from here on.
            if let Some(whole) = change.linted[0].take() {
                self.current.findings = whole.codes.len();
                self.current.codes = whole.codes.into();
                self.findings = whole.findings.map(Into::into);
                self.linted_whole = true;
                self.known_codes = None;
            }
        }
        let report = |status, reason: String, todo| StepReport {
            id: step.id,
            title: step.title,
            status,
            reason,
            todo,
            safety: None,
            assumptions: Vec::new(),
            diff: String::new(),
            dockerfile: self.text.clone(),
            before: self.current.clone(),
            after: self.current.clone(),
        };
        let mut change = match outcome {
            Outcome::NotApplicable(reason) => return report(Status::NotApplicable, reason, None),
            Outcome::CannotApply { reason, todo } => {
                return report(Status::CannotApply, reason, Some(todo))
            }
            Outcome::Applied(change) => change,
        };
        let Some(next_text) = edit::apply(file.source(), &change.edits) else {
            return report(
                Status::CannotApply,
                "the step's edits overlap each other; the file is left as it was".into(),
                Some("apply this step by hand, or report the file as an engine bug".into()),
            );
        };
        let same_text = next_text == file.source();
        // A step that only writes `.dockerignore` leaves the text as it was: its tree is the
        // one already read, not a second parse of the same megabytes.
        let next = match change.parsed.take() {
            _ if same_text => Rc::clone(file),
            Some(parsed) if parsed.source() == next_text => Rc::new(*parsed),
            _ => Rc::new(syntax::parse(&next_text)),
        };
        let next_ignore = change
            .dockerignore
            .clone()
            .or_else(|| self.dockerignore.clone());
        // The `.dockerignore` is read again only when the step writes a new one.
        let next_git_out = match &change.dockerignore {
            None => self.git_out,
            Some(_) => next_ignore.as_deref().is_some_and(facts::keeps_git_out),
        };
        let unchanged = same_text && change.dockerignore.is_none();
        let lint = if unchanged {
            // The guard turns it down before reading any finding.
            Linted::Nothing
        } else {
            match change.linted[1].take() {
                // The step's own whole lint of its result, with the same `.dockerignore`,
                // compared with the file's own findings.
                Some(whole) if change.dockerignore.is_none() && self.linted_whole => {
                    Linted::Whole(whole)
                }
                _ => self.lint_result(&next, next_ignore.as_deref(), &change),
            }
        };
        let next_view = if same_text {
            self.view.clone()
        } else {
            facts::RuntimeView::of(&next)
        };
        let counted = match &lint {
            Linted::Whole(whole) => Counted {
                before: &self.current.codes,
                after: &whole.codes,
                around_edits: false,
            },
            Linted::AroundEdits { before, after } => Counted {
                before,
                after,
                around_edits: true,
            },
            Linted::Nothing => Counted {
                before: &[],
                after: &[],
                around_edits: false,
            },
        };
        // The guard reads the findings only: a step it turns down is not sized.
        if let Some(problem) = guard(
            &next,
            (&self.view, &next_view),
            counted,
            &self.start,
            unchanged,
            change.repeats_findings,
        ) {
            return report(
                Status::CannotApply,
                problem,
                Some(format!(
                    "make this change by hand ({}) and check the result",
                    crate::case::lower(step.title)
                )),
            );
        }
        // Past the limit, the step names the line it edits where it says which figures it
        // did not measure again.
        let unmeasured_line = (next_text.len() > MEASURE_EVERY_STEP_UP_TO).then(|| {
            change
                .edits
                .iter()
                .map(|e| e.span.start)
                .min()
                .map_or(1, |offset| file.position(offset).line)
        });
        // The size model reads the same Dockerfile and the same "is .git kept out": its
        // figures are the ones already measured (a step that only writes `.dockerignore`).
        let (bytes, rebuild) =
            if (same_text && next_git_out == self.git_out) || unmeasured_line.is_some() {
                (self.current.bytes, self.current.rebuild.clone())
            } else {
                sized(self.sizes, &next, manifests, next_git_out)
            };
        let (after, found, linted_whole) = match lint {
            Linted::Whole(whole) => {
                self.known_codes = None;
                (
                    Measure {
                        findings: whole.codes.len(),
                        codes: whole.codes.into(),
                        bytes,
                        rebuild,
                    },
                    whole.findings.map(Into::into),
                    true,
                )
            }
            // Not linted whole: the figures stay the last measured ones, and no step may
            // take their findings for this text's; the codes found around the edits join
            // the ones the next steps are told of.
            Linted::AroundEdits { after: found, .. } => {
                self.known_codes
                    .get_or_insert_with(|| self.current.codes.to_vec())
                    .extend(found);
                (self.current.clone(), None, false)
            }
            Linted::Nothing => (
                self.current.clone(),
                self.findings.clone(),
                self.linted_whole,
            ),
        };
        let mut diff = diff::unified_edits(file.source(), &next_text, &change.edits, "Dockerfile");
        if let Some(new_ignore) = &change.dockerignore {
            diff.push_str(&diff::unified(
                self.dockerignore.as_deref().unwrap_or(""),
                new_ignore,
                ".dockerignore",
            ));
        }
        let mut reason = why(&change.summary, &self.current, &after);
        if let Some(line) = unmeasured_line {
            reason.push_str(&not_measured_sentence(
                next_text.len(),
                line,
                linted_whole,
                self.options.surface,
            ));
        }
        if change.dockerignore.is_some() {
            self.generated_ignore = change.dockerignore.clone();
            self.dockerignore = change.dockerignore;
        }
        let before = std::mem::replace(&mut self.current, after.clone());
        self.file = next;
        self.text = if same_text {
            self.text.clone()
        } else {
            Arc::from(next_text)
        };
        self.findings = found;
        self.linted_whole = linted_whole;
        self.git_out = next_git_out;
        self.view = next_view;
        StepReport {
            id: step.id,
            title: step.title,
            status: Status::Applied,
            reason,
            todo: None,
            safety: Some(change.safety),
            assumptions: change.assumptions,
            diff,
            dockerfile: self.text.clone(),
            before,
            after,
        }
    }

    /// The findings of a step's result as the guard reads them: the whole file's, or, past
    /// [`MEASURE_EVERY_STEP_UP_TO`], those of the instructions the step edits, read in their
    /// stage before and after it ([`AroundEdits`]; a new `.dockerignore` edits what every
    /// `COPY` and `ADD` sends). The whole file is linted again when those cuts would be most
    /// of it and the findings of the file before the step are known.
    fn lint_result(&self, next: &Dockerfile, ignore: Option<&str>, change: &StepChange) -> Linted {
        let whole = || {
            Linted::Whole(WholeLint::of(
                lint_findings(next, ignore),
                next.source().len(),
            ))
        };
        if next.source().len() <= MEASURE_EVERY_STEP_UP_TO {
            return whole();
        }
        let (mut lines_before, mut lines_after) = if next.source() == self.file.source() {
            (Vec::new(), Vec::new())
        } else {
            guard::edited_lines(&self.file, next, &change.edits)
        };
        if change.dockerignore.is_some() && change.dockerignore != self.dockerignore {
            lines_before.extend(guard::context_copy_lines(&self.file));
            lines_after.extend(guard::context_copy_lines(next));
        }
        let before = AroundEdits::of(&self.file, &lines_before);
        let after = AroundEdits::of(next, &lines_after);
        if self.linted_whole && before.text.len() + after.text.len() > next.source().len() {
            return whole();
        }
        Linted::AroundEdits {
            before: before.codes(self.dockerignore.as_deref()),
            after: after.codes(ignore),
        }
    }

    /// The plan: the file as the steps left it, and every step's report.
    pub fn finish(self) -> Plan {
        Plan {
            stack: self.stack,
            dockerfile: self.file.source().to_string(),
            dockerignore: self.generated_ignore,
            steps: self.reports,
            errors: Vec::new(),
        }
    }
}

/// How much of a step's result was linted.
enum Linted {
    /// The step changed nothing: there is nothing to lint.
    Nothing,
    /// The whole file.
    Whole(WholeLint),
    /// Only around the step's edits ([`AroundEdits`]): the codes there before and after.
    AroundEdits {
        before: Vec<&'static str>,
        after: Vec<&'static str>,
    },
}
