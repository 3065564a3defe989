//! The rewrite steps, one file each, in the order they run.
//!
//! A step is declared with [`declare_step!`]: its id, title, the stacks it is for, its doc
//! comment (what, why, before/after: shown by `stagecraft rewrite --list-steps`) and its
//! function from the current file to an [`super::Outcome`].

use super::{Context, Language, Outcome};

mod build_breakers;
mod cache_mounts;
mod distroless;
mod dockerignore;
mod hygiene;
mod layer_order;
mod multi_stage;
mod non_root;
mod pin_base;
mod runtime_polish;
mod slim_base;

/// One step's metadata and function.
pub struct RewriteStep {
    /// Short id, used by `--until`.
    pub id: &'static str,
    pub title: &'static str,
    /// The stacks it is for; empty means every stack.
    pub stacks: &'static [Language],
    /// The doc comment: what it does, why, and an example.
    pub docs: &'static str,
    pub run: fn(&Context) -> Outcome,
}

impl std::fmt::Debug for RewriteStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RewriteStep").field("id", &self.id).finish()
    }
}

macro_rules! declare_step {
    (
        $(#[doc = $doc:literal])*
        $konst:ident = {
            id: $id:literal,
            title: $title:literal,
            stacks: [$($stack:ident),* $(,)?],
            run: $run:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub const $konst: $crate::rewrite::steps::RewriteStep = $crate::rewrite::steps::RewriteStep {
            id: $id,
            title: $title,
            stacks: &[$($crate::rewrite::Language::$stack),*],
            docs: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
}
pub(crate) use declare_step;

/// Every step, in the canonical order.
pub static STEPS: &[&RewriteStep] = &[
    &build_breakers::STEP,
    &pin_base::STEP,
    &slim_base::STEP,
    &dockerignore::STEP,
    &layer_order::STEP,
    &hygiene::STEP,
    &non_root::STEP,
    &multi_stage::STEP,
    &cache_mounts::STEP,
    &runtime_polish::STEP,
    &distroless::STEP,
];

/// The step with this id.
pub fn find(id: &str) -> Option<&'static RewriteStep> {
    STEPS.iter().copied().find(|s| s.id == id)
}

/// "not for this stack" when a step is for other stacks.
pub(crate) fn for_stack(step: &RewriteStep, cx: &Context) -> Result<(), Box<Outcome>> {
    if step.stacks.is_empty() || step.stacks.contains(&cx.stack.language) {
        Ok(())
    } else {
        Err(Box::new(Outcome::NotApplicable(format!(
            "this step is for {} images; this file builds {}",
            step.stacks
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            cx.stack.language.as_str()
        ))))
    }
}
