//! Reading one instruction from its joined text ([`NodeReader`]): BuildKit's
//! `newNodeFromLine` and the keywords' argument parsers.

use crate::syntax::json::{parse_string_array, JsonProblem};
use crate::syntax::logical::Logical;
use crate::syntax::span::Span;
use crate::syntax::text::Text;
use crate::syntax::tree::{Flag, Instruction, InstructionKind, Word};
use crate::syntax::words::{
    extract_flags, parse_words, read_words, separated, split_separators, trim_range, Piece,
};

/// [`NodeReader::name_values`]'s error for ENV or LABEL arguments, if any, found without copying
/// the words out ([`read_words`] reads the same words as [`parse_words`]): lint reads only
/// whether the arguments are valid, not the pairs.
fn pairs_problem(args: &str, escape: char, kind: InstructionKind) -> Option<String> {
    let keyword = kind.as_str();
    let mut first = true;
    let mut problem = None;
    read_words(args, escape, |start, text_end, _| {
        let text = &args[start..text_end];
        // A byte search: `=` is ASCII, and a `char` pattern's searcher cost several times
        // more per word.
        if text.as_bytes().contains(&b'=') {
            first = false;
            return true;
        }
        // A first word without `=` is the legacy `KEY value` form, which needs a second
        // piece: [`split_separators`] finds one exactly when a separator is left in the
        // (trimmed) arguments.
        if !first {
            problem = Some(no_equals(text, keyword));
        } else if !args.bytes().any(crate::syntax::words::is_separator) {
            problem = Some(needs_value(args, keyword));
        }
        false
    });
    problem
}

/// [`parse_string_array`] of an instruction's trimmed arguments: arguments that do not start
/// with `[` (most RUN, COPY and ADD lines) are not JSON, said without the call (the parser's
/// skipping of leading space has nothing to skip in trimmed arguments).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn exec_form(args: &str) -> Result<Vec<Piece>, JsonProblem> {
    if !args.starts_with('[') {
        return Err(JsonProblem::NotJson);
    }
    parse_string_array(args)
}

fn needs_value(first: &str, keyword: &str) -> String {
    format!("{keyword} needs a value: write `{keyword} {first}=value`")
}

fn no_equals(word: &str, keyword: &str) -> String {
    format!(
        "`{word}` has no `=`; every {keyword} item must be `name=value` (quote values that contain spaces)"
    )
}

/// HEALTHCHECK's values: the type word, then the command in exec form (its strings) or as
/// written; pushed onto `values`. Returns whether the command is in exec form, `Err` when it
/// is a JSON array of other things than strings. HEALTHCHECK is rare: it is read apart from
/// [`NodeReader::node_at`], as the words only the full tree keeps are, so that the code every
/// instruction runs through stays short (7% fewer of its instruction-cache misses, simulated).
#[inline(never)]
fn healthcheck(
    args: &str,
    word: impl Fn(Piece) -> Word,
    values: &mut Vec<Word>,
) -> Result<bool, ()> {
    // BuildKit finds the end of the type word byte by byte, as the flag reader does (bytes
    // 0x85 and 0xA0 count as spaces).
    let bytes = args.as_bytes();
    let space = crate::syntax::words::is_go_space_byte;
    let sep = bytes.iter().position(|&b| space(b)).unwrap_or(bytes.len());
    if sep == 0 {
        return Ok(false);
    }
    let next = bytes[sep..]
        .iter()
        .position(|&b| !space(b))
        .map_or(bytes.len(), |i| sep + i);
    let next = crate::syntax::words::boundary_at_or_after(args, next);
    values.push(word(Piece {
        text: String::from_utf8_lossy(&bytes[..sep]).into_owned(),
        start: 0,
        end: crate::syntax::words::boundary_at_or_after(args, sep),
    }));
    let command = &args[next..];
    if command.is_empty() {
        return Ok(false);
    }
    match parse_string_array(command) {
        Ok(items) => {
            values.extend(items.into_iter().map(|mut piece| {
                piece.start += next;
                piece.end += next;
                word(piece)
            }));
            Ok(true)
        }
        Err(JsonProblem::NotStrings) => Err(()),
        Err(JsonProblem::NotJson) => {
            values.push(word(Piece {
                text: command.to_string(),
                start: next,
                end: args.len(),
            }));
            Ok(false)
        }
    }
}

/// The words of arguments split at their separators (COPY, ADD and VOLUME in shell form,
/// EXPOSE, FROM), for the full tree only: apart from [`NodeReader::node_at`] for the reason
/// [`healthcheck`] is.
#[inline(never)]
fn separated_words(args: &str, slice_word: impl Fn(usize, usize, usize) -> Word) -> Vec<Word> {
    separated(args).map(|(s, e)| slice_word(s, e, e)).collect()
}

/// ARG's words, for the full tree only (apart for the reason [`healthcheck`] is).
#[inline(never)]
fn arg_words(
    args: &str,
    escape: char,
    slice_word: impl Fn(usize, usize, usize) -> Word,
) -> Vec<Word> {
    let mut words = Vec::new();
    read_words(args, escape, |start, text_end, end| {
        words.push(slice_word(start, text_end, end));
        true
    });
    words
}

/// What an instruction's line parser produced.
struct Body {
    values: Vec<Word>,
    json: bool,
    onbuild: Option<Box<Instruction>>,
}

/// The parser's settings an instruction is read with. Apart from the parser, so that the
/// reader can push onto the tree's instruction list while the parser lends it: the list
/// taken out of the tree and put back around each call cost more than the copy of an
/// instruction it saved.
#[derive(Clone, Copy)]
pub(super) struct NodeReader {
    /// [`super::Parser`]'s field of the same name.
    pub(super) keep_values: bool,
    /// The file's escape character.
    pub(super) escape: char,
}

impl NodeReader {
    /// BuildKit's `newNodeFromLine` over a span of the joined text: keyword, flags, then the
    /// keyword's own argument parser. The instruction is pushed onto `out` (nothing is on an
    /// error).
    pub(super) fn node(
        &self,
        logical: &Logical<'_>,
        out: &mut Vec<Instruction>,
    ) -> Result<(), (Span, String)> {
        self.node_at(logical, 0, logical.text.len(), 0, out)
    }

    fn node_at(
        &self,
        logical: &Logical<'_>,
        from: usize,
        to: usize,
        depth: usize,
        out: &mut Vec<Instruction>,
    ) -> Result<(), (Span, String)> {
        let text = &logical.text;
        let (start, end) = trim_range(text, from, to);
        let keyword_end = text[start..end]
            .bytes()
            .position(crate::syntax::words::is_separator)
            .map_or(end, |i| start + i);
        // Copied, and its kind read, as a window of known size where the source has one.
        let (keyword_source, keyword_range) = logical.source_or_text(start, keyword_end);
        let keyword = Text::within(keyword_source, keyword_range.clone());
        let kind = InstructionKind::from_keyword_within(keyword_source, keyword_range);
        let mut flags = Vec::new();
        let mut args_start = end;
        if keyword_end < end {
            let mut rest_start = keyword_end;
            while rest_start < end
                && crate::syntax::words::is_separator(text.as_bytes()[rest_start])
            {
                rest_start += 1;
            }
            let (pieces, offset) = extract_flags(&text[rest_start..end]);
            flags = pieces
                .into_iter()
                .map(|piece| {
                    // The name keeps the piece's string, cut to it in place; only the value is
                    // copied out (a copy of each was two allocations per flag).
                    let mut name = piece.text;
                    let value = name.find('=').map(|equals| {
                        let value = name[equals + 1..].to_string();
                        name.truncate(equals);
                        value
                    });
                    if name.starts_with("--") {
                        name.drain(..2);
                    }
                    Flag {
                        name,
                        value,
                        span: logical.span(rest_start + piece.start, rest_start + piece.end),
                    }
                })
                .collect();
            args_start = rest_start + offset;
        }
        let (args_start, args_end) = trim_range(text, args_start.min(end), end);
        let args = &text[args_start..args_end];
        let word = |piece: Piece| Word {
            span: logical.span(args_start + piece.start, args_start + piece.end),
            text: piece.text,
        };
        // A word that is a slice of the arguments, made in place (not a [`Piece`] first).
        let slice_word = |start: usize, text_end: usize, end: usize| Word {
            text: args[start..text_end].to_string(),
            span: logical.span(args_start + start, args_start + end),
        };
        let whole = || {
            vec![Word {
                text: args.to_string(),
                span: logical.span(args_start, args_end),
            }]
        };
        let args_span = logical.span(args_start, args_end);
        let not_strings = || {
            (
                args_span,
                format!(
                    "{} in JSON form takes only strings, like [\"executable\", \"arg\"]; quote every element",
                    keyword.to_ascii_uppercase()
                ),
            )
        };
        let mut body = Body {
            values: Vec::new(),
            json: false,
            onbuild: None,
        };
        match kind {
            InstructionKind::Unknown => {
                body.values = vec![Word {
                    text: String::new(),
                    span: Span::empty(logical.source_offset(args_start)),
                }];
            }
            InstructionKind::Add | InstructionKind::Copy | InstructionKind::Volume => {
                match exec_form(args) {
                    Ok(items) => {
                        body.values = items.into_iter().map(word).collect();
                        body.json = true;
                    }
                    Err(JsonProblem::NotStrings) => return Err(not_strings()),
                    Err(JsonProblem::NotJson) => {
                        if !args.is_empty() && self.keep_values {
                            body.values = separated_words(args, slice_word);
                        }
                    }
                }
            }
            InstructionKind::Cmd
            | InstructionKind::Entrypoint
            | InstructionKind::Run
            | InstructionKind::Shell => {
                if !args.is_empty() {
                    match exec_form(args) {
                        Ok(items) => {
                            body.values = items.into_iter().map(word).collect();
                            body.json = true;
                        }
                        Err(JsonProblem::NotStrings) => return Err(not_strings()),
                        Err(JsonProblem::NotJson) if self.keep_values => body.values = whole(),
                        Err(JsonProblem::NotJson) => {}
                    }
                }
            }
            InstructionKind::Arg if !self.keep_values => {}
            InstructionKind::Arg => {
                body.values = arg_words(args, self.escape, slice_word);
            }
            InstructionKind::Env | InstructionKind::Label => {
                if self.keep_values {
                    let pieces = self
                        .name_values(args, kind)
                        .map_err(|message| (args_span, message))?;
                    body.values = pieces.into_iter().map(word).collect();
                } else if let Some(message) = pairs_problem(args, self.escape, kind) {
                    // Read for its errors even when its values are not kept.
                    return Err((args_span, message));
                }
            }
            InstructionKind::Expose | InstructionKind::From => {
                if !args.is_empty() && self.keep_values {
                    body.values = separated_words(args, slice_word);
                }
            }
            InstructionKind::Healthcheck => {
                body.json =
                    healthcheck(args, word, &mut body.values).map_err(|()| not_strings())?;
            }
            InstructionKind::Maintainer
            | InstructionKind::Stopsignal
            | InstructionKind::User
            | InstructionKind::Workdir => {
                if !args.is_empty() && self.keep_values {
                    body.values = whole();
                }
            }
            InstructionKind::Onbuild => {
                if !args.is_empty() && depth < 64 {
                    // The trigger is made in a list of its own (ONBUILD is rare), which holds
                    // it once the call succeeds.
                    let mut trigger = Vec::with_capacity(1);
                    self.node_at(logical, args_start, args_end, depth + 1, &mut trigger)?;
                    if let Some(inner) = trigger.pop() {
                        // BuildKit's values are the inner node's own: for a nested ONBUILD
                        // that is the empty node wrapping its trigger.
                        body.values = match inner.kind {
                            InstructionKind::Onbuild if inner.onbuild.is_some() => vec![Word {
                                text: String::new(),
                                span: Span::empty(inner.arguments_span.start),
                            }],
                            _ => inner.values.clone(),
                        };
                        body.json = inner.json;
                        body.onbuild = Some(Box::new(inner));
                    }
                }
            }
        }
        let keyword_span = logical.span(start, keyword_end);
        // The tree keeps every instruction for as long as the file is open: without the room
        // a growing list leaves (four flags for one, four words for two), a file of 40,000
        // short instructions holds a quarter less. Lint's tree lives only while its model is
        // read, and shrinking its lists was a reallocation per exec-form instruction.
        if self.keep_values {
            flags.shrink_to_fit();
            body.values.shrink_to_fit();
        }
        out.push(Instruction {
            keyword,
            keyword_span,
            start_line: 0,
            end_line: 0,
            // The parser sets the span of an instruction and of its ONBUILD trigger once it
            // knows their last line ([`super::Parser::instruction`]): only a trigger's own
            // trigger keeps this one, which is not made for the others.
            span: if depth >= 2 {
                logical.span(start, end)
            } else {
                Span::default()
            },
            // Lint's model reads arguments written in one piece (most) from the source at
            // their span, kept as an inline `Text` when short: a copy here was an allocation
            // per instruction the model then freed.
            arguments: if self.keep_values || logical.pieces.len() > 1 {
                args.to_string()
            } else {
                String::new()
            },
            arguments_span: args_span,
            flags,
            values: body.values,
            json: body.json,
            heredocs: Vec::new(),
            onbuild: body.onbuild,
            kind,
            argument_map: logical.sub_map(args_start, args_end),
            shell: Default::default(),
        });
        Ok(())
    }

    /// ENV and LABEL: `key=value ...` pairs, or the legacy `KEY value` form; flattened to
    /// key, value, key, value as BuildKit does. Not inlined: only the full tree reads them
    /// (apart for the reason [`healthcheck`] is).
    #[inline(never)]
    fn name_values(&self, args: &str, kind: InstructionKind) -> Result<Vec<Piece>, String> {
        let words = parse_words(args, self.escape);
        let Some(first) = words.first() else {
            return Ok(Vec::new());
        };
        let keyword = kind.as_str();
        if !first.text.contains('=') {
            let parts = split_separators(args, Some(2));
            if parts.len() < 2 {
                return Err(needs_value(&parts[0].text, keyword));
            }
            return Ok(parts);
        }
        let mut pieces = Vec::new();
        for word in words {
            let Some(equals) = word.text.find('=') else {
                return Err(no_equals(&word.text, keyword));
            };
            // The key is written verbatim, so its length in the source equals its text length.
            // It keeps the word's string; only the value is copied out.
            let (start, end) = (word.start, word.end);
            let mut key = word.text;
            let value = key[equals + 1..].to_string();
            key.truncate(equals);
            pieces.push(Piece {
                text: key,
                start,
                end: start + equals,
            });
            pieces.push(Piece {
                text: value,
                start: start + equals + 1,
                end,
            });
        }
        Ok(pieces)
    }
}
