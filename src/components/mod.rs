//! The page's panels and widgets, one file each.

pub mod code_editor;
pub mod findings;
pub mod glossary;
pub mod instruction_list;
pub mod large_file;
pub mod notice_bar;
pub mod presenter;
pub mod rebuild_panel;
pub mod rewrite_panel;
pub mod rule_docs;
pub mod size_panel;
pub mod source_panel;

pub use findings::FindingsPanel;
pub use instruction_list::InstructionList;
pub use large_file::LargeFilePanel;
pub use notice_bar::NoticeBar;
pub use presenter::Presenter;
pub use rebuild_panel::RebuildPanel;
pub use rewrite_panel::RewritePanel;
pub use rule_docs::RuleDocsPanel;
pub use size_panel::SizePanel;
pub use source_panel::SourcePanel;
