//! The page's state: what the person typed, which views are open, and what the core found.

use std::rc::Rc;

use stagecraft_core::lint::Fix;
use stagecraft_core::playground::{analyze, apply_fix, apply_safe_fixes, Analysis, Inputs};
use stagecraft_core::size::Change;
use yew::Reducible;

use crate::example::NAIVE_PYTHON;

/// The results views on the right of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Findings,
    Size,
    Rebuilds,
    Instructions,
}

/// The input files on the left of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFile {
    Dockerfile,
    Dockerignore,
    Requirements,
    PackageJson,
}

/// Everything the page shows. `analysis` is recomputed by the core whenever an input changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub inputs: Inputs,
    pub analysis: Analysis,
    pub view: View,
    pub input_file: InputFile,
}

impl Playground {
    pub fn new(inputs: Inputs) -> Self {
        let analysis = analyze(&inputs);
        Self {
            inputs,
            analysis,
            view: View::Findings,
            input_file: InputFile::Dockerfile,
        }
    }

    /// The example a new visitor starts from.
    pub fn example() -> Inputs {
        Inputs {
            dockerfile: NAIVE_PYTHON.to_string(),
            ..Inputs::default()
        }
    }

    fn with_inputs(&self, inputs: Inputs) -> Rc<Self> {
        Rc::new(Self {
            analysis: analyze(&inputs),
            inputs,
            view: self.view,
            input_file: self.input_file,
        })
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
    ApplyFix(Fix),
    ApplySafeFixes,
    LoadExample,
    Show(View),
    Open(InputFile),
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut inputs = self.inputs.clone();
        match action {
            Action::EditDockerfile(text) => inputs.dockerfile = text,
            Action::EditDockerignore(text) => inputs.dockerignore = text,
            Action::EditRequirements(text) => inputs.requirements = text,
            Action::EditPackageJson(text) => inputs.package_json = text,
            Action::SetContextSize(text) => inputs.context_size = text,
            Action::SetTarget(stage) => inputs.target = stage,
            Action::SetChange(change) => inputs.change = change,
            Action::ApplyFix(fix) => inputs.dockerfile = apply_fix(&inputs.dockerfile, &fix),
            Action::ApplySafeFixes => inputs.dockerfile = apply_safe_fixes(&inputs),
            Action::LoadExample => inputs = Playground::example(),
            Action::Show(view) => {
                let mut next = (*self).clone();
                next.view = view;
                return Rc::new(next);
            }
            Action::Open(file) => {
                let mut next = (*self).clone();
                next.input_file = file;
                return Rc::new(next);
            }
        }
        if inputs == self.inputs {
            self
        } else {
            self.with_inputs(inputs)
        }
    }
}
