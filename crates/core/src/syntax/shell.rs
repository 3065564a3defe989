//! A shell view of RUN (and of shell-form CMD, ENTRYPOINT and HEALTHCHECK): the script split
//! into simple commands on `&&`, `||`, `;`, `|`, `&` and newlines, each with its words
//! unquoted, so rules can see `apt-get install -y --no-install-recommends a b`.
//!
//! The words and operators come from the one shell lexer ([`super::shell_lexer`]), with
//! substitutions kept as written; this module groups them into commands, connectors,
//! redirections and `case` patterns. It does not expand variables or interpret control
//! flow; reserved words such as `if` and `then` stay words, and [`ShellCommand::name`]
//! looks past them.

use std::ops::Range;

use super::shell_lexer::{LexWord, Lexer, Operator, Substitutions, Token as LexToken};
use super::span::Span;
use super::tree::{Heredoc, Instruction, InstructionKind};

/// One joined piece of shell text: `(offset in the text, offset in the Dockerfile, length)`,
/// as the parser records an instruction's continuation lines
/// ([`Instruction::argument_source`]).
pub type Piece = (usize, usize, usize);

/// Where the bytes of shell text came from in the Dockerfile. The text a shell reads is
/// joined from pieces (continuation lines, heredoc bodies), a few per instruction and most
/// often one, and a word's offsets are looked up in them when it is read. An offset kept
/// per character instead took eight bytes of every character of every script, and writing
/// them was a twentieth of lint.
#[derive(Debug, Clone, Copy)]
pub struct SourceMap<'a> {
    /// In text order; when empty, the text is the one piece `whole`.
    pieces: &'a [Piece],
    whole: Piece,
    /// Offsets asked for are this many bytes into the text the pieces describe: the map of
    /// a script inside another ([`SourceMap::skipping`]).
    skip: usize,
}

impl<'a> SourceMap<'a> {
    /// Text written as it is read: its `len` bytes are the Dockerfile's from `start` on.
    pub fn contiguous(start: usize, len: usize) -> SourceMap<'static> {
        SourceMap {
            pieces: &[],
            whole: (0, start, len),
            skip: 0,
        }
    }

    /// Text joined from `pieces`; with none, it is contiguous ([`SourceMap::contiguous`]).
    pub fn new(pieces: &'a [Piece], start: usize, len: usize) -> SourceMap<'a> {
        SourceMap {
            pieces,
            ..SourceMap::contiguous(start, len)
        }
    }

    /// The map of the same text past its first `bytes` bytes: offsets `0..` of a script
    /// that starts there.
    pub fn skipping(self, bytes: usize) -> SourceMap<'a> {
        SourceMap {
            skip: self.skip + bytes,
            ..self
        }
    }

    /// The Dockerfile offset of byte `at` of the text. A byte between two pieces (none
    /// such in joined text) counts as the next piece's start, one past the last piece as
    /// that piece's end.
    pub fn offset(&self, at: usize) -> usize {
        let at = at + self.skip;
        // Contiguous text (most): no piece to search for.
        if self.pieces.is_empty() {
            let (logical, source, len) = self.whole;
            return source + at.min(logical + len).saturating_sub(logical);
        }
        let pieces = self.pieces();
        // Pieces are in text order: a binary search keeps a RUN continued over thousands of
        // lines linear to map.
        let piece = pieces.partition_point(|&(logical, _, len)| logical + len <= at);
        match pieces.get(piece) {
            Some(&(logical, source, _)) => source + at.saturating_sub(logical),
            None => {
                let (_, source, len) = pieces[pieces.len() - 1];
                source + len
            }
        }
    }

    /// The pieces, never none.
    fn pieces(&self) -> &[Piece] {
        if self.pieces.is_empty() {
            std::slice::from_ref(&self.whole)
        } else {
            self.pieces
        }
    }

    /// The Dockerfile span of the bytes `range` of `text` (the text this map is of, `range`
    /// not empty): from where its first character is to just past its last one
    /// ([`SourceMap::offset_after`]). One search when the range is in one piece, as a
    /// word nearly always is.
    pub fn span(&self, text: &str, range: Range<usize>) -> Range<usize> {
        self.span_from(text, range, &mut 0)
    }

    /// [`SourceMap::span`] for ranges asked in text order, as a reader meets its words:
    /// `piece` is the piece the last one was in, tried first with the one after it, so
    /// most words of a RUN continued over many lines are mapped with no search.
    #[inline]
    pub fn span_from(&self, text: &str, range: Range<usize>, piece: &mut usize) -> Range<usize> {
        let (start, end) = (range.start + self.skip, range.end + self.skip);
        // Most words are in the piece the last one was in (or in the one piece of contiguous
        // text): that is tried here, small enough to be inlined into the readers, and only
        // the rest pay for the call and the search.
        let last = if self.pieces.is_empty() {
            Some(&self.whole)
        } else {
            self.pieces.get(*piece)
        };
        if let Some(&(logical, source, len)) = last {
            if logical <= start && end <= logical + len {
                return source + (start - logical)..source + (end - logical);
            }
        }
        self.span_searched(text, range, piece)
    }

    /// Piece `piece` of the map (see [`SourceMap::span_from`]) as a [`Window`] on the
    /// text's offsets; with no such piece, or one before the text's start, a window that
    /// holds nothing.
    pub fn window(&self, piece: usize) -> Window {
        match self.pieces().get(piece) {
            Some(&(logical, source, len)) if logical + len >= self.skip => Window {
                lo: logical.saturating_sub(self.skip),
                hi: logical + len - self.skip,
                shift: source.wrapping_add(self.skip).wrapping_sub(logical),
            },
            _ => Window {
                lo: usize::MAX,
                hi: 0,
                shift: 0,
            },
        }
    }

    /// [`SourceMap::span_from`] for a word not in the last word's piece.
    #[inline(never)]
    fn span_searched(&self, text: &str, range: Range<usize>, piece: &mut usize) -> Range<usize> {
        let (start, end) = (range.start + self.skip, range.end + self.skip);
        let pieces = self.pieces();
        let within = |at: usize| {
            pieces
                .get(at)
                .filter(|&&(logical, _, len)| logical <= start && end <= logical + len)
        };
        let found = [*piece, *piece + 1]
            .into_iter()
            .chain(std::iter::once_with(|| {
                pieces.partition_point(|&(logical, _, len)| logical + len <= start)
            }))
            .find_map(|at| within(at).map(|found| (at, found)));
        match found {
            Some((at, &(logical, source, _))) => {
                *piece = at;
                source + (start - logical)..source + (end - logical)
            }
            // Across pieces, or past the last one.
            None => self.offset(range.start)..self.offset_after(text, range.end),
        }
    }

    /// The Dockerfile offset just past the character of `text` (the text this map is of)
    /// that ends at byte `end`: where that character starts, plus its length. A character
    /// is never cut between pieces, so this is where its last byte is, plus one.
    pub fn offset_after(&self, text: &str, end: usize) -> usize {
        let mut start = end.saturating_sub(1);
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        self.offset(start) + (end - start)
    }
}

/// One piece of a [`SourceMap`] as the offsets of its text that it holds: the bytes
/// `lo..hi`, each `shift` bytes further on in the Dockerfile (in wrapping arithmetic). A
/// reader that meets its words in order keeps the last word's window, and maps most words
/// with two comparisons and two additions; the rest go to [`SourceMap::span_from`].
#[derive(Debug, Clone, Copy)]
pub struct Window {
    lo: usize,
    hi: usize,
    shift: usize,
}

impl Window {
    /// The Dockerfile span of the bytes `range` of the text, when they are in this piece:
    /// what [`SourceMap::span_from`] answers then.
    #[inline(always)]
    pub fn span(&self, range: &Range<usize>) -> Option<Range<usize>> {
        (self.lo <= range.start && range.end <= self.hi)
            .then(|| range.start.wrapping_add(self.shift)..range.end.wrapping_add(self.shift))
    }
}

/// A shell script split into simple commands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShellScript {
    /// The commands in order.
    pub commands: Vec<ShellCommand>,
}

/// How a command is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `&&`: runs if the previous command succeeded.
    And,
    /// `||`: runs if the previous command failed.
    Or,
    /// `;` or a newline: runs after the previous command.
    Sequence,
    /// `|`: reads the previous command's output.
    Pipe,
    /// `&`: the previous command runs in the background.
    Background,
}

/// One simple command: words and redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    /// The operator before this command; `None` for the first one and after `(`.
    pub connector: Option<Connector>,
    /// The words, in order, without redirections.
    pub words: Vec<ShellWord>,
    /// Redirections such as `> /dev/null` or `2>&1`.
    pub redirects: Vec<Redirect>,
    /// From the first to the last token of the command.
    pub span: Span,
}

/// A shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with quotes and escapes removed; `$VAR` and `$(...)` are kept as written.
    pub text: String,
    /// Whether any part of it was quoted.
    pub quoted: bool,
    /// Where it is.
    pub span: Span,
}

/// A redirection: its operator (`>`, `>>`, `<`, `2>`, `&>`, `>&`...) and target word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator as written, with any file-descriptor number.
    pub operator: String,
    /// The file or descriptor it points at, when there is one.
    pub target: Option<ShellWord>,
    /// The operator and target.
    pub span: Span,
}

/// Words that start a compound command or a negation rather than name a program.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "!",
    "{", "}", "time", "exec",
];

impl ShellCommand {
    /// The program this command runs: the first word that is not a reserved word (`then`),
    /// an assignment (`DEBIAN_FRONTEND=noninteractive`) or `sudo`/`env` and their options.
    pub fn name(&self) -> Option<&str> {
        self.program_index().map(|i| self.words[i].text.as_str())
    }

    /// The words after [`ShellCommand::name`].
    pub fn arguments(&self) -> &[ShellWord] {
        match self.program_index() {
            Some(i) => &self.words[i + 1..],
            None => &[],
        }
    }

    /// Whether any argument is exactly `flag` (`-y`, `--no-cache-dir`), or a combined short
    /// option holding it (`-qy` holds `-y`), or `--flag=value`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.arguments().iter().any(|word| {
            let text = word.text.as_str();
            if text == flag {
                return true;
            }
            if let Some(long) = flag.strip_prefix("--") {
                return text
                    .strip_prefix("--")
                    .and_then(|t| t.strip_prefix(long))
                    .is_some_and(|rest| rest.starts_with('='));
            }
            match (flag.strip_prefix('-'), text.strip_prefix('-')) {
                (Some(short), Some(group)) if short.len() == 1 && !group.starts_with('-') => {
                    group.contains(short)
                }
                _ => false,
            }
        })
    }

    /// Arguments that are not options (do not start with `-`), such as package names.
    pub fn operands(&self) -> impl Iterator<Item = &ShellWord> {
        self.arguments()
            .iter()
            .filter(|word| !word.text.starts_with('-') || word.quoted && word.text.is_empty())
    }

    fn program_index(&self) -> Option<usize> {
        let mut i = 0;
        while i < self.words.len() {
            let word = &self.words[i];
            let text = word.text.as_str();
            if !word.quoted && matches!(text, "case" | "for" | "select") {
                // `case x in`, `for x in a b`: a loop or branch header runs no program.
                return None;
            }
            if !word.quoted && RESERVED.contains(&text) {
                i += 1;
                continue;
            }
            // `A="$(cmd)"` is an assignment even though its value is quoted.
            if is_assignment(text) {
                i += 1;
                continue;
            }
            if matches!(text, "sudo" | "env" | "command" | "nohup") {
                i += 1;
                while i < self.words.len()
                    && (self.words[i].text.starts_with('-') || is_assignment(&self.words[i].text))
                {
                    // `sudo -u user` takes a value.
                    let takes_value = matches!(self.words[i].text.as_str(), "-u" | "-g" | "-C");
                    i += if takes_value { 2 } else { 1 };
                }
                continue;
            }
            return Some(i);
        }
        None
    }
}

fn starts_with_word(command: &ShellCommand, word: &str) -> bool {
    command
        .words
        .first()
        .is_some_and(|first| !first.quoted && first.text == word)
}

/// `case WORD in` on its own, so the next line starts with a pattern.
fn opens_case(command: &ShellCommand) -> bool {
    starts_with_word(command, "case") && command.words.last().is_some_and(|w| w.text == "in")
}

fn is_assignment(text: &str) -> bool {
    match text.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

impl ShellScript {
    /// Splits `text` into commands; spans are byte offsets into `text`.
    pub fn parse(text: &str) -> ShellScript {
        Self::parse_mapped(text, SourceMap::contiguous(0, text.len()))
    }

    /// Every command whose [`ShellCommand::name`] is `name`.
    pub fn commands_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ShellCommand> {
        self.commands
            .iter()
            .filter(move |command| command.name() == Some(name))
    }

    /// Like [`ShellScript::parse`], with `map` turning offsets in `text` into source offsets.
    pub(crate) fn parse_mapped(text: &str, map: SourceMap) -> ShellScript {
        // Read token by token: a megabyte RUN's tokens all at once were more memory than the
        // commands built from them.
        let tokens = view_tokens(text, map);
        let mut script = ShellScript::default();
        let mut current: Option<ShellCommand> = None;
        let mut connector: Option<Connector> = None;
        let mut pending_redirect: Option<Redirect> = None;
        // Inside `case ... in`, the words before `)` are a pattern, not a command.
        let mut expect_pattern = false;
        for token in tokens {
            match token.kind {
                TokenKind::Word => {
                    let word = ShellWord {
                        text: token.text,
                        quoted: token.quoted,
                        span: token.span,
                    };
                    let command = current.get_or_insert_with(|| ShellCommand {
                        connector: connector.take(),
                        words: Vec::new(),
                        redirects: Vec::new(),
                        span: word.span,
                    });
                    command.span = command.span.cover(word.span);
                    if let Some(mut redirect) = pending_redirect.take() {
                        redirect.span = redirect.span.cover(word.span);
                        redirect.target = Some(word);
                        command.redirects.push(redirect);
                    } else {
                        command.words.push(word);
                    }
                }
                TokenKind::Redirect => {
                    let span = token.span;
                    let command = current.get_or_insert_with(|| ShellCommand {
                        connector: connector.take(),
                        words: Vec::new(),
                        redirects: Vec::new(),
                        span,
                    });
                    command.span = command.span.cover(span);
                    if let Some(redirect) = pending_redirect.take() {
                        command.redirects.push(redirect);
                    }
                    let complete = token.complete;
                    let redirect = Redirect {
                        operator: token.text,
                        target: None,
                        span,
                    };
                    if complete {
                        command.redirects.push(redirect);
                    } else {
                        pending_redirect = Some(redirect);
                    }
                }
                TokenKind::Operator(op) => {
                    if let (Some(redirect), Some(command)) =
                        (pending_redirect.take(), current.as_mut())
                    {
                        command.redirects.push(redirect);
                    }
                    if token.text == ";;" {
                        // The end of a `case` branch: a pattern comes next.
                        expect_pattern = true;
                    }
                    if expect_pattern && token.text == "|" {
                        // `arm64|aarch64)`: alternatives of one pattern.
                        current = None;
                        continue;
                    }
                    if let Some(command) = current.take() {
                        if opens_case(&command) {
                            expect_pattern = true;
                        }
                        if starts_with_word(&command, "esac") {
                            expect_pattern = false;
                        }
                        script.commands.push(finished(command));
                        connector = op;
                    } else if op.is_some() && connector.is_none() {
                        connector = op;
                    }
                }
                TokenKind::Group => {
                    if let (Some(redirect), Some(command)) =
                        (pending_redirect.take(), current.as_mut())
                    {
                        command.redirects.push(redirect);
                    }
                    if let Some(mut command) = current.take() {
                        if token.text == ")" && starts_with_word(&command, "case") {
                            // `case "$x" in amd64)`: the words after `in` are a pattern.
                            if let Some(at) = command.words.iter().position(|w| w.text == "in") {
                                command.words.truncate(at + 1);
                                if let Some(last) = command.words.last() {
                                    command.span = Span::new(command.span.start, last.span.end);
                                }
                            }
                            script.commands.push(finished(command));
                        } else if token.text == ")" && expect_pattern {
                            // `amd64)` or `*)`: a case pattern, not a command.
                        } else {
                            script.commands.push(finished(command));
                        }
                    }
                    if token.text == ")" {
                        expect_pattern = false;
                    }
                }
            }
        }
        if let (Some(redirect), Some(command)) = (pending_redirect.take(), current.as_mut()) {
            command.redirects.push(redirect);
        }
        script.commands.extend(current.map(finished));
        script.commands.shrink_to_fit();
        script
    }
}

/// A command as the script keeps it: its words' spare room given back. The view is kept
/// with the instruction, and a RUN of a hundred thousand one-word commands (nested groups)
/// held room for four words each.
fn finished(mut command: ShellCommand) -> ShellCommand {
    command.words.shrink_to_fit();
    command
}

impl Instruction {
    /// The shell view of a shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD, with spans in
    /// the Dockerfile. For `RUN <<EOF` the heredoc body is the script. `None` for JSON form
    /// and other instructions. Read on the first call and kept with the instruction.
    pub fn shell(&self) -> Option<&ShellScript> {
        self.shell
            .0
            .get_or_init(|| self.read_shell_script())
            .as_ref()
    }

    /// [`Instruction::shell`], as a copy the caller owns.
    pub fn shell_script(&self) -> Option<ShellScript> {
        self.shell().cloned()
    }

    fn read_shell_script(&self) -> Option<ShellScript> {
        if self.json {
            return None;
        }
        match self.kind() {
            InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint => {}
            InstructionKind::Healthcheck => {
                let command = self.values.get(1)?;
                let skip = self.arguments.len().saturating_sub(command.text.len());
                let map = self.argument_source().skipping(skip);
                return Some(ShellScript::parse_mapped(&command.text, map));
            }
            _ => return None,
        }
        if let Some(first) = self.heredocs.first() {
            let opener = self.arguments.trim();
            let bare = opener.trim_start_matches(|c: char| c.is_ascii_digit());
            if bare.starts_with("<<") && !opener.contains(char::is_whitespace) {
                // `RUN <<EOF`: the body is the script.
                return Some(heredoc_script(first));
            }
        }
        let mut script = ShellScript::parse_mapped(&self.arguments, self.argument_source());
        // `RUN bash <<EOF`: a shell reading a heredoc runs its body too.
        let mut bodies = Vec::new();
        for command in &script.commands {
            if !command.name().is_some_and(|name| SHELLS.contains(&name)) {
                continue;
            }
            for redirect in &command.redirects {
                let target = redirect.target.as_ref().map(|t| t.text.as_str());
                if redirect
                    .operator
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with("<<")
                {
                    if let Some(heredoc) = self
                        .heredocs
                        .iter()
                        .find(|h| Some(h.name.as_str()) == target)
                    {
                        bodies.push(heredoc_script(heredoc));
                    }
                }
            }
        }
        for body in bodies {
            let mut commands = body.commands.into_iter();
            if let Some(mut head) = commands.next() {
                head.connector = Some(Connector::Sequence);
                script.commands.push(head);
            }
            script.commands.extend(commands);
        }
        Some(script)
    }

    /// Where the bytes of [`Instruction::arguments`] are in the source: the pieces the
    /// continuation lines were joined from, or the arguments' span when they are one piece.
    pub fn argument_source(&self) -> SourceMap<'_> {
        SourceMap::new(
            &self.argument_map,
            self.arguments_span.start,
            self.arguments_span.len(),
        )
    }

    /// The pieces of [`Instruction::arguments`] (see [`Instruction::argument_source`]);
    /// empty when the arguments are contiguous in the source, at `arguments_span`.
    pub fn argument_pieces(&self) -> &[Piece] {
        &self.argument_map
    }

    /// Source offset of byte `offset` of [`Instruction::arguments`].
    pub fn argument_offset(&self, offset: usize) -> usize {
        self.argument_source().offset(offset)
    }
}

/// Programs that run their standard input as a script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// A heredoc body as the shell sees it (tabs stripped for `<<-`), with spans in the source.
fn heredoc_script(heredoc: &Heredoc) -> ShellScript {
    let base = heredoc.content_span.start;
    let mut text = String::new();
    let mut map: Vec<Piece> = Vec::new();
    let mut offset = 0;
    for line in heredoc.content.split_inclusive('\n') {
        let kept = if heredoc.chomp {
            line.trim_start_matches('\t')
        } else {
            line
        };
        let skipped = line.len() - kept.len();
        map.push((text.len(), base + offset + skipped, kept.len()));
        text.push_str(kept);
        offset += line.len();
    }
    // Past the last piece is the end of the body, where the last line ends.
    ShellScript::parse_mapped(&text, SourceMap::new(&map, base, 0))
}

#[derive(Debug, PartialEq)]
enum TokenKind {
    Word,
    Redirect,
    /// `None` is a newline (sequence), `Some` an explicit operator.
    Operator(Option<Connector>),
    /// `(` or `)`: a subshell boundary.
    Group,
}

/// A token of the shared lexer ([`super::shell_lexer`]) as this view builds commands from
/// it, with its span in the source.
#[derive(Debug)]
struct Token {
    kind: TokenKind,
    text: String,
    quoted: bool,
    /// A redirection that needs no target word (`2>&1`).
    complete: bool,
    span: Span,
}

fn view_tokens<'a>(text: &'a str, map: SourceMap<'a>) -> impl Iterator<Item = Token> + 'a {
    let end = map.offset(text.len());
    let span = move |range: Range<usize>| {
        if range.start >= text.len() {
            Span::empty(end)
        } else if range.end > range.start {
            let span = map.span(text, range);
            Span::new(span.start, span.end)
        } else {
            Span::empty(map.offset(range.start))
        }
    };
    let slice = move |range: Range<usize>| -> String {
        let to = range.end.min(text.len());
        text[range.start.min(to)..to].to_string()
    };
    let word = move |w: LexWord| Token {
        kind: TokenKind::Word,
        span: span(w.bytes),
        text: w.text.into(),
        quoted: w.quoted,
        complete: false,
    };
    let mut lexer = Lexer::new(text, Substitutions::AsWritten);
    // A heredoc opener is two tokens: its operator, then its delimiter word.
    let mut pending: Option<Token> = None;
    std::iter::from_fn(move || {
        if let Some(token) = pending.take() {
            return Some(token);
        }
        Some(match lexer.next_token()? {
            LexToken::Word(w) => word(w),
            LexToken::Operator { operator, bytes } => Token {
                kind: TokenKind::Operator(Some(match operator {
                    Operator::And => Connector::And,
                    Operator::Or => Connector::Or,
                    Operator::Pipe => Connector::Pipe,
                    Operator::Background => Connector::Background,
                    Operator::Semicolon | Operator::Newline | Operator::CaseBreak => {
                        Connector::Sequence
                    }
                })),
                text: slice(bytes.clone()),
                quoted: false,
                complete: false,
                span: span(bytes),
            },
            LexToken::Redirect { complete, bytes } => Token {
                kind: TokenKind::Redirect,
                text: slice(bytes.clone()),
                quoted: false,
                complete,
                span: span(bytes),
            },
            LexToken::Heredoc {
                delimiter, bytes, ..
            } => {
                let complete = delimiter.is_none();
                pending = delimiter.map(|d| word(*d));
                Token {
                    kind: TokenKind::Redirect,
                    text: slice(bytes.clone()),
                    quoted: false,
                    complete,
                    span: span(bytes),
                }
            }
            LexToken::Open(at) | LexToken::Close(at) => Token {
                kind: TokenKind::Group,
                text: slice(at..at + 1),
                quoted: false,
                complete: false,
                span: span(at..at + 1),
            },
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(script: &ShellScript) -> Vec<&str> {
        script.commands.iter().filter_map(|c| c.name()).collect()
    }

    #[test]
    fn words_of_joined_lines_point_at_what_was_written() {
        for text in [
            "RUN a b\n",
            "RUN apt-get update \\\n  # a comment\n    && apt-get install -y x \\\n\n  y\n",
            "RUN echo \\\n  é \\\n  dône ñ\n",
            "HEALTHCHECK --interval=5s CMD curl \\\n  -fé http://x/ \\\n || exit 1\n",
            "RUN <<EOF\n\tapt-get ü\nEOF\n",
            "RUN <<-EOF\n\t\tapt-get ü\n\tEOF\n",
        ] {
            let file = crate::syntax::parse(text);
            for instruction in file.instructions() {
                let script = instruction.shell().expect("a shell script");
                assert!(!script.commands.is_empty(), "{text:?}");
                for word in script.commands.iter().flat_map(|c| &c.words) {
                    assert_eq!(&text[word.span.start..word.span.end], word.text, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn a_source_map_puts_each_byte_where_its_piece_came_from() {
        // "ab" written at 10, "cdé" at 20.
        let pieces = [(0, 10, 2), (2, 20, 4)];
        let map = SourceMap::new(&pieces, 0, 0);
        let offsets: Vec<usize> = (0..=6).map(|at| map.offset(at)).collect();
        assert_eq!(offsets, [10, 11, 20, 21, 22, 23, 24]);
        assert_eq!(map.offset_after("abcdé", 6), 24);
        assert_eq!(map.offset_after("abcdé", 2), 12);
        assert_eq!(map.skipping(2).offset(0), 20);
        let text = "abcdé";
        for start in [0, 1, 2, 3, 4] {
            for end in (start + 1..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                let each = map.offset(start)..map.offset_after(text, end);
                assert_eq!(map.span(text, start..end), each, "{start}..{end}");
                for mut piece in 0..3 {
                    if let Some(span) = map.window(piece).span(&(start..end)) {
                        assert_eq!(span, each, "{start}..{end} in piece {piece}'s window");
                    }
                    let span = map.span_from(text, start..end, &mut piece);
                    assert_eq!(span, each, "{start}..{end} from piece {piece}");
                }
                let skipped = map.skipping(1);
                let window = (0..3).find_map(|piece| skipped.window(piece).span(&(start..end)));
                if end < text.len() {
                    let each = skipped.offset(start)..skipped.offset_after(&text[1..], end);
                    assert!(
                        window.is_none_or(|span| span == each),
                        "{start}..{end} skipped"
                    );
                }
            }
        }
        let written = SourceMap::contiguous(5, 3);
        assert_eq!((written.offset(2), written.offset(7)), (7, 8));
    }

    #[test]
    fn splits_on_operators_and_unquotes_words() {
        let script = ShellScript::parse(
            "apt-get update && apt-get install -y --no-install-recommends 'a b' c \\\n && rm -rf /var/lib/apt/lists/* || true; echo \"$(id -u)\" | tee /x > /dev/null 2>&1",
        );
        assert_eq!(
            names(&script),
            ["apt-get", "apt-get", "rm", "true", "echo", "tee"]
        );
        let install = &script.commands[1];
        assert!(install.has_flag("-y"));
        assert!(install.has_flag("--no-install-recommends"));
        let operands: Vec<_> = install.operands().map(|w| w.text.as_str()).collect();
        assert_eq!(operands, ["install", "a b", "c"]);
        assert_eq!(script.commands[3].connector, Some(Connector::Or));
        assert_eq!(script.commands[4].words[1].text, "$(id -u)");
        let tee = &script.commands[5];
        assert_eq!(tee.connector, Some(Connector::Pipe));
        assert_eq!(tee.redirects.len(), 2);
        assert_eq!(tee.redirects[0].target.as_ref().unwrap().text, "/dev/null");
        assert_eq!(tee.redirects[1].operator, "2>&1");
    }

    #[test]
    fn case_patterns_are_not_commands() {
        let script = ShellScript::parse(
            "case \"$arch\" in\n  amd64) url=a ;;\n  arm64|aarch64) echo b; uname ;;\n  *) exit 1 ;;\nesac; make",
        );
        let words: Vec<Vec<&str>> = script
            .commands
            .iter()
            .map(|c| c.words.iter().map(|w| w.text.as_str()).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["case", "$arch", "in"],
                vec!["url=a"],
                vec!["echo", "b"],
                vec!["uname"],
                vec!["exit", "1"],
                vec!["esac"],
                vec!["make"],
            ]
        );
        let inline = ShellScript::parse("case $x in a) echo a;; esac");
        assert_eq!(names(&inline), ["echo"]);
        assert_eq!(
            names(&ShellScript::parse("for key in a b; do gpg $key; done")),
            ["gpg"]
        );
    }

    #[test]
    fn looks_past_reserved_words_and_sudo() {
        let text = "if [ -f x ]; then sudo -u me DEBIAN_FRONTEND=noninteractive pip install --no-cache-dir -r x; fi";
        let script = ShellScript::parse(text);
        assert_eq!(names(&script), ["[", "pip"]);
        let quoted =
            ShellScript::parse("NODE_ENV=\"$(cat env)\" npm ci; saved=\"$(apt-mark showmanual)\"");
        assert_eq!(names(&quoted), ["npm"]);
        let pip = script.commands_named("pip").next().unwrap();
        assert!(pip.has_flag("--no-cache-dir"));
        let start = text.find("then").unwrap();
        assert_eq!(pip.span, Span::new(start, text.find("; fi").unwrap()));
    }
}
