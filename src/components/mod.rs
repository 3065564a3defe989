//! The page's panels, one file each.

pub mod editor;
pub mod instruction_list;

pub use editor::Editor;
pub use instruction_list::InstructionList;
