//! Custom hooks.

mod use_saved_inputs;

pub use use_saved_inputs::{load_saved_inputs, use_saved_inputs};
