//! Custom hooks.

mod use_saved_text;

pub use use_saved_text::{load_saved_text, use_saved_text};
