//! Dockerfile syntax: a lossless, error-recovering parser that agrees with BuildKit.
//!
//! [`parse`] turns text into a [`Dockerfile`]: instructions with byte spans on every part,
//! typed flags ([`flags`]), heredocs, a shell view of RUN ([`shell`]), variable expansion
//! ([`expand`]) and stages with their global ARGs ([`stages`]). It never panics and never stops
//! early: what BuildKit rejects becomes a [`SyntaxError`] and parsing goes on.

mod directives;
pub mod expand;
pub mod flags;
mod heredocs;
mod json;
pub mod line_index;
mod logical;
mod parser;
pub mod shell;
pub mod shell_lexer;
pub mod span;
pub mod stages;
pub mod text;
pub mod tree;
mod words;

/// Whether `text` starts with a JSON array of strings, the exec form BuildKit reads (what
/// follows the array is ignored, as Go's decoder does).
pub fn is_exec_form(text: &str) -> bool {
    json::parse_string_array(text).is_ok()
}

/// Whether shell-form text is one command on one line whose only shell syntax is named
/// variables (`$PORT`, `${PORT}`): no pipe, list, redirection, glob, quoting escape, comment
/// or command substitution, and no `$@`, `$1` or `$#`, whose meaning changes once a CMD's
/// words become a script's arguments. Such a command runs the same as
/// `["/bin/sh", "-c", "exec TEXT"]`, where the app replaces the shell as PID 1.
pub fn expands_named_variables_only(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains('$')
        && !text.contains([
            '|', '&', ';', '<', '>', '`', '*', '?', '~', '\\', '#', '\n', '\r',
        ])
        && bytes.iter().enumerate().all(|(i, &b)| {
            b != b'$'
                || bytes
                    .get(i + 1)
                    .is_some_and(|&next| next == b'{' || next == b'_' || next.is_ascii_alphabetic())
        })
}

pub use expand::{
    expand, expand_known, expand_with_escape, expand_words, variables_in, ExpandError,
};
pub use flags::{
    CopyOptions, ExposedPort, FlagError, FromOptions, HealthcheckOptions, Mount, MountType,
    RunOptions,
};
pub use json::{json_array, json_string, near_string_array, NearArray};
pub use line_index::{LineIndex, Position};
pub use parser::parse;
pub(crate) use parser::parse_for_lint;
pub use shell::{Connector, Redirect, ShellCommand, ShellScript, ShellWord};
pub use span::Span;
pub use stages::{ArgDecl, Stage};
pub use tree::{
    Directive, Dockerfile, Element, ElementKind, Flag, Heredoc, Instruction, InstructionKind,
    SyntaxError, SyntaxWarning, Word,
};
