//! Output formats for `stagecraft lint`: what CI systems and editors read.

pub mod checkstyle;
pub mod gitlab;
pub mod hadolint_json;
pub mod sarif;
pub mod stagecraft_json;
pub mod tty;

use stagecraft_core::lint::Finding;

/// The findings of one file.
pub struct FileReport {
    /// The path as given on the command line (`-` for standard input).
    pub path: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Tty,
    Json,
    StagecraftJson,
    Sarif,
    Checkstyle,
    Gitlab,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        Some(match text {
            "tty" => Format::Tty,
            "json" => Format::Json,
            "stagecraft-json" => Format::StagecraftJson,
            "sarif" => Format::Sarif,
            "checkstyle" => Format::Checkstyle,
            "gitlab" | "gitlab_codeclimate" | "codeclimate" => Format::Gitlab,
            _ => return None,
        })
    }

    pub fn render(self, reports: &[FileReport], color: bool) -> String {
        match self {
            Format::Tty => tty::render(reports, color),
            Format::Json => hadolint_json::render(reports),
            Format::StagecraftJson => stagecraft_json::render(reports),
            Format::Sarif => sarif::render(reports),
            Format::Checkstyle => checkstyle::render(reports),
            Format::Gitlab => gitlab::render(reports),
        }
    }
}
