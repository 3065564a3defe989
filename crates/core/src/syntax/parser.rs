//! The parser: BuildKit's line rules (`moby/buildkit` `frontend/dockerfile/parser`, v0.12.5)
//! re-implemented over byte spans, so every part of the tree knows where it came from, and
//! turned inside out for error recovery: where BuildKit stops at the first problem, we record
//! it and carry on with the next line.

use std::borrow::Cow;

use super::directives::{DirectiveLine, DirectiveState};
use super::heredocs::heredocs_in;
use super::line_index::LineIndex;
use super::logical::Logical;
use super::span::Span;
use super::tree::{
    Dockerfile, Element, ElementKind, Heredoc, InstructionKind, SyntaxError, SyntaxWarning,
};
use super::words::skip_space;

mod node;

use node::NodeReader;

/// BuildKit reads lines with Go's `bufio.Scanner`, whose longest line is 64 KiB.
const MAX_LINE: usize = 64 * 1024;

/// Parses Dockerfile text. Never fails and never panics: problems become
/// [`SyntaxError`]s and [`SyntaxWarning`]s, and parsing carries on after each one.
pub fn parse(source: &str) -> Dockerfile {
    let mut file = Parser::new(source, true).run();
    file.source = source.to_string();
    file
}

/// [`parse`] for the linter's own model, which reads an instruction's values only in exec
/// (JSON) form: the other forms' values (ARG, ENV and LABEL words, FROM and EXPOSE words,
/// a shell form's text again) are left empty, and the syntax errors are the same. Nor does
/// the tree keep a copy of the text: the model reads the text it was given, and of the
/// elements it keeps only the comments and directives, the ones the model reads. It keeps
/// no warnings (the model reads the empty continuation lines from their own list). Nor are
/// arguments written in one piece copied out: [`Instruction::arguments`] is empty then (its
/// map too), and the text is the source at [`Instruction::arguments_span`].
pub(crate) fn parse_for_lint(source: &str) -> Dockerfile {
    Parser::new(source, false).run()
}

/// One physical line: `start..end` includes the `\n`; `content_end` excludes trailing
/// `\r`/`\n` characters, as BuildKit's `trimNewline` does.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

/// Physical line `index` of `source`, whose line starts are `starts`; `None` past the last.
/// `crlf` is whether some line ends with `\r\n` ([`LineIndex::has_crlf`]): when none does,
/// only the last line, which has no `\n`, can end with a `\r`.
#[inline(always)]
fn physical_line(source: &str, starts: &[usize], crlf: bool, index: usize) -> Option<Line> {
    let start = *starts.get(index)?;
    // Every start but the first follows a `\n` ([`LineIndex::new`]), so a line with a next
    // one ends with its `\n` and the last has none: known without reading the byte.
    let (end, newline) = match starts.get(index + 1) {
        Some(&next) => (next, 1),
        None => (source.len(), 0),
    };
    if start >= end {
        return None;
    }
    // Only the `\n` ends a line, with `\r`s before it.
    let bytes = source.as_bytes();
    let mut content_end = end - newline;
    if crlf || newline == 0 {
        while content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
    }
    Some(Line {
        start,
        content_end,
        end,
    })
}

/// BuildKit's continuation rule: the line ends with the escape character (then only spaces
/// or tabs), and the character before it is not the escape character. Returns the length of
/// the text to keep when it is a continuation.
fn continuation(bytes: &[u8], escape: char) -> Option<usize> {
    // Read as bytes: the escape character is `\` or `` ` `` (the parser takes no other),
    // and a char pattern's trimming cost more than the rest of the line's reading.
    let escape = u8::try_from(escape).ok().filter(u8::is_ascii)?;
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || bytes[end - 1] != escape {
        return None;
    }
    let before = end - 1;
    (before == 0 || bytes[before - 1] != escape).then_some(before)
}

/// Suggests the known keyword closest to a misspelt one.
fn closest_keyword(keyword: &str) -> Option<&'static str> {
    if keyword.len() > 20 {
        return None;
    }
    let upper = keyword.to_ascii_uppercase();
    InstructionKind::ALL
        .iter()
        .map(|kind| {
            (
                crate::suggest::edit_distance(&upper, kind.as_str()),
                kind.as_str(),
            )
        })
        .filter(|(distance, _)| *distance <= (upper.len() / 3).max(1))
        .min()
        .map(|(_, name)| name)
}

struct Parser<'a> {
    source: &'a str,
    /// The next physical line to read (its index in the file's line index).
    next: usize,
    escape: char,
    directive_state: DirectiveState,
    file: Dockerfile,
    /// Whether instructions keep their values in every form and every element is kept, or
    /// values only in exec form and only the comment and directive elements
    /// ([`parse_for_lint`]).
    keep_values: bool,
    /// Room for a continued instruction's pieces ([`Logical::pieces`]), kept from one
    /// instruction to the next.
    pieces: Vec<(usize, usize, usize)>,
    /// Room for a continued instruction's joined text ([`Logical::join`]), kept likewise.
    joined: String,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, keep_values: bool) -> Self {
        // Most instructions start a line with their keyword: reserving that many saves the
        // list's regrowth, which moves every (large) instruction each time. Lines starting
        // with a letter are counted without reading the word (reading each keyword cost more
        // than the regrowth it saved): the few script lines of heredoc bodies and
        // continuations that start with one cost room, not time, and one instruction per
        // four bytes of text bounds the room a file of short lines could reserve. Lint keeps
        // only the comment elements: those that start their line are counted too, so that
        // list does not grow one regrowth at a time either. Both are counted while the line
        // index finds the lines.
        let (line_index, heads) = LineIndex::with_heads(source);
        let line_count = line_index.line_count();
        let (letters, mut comments) = (heads.letters, heads.comments);
        let likely_instructions = letters.min(source.len() / 4);
        if keep_values {
            comments = 0;
        }
        Self {
            source,
            next: 0,
            escape: '\\',
            directive_state: DirectiveState {
                done: false,
                seen: Vec::new(),
            },
            file: Dockerfile {
                // Copied in by [`parse`] once the tree is read; [`parse_for_lint`] needs none.
                source: String::new(),
                line_index,
                escape: '\\',
                instructions: Vec::with_capacity(likely_instructions),
                // Lint keeps only the comments, reserved by their count rather than the line
                // count (a large allocation per file, glibc's slow path).
                elements: Vec::with_capacity(if keep_values {
                    line_count / 2
                } else {
                    comments
                }),
                ..Dockerfile::default()
            },
            keep_values,
            // Room for an instruction of sixteen lines: the list is handed from instruction
            // to instruction, so it is allocated once per file and rarely grown after.
            pieces: Vec::with_capacity(16),
            joined: String::new(),
        }
    }

    fn error(&mut self, span: Span, message: String) -> usize {
        let position = self.file.line_index.position(self.source, span.start);
        self.file.errors.push(SyntaxError {
            message,
            line: position.line,
            column: position.column,
            span,
        });
        self.file.errors.len() - 1
    }

    /// Records a warning; lint's parse keeps none (the model reads none), so the message is
    /// made only when it is kept.
    fn warning(&mut self, span: Span, message: impl FnOnce() -> String) {
        if !self.keep_values {
            return;
        }
        let message = message();
        let position = self.file.line_index.position(self.source, span.start);
        self.file.warnings.push(SyntaxWarning {
            message,
            line: position.line,
            column: position.column,
            span,
        });
    }

    fn element(&mut self, kind: ElementKind, start: usize, end: usize) {
        // A first line holding only the byte-order mark leaves nothing for a blank element.
        if start == end && kind == ElementKind::Blank {
            return;
        }
        // The model reads only the comment and directive elements ([`parse_for_lint`]).
        if !self.keep_values && !matches!(kind, ElementKind::Comment | ElementKind::Directive(_)) {
            return;
        }
        self.file.elements.push(Element {
            kind,
            span: Span::new(start, end),
        });
    }

    /// Takes the next physical line, reporting it if BuildKit's reader would refuse its length.
    #[inline(always)]
    fn take_line(&mut self) -> Option<Line> {
        let index = &self.file.line_index;
        let line = physical_line(
            self.source,
            index.line_starts(),
            index.has_crlf(),
            self.next,
        )?;
        self.next += 1;
        let length = line.end - line.start;
        // Rarely true: the newline is looked at only for lines near the limit.
        if length >= MAX_LINE
            && (length > MAX_LINE || self.source.as_bytes()[line.end - 1] != b'\n')
        {
            self.error(
                Span::new(line.start, line.content_end),
                format!(
                    "this line is {length} bytes long; BuildKit reads at most {} bytes per line — split it with line continuations",
                    MAX_LINE - 1
                ),
            );
        }
        Some(line)
    }

    /// Runs BuildKit's directive check on a line's text; returns the directive index if the
    /// line is one.
    #[inline(always)]
    fn directive(&mut self, start: usize, end: usize) -> Option<usize> {
        // Past the leading directives (every line but the first few) nothing is one: asked
        // here, without a call per line.
        if self.directive_state.done {
            return None;
        }
        self.directive_line(start, end)
    }

    fn directive_line(&mut self, start: usize, end: usize) -> Option<usize> {
        match self.directive_state.check(self.source, start, end) {
            DirectiveLine::NotDirective => None,
            DirectiveLine::Problem(message) => {
                self.error(Span::new(start, end), message);
                None
            }
            DirectiveLine::Directive(directive) => {
                if directive.name == "escape" {
                    match directive.value.as_str() {
                        "\\" => self.escape = '\\',
                        "`" => self.escape = '`',
                        other => {
                            self.error(
                                directive.value_span,
                                format!("`{other}` cannot be the escape character; use `\\` (the default) or `` ` ``"),
                            );
                            return None;
                        }
                    }
                }
                self.file.directives.push(directive);
                Some(self.file.directives.len() - 1)
            }
        }
    }

    fn run(mut self) -> Dockerfile {
        let bom = if self.source.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        if bom > 0 {
            self.element(ElementKind::ByteOrderMark, 0, bom);
        }
        while let Some(first) = self.take_line() {
            let first_index = self.next - 1;
            let raw_start = if first_index == 0 {
                first.start + bom
            } else {
                first.start
            };
            // The line is read as bytes: slicing the text checked character boundaries at
            // each step, and every byte looked at here is ASCII.
            let bytes = self.source.as_bytes();
            let token_start = skip_space(self.source, raw_start, first.content_end);
            let directive = self.directive(token_start, first.content_end);
            let is_comment = token_start < first.content_end && bytes[token_start] == b'#';
            let processed_end = if is_comment {
                token_start
            } else {
                first.content_end
            };
            let continued = continuation(&bytes[token_start..processed_end], self.escape);
            if token_start == processed_end {
                let kind = match directive {
                    Some(index) => ElementKind::Directive(index),
                    None if is_comment => ElementKind::Comment,
                    None => ElementKind::Blank,
                };
                self.element(kind, raw_start, first.end);
                continue;
            }
            self.instruction(first, raw_start, token_start, processed_end, continued);
        }
        if self.file.instructions.is_empty() && self.file.errors.is_empty() {
            let end = self.source.len();
            self.error(
                Span::empty(end),
                "the file has no instructions; a Dockerfile needs at least a FROM line".into(),
            );
        }
        self.file.escape = self.escape;
        self.file
    }

    /// Reads one instruction starting at `first`: continuation lines, then heredoc bodies.
    fn instruction(
        &mut self,
        first: Line,
        element_start: usize,
        token_start: usize,
        processed_end: usize,
        mut continued: Option<usize>,
    ) {
        let start_line = self.next;
        // The piece list of the last instruction is reused: after the file's first, no
        // instruction allocates one.
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let mut logical = Logical {
            anchor: token_start,
            pieces,
            ..Logical::default()
        };
        let kept = continued.unwrap_or(processed_end - token_start);
        logical.push(token_start, token_start + kept);
        let mut last = first;
        while continued.is_some() {
            let Some(line) = self.take_line() else { break };
            last = line;
            self.directive(line.start, line.content_end);
            let text_start = skip_space(self.source, line.start, line.content_end);
            if text_start == line.content_end {
                let empty = Span::new(line.start, line.content_end);
                self.file.empty_continuations.push(empty);
                self.warning(empty, || "empty line inside a line continuation; BuildKit warns and will reject this in a future release — remove the line or end the instruction before it".into());
                continue;
            }
            if self.source.as_bytes()[text_start] == b'#' {
                continue;
            }
            let raw = &self.source.as_bytes()[line.start..line.content_end];
            continued = continuation(raw, self.escape);
            let kept = continued.unwrap_or(raw.len());
            logical.push(line.start, line.start + kept);
        }
        logical.join(self.source, &mut self.joined);

        // Pushed as it is made, then finished in place: an instruction returned and then
        // moved into the list was one more copy of a large value per instruction.
        let reader = NodeReader {
            keep_values: self.keep_values,
            escape: self.escape,
        };
        match reader.node(&logical, &mut self.file.instructions) {
            Ok(()) => {}
            Err((span, message)) => {
                let end = last.end;
                let index = self.error(span, message);
                self.element(ElementKind::Invalid(index), element_start, end);
                return;
            }
        }
        let index = self.file.instructions.len() - 1;
        // What the instruction says before its heredocs are read; an instruction that gets
        // a warning here reads none (neither kind takes heredocs), so none is dropped below.
        self.instruction_warnings(index);
        let instruction = &self.file.instructions[index];
        let keyword_start = instruction.keyword_span.start;

        // Heredoc bodies follow the instruction's last line.
        let (heredoc_kind, heredoc_json) = match &instruction.onbuild {
            Some(inner) => (inner.kind, inner.json),
            None => (instruction.kind, instruction.json),
        };
        // Every heredoc opener holds `<<`, and joining lines makes no `<`: a file without one
        // (most) is not searched for them instruction by instruction.
        if heredoc_kind.allows_heredocs() && !heredoc_json && self.file.line_index.has_angle() {
            let headers = match heredocs_in(&logical.text) {
                Ok(headers) => headers,
                Err(message) => {
                    self.file.instructions.pop();
                    let span = logical.span(0, logical.text.len());
                    let index = self.error(span, message);
                    self.element(ElementKind::Invalid(index), element_start, last.end);
                    return;
                }
            };
            let mut heredocs = Vec::with_capacity(headers.len());
            for header in headers {
                let body_start = last.end;
                let mut content = String::new();
                let mut terminator = None;
                while let Some(line) = self.take_line() {
                    last = line;
                    let mut candidate = &self.source[line.start..line.content_end];
                    if header.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == header.name {
                        terminator = Some(line);
                        break;
                    }
                    content.push_str(&self.source[line.start..line.end]);
                }
                let Some(terminator) = terminator else {
                    self.file.instructions.pop();
                    let span = Span::new(keyword_start, self.source.len());
                    let index = self.error(
                        span,
                        format!(
                            "heredoc `{}` is never closed; add a line containing only `{}` after its body",
                            header.name, header.name
                        ),
                    );
                    self.element(
                        ElementKind::Invalid(index),
                        element_start,
                        self.source.len(),
                    );
                    return;
                };
                heredocs.push(Heredoc {
                    name: header.name,
                    file_descriptor: header.file_descriptor,
                    chomp: header.chomp,
                    expand: header.expand,
                    content,
                    content_span: Span::new(body_start, terminator.start),
                    terminator_span: Span::new(terminator.start, terminator.content_end),
                });
            }
            let instruction = &mut self.file.instructions[index];
            match &mut instruction.onbuild {
                Some(inner) => inner.heredocs = heredocs,
                None => instruction.heredocs = heredocs,
            }
        }

        let end_line = self.next;
        let instruction = &mut self.file.instructions[index];
        instruction.start_line = start_line;
        instruction.end_line = end_line;
        instruction.span = Span::new(instruction.keyword_span.start, last.content_end);
        if let Some(inner) = &mut instruction.onbuild {
            inner.start_line = start_line;
            inner.end_line = end_line;
            inner.span = Span::new(inner.keyword_span.start, last.content_end);
        }
        self.element(ElementKind::Instruction(index), element_start, last.end);
        self.pieces = logical.pieces;
        if let Cow::Owned(joined) = logical.text {
            self.joined = joined;
        }
    }

    /// What BuildKit accepts of instruction `index` but its builder rejects (none kept by
    /// lint's parse, which skips the look).
    fn instruction_warnings(&mut self, index: usize) {
        if !self.keep_values {
            return;
        }
        let instruction = &self.file.instructions[index];
        let mut found = Vec::new();
        if let Some(inner) = &instruction.onbuild {
            if matches!(
                inner.kind,
                InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
            ) {
                found.push((
                    inner.keyword_span,
                    format!(
                        "{} cannot be an ONBUILD trigger; the build will fail here",
                        inner.kind
                    ),
                ));
            }
        }
        if instruction.kind == InstructionKind::Unknown {
            let keyword = &instruction.keyword;
            let message = if keyword.is_empty() {
                "a line continuation with nothing after it; BuildKit keeps it as a nameless instruction and the build fails — remove the trailing escape character".to_string()
            } else {
                match closest_keyword(keyword) {
                    Some(known) => format!(
                        "`{keyword}` is not a Dockerfile instruction; did you mean `{known}`?"
                    ),
                    None => format!(
                        "`{keyword}` is not a Dockerfile instruction; the build will fail here"
                    ),
                }
            };
            found.push((instruction.keyword_span, message));
        }
        for (span, message) in found {
            self.warning(span, || message);
        }
    }
}
