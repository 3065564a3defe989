//! The app's custom hooks.

mod use_saved_inputs;
mod use_theme;

pub use use_saved_inputs::{load_saved_inputs, use_saved_inputs};
pub use use_theme::{use_theme, Theme};
