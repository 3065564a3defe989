//! What the model takes of a parsed instruction ([`Parts`]).

use std::borrow::Cow;

use super::Text;
use crate::syntax::shell::Piece;

/// The strings the model keeps of a parsed instruction: copied from a parse the caller keeps
/// ([`super::Model::from_parsed`]), or moved out of one made for the model alone ([`super::Model::new`]),
/// which saves a copy of each per instruction.
pub(super) struct Parts<'s> {
    pub(super) keyword: Text,
    /// The arguments, borrowed where they are written (the source, or the caller's parse)
    /// and owned where they were joined or heredoc bodies are appended.
    pub(super) arguments: Cow<'s, str>,
    pub(super) flags: Vec<crate::syntax::Flag>,
    /// The JSON form's strings; empty when the instruction has none.
    pub(super) values: Vec<crate::syntax::Word>,
    /// The pieces the arguments were joined from ([`crate::syntax::Instruction::argument_pieces`]).
    pub(super) pieces: Vec<Piece>,
}

impl<'s> Parts<'s> {
    /// The parts of `parsed`, an instruction of `source`'s parse.
    pub(super) fn copied(parsed: &'s crate::syntax::Instruction, source: &'s str) -> Parts<'s> {
        Parts {
            keyword: parsed.keyword.clone(),
            arguments: Cow::Borrowed(Parts::written_arguments(parsed, source)),
            flags: parsed.flags.clone(),
            values: if parsed.json {
                parsed.values.clone()
            } else {
                Vec::new()
            },
            pieces: parsed.argument_pieces().to_vec(),
        }
    }

    /// The arguments of `parsed`, an instruction of `source`'s parse: the source at their
    /// span when they are written in one piece (an empty map), which
    /// [`crate::syntax::parse_for_lint`] leaves uncopied.
    fn written_arguments(parsed: &'s crate::syntax::Instruction, source: &'s str) -> &'s str {
        if parsed.argument_map.is_empty() {
            parsed.arguments_span.text(source)
        } else {
            &parsed.arguments
        }
    }

    /// The parts of `parsed`, an instruction of [`crate::syntax::parse_for_lint`]'s parse of
    /// `source`, moved out of it.
    pub(super) fn taken(parsed: &mut crate::syntax::Instruction, source: &'s str) -> Parts<'s> {
        let arguments = if parsed.argument_map.is_empty() {
            Cow::Borrowed(parsed.arguments_span.text(source))
        } else {
            Cow::Owned(std::mem::take(&mut parsed.arguments))
        };
        Parts {
            keyword: std::mem::take(&mut parsed.keyword),
            arguments,
            flags: std::mem::take(&mut parsed.flags),
            values: if parsed.json {
                std::mem::take(&mut parsed.values)
            } else {
                Vec::new()
            },
            pieces: std::mem::take(&mut parsed.argument_map),
        }
    }
}
