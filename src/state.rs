//! The page's state: the Dockerfile text and what the core found in it.

use std::rc::Rc;

use stagecraft_core::Dockerfile;
use yew::Reducible;

/// Everything the page shows, derived from the text by `stagecraft-core` once per edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub source: String,
    pub parsed: Dockerfile,
}

impl Playground {
    pub fn new(source: String) -> Self {
        let parsed = stagecraft_core::parse(&source);
        Self { source, parsed }
    }
}

/// What a person can do to the state.
pub enum Action {
    /// The text in the editor changed.
    Edit(String),
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(source) if source == self.source => self,
            Action::Edit(source) => Rc::new(Playground::new(source)),
        }
    }
}
