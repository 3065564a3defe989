//! The file as lint rules see it: instructions with their flags, arguments and shell
//! commands, stages with their resolved base images, and the comments that carry pragmas.
//!
//! Every part keeps its byte span in the original text, so findings point at the right
//! place and fixes edit the original bytes. Instructions, their flags, JSON form, arguments
//! (continuations joined) and heredocs come from the parser ([`crate::syntax`]), with the
//! pieces they were joined from, so that a span always lands on what the user typed;
//! the shell words come from the parser's lexer through [`super::shell`]. What is read here
//! is hadolint's meaning: the whitespace-split words after the flags and ENV/ARG/LABEL pairs.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
use std::sync::OnceLock;

use super::shell::{self, Script, ScriptRoom, Text, Word};
use crate::syntax::shell::{Piece, SourceMap};
pub use crate::syntax::{Mount, MountType};

mod arg_text;
mod image;
mod kind;
mod parts;
mod programs;
mod words;
pub use arg_text::ArgText;
pub use image::ImageRef;
use parts::Parts;
use programs::{program_bits, Programs};
use words::plain_words;

/// Instruction keywords, upper-cased as BuildKit dispatches them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    From,
    Run,
    Cmd,
    Entrypoint,
    Copy,
    Add,
    Env,
    Arg,
    Label,
    Expose,
    Workdir,
    User,
    Volume,
    Shell,
    Healthcheck,
    Stopsignal,
    Onbuild,
    Maintainer,
    Other,
}

/// `kind`'s bit in [`Model::has_kind`]'s set (fewer than 32 kinds).
fn kind_bit(kind: Kind) -> u32 {
    1 << kind as u32
}

/// A `--name=value` flag of an instruction (`--mount=type=cache,target=/root/.cache`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub span: Range<usize>,
}

/// One instruction.
#[derive(Debug, Clone)]
pub struct Instr<'a> {
    pub kind: Kind,
    pub keyword: Word,
    /// From the keyword to the end of the instruction's last line (newline excluded).
    pub span: Range<usize>,
    /// 1-based first and last line.
    pub line: usize,
    pub end_line: usize,
    pub flags: Vec<Flag>,
    /// The text after the flags with continuations removed, trimmed: the file's own bytes
    /// where it is written so ([`ArgText`]).
    pub text: ArgText<'a>,
    /// Byte span of that text in the original (first to last character).
    pub text_span: Range<usize>,
    /// The words after the flags ([`Instr::args`]), read on first use: most rules never ask
    /// for a RUN's, and splitting every RUN was a tenth of lint. A `OnceCell`, not a
    /// `OnceLock`: a model is linted on the thread that made it (the CLI lints files in
    /// parallel, each its own model), and the lock's `Once` cost about 0.4% of lint.
    args: OnceCell<Vec<Word>>,
    /// The pieces of the source `text` was joined from ([`SourceMap`]), when it is not as
    /// written at `text_span` (continuations joined, heredoc bodies); empty for the rest,
    /// most instructions. A few pieces per instruction, where eight bytes per character of
    /// the text were a sixth of the model.
    pieces: Vec<Piece>,
    /// The exec (JSON) form, when the arguments are a JSON array of strings.
    pub json: Option<Vec<String>>,
    /// The shell view for RUN, and for CMD/ENTRYPOINT in shell form.
    pub script: Option<Script>,
    /// The stage this instruction belongs to; `None` before the first `FROM`.
    pub stage: Option<usize>,
    /// For `ONBUILD X`, the wrapped instruction.
    pub onbuild: Option<Box<Instr<'a>>>,
    /// [`Instr::pairs`], read on first use: a dozen rules ask for the same pairs, and
    /// reading them once per rule made ENV-heavy files spend most of lint in allocation.
    pairs: OnceCell<Vec<(Word, Option<Word>)>>,
    /// [`Instr::has_heredoc`], found on first use.
    heredoc: Found,
}

/// A yes-or-no answer kept once found: 0 not yet asked, 1 no, 2 yes. Cheaper to read than
/// a once-cell.
#[derive(Default)]
struct Found(AtomicU8);

impl Found {
    fn get_or(&self, find: impl FnOnce() -> bool) -> bool {
        match self.0.load(Relaxed) {
            0 => {
                let found = find();
                self.0.store(1 + u8::from(found), Relaxed);
                found
            }
            answer => answer == 2,
        }
    }
}

impl Clone for Found {
    fn clone(&self) -> Found {
        Found(AtomicU8::new(self.0.load(Relaxed)))
    }
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Instr<'_> {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    pub fn has_flag(&self, name: &str) -> bool {
        self.flag(name).is_some()
    }

    /// The `--mount` flags of a RUN, read by the parser's one mount reader (a mount it
    /// cannot read is left out).
    pub fn mounts(&self) -> Vec<Mount> {
        self.flags
            .iter()
            .filter(|f| f.name == "mount")
            .filter_map(|f| f.value.as_deref())
            .filter_map(|value| Mount::parse(value).ok())
            .collect()
    }

    /// Whether a cache or tmpfs mount's target contains `fragment`.
    pub fn has_cache_mount_with(&self, fragment: &str) -> bool {
        // Most RUNs have no mount naming the fragment: skip reading their mounts.
        self.flags
            .iter()
            .any(|f| f.name == "mount" && f.value.as_deref().is_some_and(|v| v.contains(fragment)))
            && self.mounts().iter().any(|m| {
                matches!(m.kind, MountType::Cache | MountType::Tmpfs)
                    && m.target.as_deref().is_some_and(|t| t.contains(fragment))
            })
    }

    /// The words after the flags, quotes removed, split on whitespace (hadolint's reading,
    /// [`crate::syntax::shell_lexer::fields`]).
    pub fn args(&self) -> &[Word] {
        self.args.get_or_init(|| {
            let text = self.text.as_str();
            let start = self.text_span.start;
            if self.pieces.is_empty() {
                // As written with no quote and no backslash: the words are the runs of
                // non-whitespace ([`crate::syntax::shell_lexer::fields`]'s plain reading),
                // their offsets from the text's start.
                if let Some(words) = plain_words(text, self.text.with_what_follows(), start) {
                    return words;
                }
            }
            let map = SourceMap::new(&self.pieces, start, text.len());
            crate::syntax::shell_lexer::fields_as(text, |w| Word {
                span: map.offset(w.bytes.start)..map.offset_after(text, w.bytes.end),
                text: w.text,
            })
        })
    }

    /// Whether the text contains a heredoc (`<<EOF`). Looked for on first use: rules ask
    /// for a few kinds, and searching every instruction's text (long RUNs too) was a
    /// fortieth of the model.
    pub fn has_heredoc(&self) -> bool {
        self.heredoc.get_or(|| {
            // `<<` found from its `<`s (a search for one byte): a substring search set up per
            // instruction cost more than the search, and so did a char pattern's searcher.
            let bytes = self.text.as_bytes();
            bytes.contains(&b'<')
                && (1..bytes.len()).any(|at| bytes[at] == b'<' && bytes[at - 1] == b'<')
        })
    }

    pub fn commands(&self) -> &[shell::Command] {
        self.script.as_ref().map_or(&[], |s| &s.commands)
    }

    /// `KEY=value` pairs of ENV, ARG and LABEL (legacy `ENV KEY value` too).
    pub fn pairs(&self) -> &[(Word, Option<Word>)] {
        self.pairs.get_or_init(|| self.read_pairs())
    }

    fn read_pairs(&self) -> Vec<(Word, Option<Word>)> {
        // A pair per word at most: sized ahead, not grown to room for four.
        let mut out = Vec::with_capacity(self.args().len());
        // `=` found as a byte in these short words: a char pattern's searcher cost more to
        // set up than the search.
        let equals = |w: &Word| w.text.bytes().position(|b| b == b'=');
        let legacy = self.args().first().is_some_and(|w| {
            equals(w).is_none() && self.kind == Kind::Env && self.args().len() > 1
        }) || (self.kind == Kind::Label
            && self.args().len() > 1
            && equals(&self.args()[0]).is_none());
        if legacy {
            let key = self.args()[0].clone();
            let rest = &self.args()[1..];
            // One word (most often): its text as it is, without a join.
            let text = match rest {
                [one] => one.text.clone(),
                _ => rest
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into(),
            };
            let value = Word {
                text,
                span: rest[0].span.start..rest[rest.len() - 1].span.end,
            };
            out.push((key, Some(value)));
            return out;
        }
        for word in self.args() {
            match equals(word).map(|at| (&word.text[..at], &word.text[at + 1..])) {
                Some((key, value)) => {
                    let key_end = word.span.start + key.len().min(word.span.len());
                    out.push((
                        Word {
                            text: key.into(),
                            span: word.span.start..key_end,
                        },
                        Some(Word {
                            text: value.into(),
                            span: (key_end + 1).min(word.span.end)..word.span.end,
                        }),
                    ));
                }
                None => out.push((word.clone(), None)),
            }
        }
        out
    }
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// Index of its FROM in [`Model::instructions`].
    pub from: usize,
    pub image: ImageRef,
    /// The name after `AS`, as written.
    pub name: Option<Word>,
    /// The instructions of the stage, FROM included: a range of instruction indexes.
    pub instructions: Range<usize>,
    /// The earlier stage its `FROM` names ([`Model::parent_stage`]): kept here, where a list
    /// of its own was one more allocation per file.
    parent: Option<usize>,
}

/// A comment line (`# ...`), outside of instructions.
#[derive(Debug, Clone)]
pub struct Comment<'a> {
    pub line: usize,
    /// The text after `#`, borrowed from the source.
    pub text: &'a str,
    pub span: Range<usize>,
}

/// The kinds of the instructions read so far, ONBUILD triggers' too ([`Model::has_kind`]),
/// and the programs their scripts run ([`Model::may_run`]): noted as each is read, while it
/// is at hand, where a pass over them all after was a second read of every instruction.
#[derive(Default)]
struct Seen {
    kinds: u32,
    programs: Programs,
}

impl Seen {
    /// Notes `instr` and its ONBUILD trigger if it has one (few do).
    fn note(&mut self, instr: Option<&Instr>) {
        let Some(instr) = instr else {
            return;
        };
        note_kind_and_programs(instr, &mut self.kinds, &mut self.programs);
        if let Some(trigger) = instr.onbuild.as_deref() {
            note_kind_and_programs(trigger, &mut self.kinds, &mut self.programs);
        }
    }
}

/// Adds `instr`'s kind to `kinds` ([`Model::has_kind`]) and the programs its script runs to
/// `programs` ([`Model::may_run`]).
fn note_kind_and_programs(instr: &Instr, kinds: &mut u32, programs: &mut Programs) {
    *kinds |= kind_bit(instr.kind);
    for command in instr.commands() {
        programs.add(program_bits(&command.name.text));
        // The program is the name itself unless the name is a path (most are not): hashed
        // once then.
        let program = command.program();
        if program.len() != command.name.text.len() {
            programs.add(program_bits(program));
        }
    }
}

/// The whole file, ready for rules.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub source: &'a str,
    pub lines: crate::syntax::LineIndex,
    pub escape: char,
    pub instructions: Vec<Instr<'a>>,
    pub stages: Vec<Stage>,
    pub comments: Vec<Comment<'a>>,
    /// Global ARGs (before the first FROM) with their defaults.
    pub global_args: HashMap<String, Option<String>>,
    /// Lines the parser could not read, with its message.
    pub syntax_errors: Vec<(usize, usize, String)>,
    /// Lower-cased stage name → the first stage with that name (`COPY --from` lookups) and
    /// the last (the stage a later `FROM` of the name builds on): one map, where a second
    /// for the last ones cost a hashing and a copy of each name more.
    stage_names: HashMap<String, (usize, usize)>,
    /// Whether the file uses CRLF line endings (read once: fixes ask per finding).
    crlf: bool,
    /// The program names the scripts run, as a filter ([`Model::may_run`]).
    programs: Programs,
    /// The kinds of the instructions, ONBUILD triggers' too, one bit each
    /// ([`Model::has_kind`]).
    kinds: u32,
    /// BuildKit's reading of the global ARGs, made on first use and shared by the checks
    /// that need it ([`super::rules::bk_common::global_args`]).
    pub(crate) buildkit_globals: OnceLock<super::rules::bk_common::GlobalArgs>,
    /// The empty lines inside line continuations, as the parser found them, in order.
    pub(crate) empty_continuations: Vec<Range<usize>>,
}

impl<'a> Model<'a> {
    pub fn new(source: &'a str) -> Model<'a> {
        // The parse is the model's alone: its strings move into the model, not copied.
        let mut file = crate::syntax::parse_for_lint(source);
        let mut model = Model::empty(source, &file);
        model.lines = std::mem::take(&mut file.line_index);
        // Taken out while the instructions are read, which borrow the model.
        let mut instructions = Vec::with_capacity(file.instructions.len());
        let mut room = ScriptRoom::default();
        let mut seen = Seen::default();
        for parsed in &mut file.instructions {
            let end = model.instruction_end(parsed);
            let mut parts = Parts::taken(parsed, source);
            let shell = model.shell_text(parsed, &mut parts, end);
            let instr = model.push_parsed(&mut instructions, parsed, parts, shell, end, &mut room);
            seen.note(instr);
        }
        (model.kinds, model.programs) = (seen.kinds, seen.programs);
        model.instructions = instructions;
        model.finish(&file);
        model
    }

    /// Where an instruction's last line ends (its line break excluded): the end of its span.
    /// Only the end: the start of its first line, looked up too, was never read.
    fn instruction_end(&self, parsed: &crate::syntax::Instruction) -> usize {
        let last = parsed.end_line.max(parsed.start_line);
        self.lines.line_range(self.source, last).end
    }

    /// The model of a file the caller has already parsed (the page parses once per edit
    /// and shares the tree between the views). `file` must be `source` parsed.
    ///
    /// Instruction kinds, flags, the JSON form and the comments are the parser's; what
    /// hadolint means by an argument and a command is read from the logical text here.
    pub fn from_parsed(source: &'a str, file: &crate::syntax::Dockerfile) -> Model<'a> {
        let mut model = Model::empty(source, file);
        model.lines = file.line_index().clone();
        // An instruction is a large value: growing the vector copied every one several times.
        let mut instructions = Vec::with_capacity(file.instructions().len());
        let mut room = ScriptRoom::default();
        let mut seen = Seen::default();
        for parsed in file.instructions() {
            let end = model.instruction_end(parsed);
            let mut parts = Parts::copied(parsed, source);
            let shell = model.shell_text(parsed, &mut parts, end);
            let instr = model.push_parsed(&mut instructions, parsed, parts, shell, end, &mut room);
            seen.note(instr);
        }
        (model.kinds, model.programs) = (seen.kinds, seen.programs);
        model.instructions = instructions;
        model.finish(file);
        model
    }

    /// The comments and the stages, once the instructions are read.
    fn finish(&mut self, file: &crate::syntax::Dockerfile) {
        let model = self;
        let is_comment = |element: &&crate::syntax::Element| {
            matches!(
                element.kind,
                crate::syntax::ElementKind::Comment | crate::syntax::ElementKind::Directive(_)
            )
        };
        // A comment element is one line (almost always): room for them all at once.
        model
            .comments
            .reserve_exact(file.elements().iter().filter(is_comment).count());
        // The elements are in the order of the text: each comment's lines are looked for from
        // the line after the last one's on (where the next comment is, in a block of them),
        // not searched for from the top.
        let mut near = 1;
        for element in file.elements().iter().filter(is_comment) {
            // Lines only: a position's columns cost as much again.
            let first = model.lines.line_of_near(element.span.start, near);
            // A comment is one line (almost always): its end is before the next line starts,
            // seen without a second search.
            let end = element.span.end.saturating_sub(1).max(element.span.start);
            let last = match model.lines.line_start(first + 1) {
                Some(next) if end >= next => model.lines.line_of_near(end, first),
                _ => first,
            };
            near = last + 1;
            for line in first..=last {
                model.push_comment(line);
            }
        }
        model.build_stages(|model, text| model.expand_global_in_place(text));
    }

    fn empty(source: &'a str, file: &crate::syntax::Dockerfile) -> Model<'a> {
        Model {
            source,
            lines: crate::syntax::LineIndex::default(),
            // The parser knows where `# escape=` is a directive (only at the top, only once).
            escape: file.escape(),
            instructions: Vec::new(),
            stages: Vec::new(),
            comments: Vec::new(),
            global_args: HashMap::new(),
            syntax_errors: file
                .errors()
                .iter()
                .map(|e| (e.line, e.column, e.message.clone()))
                .collect(),
            stage_names: HashMap::new(),
            // The parser's line index saw every line end.
            crlf: file.line_index().has_crlf(),
            programs: Programs::default(),
            kinds: 0,
            buildkit_globals: OnceLock::new(),
            empty_continuations: file
                .empty_continuations
                .iter()
                .map(|s| s.start..s.end)
                .collect(),
        }
    }

    /// Records line `line` as a comment if it is one.
    fn push_comment(&mut self, line: usize) {
        let range = self.lines.line_range(self.source, line);
        let text = &self.source[range.clone()];
        let trimmed = text.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            let start = range.start + (text.len() - trimmed.len());
            self.comments.push(Comment {
                line,
                text: comment,
                span: start..range.end,
            });
        }
    }

    /// Reads `parsed` onto the end of `instructions` (nothing for a nameless one), built where
    /// it is kept: an instruction returned, then pushed, was a copy of its 300 bytes each.
    /// Returns the instruction read. Inlined in the loop over the instructions (natively):
    /// the call passed its parts again.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn push_parsed<'v>(
        &self,
        instructions: &'v mut Vec<Instr<'a>>,
        parsed: &crate::syntax::Instruction,
        parts: Parts,
        pieces: Vec<Piece>,
        end: usize,
        room: &mut ScriptRoom,
    ) -> Option<&'v Instr<'a>> {
        if parts.keyword.is_empty() {
            return None;
        }
        let lines = (parsed.start_line, parsed.end_line);
        instructions.reserve(1);
        let slot = &mut instructions.spare_capacity_mut()[0];
        self.read_parsed_body(slot, parsed, parts, pieces, end, lines, room);
        // SAFETY: the vector had room for one more (reserved above), and `read_parsed_body`
        // returns only after writing a whole instruction into that place, the first past the
        // vector's length.
        unsafe { instructions.set_len(instructions.len() + 1) };
        instructions.last()
    }

    /// The text after an instruction's flags as the shell reads it: the parser's arguments
    /// (continuations joined), then any heredoc bodies with their delimiter lines as
    /// written, appended to `parts.arguments`; returns the pieces of the source it is
    /// joined from (taken from `parts`), empty when it is the arguments in one piece, at
    /// their span. Inlined (natively): most instructions have no heredoc, and return at once.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn shell_text(
        &self,
        parsed: &crate::syntax::Instruction,
        parts: &mut Parts,
        end: usize,
    ) -> Vec<Piece> {
        let mut pieces = std::mem::take(&mut parts.pieces);
        let arguments = &mut parts.arguments;
        if parsed.heredocs.is_empty() {
            return pieces;
        }
        let from = parsed.arguments_span.end.min(end);
        if let Some(newline) = self.source[from..end].find('\n') {
            let from = from + newline;
            let body = self.source[from..end].trim_end();
            if pieces.is_empty() && !arguments.is_empty() {
                let span = parsed.arguments_span;
                pieces.push((0, span.start, span.len()));
            }
            pieces.push((arguments.len(), from, body.len()));
            // Sized exactly: the text is then kept without a reallocation to its length.
            let mut joined = String::with_capacity(arguments.len() + body.len());
            joined.push_str(arguments);
            joined.push_str(body);
            *arguments = Cow::Owned(joined);
        }
        pieces
    }

    /// An instruction's body: flags and JSON from the parser, the words after the flags and
    /// the shell view from the logical text (`parts.arguments` as [`Model::shell_text`]
    /// made it, joined from `pieces`).
    #[allow(clippy::too_many_arguments)]
    fn read_parsed_body(
        &self,
        slot: &mut MaybeUninit<Instr<'a>>,
        parsed: &crate::syntax::Instruction,
        parts: Parts,
        pieces: Vec<Piece>,
        end: usize,
        (line, end_line): (usize, usize),
        room: &mut ScriptRoom,
    ) {
        let kind = Kind::from_parsed(parsed.kind());
        let flags: Vec<Flag> = parts
            .flags
            .into_iter()
            .map(|f| {
                let mut name = f.name;
                name.make_ascii_lowercase();
                Flag {
                    name,
                    value: f.value,
                    span: f.span.start..f.span.end,
                }
            })
            .collect();
        let text = parts.arguments;
        let span = parsed.arguments_span;
        let map = SourceMap::new(&pieces, span.start, span.len());
        let text_span = if text.is_empty() {
            end..end
        } else {
            map.offset(0)..map.offset_after(&text, text.len())
        };
        let json = (parsed.json && kind != Kind::Onbuild)
            .then(|| parts.values.into_iter().map(|w| w.text).collect());
        let script = match kind {
            Kind::Run | Kind::Cmd | Kind::Entrypoint if json.is_none() => {
                Some(shell::parse_script(&text, map, text_span.end, room))
            }
            _ => None,
        };
        let onbuild = parsed.onbuild.as_deref().and_then(|inner| {
            if kind != Kind::Onbuild || inner.keyword.is_empty() {
                return None;
            }
            let mut parts = Parts::copied(inner, self.source);
            let pieces = self.shell_text(inner, &mut parts, end);
            let mut trigger = Box::new_uninit();
            self.read_parsed_body(
                &mut trigger,
                inner,
                parts,
                pieces,
                end,
                (line, end_line),
                room,
            );
            // SAFETY: `read_parsed_body` returns only once it has written the whole
            // instruction into the box.
            Some(unsafe { trigger.assume_init() })
        });
        // Kept only where `text` is not the source at `text_span` (see [`Instr::pieces`]).
        // Without pieces it is the arguments written in one piece, at their span: compared
        // only where it was joined.
        let written = pieces.is_empty() || self.source.get(text_span.clone()) == Some(&*text);
        debug_assert!(!written || self.source.get(text_span.clone()) == Some(&*text));
        let pieces = match (written, pieces.is_empty()) {
            (true, _) => Vec::new(),
            (false, false) => pieces,
            (false, true) => vec![(0, span.start, span.len())],
        };
        let keyword = Word {
            text: parts.keyword,
            span: parsed.keyword_span.start..parsed.keyword_span.end,
        };
        slot.write(Instr {
            kind,
            span: keyword.span.start..end,
            keyword,
            line,
            end_line,
            flags,
            // Borrowed from the file where it is written there (see [`Instr::pieces`]).
            text: match written.then(|| ArgText::written(self.source, text_span.clone())) {
                Some(Some(text)) => text,
                _ => ArgText::joined(text.into_owned()),
            },
            text_span,
            args: OnceCell::new(),
            pieces,
            json,
            script,
            stage: None,
            onbuild,
            pairs: OnceCell::new(),
            heredoc: Found::default(),
        });
    }

    /// Whether any script of the file (RUN, shell-form CMD and ENTRYPOINT, ONBUILD ones too)
    /// may have a command named `program`, as written or by its base name. `false` is sure;
    /// `true` may be wrong (the names are kept as a filter of bits), so a rule that looks for
    /// a few programs skips the file's commands when none is there, and reads them otherwise.
    pub fn may_run(&self, program: &str) -> bool {
        self.programs.may_have(program_bits(program))
    }

    /// Whether any instruction, or ONBUILD trigger, is of `kind`. Each rule walks the whole
    /// file for the few kinds it reads; one that reads a kind the file lacks (most files have
    /// no `HEALTHCHECK`, `MAINTAINER` or `EXPOSE`) returns at once instead.
    pub fn has_kind(&self, kind: Kind) -> bool {
        self.kinds & kind_bit(kind) != 0
    }

    /// The last stage: what `docker build` produces without `--target`.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.position_near(offset, 1)
    }

    /// [`Model::position`], looking at line `near` first
    /// ([`crate::syntax::LineIndex::line_of_near`]).
    pub fn position_near(&self, offset: usize, near: usize) -> (usize, usize) {
        let position = self.lines.position_near(self.source, offset, near);
        (position.line, position.column)
    }

    /// Expands `$NAME`, `${NAME}` and `${NAME:-default}` with the global ARG defaults, as
    /// BuildKit does ([`crate::syntax::expand`]); text that does not lex stays as written.
    pub fn expand_global(&self, text: &str) -> String {
        self.expand_global_in_place(text).into_owned()
    }

    /// [`Model::expand_global`], the text itself when there is nothing to expand (every
    /// stage's image is expanded, most of them plain names: a copy each was an allocation).
    fn expand_global_in_place<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        // Nothing to expand, unquote or unescape (most image names): the text as written.
        // Looked for in its bytes (the escape is `\\` or a backquote), where the expander's
        // own look goes character by character.
        let plain = self.escape.is_ascii()
            && !text
                .bytes()
                .any(|b| matches!(b, b'$' | b'\'' | b'"') || char::from(b) == self.escape);
        if plain {
            return text.into();
        }
        crate::syntax::expand_with_escape(text, self.escape, &|name| {
            self.global_args.get(name).cloned().flatten()
        })
        .map_or(text.into(), Into::into)
    }

    fn build_stages(
        &mut self,
        expand_global: for<'t> fn(&Model, &'t str) -> std::borrow::Cow<'t, str>,
    ) {
        let mut current: Option<usize> = None;
        for i in 0..self.instructions.len() {
            let instr = &self.instructions[i];
            if instr.kind == Kind::From {
                // Read where it is: a copy of the name (most are too long to be kept in place)
                // was an allocation per FROM.
                let raw = instr.args().first().map_or("", |w| w.text.as_str());
                let resolved = expand_global(self, raw);
                let name = match instr.args().get(1) {
                    Some(w) if w.text.eq_ignore_ascii_case("as") => instr.args().get(2).cloned(),
                    _ => None,
                };
                if let Some(prev) = current {
                    self.stages[prev].instructions.end = i;
                }
                let index = self.stages.len();
                let parent = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                    self.stage_names.get(&raw.to_ascii_lowercase())
                } else {
                    // Already lower-case (most): looked up as it is, not copied.
                    self.stage_names.get(raw)
                }
                .map(|&(_, last)| last);
                if let Some(name) = &name {
                    let lower = name.text.to_ascii_lowercase();
                    self.stage_names.entry(lower).or_insert((index, index)).1 = index;
                }
                self.stages.push(Stage {
                    index,
                    from: i,
                    image: ImageRef::parse(raw, &resolved),
                    name,
                    instructions: i..self.instructions.len(),
                    parent,
                });
                current = Some(index);
            } else if current.is_none() && instr.kind == Kind::Arg {
                for (key, value) in instr.pairs() {
                    self.global_args.insert(
                        key.text.as_str().to_owned(),
                        value.as_ref().map(|v| v.text.as_str().to_owned()),
                    );
                }
            }
            self.instructions[i].stage = current;
        }
    }

    /// The file's line ending: fixes that add lines keep CRLF files CRLF.
    pub fn newline(&self) -> &'static str {
        if self.crlf {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// The earlier stage a stage builds on: the last one before it whose name its `FROM`
    /// names as written (case-insensitively).
    pub fn parent_stage(&self, stage: usize) -> Option<usize> {
        self.stages.get(stage).and_then(|s| s.parent)
    }

    /// The stage a name refers to (`COPY --from=builder`), by name or index.
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        // Names are most often written in lower case already: looked up as they are,
        // without a lower-cased copy per lookup (as `build_stages` does).
        let found = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.stage_names.get(&name.to_ascii_lowercase())
        } else {
            self.stage_names.get(name)
        };
        let &(index, _) = found?;
        self.stages.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flags_words_and_stages() {
        let src = "ARG V=3.12\nFROM python:${V}-slim AS build\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install x\nCOPY --from=build a b\n";
        let model = Model::new(src);
        assert_eq!(model.stages.len(), 1);
        assert_eq!(model.stages[0].image.resolved, "python:3.12-slim");
        assert_eq!(model.stages[0].image.tag.as_deref(), Some("3.12-slim"));
        let run = &model.instructions[2];
        assert_eq!(run.kind, Kind::Run);
        assert!(run.has_cache_mount_with("/root/.cache/pip"));
        let pip = &run.commands()[0];
        assert_eq!(pip.name.text, "pip");
        assert_eq!(&src[pip.args[1].span.clone()], "x");
        assert_eq!(
            model.instructions[3].flag("from").unwrap().value.as_deref(),
            Some("build")
        );
    }

    #[test]
    fn words_land_on_what_was_written() {
        let src = "FROM a\nRUN apt-get install \\\n  # é\n    ñandú \\\n\t&& echo \"$(ü x)\" ß\nCOPY --chown=1 \\\n  a\u{a0}b \"c d\" \\\n  é/ \nONBUILD RUN cd \\\n  ö\nRUN <<EOF\ncat <<X\nnot read\nX\nmké ü\nEOF\n";
        let model = Model::new(src);
        let mut words = Vec::new();
        for instr in &model.instructions {
            for instr in std::iter::once(instr).chain(instr.onbuild.as_deref()) {
                for command in instr.commands() {
                    words.extend(std::iter::once(&command.name).chain(&command.args));
                }
                words.extend(instr.args());
            }
        }
        // `$(...)` reads as `${...}` to hadolint's rules: those are not compared.
        for word in words.iter().filter(|w| !w.text.contains('$')) {
            let written = &src[word.span.clone()];
            let unquoted: String = written.chars().filter(|c| !matches!(c, '"')).collect();
            assert_eq!(unquoted, word.text.as_str(), "{word:?}");
        }
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        for expected in ["ñandú", "ß", "ü", "x", "b", "c d", "é/", "ö", "mké"] {
            assert!(texts.contains(&expected), "{expected} in {texts:?}");
        }
    }
}
