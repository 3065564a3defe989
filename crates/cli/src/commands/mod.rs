//! One module per subcommand.

pub mod cache;
pub mod estimate;
pub mod parse;
