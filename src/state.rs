//! The page's state: what the person typed, which views are open, and what the core found.

use std::rc::Rc;

use stagecraft_core::lint::{Finding, Fix, Severity};
use stagecraft_core::playground::{analyze, apply_fix, apply_safe_fixes, Analysis, Inputs};
use stagecraft_core::size::Change;
use yew::Reducible;

use crate::components::code_editor::{CursorRequest, Diagnostics, EditorDiagnostic};
use crate::example::NAIVE_PYTHON;
use crate::worker::{LargeAnalysis, LARGE_FILE};

/// The results views on the right of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Findings,
    Layers,
    Rebuilds,
    Rewrite,
    Instructions,
}

impl View {
    pub const ALL: [View; 5] = [
        View::Findings,
        View::Layers,
        View::Rebuilds,
        View::Rewrite,
        View::Instructions,
    ];

    /// The name a share link uses (`"tab"`), also the tab's `data-testid` suffix.
    pub fn key(self) -> &'static str {
        match self {
            View::Findings => "findings",
            View::Layers => "layers",
            View::Rebuilds => "cache",
            View::Rewrite => "rewrite",
            View::Instructions => "instructions",
        }
    }

    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|view| view.key() == key)
    }
}

/// The input files on the left of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFile {
    Dockerfile,
    Dockerignore,
    Requirements,
    PackageJson,
}

/// On a narrow screen only one side shows at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Source,
    Results,
}

/// A message across the top of the page: a share link made, a link that could not be
/// opened, saved work that a link replaced and can be brought back.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A link the person may want to copy by hand.
    pub link: Option<String>,
    /// Work a shared link or a rule example replaced, offered back.
    pub restore: Option<Inputs>,
}

/// Everything the page shows. `analysis` is recomputed by the core whenever an input changes
/// and shared, not copied, with the views.
#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub inputs: Inputs,
    pub analysis: Rc<Analysis>,
    /// The findings as the editor marks them, derived once per analysis.
    pub diagnostics: Rc<Diagnostics>,
    pub view: View,
    pub input_file: InputFile,
    pub pane: Pane,
    pub cursor: Option<CursorRequest>,
    /// Bumped when the person asks to undo the last change to the Dockerfile.
    pub undo: u32,
    pub notice: Option<Notice>,
    /// A rule whose documentation is open (`#rule=DL3008`).
    pub rule: Option<&'static str>,
    /// The inputs came from a link and the person has not edited them yet: autosave waits,
    /// so merely opening a link never overwrites their saved work.
    pub unsaved_link: bool,
    /// Presenter mode, at this slide (0 is the file as written).
    pub presenting: Option<usize>,
    /// A Dockerfile over [`LARGE_FILE`] bytes is analysed in the background worker: each
    /// change of such inputs gets the next generation, and `analysis` stays empty.
    pub large_generation: u32,
    /// The newest background result and the generation it answers (it may be older than
    /// the text while the next one runs).
    pub large: Option<(u32, Rc<LargeAnalysis>)>,
    /// The background engine could not run.
    pub large_error: Option<String>,
}

/// Where each finding is, as the editor counts (lines, UTF-16 columns).
fn diagnostics(analysis: &Analysis) -> Vec<EditorDiagnostic> {
    analysis
        .findings
        .iter()
        .map(|finding: &Finding| {
            let from = analysis.parsed.position(finding.location.range.start);
            let to = analysis.parsed.position(finding.location.range.end);
            EditorDiagnostic {
                from: (from.line, from.utf16_column),
                to: (to.line, to.utf16_column),
                severity: match finding.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                    Severity::Style => "hint",
                },
                message: format!("{}: {}", finding.code, finding.message),
                code: finding.code.to_string(),
            }
        })
        .collect()
}

impl Playground {
    pub fn new(inputs: Inputs) -> Self {
        // The page opens on these inputs: analysed once, here (or in the worker, if large).
        let large = inputs.dockerfile.len() > LARGE_FILE;
        let analysis = Rc::new(if large {
            analyze(&Inputs::default())
        } else {
            analyze(&inputs)
        });
        let opened = Self {
            diagnostics: Rc::default(),
            analysis: analysis.clone(),
            inputs: Inputs::default(),
            view: View::Findings,
            input_file: InputFile::Dockerfile,
            pane: Pane::Source,
            cursor: None,
            undo: 0,
            notice: None,
            rule: None,
            unsaved_link: false,
            presenting: None,
            large_generation: 0,
            large: None,
            large_error: None,
        };
        if large {
            return opened.with_inputs(inputs);
        }
        Self {
            diagnostics: Rc::new(Diagnostics::List(diagnostics(&analysis))),
            inputs,
            ..opened
        }
    }

    /// Whether the Dockerfile is analysed in the background rather than on each keystroke.
    pub fn is_large(&self) -> bool {
        self.inputs.dockerfile.len() > LARGE_FILE
    }

    /// A large file's newest background result, if any has arrived.
    pub fn large_result(&self) -> Option<&Rc<LargeAnalysis>> {
        self.large.as_ref().map(|(_, result)| result)
    }

    /// A large file whose newest text the worker has not answered yet.
    pub fn large_pending(&self) -> bool {
        self.is_large()
            && self
                .large
                .as_ref()
                .is_none_or(|(generation, _)| *generation != self.large_generation)
    }

    /// The example a new visitor starts from.
    pub fn example() -> Inputs {
        Inputs {
            dockerfile: NAIVE_PYTHON.to_string(),
            ..Inputs::default()
        }
    }

    fn with_inputs(&self, inputs: Inputs) -> Self {
        if inputs.dockerfile.len() > LARGE_FILE {
            // The worker answers later (`Action::LargeAnalysed`); until then the editor keeps
            // the marks it has, clamped to the new text.
            let empty = if self.is_large() {
                self.analysis.clone()
            } else {
                Rc::new(analyze(&Inputs::default()))
            };
            return Self {
                analysis: empty,
                inputs,
                large_generation: self.large_generation.wrapping_add(1),
                large_error: None,
                ..self.clone()
            };
        }
        let analysis = analyze(&inputs);
        Self {
            diagnostics: Rc::new(Diagnostics::List(diagnostics(&analysis))),
            analysis: Rc::new(analysis),
            inputs,
            large: None,
            large_error: None,
            ..self.clone()
        }
    }
}

/// What a person can do.
pub enum Action {
    EditDockerfile(String),
    EditDockerignore(String),
    EditRequirements(String),
    EditPackageJson(String),
    SetContextSize(String),
    SetTarget(String),
    SetChange(Change),
    /// The Rewrite tab's switch: may the runtime move to a distroless image.
    SetDistroless(bool),
    ApplyFix(Fix),
    ApplySafeFixes,
    LoadExample,
    Show(View),
    Open(InputFile),
    ShowPane(Pane),
    /// Put the cursor on a finding (1-based line, UTF-16 column).
    MoveCursor(usize, usize),
    Undo,
    /// Replace the inputs with a shared link's or a rule's example, keeping what they
    /// replace in the notice so it can be brought back.
    OpenShared(Box<Inputs>, Option<View>, Notice),
    Notify(Notice),
    DismissNotice,
    /// Bring back the work a link replaced.
    Restore(Box<Inputs>),
    ShowRule(Option<&'static str>),
    /// Replace the Dockerfile (and the .dockerignore, when given) with a rewrite's result.
    ApplyRewrite(String, Option<String>),
    /// Open presenter mode at a slide, or close it.
    Present(Option<usize>),
    LoadInputs(Box<Inputs>),
    /// The background worker's answer for a large file's inputs of this generation.
    LargeAnalysed(u32, Result<Option<Rc<LargeAnalysis>>, String>),
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut inputs = self.inputs.clone();
        let mut next = (*self).clone();
        let opened = matches!(action, Action::OpenShared(..));
        match action {
            Action::EditDockerfile(text) => inputs.dockerfile = text,
            Action::EditDockerignore(text) => inputs.dockerignore = text,
            Action::EditRequirements(text) => inputs.requirements = text,
            Action::EditPackageJson(text) => inputs.package_json = text,
            Action::SetContextSize(text) => inputs.context_size = text,
            Action::SetTarget(stage) => inputs.target = stage,
            Action::SetDistroless(on) => {
                // Only the rewrite plan reads the switch: the analysis (or a large file's
                // answer from the worker) stays as it is.
                if on == self.inputs.distroless {
                    return self;
                }
                next.inputs.distroless = on;
                next.unsaved_link = false;
                return Rc::new(next);
            }
            Action::SetChange(change) => inputs.change = change,
            Action::ApplyFix(fix) => inputs.dockerfile = apply_fix(&inputs.dockerfile, &fix),
            Action::ApplySafeFixes => inputs.dockerfile = apply_safe_fixes(&inputs),
            Action::LoadExample => inputs = Playground::example(),
            Action::LoadInputs(example) => inputs = *example,
            Action::ApplyRewrite(dockerfile, dockerignore) => {
                inputs.dockerfile = dockerfile;
                if let Some(dockerignore) = dockerignore {
                    inputs.dockerignore = dockerignore;
                }
            }
            Action::Present(slide) => {
                next.presenting = slide;
                return Rc::new(next);
            }
            Action::LargeAnalysed(generation, answer) => {
                match answer {
                    // Overtaken by newer text, whose answer is on its way.
                    Ok(None) => return self,
                    Ok(Some(result)) => {
                        if generation != self.large_generation && !self.is_large() {
                            return self;
                        }
                        next.diagnostics = Rc::new(Diagnostics::Shaped(result.diagnostics.clone()));
                        next.large = Some((generation, result));
                        next.large_error = None;
                    }
                    Err(error) => next.large_error = Some(error),
                }
                return Rc::new(next);
            }
            Action::OpenShared(shared, view, notice) => {
                inputs = *shared;
                next.unsaved_link = notice.restore.is_some();
                if let Some(view) = view {
                    next.view = view;
                }
                next.notice = Some(notice);
            }
            Action::Restore(saved) => {
                inputs = *saved;
                next.notice = None;
                next.unsaved_link = false;
            }
            Action::Show(view) => {
                next.view = view;
                next.pane = Pane::Results;
                return Rc::new(next);
            }
            Action::Open(file) => {
                next.input_file = file;
                return Rc::new(next);
            }
            Action::ShowPane(pane) => {
                next.pane = pane;
                return Rc::new(next);
            }
            Action::MoveCursor(line, utf16_column) => {
                next.input_file = InputFile::Dockerfile;
                next.pane = Pane::Source;
                next.cursor = Some(CursorRequest {
                    line,
                    utf16_column,
                    seq: self.cursor.map_or(1, |c| c.seq.wrapping_add(1)),
                });
                return Rc::new(next);
            }
            Action::Undo => {
                next.input_file = InputFile::Dockerfile;
                next.undo = self.undo.wrapping_add(1);
                return Rc::new(next);
            }
            Action::Notify(notice) => {
                next.notice = Some(notice);
                return Rc::new(next);
            }
            Action::DismissNotice => {
                next.notice = None;
                return Rc::new(next);
            }
            Action::ShowRule(rule) => {
                next.rule = rule;
                return Rc::new(next);
            }
        }
        if inputs != self.inputs && !opened {
            // The person changed what the link showed: from now on it is their work.
            next.unsaved_link = false;
        }
        if inputs == self.inputs {
            if next == *self {
                self
            } else {
                Rc::new(next)
            }
        } else {
            Rc::new(next.with_inputs(inputs))
        }
    }
}
