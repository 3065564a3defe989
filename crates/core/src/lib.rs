//! Stagecraft's engine: text in, results out. No web and no I/O.
//!
//! Data flows one way: text → syntax tree ([`syntax`]) → findings, layers, steps → views.

pub mod syntax;

pub use surface::Surface;
pub use syntax::{parse, Dockerfile, Instruction, SyntaxError};
pub mod case;
pub mod dockerignore;
pub mod edit;
pub mod lint;
pub mod number;
pub mod order;
pub mod playground;
pub mod rewrite;
pub mod size;
pub mod suggest;
pub mod surface;
pub mod table_hash;
pub mod teach;
