//! hadolint's meaning of a `RUN`'s shell text, the view lint rules reason about: commands
//! split on `&&`, `||`, `;`, `|`, newlines and subshells, each with its words (quotes
//! removed) and their byte spans in the original Dockerfile, so a fix can edit exactly the
//! word it talks about.
//!
//! The words come from the parser's lexer ([`crate::syntax::shell_lexer`]); what is decided
//! here is hadolint's reading of them: the commands inside `$(...)` and backticks are
//! commands too, a pipeline index per command, the program is the first word after reserved
//! words and assignments (so `sudo` is a program), tests (`[`, `[[`) and names built from
//! variables are no commands, `case` patterns are skipped, and `RUN <<EOF` bodies are read.

use std::fmt;
use std::ops::{Deref, Range};
use std::rc::Rc;

pub use crate::syntax::text::Text;

/// A word of a command: its text as the shell would see it before expansion (quotes
/// removed, `$VAR` kept), and where it is in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: Text,
    pub span: Range<usize>,
}

/// One simple command, such as `apt-get install -y curl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The program, as written (`apt-get`, `/usr/bin/pip3`).
    pub name: Word,
    pub args: Args,
    /// Index of the pipeline this command belongs to; commands joined by `|` share it.
    pub pipeline: usize,
    /// Where [`Command::program`] starts in the name: past its last `/`. Rules ask for the
    /// program of every command, several times each; a search each time was a twentieth of
    /// lint.
    program_at: usize,
}

/// A command's arguments, read as a `[Word]`. The arguments of all a script's commands are
/// kept in one list shared by them, each command seeing its own run of it: a list per
/// command was an allocation and a free for most commands (about 9k a pass over the corpus).
/// It is counted with `Rc`: a model is built, linted and dropped on one thread, and `Arc`'s
/// atomic count was a locked add per command as the script was kept, and a locked
/// subtraction per command as it was dropped.
#[derive(Clone, Default)]
pub struct Args {
    /// The script's arguments, or `None` while it is read (and when it has none).
    all: Option<Rc<[Word]>>,
    /// This command's run of them.
    start: usize,
    end: usize,
}

impl Args {
    pub fn as_slice(&self) -> &[Word] {
        let Some(all) = &self.all else {
            return &[];
        };
        all.get(self.start..self.end).unwrap_or_default()
    }
}

impl Deref for Args {
    type Target = [Word];
    fn deref(&self) -> &[Word] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Args {
    type Item = &'a Word;
    type IntoIter = std::slice::Iter<'a, Word>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for Args {
    fn eq(&self, other: &Args) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Args {}

impl fmt::Debug for Args {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// A shell script split into commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<Command>,
    /// Whether any `|` joins two commands.
    pub has_pipe: bool,
    /// Whether `$(...)`, backticks or heredocs nest deeper than [`MAX_NESTING`]: the commands
    /// below that depth are not read.
    pub too_deep: bool,
}

/// How deep `$(...)`, backticks and heredoc scripts are read as commands. Real scripts nest
/// two or three levels; reading deeper would let the text choose the recursion depth (a stack
/// overflow) and rescan each level's text once per level above it.
pub const MAX_NESTING: usize = 32;

impl Command {
    /// The program's base name: `/usr/bin/pip3` → `pip3`.
    pub fn program(&self) -> &str {
        self.name.text.get(self.program_at..).unwrap_or_default()
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.text == name
    }

    pub fn arg_texts(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(|w| w.text.as_str())
    }

    pub fn has_arg(&self, arg: &str) -> bool {
        self.arg_texts().any(|a| a == arg)
    }

    /// Whether any argument starts with `prefix`.
    pub fn has_arg_prefix(&self, prefix: &str) -> bool {
        self.arg_texts().any(|a| a.starts_with(prefix))
    }

    /// Whether `words` appear consecutively among the arguments.
    pub fn has_args_in_order(&self, words: &[&str]) -> bool {
        !words.is_empty()
            && self
                .args
                .windows(words.len())
                .any(|w| w.iter().zip(words).all(|(a, b)| a.text == *b))
    }

    /// The flag names, one per letter for short flags: `-yq` → `y`, `q`; `--no-cache=1` →
    /// `no-cache`. Each comes with the index of its argument.
    pub fn flags(&self) -> Vec<(usize, &str)> {
        self.flag_iter().collect()
    }

    /// [`Command::flags`] without collecting them: rules ask per command, many times.
    fn flag_iter(&self) -> impl Iterator<Item = (usize, &str)> {
        self.args.iter().enumerate().flat_map(|(i, w)| {
            let a = w.text.as_str();
            let (long, short) = match (a.strip_prefix("--"), a.strip_prefix('-')) {
                _ if a == "--" || a == "-" => (None, ""),
                (Some(long), _) => (Some(long.split('=').next().unwrap_or(long)), ""),
                (None, Some(short)) => (None, short),
                (None, None) => (None, ""),
            };
            long.map(|l| (i, l)).into_iter().chain(
                short
                    .char_indices()
                    .map(move |(at, c)| (i, &short[at..at + c.len_utf8()])),
            )
        })
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flag_iter().any(|(_, f)| f == flag)
    }

    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        self.flag_iter().any(|(_, f)| flags.contains(&f))
    }

    /// Arguments that are not flags (a flag's separate value is still counted, as hadolint
    /// counts it).
    pub fn args_no_flags(&self) -> Vec<&Word> {
        self.args
            .iter()
            .filter(|w| !(w.text.starts_with('-') && w.text != "-" && w.text != "--"))
            .collect()
    }

    /// Arguments that are neither flags nor the values of the given flags (`-t value`).
    pub fn args_dropping_values_of(&self, flags_with_values: &[&str]) -> Vec<&Word> {
        let mut drop = vec![false; self.args.len()];
        for (i, flag) in self.flags() {
            let word = &self.args[i].text;
            if flags_with_values.contains(&flag) && !word.contains('=') {
                // For short flag clusters only the last letter takes the value.
                let last = if word.starts_with("--") {
                    true
                } else {
                    word.ends_with(flag)
                };
                if last && i + 1 < drop.len() {
                    drop[i + 1] = true;
                }
            }
        }
        self.args
            .iter()
            .enumerate()
            .filter(|(i, w)| !(drop[*i] || (w.text.starts_with('-') && w.text.len() > 1)))
            .map(|(_, w)| w)
            .collect()
    }

    /// The values given to a flag: `-u 1000` or `--uid=1000` or `--uid 1000`.
    pub fn flag_values(&self, short: Option<&str>, long: Option<&str>) -> Vec<&str> {
        let mut out = Vec::new();
        for (i, w) in self.args.iter().enumerate() {
            let a = w.text.as_str();
            if let (Some(long), Some(rest)) = (long, a.strip_prefix("--")) {
                if let Some(v) = rest.strip_prefix(long) {
                    if let Some(v) = v.strip_prefix('=') {
                        out.push(v);
                    } else if v.is_empty() {
                        if let Some(next) = self.args.get(i + 1) {
                            out.push(next.text.as_str());
                        }
                    }
                    continue;
                }
            }
            if let (Some(short), false) = (short, a.starts_with("--")) {
                if let Some(cluster) = a.strip_prefix('-') {
                    if cluster.ends_with(short) {
                        if let Some(next) = self.args.get(i + 1) {
                            out.push(next.text.as_str());
                        }
                    } else if let Some(v) = cluster.strip_prefix(short) {
                        if !v.is_empty() && cluster.len() > 1 {
                            out.push(v);
                        }
                    }
                }
            }
        }
        out
    }

    /// The first subcommand-like argument (`install` in `apt-get -y install x`).
    pub fn subcommand(&self) -> Option<&str> {
        self.args
            .iter()
            .map(|w| w.text.as_str())
            .find(|a| !a.starts_with('-'))
    }
}

impl Script {
    pub fn any(&self, f: impl Fn(&Command) -> bool) -> bool {
        self.commands.iter().any(f)
    }

    pub fn uses(&self, program: &str) -> bool {
        self.commands.iter().any(|c| c.is(program))
    }
}

use crate::syntax::shell::{SourceMap, Window};
use crate::syntax::shell_lexer::{word_text, LexWord, Lexer, Operator, Substitutions, Token};

/// How long a word with substitutions grows before [`CommandReader::word`] sets its text
/// aside while reading them: real words are far shorter.
const SET_ASIDE_FROM: usize = 4096;

/// The lists a file's scripts are read into, kept from one script to the next: each
/// script's commands are then copied out once at their count. Growing each script's own
/// list (room for four, then eight, ...) and shrinking it to size after cost a reallocation
/// or two per RUN, and the words' list was allocated anew per script.
///
/// A new room takes the lists the last one left on this thread, and a dropped room leaves
/// its lists there: a room per file grew them again for every file (eight reallocations a
/// file, on average over the corpus).
pub(crate) struct ScriptRoom(Lists);

#[derive(Default)]
struct Lists {
    commands: Vec<Command>,
    /// The arguments of the commands read so far ([`Args`]).
    args: Vec<Word>,
    /// The lexer's buffer for the words it unquotes ([`Lexer::give_scratch`]).
    scratch: String,
}

/// The most entries a list keeps for the next room: a long script's room is let go rather
/// than held for the thread's life.
const ROOM_KEPT: usize = 4096;

thread_local! {
    /// The lists of the last room dropped on this thread, empty.
    static KEPT_ROOM: std::cell::Cell<Lists> = const {
        std::cell::Cell::new(Lists {
            commands: Vec::new(),
            args: Vec::new(),
            scratch: String::new(),
        })
    };
}

impl Default for ScriptRoom {
    fn default() -> ScriptRoom {
        ScriptRoom(
            KEPT_ROOM
                .try_with(std::cell::Cell::take)
                .unwrap_or_default(),
        )
    }
}

impl Drop for ScriptRoom {
    fn drop(&mut self) {
        let mut lists = std::mem::take(&mut self.0);
        // Empty after every script; not after a panic in one.
        lists.commands.clear();
        lists.args.clear();
        let fits = lists.commands.capacity() <= ROOM_KEPT && lists.args.capacity() <= ROOM_KEPT;
        if fits {
            let _ = KEPT_ROOM.try_with(|kept| kept.set(lists));
        }
    }
}

/// Splits logical text (continuations already removed) into commands; `map` says where its
/// bytes are in the Dockerfile, `end` is the offset of its end.
pub(crate) fn parse_script(
    text: &str,
    map: SourceMap,
    end: usize,
    room: &mut ScriptRoom,
) -> Script {
    let room = &mut room.0;
    let scratch = std::mem::take(&mut room.scratch);
    let read = parse_nested(
        text,
        map,
        end,
        0,
        &mut room.commands,
        &mut room.args,
        scratch,
    );
    room.scratch = read.scratch;
    // One list of the script's arguments, shared by its commands (none when it has none).
    let args = (!room.args.is_empty()).then(|| shared(&mut room.args));
    Script {
        // The model keeps every RUN's script while the rules run: the list is exactly its
        // commands, and so is the arguments' one.
        commands: room
            .commands
            .drain(..)
            .map(|mut command| {
                if command.args.start < command.args.end {
                    command.args.all = args.clone();
                }
                command
            })
            .collect(),
        has_pipe: read.has_pipe,
        too_deep: read.too_deep,
    }
}

/// The words of `words` moved into a shared list, leaving it empty. Moved at once: a
/// collect from `drain` moved them one by one, which cost more than the allocations per
/// command it spared.
fn shared(words: &mut Vec<Word>) -> Rc<[Word]> {
    let mut all = Rc::<[Word]>::new_uninit_slice(words.len());
    let slots = Rc::get_mut(&mut all).expect("a new list is not shared");
    // SAFETY: `slots` has room for exactly `words.len()` words and is a new allocation, so
    // the two do not overlap. The words are moved bitwise into it, and `words` forgets them
    // (its length set to zero) so that each is owned and dropped once, by the new list.
    unsafe {
        std::ptr::copy_nonoverlapping(words.as_ptr(), slots.as_mut_ptr().cast(), words.len());
        words.set_len(0);
    }
    // SAFETY: every slot was written just above with a valid word.
    unsafe { all.assume_init() }
}

/// What reading one script found besides its commands.
struct Read {
    has_pipe: bool,
    too_deep: bool,
    /// The lexer's buffer it was given, for the next script.
    scratch: String,
}

/// Reads a script's commands onto the end of `commands` and their arguments onto the end
/// of `args`, with `scratch` as its lexer's buffer.
fn parse_nested(
    text: &str,
    map: SourceMap,
    end: usize,
    depth: usize,
    commands: &mut Vec<Command>,
    args: &mut Vec<Word>,
    scratch: String,
) -> Read {
    let mut reader = CommandReader {
        text,
        map,
        piece: 0,
        window: map.window(0),
        lexer: Lexer::new(text, Substitutions::Hadolint),
        end,
        commands,
        args_from: args.len(),
        args,
        has_words: false,
        name: None,
        plain: 0,
        no_program: false,
        has_pipe: false,
        too_deep: false,
        pipeline: 0,
        depth,
    };
    reader.lexer.give_scratch(scratch);
    reader.run();
    Read {
        has_pipe: reader.has_pipe,
        too_deep: reader.too_deep,
        scratch: reader.lexer.take_scratch(),
    }
}

/// Parses a plain shell text (no Dockerfile continuations), with spans starting at `offset`.
pub fn parse_text(text: &str, offset: usize) -> Script {
    let map = SourceMap::contiguous(offset, text.len());
    parse_script(text, map, offset + text.len(), &mut ScriptRoom::default())
}

/// Builds hadolint's commands from the shared lexer's tokens.
struct CommandReader<'a, 'c> {
    /// The script: an instruction's shell text, or a substitution's or heredoc's inside it.
    text: &'a str,
    /// Where the script's bytes are in the Dockerfile.
    map: SourceMap<'a>,
    /// The piece of `map` the last word was in ([`SourceMap::span_from`]).
    piece: usize,
    /// That piece as offsets of `text` ([`CommandReader::span`]).
    window: Window,
    lexer: Lexer<'a>,
    end: usize,
    /// The commands read so far, this script's after any that came before it.
    commands: &'c mut Vec<Command>,
    /// The arguments of those commands, in order ([`Args`]), then those of the command
    /// being read.
    args: &'c mut Vec<Word>,
    /// Where the arguments of the command being read start in `args`.
    args_from: usize,
    /// Whether the command being read has any word yet, a reserved word or an assignment
    /// before its name among them.
    has_words: bool,
    /// Its name, once a word is neither a reserved word nor an assignment: the words after
    /// it go onto `args` as they are read, with no list of the command's words in between.
    name: Option<Word>,
    /// How many bytes the name starts with that could be an assignment's name (letters,
    /// digits, `_`): no `$` or `/` is among them ([`CommandReader::push_command`]).
    plain: usize,
    /// Whether the name is a [`Keyword::NoProgram`].
    no_program: bool,
    /// Whether any `|` joins two commands ([`Script::has_pipe`]).
    has_pipe: bool,
    /// Whether some script inside was too deep to read ([`Script::too_deep`]).
    too_deep: bool,
    pipeline: usize,
    /// How many `$(...)`, backtick or heredoc scripts enclose this one.
    depth: usize,
}

/// What a command's first word is to hadolint besides a program's name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    /// It opens a compound command (`if`, `then`, `else`, `elif`, `do`, `while`, `until`,
    /// `!`, `{`, `time`): dropped, the name comes after it.
    Opens,
    /// It is a test or closes a compound command (`[`, `[[`, `fi`, `done`, `}`, `esac`,
    /// `;;`, `for`, `case`, `in`): the command has no program rules can read.
    NoProgram,
    /// Anything else.
    None,
}

/// The [`Keyword`] that `word` is. Both lists in one match, asked once of each first word:
/// each list's match was a jump on the word's length of its own, which a predictor
/// mostly missed, and the second was asked again of every name.
fn keyword(word: &str) -> Keyword {
    match word {
        "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{" | "time" => {
            Keyword::Opens
        }
        "[" | "[[" | "fi" | "done" | "}" | "esac" | ";;" | "for" | "case" | "in" => {
            Keyword::NoProgram
        }
        _ => Keyword::None,
    }
}

impl CommandReader<'_, '_> {
    /// The Dockerfile offset of the script's byte `pos`; its end past the last one.
    fn offset(&self, pos: usize) -> usize {
        if pos < self.text.len() {
            self.map.offset(pos)
        } else {
            self.end
        }
    }

    /// The Dockerfile span of the script's bytes `range` (not empty, not past its end): in
    /// the last word's piece (most words), an addition; else looked up, and that piece kept.
    #[inline(always)]
    fn span(&mut self, range: Range<usize>) -> Range<usize> {
        match self.window.span(&range) {
            Some(span) => span,
            None => self.span_looked_up(range),
        }
    }

    #[inline(never)]
    fn span_looked_up(&mut self, range: Range<usize>) -> Range<usize> {
        // Most often the first word of the next piece (a continuation line's).
        let next = self.map.window(self.piece + 1);
        if let Some(span) = next.span(&range) {
            self.piece += 1;
            self.window = next;
            return span;
        }
        let span = self.map.span_from(self.text, range, &mut self.piece);
        self.window = self.map.window(self.piece);
        span
    }

    /// A lexed word as rules see it, after reading the commands inside its substitutions.
    fn word(&mut self, mut word: LexWord) -> Word {
        // A word's text holds a copy of its substitutions' scripts, so in `$( $( ... ) )`
        // each level's word copies the rest of the text, and reading the levels below while
        // holding it held one copy per level, 32 of them. A long one is set aside and read
        // again after: one level's copy at a time.
        let set_aside = !word.inner.is_empty() && word.text.len() > SET_ASIDE_FROM;
        if set_aside {
            word.text = Text::default();
        }
        for inner in &word.inner {
            let end = self.offset(inner.end);
            self.read_inner(inner.clone(), end);
        }
        if set_aside {
            word.text = word_text(&self.text[word.bytes.clone()], Substitutions::Hadolint);
        }
        self.lexer.give_inner(word.inner);
        Word {
            // A word is never empty and never past the end of its script.
            span: self.span(word.bytes),
            text: word.text,
        }
    }

    /// Reads the script's commands.
    fn run(&mut self) {
        let mut state = Reading {
            redirect_next: false,
            pending_heredocs: Vec::new(),
            only_heredoc: true,
            saw_heredoc_alone: false,
            case_depth: 0,
            case_header: false,
            expect_pattern: false,
        };
        loop {
            // Most words are simple (`apt-get`, `-y`, `'a b'`): their text is bytes of the
            // script, read with no token in between.
            let word = if let Some((text, bytes)) = self.lexer.next_simple_word() {
                let word = Word {
                    text: Text::within(self.text, text),
                    span: self.span(bytes),
                };
                // An argument of a command (most words): onto the list at once. A command
                // has a name only outside `case` headers and patterns, so no word there
                // gets here.
                if self.name.is_some() && !state.redirect_next {
                    self.args.push(word);
                    continue;
                }
                word
            } else {
                let Some(token) = self.lexer.token_here() else {
                    break;
                };
                // Substitutions are commands wherever they are, even in a `case` pattern.
                // Taken apart here, so that no token is left to drop.
                let mark = match token {
                    Token::Word(word) => {
                        let word = self.word(word);
                        self.any_word(word, &mut state);
                        continue;
                    }
                    Token::Heredoc {
                        delimiter,
                        strip_tabs,
                        ..
                    } => {
                        self.heredoc(delimiter, strip_tabs, &mut state);
                        continue;
                    }
                    Token::Operator { operator, .. } => Mark::Operator(operator),
                    Token::Redirect { complete, .. } => Mark::Redirect { complete },
                    Token::Open(_) => Mark::Open,
                    Token::Close(_) => Mark::Close,
                };
                self.mark(mark, &mut state);
                continue;
            };
            self.any_word(word, &mut state);
        }
        self.finish();
    }

    /// A word of the script that is not known to be an argument: a command's first words,
    /// a redirection's target, or a word of a `case` header or pattern.
    fn any_word(&mut self, word: Word, state: &mut Reading) {
        if state.expect_pattern {
            if word.text.as_str() == "esac" {
                state.expect_pattern = false;
                state.case_depth = state.case_depth.saturating_sub(1);
            }
            return;
        }
        if state.case_header {
            if word.text.as_str() == "in" {
                state.case_header = false;
                state.expect_pattern = true;
            }
            return;
        }
        if !self.has_words && word.text.as_str() == "case" && !state.redirect_next {
            state.case_depth += 1;
            state.case_header = true;
        } else if !self.has_words && word.text.as_str() == "esac" && state.case_depth > 0 {
            state.case_depth -= 1;
        } else if state.redirect_next {
            state.redirect_next = false;
        } else {
            state.only_heredoc = false;
            self.push_word(word);
        }
    }

    /// A heredoc opener, its body read at the end of the line.
    fn heredoc(&mut self, delimiter: Option<Box<LexWord>>, strip_tabs: bool, state: &mut Reading) {
        // Its delimiter is a word, whose substitutions are commands wherever it is.
        let delimiter = delimiter.map_or(String::new(), |d| self.word(*d).text.into());
        if !(state.expect_pattern || state.case_header) {
            if !self.has_words && state.only_heredoc {
                state.saw_heredoc_alone = true;
            }
            state.pending_heredocs.push((delimiter, strip_tabs));
        }
    }

    /// A token of the script that is no word and no heredoc: an operator or a redirection.
    fn mark(&mut self, mark: Mark, state: &mut Reading) {
        if state.expect_pattern {
            if let Mark::Close = mark {
                state.expect_pattern = false;
            }
            return;
        }
        if state.case_header {
            return;
        }
        match mark {
            Mark::Operator(Operator::CaseBreak) => {
                self.finish();
                state.redirect_next = false;
                state.expect_pattern = state.case_depth > 0;
            }
            Mark::Redirect { complete } => state.redirect_next = !complete,
            Mark::Operator(Operator::Pipe) => {
                self.has_pipe |= self.has_words;
                self.push_command();
                state.redirect_next = false;
            }
            Mark::Operator(Operator::Newline) => {
                self.finish();
                state.redirect_next = false;
                if !state.pending_heredocs.is_empty() {
                    for (delimiter, strip_tabs) in std::mem::take(&mut state.pending_heredocs) {
                        let body = self.lexer.heredoc_body(&delimiter, strip_tabs);
                        // `RUN <<EOF` runs its body as the script: lint its commands.
                        if state.saw_heredoc_alone {
                            let end = self.offset(self.lexer.position());
                            self.read_inner(body, end);
                        }
                    }
                    state.saw_heredoc_alone = false;
                    state.only_heredoc = true;
                }
            }
            Mark::Operator(_) | Mark::Open | Mark::Close => {
                self.finish();
                state.redirect_next = false;
            }
        }
    }

    /// Reads the commands of the nested script at bytes `range` into this one, unless it is
    /// too deep.
    fn read_inner(&mut self, range: Range<usize>, end: usize) {
        if self.depth >= MAX_NESTING {
            self.too_deep = true;
            return;
        }
        let map = self.map.skipping(range.start);
        let first = self.commands.len();
        let text = &self.text[range];
        // The arguments the command being read has so far are set aside while the nested
        // commands' go onto the list, then follow them (a substitution after an argument,
        // rare), so that each command's stay together.
        let pending =
            (self.args.len() > self.args_from).then(|| self.args.split_off(self.args_from));
        // The lexer's buffer is not in use between tokens: the nested script's lexer has it.
        let nested = parse_nested(
            text,
            map,
            end,
            self.depth + 1,
            self.commands,
            self.args,
            self.lexer.take_scratch(),
        );
        self.lexer.give_scratch(nested.scratch);
        self.args_from = self.args.len();
        if let Some(mut pending) = pending {
            self.args.append(&mut pending);
        }
        self.has_pipe |= nested.has_pipe;
        self.too_deep |= nested.too_deep;
        let base = self.pipeline + 1;
        let mut max = 0;
        for command in &mut self.commands[first..] {
            max = max.max(command.pipeline);
            command.pipeline += base;
        }
        self.pipeline = base + max + 1;
    }

    fn finish(&mut self) {
        self.push_command();
        self.pipeline += 1;
    }

    /// Adds a word to the command being read: hadolint's program is the first word after
    /// the reserved words that open a compound command and the `VAR=value` assignments,
    /// which are dropped, and the words after it are its arguments.
    #[inline]
    fn push_word(&mut self, word: Word) {
        self.has_words = true;
        if self.name.is_some() {
            self.args.push(word);
            return;
        }
        let keyword = keyword(&word.text);
        if keyword == Keyword::Opens {
            return;
        }
        let plain = name_bytes(&word.text);
        if plain > 0 && word.text.as_bytes().get(plain) == Some(&b'=') {
            return;
        }
        self.name = Some(word);
        self.plain = plain;
        self.no_program = keyword == Keyword::NoProgram;
    }

    /// Ends a simple command.
    fn push_command(&mut self) {
        self.has_words = false;
        // With no name, no word went onto the arguments.
        let Some(name) = self.name.take() else {
            return;
        };
        // `[ ... ]` and `[[ ... ]]` are tests, not programs ([`Keyword::NoProgram`]); a name
        // built from a variable (`$VENV/bin/pip`) is unknown until run time. Neither is a
        // command rules can read. (`$` found as a byte: a char pattern's searcher cost more
        // to set up than the search. Both `$` and the last `/` are looked for past the bytes
        // the assignment test read, which are neither.)
        let rest = name.text.as_bytes().get(self.plain..).unwrap_or_default();
        if self.no_program || rest.contains(&b'$') {
            self.args.truncate(self.args_from);
            return;
        }
        let program_at = rest
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(0, |slash| self.plain + slash + 1);
        let args = Args {
            all: None,
            start: self.args_from,
            end: self.args.len(),
        };
        self.args_from = self.args.len();
        self.commands.push(Command {
            name,
            args,
            pipeline: self.pipeline,
            program_at,
        });
    }
}

/// A token with no word in it, as [`CommandReader::mark`] reads it.
#[derive(Clone, Copy)]
enum Mark {
    Operator(Operator),
    Redirect { complete: bool },
    Open,
    Close,
}

/// What [`CommandReader::run`] knows between tokens besides the command being read.
struct Reading {
    /// The next word is a redirection's target, no word of a command.
    redirect_next: bool,
    /// The heredocs opened on this line, their bodies read at its end: the delimiter, and
    /// whether tabs before it are stripped (`<<-`).
    pending_heredocs: Vec<(String, bool)>,
    /// Whether the line has had no word yet, only heredoc openers.
    only_heredoc: bool,
    /// Whether a heredoc opened with no word before it (`RUN <<EOF`): its body is a script.
    saw_heredoc_alone: bool,
    /// `case WORD in PATTERN|PATTERN) ...;; esac`: the patterns are not commands and
    /// their `|` is not a pipe.
    case_depth: usize,
    case_header: bool,
    expect_pattern: bool,
}

/// How many bytes `word` starts with that a `NAME=value` assignment's name has: letters,
/// digits and `_`. It is an assignment when there is one and `=` follows. One pass that
/// stops at the first byte no name has (`apt-get` at its `-`).
fn name_bytes(word: &str) -> usize {
    word.bytes()
        .position(|b| !NAME_BYTE[usize::from(b)])
        .unwrap_or(word.len())
}

/// The bytes of a variable's name, looked up: three range tests per byte cost more.
const NAME_BYTE: [bool; 256] = {
    let mut name = [false; 256];
    let mut b = 0;
    while b < 256 {
        name[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    name
};

#[cfg(test)]
mod tests;
