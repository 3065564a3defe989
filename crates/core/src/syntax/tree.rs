//! The syntax tree: what the parser found, with a span on every part.
//!
//! The shape follows BuildKit's parser (`moby/buildkit` `frontend/dockerfile/parser`), so
//! [`Instruction::values`] is exactly BuildKit's node value list, while typed views
//! ([`crate::syntax::flags`], [`crate::syntax::shell`], [`crate::syntax::stages`]) sit on top.

use std::fmt;

use super::line_index::{LineIndex, Position};
use super::shell::ShellScript;
use super::span::Span;
use super::text::Text;

/// A parsed Dockerfile: its text, its instructions, and every problem found.
///
/// The text is kept so the tree is lossless: [`Dockerfile::elements`] partition it exactly, and
/// every span indexes into [`Dockerfile::source`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    pub(crate) source: String,
    pub(crate) line_index: LineIndex,
    pub(crate) escape: char,
    pub(crate) directives: Vec<Directive>,
    pub(crate) instructions: Vec<Instruction>,
    pub(crate) elements: Vec<Element>,
    pub(crate) errors: Vec<SyntaxError>,
    pub(crate) warnings: Vec<SyntaxWarning>,
    /// The empty lines inside line continuations (each also a warning), in order: BuildKit's
    /// NoEmptyContinuation check reads them here instead of reading the lines again.
    pub(crate) empty_continuations: Vec<Span>,
    /// Stages and global ARG values, computed on first use so per-stage lookups stay O(1).
    pub(crate) memo: super::stages::StageMemo,
}

impl Dockerfile {
    /// The instructions BuildKit would accept, in source order.
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// What BuildKit's parser rejects, each with where it is. An empty list means BuildKit
    /// accepts the file.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// What BuildKit's parser accepts but warns about or the builder later rejects
    /// (empty continuation lines, unknown instructions).
    pub fn warnings(&self) -> &[SyntaxWarning] {
        &self.warnings
    }

    /// The parser directives (`# syntax=`, `# escape=`, `# check=`) that took effect.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The escape character for this file: `\` unless `# escape=` chose `` ` ``.
    pub fn escape(&self) -> char {
        self.escape
    }

    /// The text that was parsed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every byte of the text, in order, as one element each: printing the elements' text
    /// back to back gives the input exactly.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// Line and column lookup for this text.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// Where byte `offset` is, as line and columns.
    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.source, offset)
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        span.text(&self.source)
    }

    /// The element holding byte `offset` (the last element for the end of the text), for
    /// editor hovers and cursor-aware views.
    pub fn element_at(&self, offset: usize) -> Option<&Element> {
        let index = self
            .elements
            .partition_point(|element| element.span.end <= offset);
        self.elements.get(index).or_else(|| self.elements.last())
    }

    /// The instruction whose text holds byte `offset`, with its index.
    pub fn instruction_at(&self, offset: usize) -> Option<(usize, &Instruction)> {
        match self.element_at(offset)?.kind {
            ElementKind::Instruction(index) => Some((index, &self.instructions[index])),
            _ => None,
        }
    }

    /// Reassembles the text from the elements. Equal to [`Dockerfile::source`]; kept as a
    /// separate walk so tests can prove nothing was dropped.
    pub fn to_source(&self) -> String {
        self.elements
            .iter()
            .map(|element| self.text(element.span))
            .collect()
    }
}

/// One top-level piece of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// What this piece is.
    pub kind: ElementKind,
    /// The bytes it covers, including its line break.
    pub span: Span,
}

/// What a top-level piece of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    /// The UTF-8 byte-order mark at the very start.
    ByteOrderMark,
    /// A parser directive line, index into [`Dockerfile::directives`].
    Directive(usize),
    /// A `#` comment line between instructions.
    Comment,
    /// An empty or whitespace-only line between instructions.
    Blank,
    /// An instruction (continuation lines and heredoc bodies included), index into
    /// [`Dockerfile::instructions`].
    Instruction(usize),
    /// Lines BuildKit rejects, index into [`Dockerfile::errors`].
    Invalid(usize),
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    /// The value, trimmed.
    pub value: String,
    /// The whole directive line, without its line break.
    pub span: Span,
    /// Where the value is.
    pub value_span: Span,
}

/// The instruction keywords BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionKind {
    /// `ADD`
    Add,
    /// `ARG`
    Arg,
    /// `CMD`
    Cmd,
    /// `COPY`
    Copy,
    /// `ENTRYPOINT`
    Entrypoint,
    /// `ENV`
    Env,
    /// `EXPOSE`
    Expose,
    /// `FROM`
    From,
    /// `HEALTHCHECK`
    Healthcheck,
    /// `LABEL`
    Label,
    /// `MAINTAINER` (deprecated)
    Maintainer,
    /// `ONBUILD`
    Onbuild,
    /// `RUN`
    Run,
    /// `SHELL`
    Shell,
    /// `STOPSIGNAL`
    Stopsignal,
    /// `USER`
    User,
    /// `VOLUME`
    Volume,
    /// `WORKDIR`
    Workdir,
    /// Anything else. BuildKit's parser keeps it; its builder rejects it.
    Unknown,
}

/// Every byte of a [`keyword_key`] but its case bit (0x20): ASCII letters of either case
/// read the same.
const CASE_FREE: u128 = 0xdfdf_dfdf_dfdf_dfdf_dfdf_dfdf_dfdf_dfdf;

/// An upper-case keyword of at most eleven bytes as [`InstructionKind::from_keyword`] reads
/// a word: its bytes little-endian, its length from bit 96.
const fn keyword_key(keyword: &str) -> u128 {
    let bytes = keyword.as_bytes();
    let mut key = (bytes.len() as u128) << 96;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    key
}

/// The slot of [`SLOTS`] for a word whose first two bytes are `first` and `second`: their
/// low five bits (the same for either case of a letter) and the length mixed, numbers found
/// so that the eighteen keywords fall in eighteen different slots.
const fn slot(first: u8, second: u8, len: usize) -> usize {
    ((first & 0x1f) as usize * 2 + (second & 0x1f) as usize * 27 + len * 7) % 32
}

/// Each keyword's key ([`keyword_key`]) and kind in its [`slot`]; the other slots hold a key
/// no word has beside [`InstructionKind::Unknown`]. Built at compile time, which fails if two
/// keywords shared a slot.
const SLOTS: [(u128, InstructionKind); 32] = {
    let mut slots = [(u128::MAX, InstructionKind::Unknown); 32];
    let mut i = 0;
    while i < InstructionKind::ALL.len() {
        let kind = InstructionKind::ALL[i];
        let name = kind.as_str().as_bytes();
        let at = slot(name[0], name[1], name.len());
        assert!(matches!(slots[at].1, InstructionKind::Unknown));
        slots[at] = (keyword_key(kind.as_str()), kind);
        i += 1;
    }
    slots
};

impl InstructionKind {
    /// Every known kind, in alphabetical order (without [`InstructionKind::Unknown`]).
    pub const ALL: [InstructionKind; 18] = [
        Self::Add,
        Self::Arg,
        Self::Cmd,
        Self::Copy,
        Self::Entrypoint,
        Self::Env,
        Self::Expose,
        Self::From,
        Self::Healthcheck,
        Self::Label,
        Self::Maintainer,
        Self::Onbuild,
        Self::Run,
        Self::Shell,
        Self::Stopsignal,
        Self::User,
        Self::Volume,
        Self::Workdir,
    ];

    /// The kind a keyword names, case-insensitively as BuildKit dispatches: Go's
    /// `strings.ToLower`, so even `HEALTHCHEC\u{212A}` (Kelvin sign) is HEALTHCHECK.
    pub fn from_keyword(keyword: &str) -> Self {
        // The word read as one number, each byte's case bit cleared and its length on top,
        // matched against the keywords' numbers: a few register comparisons, where matching
        // the upper-cased bytes compared slices (the parser asks twice per instruction line).
        // Clearing 0x20 takes only ASCII letters to ASCII letters, and keywords are letters
        // alone, so a number matches exactly when the word is that keyword in any case.
        let find = |word: &str| {
            let mut bytes = [0u8; 16];
            let Some(room) = bytes.get_mut(..word.len()).filter(|_| word.len() <= 11) else {
                return Self::Unknown;
            };
            room.copy_from_slice(word.as_bytes());
            Self::from_key(u128::from_le_bytes(bytes), word.len())
        };
        // Bytes past ASCII keep their high bit in the number, so a non-ASCII word never
        // matches here: ASCII is checked only for the words that do not.
        let found = find(keyword);
        if found != Self::Unknown || keyword.is_ascii() {
            return found;
        }
        // Go lowers rune by rune with the simple mapping (U+0130 gives a plain `i`). Only the
        // result's ASCII letters can match a keyword, and the only other letter that lowers
        // to one is the Kelvin sign: mapping those two is all the matching needs, without
        // Unicode's case tables in the page's WASM.
        let lowered: String = keyword
            .chars()
            .map(|c| match c {
                '\u{130}' => 'i',
                '\u{212a}' => 'k',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        find(&lowered)
    }

    /// The kind whose keyword is the `len` bytes of `word` (little-endian, the bytes past
    /// them zero, `len` at most eleven), in any case.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn from_key(word: u128, len: usize) -> Self {
        let key = (word & CASE_FREE) | ((len as u128) << 96);
        // One comparison with the only keyword that could match, found by its slot: a chain
        // of comparisons with each keyword cost more.
        let (known, kind) = SLOTS[slot(word as u8, (word >> 8) as u8, len)];
        if key == known {
            kind
        } else {
            Self::Unknown
        }
    }

    /// [`InstructionKind::from_keyword`] of `source[range]`, read as one number from the
    /// sixteen bytes at the range's start when the source has them (the parser asks this of
    /// every instruction's keyword): copying the word into a zeroed buffer was a `memcpy`
    /// call sized by the word.
    pub(crate) fn from_keyword_within(source: &str, range: std::ops::Range<usize>) -> Self {
        let len = range.end.wrapping_sub(range.start);
        let window = source
            .as_bytes()
            .get(range.start..)
            .and_then(<[u8]>::first_chunk::<16>);
        if let Some(window) = window.filter(|_| len <= 11) {
            let word = u128::from_le_bytes(*window) & ((1u128 << (8 * len)) - 1);
            // An ASCII word's answer is final; one past ASCII (the high bit of a byte) is
            // asked again of its characters.
            if word & 0x8080_8080_8080_8080_8080_8080_8080_8080 == 0 {
                return Self::from_key(word, len);
            }
        }
        Self::from_keyword(&source[range])
    }

    /// The upper-case keyword (`UNKNOWN` for unknown instructions).
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Whether BuildKit reads heredocs (`<<EOF`) in this instruction.
    pub fn allows_heredocs(&self) -> bool {
        matches!(self, Self::Run | Self::Copy | Self::Add)
    }
}

impl fmt::Display for InstructionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One instruction, such as `RUN apt-get update`, with continuation lines and heredoc bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword as written in the file (`run`, `Run`, `RUN`). Empty for a line that was only
    /// a line continuation, which BuildKit also keeps as a nameless instruction. A [`Text`]:
    /// keywords are short, and a `String` per instruction was an allocation the lint model
    /// then copied into a `Text` and freed.
    pub keyword: Text,
    /// Where the keyword is.
    pub keyword_span: Span,
    /// First line, 1-based.
    pub start_line: usize,
    /// Last line, 1-based, covering continuation lines and heredoc bodies.
    pub end_line: usize,
    /// The instruction's text: from the keyword to the end of its last line (heredoc bodies
    /// included), without the final line break.
    pub span: Span,
    /// The arguments after the keyword and its flags, continuation lines joined and trimmed,
    /// as BuildKit hands them to the instruction's line parser.
    pub arguments: String,
    /// Where the arguments are (first to last byte of them; continuation markers and comment
    /// lines in between are inside this span).
    pub arguments_span: Span,
    /// The `--name=value` flags before the arguments.
    pub flags: Vec<Flag>,
    /// BuildKit's node values: one string for shell-form RUN/CMD/ENTRYPOINT/SHELL, one per
    /// element for JSON form, words for FROM/COPY/ADD/EXPOSE/VOLUME, flat key/value pairs for
    /// ENV and LABEL, raw words for ARG. For ONBUILD these are the inner instruction's values.
    pub values: Vec<Word>,
    /// Whether the JSON (exec) form was used.
    pub json: bool,
    /// Heredoc bodies (`<<EOF` ... `EOF`) in the order they appear.
    pub heredocs: Vec<Heredoc>,
    /// The wrapped instruction of `ONBUILD`.
    pub onbuild: Option<Box<Instruction>>,
    pub(crate) kind: InstructionKind,
    /// `(offset in arguments, offset in source, length)` for each joined piece of the
    /// arguments, so offsets in [`Instruction::arguments`] map back to the source; empty when
    /// the arguments are contiguous in the source.
    pub(crate) argument_map: Vec<(usize, usize, usize)>,
    /// The shell view ([`Instruction::shell`]), read on first use and kept.
    pub(crate) shell: ShellCache,
}

/// An instruction's shell view, read once: the stack detection, the runtime facts, the size
/// model and each rewrite step ask for the same RUN's commands, and reading a megabyte
/// script again for each of them was most of a rewrite plan's time. It holds nothing the
/// instruction's fields do not say, so two instructions are equal whether or not either
/// has read it.
#[derive(Clone, Default)]
pub(crate) struct ShellCache(pub(crate) std::sync::OnceLock<Option<ShellScript>>);

impl PartialEq for ShellCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ShellCache {}

impl fmt::Debug for ShellCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShellCache")
    }
}

impl Instruction {
    /// What the keyword names.
    pub fn kind(&self) -> InstructionKind {
        self.kind
    }

    /// The values' texts, as BuildKit reports them.
    pub fn value_texts(&self) -> Vec<&str> {
        self.values.iter().map(|word| word.text.as_str()).collect()
    }

    /// The first flag called `name` (without the leading `--`), such as `from` or `mount`.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// Every flag called `name`, for repeatable ones such as `mount` and `exclude`.
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |flag| flag.name == name)
    }

    /// Whether this is the shell form of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: text that a
    /// shell will run, rather than a JSON argument list.
    pub fn is_shell_form(&self) -> bool {
        !self.json
            && matches!(
                self.kind,
                InstructionKind::Run
                    | InstructionKind::Cmd
                    | InstructionKind::Entrypoint
                    | InstructionKind::Healthcheck
            )
    }
}

/// A piece of an instruction's arguments with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text as BuildKit reports it (JSON strings are decoded; other words are as written).
    pub text: String,
    /// Where it is in the source. For a word spread over continuation lines the span covers
    /// the continuation markers too.
    pub span: Span,
}

/// A flag such as `--from=build` or `--link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The name without `--` (`from`, `mount`, `link`).
    pub name: String,
    /// The value after `=`, with quotes and `\` escapes removed as BuildKit does. `None` for a
    /// bare flag such as `--link`.
    pub value: Option<String>,
    /// The whole flag, from `--` to its last byte.
    pub span: Span,
}

impl Flag {
    /// The flag as BuildKit reports it: `--name=value` or `--name`.
    pub fn to_buildkit(&self) -> String {
        match &self.value {
            Some(value) => format!("--{}={}", self.name, value),
            None => format!("--{}", self.name),
        }
    }
}

/// A heredoc: the lines after an instruction up to a terminator line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The terminator word, quotes removed (`EOF` for `<<"EOF"`).
    pub name: String,
    /// The file descriptor before `<<` (`3<<EOF`), 0 when absent.
    pub file_descriptor: u64,
    /// Whether `<<-` asked for leading tabs to be stripped.
    pub chomp: bool,
    /// Whether variables in the body are expanded: false when the name was quoted.
    pub expand: bool,
    /// The body exactly as written, every line with its line break, as BuildKit reports it.
    pub content: String,
    /// Where the body is (empty span at the terminator for an empty body).
    pub content_span: Span,
    /// Where the terminator line is.
    pub terminator_span: Span,
}

impl Heredoc {
    /// The body as the builder will see it: with `<<-`, leading tabs removed from every line.
    pub fn chomped_content(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        self.content
            .split_inclusive('\n')
            .map(|line| line.trim_start_matches('\t'))
            .collect()
    }
}

/// Something BuildKit's parser rejects, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong and how to fix it.
    pub message: String,
    /// 1-based line of the start of [`SyntaxError::span`].
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes at fault.
    pub span: Span,
}

/// Something BuildKit's parser accepts but warns about, or its builder rejects later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxWarning {
    /// What is wrong and how to fix it.
    pub message: String,
    /// 1-based line of the start of [`SyntaxWarning::span`].
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes at fault.
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::InstructionKind;

    #[test]
    fn keywords_are_found_in_any_case_and_nothing_else_is() {
        for kind in InstructionKind::ALL {
            let upper = kind.as_str();
            assert_eq!(InstructionKind::from_keyword(upper), kind);
            assert_eq!(InstructionKind::from_keyword(&upper.to_lowercase()), kind);
            let mixed: String = upper
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(InstructionKind::from_keyword(&mixed), kind);
            assert_eq!(
                InstructionKind::from_keyword(&upper[1..]),
                InstructionKind::Unknown
            );
            assert_eq!(
                InstructionKind::from_keyword(&format!("{upper}X")),
                InstructionKind::Unknown
            );
        }
        for other in ["", "UNKNOWN", "HEALTHCHECKS", "RÜN", "FROM\u{0}"] {
            assert_eq!(
                InstructionKind::from_keyword(other),
                InstructionKind::Unknown
            );
        }
        assert_eq!(
            InstructionKind::from_keyword("HEALTHCHEC\u{212A}"),
            InstructionKind::Healthcheck
        );
    }

    #[test]
    fn a_keyword_within_a_source_is_read_as_its_slice() {
        let source = "run x\nCopy a b\nHEALTHCHEC\u{212A} NONE\nfromage\nWORKDIRS /\nADD";
        for start in (0..source.len()).filter(|&at| source.is_char_boundary(at)) {
            for end in (start..=source.len()).filter(|&at| source.is_char_boundary(at)) {
                assert_eq!(
                    InstructionKind::from_keyword_within(source, start..end),
                    InstructionKind::from_keyword(&source[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }
}
