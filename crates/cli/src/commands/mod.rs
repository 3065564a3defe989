//! One module per subcommand.

pub mod cache;
pub mod estimate;
pub mod lint;
pub mod parse;
pub mod rewrite;
pub mod rules;
