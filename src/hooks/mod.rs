//! The app's custom hooks.

mod use_rule_doc;
mod use_saved_inputs;
mod use_theme;

pub use use_rule_doc::{rule_doc, use_rule_doc, RuleDoc};
pub use use_saved_inputs::{load_saved_inputs, use_saved_inputs};
pub use use_theme::{use_theme, Theme};
