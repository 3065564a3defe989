//! The one reader of shell words: it cuts shell text into words, operators, redirections and
//! heredoc openers. The parser's shell view ([`super::shell`]) and lint's hadolint view
//! (`lint::shell`) both build their commands from these tokens.
//!
//! It knows quoting, backslash escapes, comments, `$(...)`, `${...}`, backquotes and process
//! substitution `<(...)`. It records where each substitution's inner script is, so a reader
//! that wants the commands inside can read them (lint does, to a fixed depth); it never
//! recurses itself, so the text cannot choose its stack depth.
//!
//! It reads the bytes of a `&str`: everything shell syntax gives a meaning to is ASCII, and
//! in UTF-8 no byte of a multi-byte character is ASCII, so a byte that is not ASCII is a
//! character of a word and a cut at an ASCII byte never splits a character. Words, tokens
//! and inner scripts are byte ranges of the text; where those bytes are in the Dockerfile is
//! a [`super::shell::SourceMap`]'s answer, asked once per word, not a source offset carried
//! per character.

use std::ops::Range;

use super::text::Text;

/// What a word's text keeps of a command substitution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Substitutions {
    /// As written: `$(id -u)`, `` `id -u` ``, `<(sort a)`.
    AsWritten,
    /// As hadolint's rules see them: `$(cmd)` becomes `${cmd}`, backquotes and `<(cmd)`
    /// become `${VAR}`, so a word built from one is known to hold an expansion.
    Hadolint,
}

/// A word: its text with quotes and escapes removed (`$VAR` and `${...}` kept as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexWord {
    pub text: Text,
    /// Whether any part of it was quoted or escaped.
    pub quoted: bool,
    /// The bytes of the lexer's text it covers.
    pub bytes: Range<usize>,
    /// The inner scripts of its `$(...)`, backquotes and `<(...)`, as byte ranges, in the
    /// order they appear; nested ones are inside these and are not listed.
    pub inner: Vec<Range<usize>>,
}

/// A control operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// A line break.
    Newline,
    /// `;;`, the end of a `case` branch.
    CaseBreak,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
}

/// One token of shell text; its ranges and offsets are bytes of the lexer's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(LexWord),
    Operator {
        operator: Operator,
        bytes: Range<usize>,
    },
    /// `>`, `2>>`, `&>`, `<`, `>&2`, `<<<`...: the word after it is its target unless the
    /// operator is `complete` (`2>&1`, `>&-`). The operator is the text at `bytes`.
    Redirect {
        complete: bool,
        bytes: Range<usize>,
    },
    /// `<<DELIM` or `<<-DELIM` (`strip_tabs`): the body starts on the next line. The
    /// delimiter is `None` when nothing follows the operator, which is the text at `bytes`.
    /// It is boxed: a token is as large as its largest kind, most tokens are words, and
    /// heredocs are rare.
    Heredoc {
        delimiter: Option<Box<LexWord>>,
        strip_tabs: bool,
        bytes: Range<usize>,
    },
    /// `(`: a subshell or a `case` pattern opens.
    Open(usize),
    /// `)`: a subshell or a `case` pattern closes.
    Close(usize),
}

/// The bytes that end a run of [`Lexer::read_word`]'s plain characters outside
/// [`fields`]: blanks, operators, quotes, escapes and the starts of substitutions (and `(`,
/// whose meaning depends on the word so far). All ASCII: the bytes of a multi-byte
/// character are never in it.
pub(crate) const WORD_STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let bytes = b" \t\r\n;&|()<>\\'\"$`";
    let mut i = 0;
    while i < bytes.len() {
        stop[bytes[i] as usize] = true;
        i += 1;
    }
    stop
};

/// How many bytes the UTF-8 character whose first byte is `lead` takes.
fn width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xf0.. => 4,
        0xe0.. => 3,
        _ => 2,
    }
}

/// The most room [`Lexer::read_word`]'s buffer keeps from one word to the next.
const SCRATCH_KEPT: usize = 4096;

/// Reads tokens one at a time from a text's bytes.
pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    substitutions: Substitutions,
    inner: Vec<Range<usize>>,
    /// The word being read: one buffer for every word of the text, each word's [`Text`]
    /// copied out of it (most in place, with no allocation of their own).
    scratch: String,
    /// Reading [`fields`]: words end at whitespace only, and a quote is a quote only when it
    /// closes later in the text (the last index of `'` and of `"`).
    fields: Option<[Option<usize>; 2]>,
}

/// The whitespace-separated words of an instruction's arguments, as hadolint's rules read
/// them (`COPY a b`, `EXPOSE 80/tcp`, `WORKDIR "/my app"`): quotes and backslashes removed,
/// but no shell grammar, so `&&`, `>` and `#` are characters of words and `$(a b)` is two
/// words. A quote that never closes is a character, as BuildKit splits on whitespace.
pub fn fields(text: &str) -> Vec<LexWord> {
    fields_as(text, |word| word)
}

/// [`fields`], each word turned into what the caller keeps as it is read: no list of
/// [`LexWord`]s in between.
pub fn fields_as<T>(text: &str, keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    if !text.contains(['\'', '"', '\\']) {
        return plain_fields_as(text, keep);
    }
    lexed_fields_as(text, keep)
}

/// [`fields_as`] read by the lexer, for text with quotes or backslashes.
fn lexed_fields_as<T>(text: &str, mut keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    let mut lexer = Lexer::new(text, Substitutions::AsWritten);
    lexer.fields = Some([text.rfind('\''), text.rfind('"')]);
    let mut out = Vec::new();
    loop {
        while lexer.at_whitespace() {
            lexer.pos += lexer.char_width();
        }
        if lexer.pos >= text.len() {
            return out;
        }
        out.extend(lexer.read_word().map(&mut keep));
    }
}

/// [`fields_as`] of text with no quote and no backslash (most instructions' arguments): each
/// word is a run of characters that are not whitespace, as written, read with no lexer.
fn plain_fields_as<T>(text: &str, mut keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    let base = text.as_ptr() as usize;
    text.split_whitespace()
        .map(|word| {
            let start = word.as_ptr() as usize - base;
            keep(LexWord {
                text: Text::new(word),
                quoted: false,
                bytes: start..start + word.len(),
                inner: Vec::new(),
            })
        })
        .collect()
}

/// The text of the word that `text` is, read again: the text [`Lexer::next_token`] gave the
/// [`LexWord`] that covered it. A reader that sets a long word's text aside while it reads
/// the word's substitutions gets it back with this.
pub fn word_text(text: &str, substitutions: Substitutions) -> Text {
    Lexer::new(text, substitutions)
        .read_word()
        .map_or_else(Text::default, |word| word.text)
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, substitutions: Substitutions) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            substitutions,
            inner: Vec::new(),
            scratch: String::new(),
            fields: None,
        }
    }

    /// Gives the lexer `scratch` as its word buffer ([`Lexer::take_scratch`]): a reader of
    /// many scripts keeps one buffer for all their lexers, rather than growing one per
    /// script that has a word to unquote.
    pub(crate) fn give_scratch(&mut self, scratch: String) {
        self.scratch = scratch;
    }

    /// The word buffer, for another lexer ([`Lexer::give_scratch`]); its contents mean
    /// nothing. Between two tokens the lexer does not use it.
    pub(crate) fn take_scratch(&mut self) -> String {
        std::mem::take(&mut self.scratch)
    }

    /// Gives back the list of a word's inner scripts ([`LexWord::inner`]) once read, as
    /// room for the next word's: each word with a substitution allocated its own.
    pub(crate) fn give_inner(&mut self, mut inner: Vec<Range<usize>>) {
        // Between two tokens the lexer's own list is empty and has no room: it went to
        // the last word that had substitutions.
        if self.inner.capacity() == 0 {
            inner.clear();
            self.inner = inner;
        }
    }

    /// The offset of the next byte to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// How many bytes the character at the current position takes (1 at the end).
    fn char_width(&self) -> usize {
        self.peek(0).map_or(1, width)
    }

    /// Whether the character at the current position is whitespace, Unicode's included
    /// (what [`fields`] splits on).
    fn at_whitespace(&self) -> bool {
        match self.peek(0) {
            Some(b) if b.is_ascii() => char::from(b).is_whitespace(),
            Some(_) => self.text[self.pos..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace),
            None => false,
        }
    }

    /// Appends the character at the current position to `text` and moves past it.
    fn take_char(&mut self, text: &mut String) {
        let end = (self.pos + self.char_width()).min(self.bytes.len());
        text.push_str(&self.text[self.pos..end]);
        self.pos = end;
    }

    fn skip_blanks(&mut self) {
        loop {
            self.pos = scan::past_blanks(self.bytes, self.pos);
            // A line continuation the Dockerfile reader left in (a heredoc body).
            if self.peek(0) != Some(b'\\') || self.peek(1) != Some(b'\n') {
                break;
            }
            self.pos += 2;
        }
    }

    /// Moves past blanks and comments to the next token.
    fn skip_to_token(&mut self) {
        // Most gaps between words are one space, or none (after an operator): when the byte
        // after it starts a token, that is where the token is, with no search.
        let at = self.pos + usize::from(self.peek(0) == Some(b' '));
        if !matches!(
            self.bytes.get(at),
            Some(b' ' | b'\t' | b'\r' | b'\\' | b'#')
        ) {
            self.pos = at;
            return;
        }
        loop {
            self.skip_blanks();
            if self.peek(0) != Some(b'#') {
                break;
            }
            // A comment runs to the end of the line.
            self.pos = scan::first_of(self.bytes, self.pos, [b'\n']);
        }
    }

    /// The next token when it is a simple word, read past: plain bytes (no quote, escape or
    /// command substitution: `apt-get`, `-y`, `$HOME/bin`, most words of a script), or one
    /// quoted string with nothing to unescape or substitute in it (`'a b'`, `"x y"`). Its
    /// text is then bytes of the text as written: those of the word, or inside its quotes.
    /// Gives the bytes of its text and of the word; else `None`, having moved past blanks
    /// and comments only, and [`Lexer::next_token`] reads the token. A reader that wants
    /// only a word's text (lint's commands) takes it from the source and skips building a
    /// [`Token`] for most words.
    pub fn next_simple_word(&mut self) -> Option<(Range<usize>, Range<usize>)> {
        self.skip_to_token();
        // Reading [`fields`], no word is a shell word: asked once here, not per branch.
        if self.fields.is_some() {
            return None;
        }
        match self.peek(0)? {
            // Digits before `<` or `>` are a redirection's (`2>/dev/null`): `next_token`'s.
            b'0'..=b'9' => {
                let digits = self.bytes[self.pos..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .unwrap_or(self.bytes.len() - self.pos);
                match self.peek(digits) {
                    Some(b'<' | b'>') => None,
                    _ => self.shell_plain_word().map(|bytes| (bytes.clone(), bytes)),
                }
            }
            quote @ (b'\'' | b'"') => {
                let start = self.pos;
                let end = self.quoted_word(quote)?;
                Some((start + 1..end - 1, start..end))
            }
            // An operator, a line break, an escape or a backquote (a token of every other
            // command): no plain byte starts here, as the search for one would find.
            c if c != b'$' && WORD_STOP[usize::from(c)] => None,
            _ => self.shell_plain_word().map(|bytes| (bytes.clone(), bytes)),
        }
    }

    /// [`Lexer::next_simple_word`] at a `quote`: the string when it closes before any byte
    /// that means something inside it and the word ends after it, read past; gives the
    /// word's end. (An offset, not the word's ranges: returned in a register, where the
    /// ranges went through memory, and so did every simple word's, which share their path.)
    /// Not inlined: its searches' constants, kept in registers across the reader's loop,
    /// were loaded again for every word.
    #[inline(never)]
    fn quoted_word(&mut self, quote: u8) -> Option<usize> {
        let start = self.pos;
        let rest = self.bytes.get(start + 1..).unwrap_or_default();
        let inside = if quote == b'\'' {
            Some(scan::first_of(rest, 0, [b'\''])).filter(|&at| at < rest.len())?
        } else {
            // `\`, `$(` and backquotes change a double-quoted string's text; `$NAME` and
            // `${...}` stay as written ([`Lexer::read_double_quoted`]).
            let mut at = 0;
            loop {
                at = scan::first_of(rest, at, [b'"', b'\\', b'$', b'`']);
                match *rest.get(at)? {
                    b'"' => break at,
                    b'$' if rest.get(at + 1) != Some(&b'(') => at += 1,
                    _ => return None,
                }
            }
        };
        let end = start + 1 + inside + 1;
        if !self.ends_word_at(end) {
            return None;
        }
        self.pos = end;
        Some(end)
    }

    /// Whether a word read up to byte `at` ends there: at the text's end, a blank or an
    /// operator (`<(` goes on as a process substitution).
    fn ends_word_at(&self, at: usize) -> bool {
        match self.bytes.get(at) {
            None => true,
            Some(b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b')' | b'>') => true,
            Some(b'<') => self.bytes.get(at + 1) != Some(&b'('),
            _ => false,
        }
    }

    /// The next token; `None` at the end of the text.
    pub fn next_token(&mut self) -> Option<Token> {
        self.skip_to_token();
        self.token_here()
    }

    /// [`Lexer::next_token`] when the lexer is already past blanks and comments, as
    /// [`Lexer::next_simple_word`] leaves it when it gives `None`: a reader that asks for a
    /// simple word first does not look for blanks twice.
    pub fn token_here(&mut self) -> Option<Token> {
        let c = self.peek(0)?;
        let start = self.pos;
        let operator = |lexer: &mut Lexer, operator: Operator, len: usize| {
            lexer.pos += len;
            Some(Token::Operator {
                operator,
                bytes: start..lexer.pos,
            })
        };
        match (c, self.peek(1)) {
            (b'\n', _) => return operator(self, Operator::Newline, 1),
            (b';', Some(b';')) => return operator(self, Operator::CaseBreak, 2),
            (b';', _) => return operator(self, Operator::Semicolon, 1),
            (b'&', Some(b'&')) => return operator(self, Operator::And, 2),
            (b'&', Some(b'>')) => {
                self.pos += 2;
                if self.peek(0) == Some(b'>') {
                    self.pos += 1;
                }
                return Some(self.redirect(start));
            }
            (b'&', _) => return operator(self, Operator::Background, 1),
            (b'|', Some(b'|')) => return operator(self, Operator::Or, 2),
            (b'|', Some(b'&')) => return operator(self, Operator::Pipe, 2),
            (b'|', _) => return operator(self, Operator::Pipe, 1),
            (b'(', _) => {
                self.pos += 1;
                return Some(Token::Open(start));
            }
            (b')', _) => {
                self.pos += 1;
                return Some(Token::Close(start));
            }
            _ => {}
        }
        // Redirections: optional file-descriptor digits, then `<` or `>`.
        let mut look = 0;
        while self.peek(look).is_some_and(|c| c.is_ascii_digit()) {
            look += 1;
        }
        if let Some(op @ (b'<' | b'>')) = self.peek(look) {
            self.pos += look + 1;
            if op == b'<' && self.peek(0) == Some(b'<') {
                self.pos += 1;
                if self.peek(0) == Some(b'<') {
                    self.pos += 1;
                    return Some(self.redirect(start));
                }
                let strip_tabs = self.peek(0) == Some(b'-');
                if strip_tabs {
                    self.pos += 1;
                }
                let end = self.pos;
                self.skip_blanks();
                let delimiter = self.read_word().map(Box::new);
                return Some(Token::Heredoc {
                    delimiter,
                    strip_tabs,
                    bytes: start..end,
                });
            }
            if op == b'<' && self.peek(0) == Some(b'(') {
                // Process substitution `<(cmd)` is a word.
                self.pos -= 1;
                return self.read_word().map(Token::Word);
            }
            if matches!(self.peek(0), Some(b'>' | b'&' | b'|')) {
                self.pos += 1;
            }
            return Some(self.redirect(start));
        }
        // A character no word can start with still ends a command, so reading always advances.
        self.read_word().map(Token::Word).or(Some(Token::Operator {
            operator: Operator::Semicolon,
            bytes: start..self.pos,
        }))
    }

    /// A redirection whose operator started at `start` and has been read up to `>&` or
    /// `<&`: a descriptor number or `-` after `&` completes it.
    fn redirect(&mut self, start: usize) -> Token {
        let complete = if self.pos > start && self.bytes[self.pos - 1] == b'&' {
            let from = self.pos;
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            if self.pos == from && self.peek(0) == Some(b'-') {
                self.pos += 1;
            }
            self.pos > from
        } else {
            false
        };
        Token::Redirect {
            complete,
            bytes: start..self.pos,
        }
    }

    /// The text of bytes `range`, cut to the text's end.
    fn slice(&self, range: Range<usize>) -> &'a str {
        let end = range.end.min(self.bytes.len());
        let text: &'a str = self.text;
        &text[range.start.min(end)..end]
    }

    /// Reads one word, recording the inner scripts of its substitutions.
    fn read_word(&mut self) -> Option<LexWord> {
        let start = self.pos;
        if let Some(bytes) = self.plain_word() {
            return Some(LexWord {
                text: Text::new(&self.text[bytes.clone()]),
                quoted: false,
                bytes,
                inner: Vec::new(),
            });
        }
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let mut quoted = false;
        while let Some(c) = self.peek(0) {
            // A run of bytes that only go into the word goes in at once.
            let run = self.plain_run();
            if run > 0 {
                text.push_str(self.slice(self.pos..self.pos + run));
                self.pos += run;
                continue;
            }
            if let Some([single, double]) = self.fields {
                let closes = |last: Option<usize>| last.is_some_and(|l| l > self.pos);
                match c {
                    _ if self.at_whitespace() => break,
                    b'\'' if closes(single) => {}
                    b'"' if closes(double) => {
                        quoted = true;
                        self.pos += 1;
                        self.read_double_quoted(&mut text);
                        continue;
                    }
                    b'\\' if self.pos + 1 < self.bytes.len() => {}
                    // Shell grammar means nothing here.
                    _ => {
                        self.take_char(&mut text);
                        continue;
                    }
                }
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b')' => break,
                // `(` ends a word at its start and in `name()`, a function definition;
                // elsewhere (`arr=(a b)`) it stays in the word, as hadolint's rules saw it.
                b'(' if text.is_empty() || self.peek(1) == Some(b')') => break,
                b'<' if self.peek(1) == Some(b'(') => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner(b')');
                    self.push_substitution(&mut text, from, "${VAR}");
                }
                b'<' | b'>' => break,
                b'\\' => {
                    self.pos += 1;
                    match self.peek(0) {
                        Some(b'\n') if self.fields.is_none() => self.pos += 1,
                        Some(_) => {
                            self.take_char(&mut text);
                            quoted = true;
                        }
                        // A backslash that ends the text stays, as a shell keeps it.
                        None => text.push('\\'),
                    }
                }
                b'\'' => {
                    quoted = true;
                    self.pos += 1;
                    let from = self.pos;
                    let to = scan::first_of(self.bytes, from, [b'\'']);
                    text.push_str(self.slice(from..to));
                    self.pos = (to + 1).min(self.bytes.len());
                }
                b'"' => {
                    quoted = true;
                    self.pos += 1;
                    self.read_double_quoted(&mut text);
                }
                b'$' if self.peek(1) == Some(b'(') => self.read_command_substitution(&mut text),
                b'$' if self.peek(1) == Some(b'{') => {
                    let from = self.pos;
                    self.pos = self.expansion_end(from);
                    text.push_str(self.slice(from..self.pos));
                }
                b'`' => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner(b'`');
                    self.push_substitution(&mut text, from, "${VAR}");
                }
                _ => self.take_char(&mut text),
            }
        }
        let word = Text::new(&text);
        // Kept for the next word unless a long word grew it: in `$( $( ... ) )` the lexer
        // of each level stays alive while the levels below are read, and each kept room for
        // a word the size of the rest of the text (2 MB apiece, 64 MB of a 1 MB file).
        if text.capacity() <= SCRATCH_KEPT {
            self.scratch = text;
        }
        if self.pos == start {
            // A lone character nothing above consumed: skip it so reading always advances.
            self.pos += self.char_width();
            return None;
        }
        Some(LexWord {
            text: word,
            quoted,
            bytes: start..self.pos.min(self.bytes.len()),
            inner: std::mem::take(&mut self.inner),
        })
    }

    /// The word at the current position when its text is its bytes as written, read past:
    /// plain bytes, `$NAME` and `${...}` up to a byte that ends the word (`apt-get`, `-y`,
    /// `/app`, `$HOME/bin`, most words of a script). Its text is those bytes, with no copy
    /// into the word buffer first.
    #[inline(always)]
    fn plain_word(&mut self) -> Option<Range<usize>> {
        if self.fields.is_some() {
            return None;
        }
        self.shell_plain_word()
    }

    /// [`Lexer::plain_word`] of a lexer that reads shell text, not [`fields`].
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn shell_plain_word(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        let mut end = scan::stop(self.bytes, start);
        if self.bytes.get(end) == Some(&b'$') {
            end = self.past_expansions(end)?;
        }
        if end == start || !self.ends_word_at(end) {
            return None;
        }
        self.pos = end;
        Some(start..end)
    }

    /// [`Lexer::plain_word`] from the `$` at byte `at` on: past the `$NAME`s, `${...}`s and
    /// plain bytes that follow, which stay in the text as written ([`Lexer::read_word`]).
    /// `None` at a `$(`, which does not.
    fn past_expansions(&self, mut at: usize) -> Option<usize> {
        loop {
            match (self.bytes.get(at), self.bytes.get(at + 1)) {
                (Some(b'$'), Some(b'{')) => at = self.expansion_end(at),
                (Some(b'$'), Some(b'(')) => return None,
                (Some(b'$'), _) => at += 1,
                _ => return Some(at),
            }
            at = scan::stop(self.bytes, at);
        }
    }

    /// The end of the `${...}` whose `$` is at byte `at`: past its closing brace (braces
    /// inside counted, quotes not), or the text's end.
    fn expansion_end(&self, at: usize) -> usize {
        let mut depth = 0;
        for (i, &b) in self.bytes.iter().enumerate().skip(at) {
            if b == b'{' {
                depth += 1;
            } else if b == b'}' {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
        }
        self.bytes.len()
    }

    /// How many bytes from the current one on [`Lexer::read_word`] would only append to the
    /// word, each by its catch-all arm: no quote, escape, substitution, operator or blank
    /// (and no `(`, whose meaning depends on the word so far). It ends at an ASCII byte or
    /// the text's end, so never inside a character. Inlined where it is read: it runs once
    /// or twice per word, and the calls were a third of its cost.
    #[inline(always)]
    fn plain_run(&self) -> usize {
        if self.fields.is_none() {
            return scan::stop(self.bytes, self.pos) - self.pos;
        }
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let mut run = 0;
        while let Some(&b) = rest.get(run) {
            if b.is_ascii() {
                if char::from(b).is_whitespace() || matches!(b, b'\'' | b'"' | b'\\') {
                    break;
                }
                run += 1;
            } else {
                // Unicode whitespace ends a field too.
                match self.text[self.pos + run..].chars().next() {
                    Some(c) if !c.is_whitespace() => run += c.len_utf8(),
                    _ => break,
                }
            }
        }
        run
    }

    /// The inside of `"..."`, after the opening quote.
    fn read_double_quoted(&mut self, text: &mut String) {
        while let Some(q) = self.peek(0) {
            match q {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' if self.fields.is_some() => {
                    // hadolint's reading: a backslash escapes any character in quotes.
                    self.pos += 1;
                    match self.peek(0) {
                        Some(_) => self.take_char(text),
                        None => text.push('\\'),
                    }
                }
                b'\\' => {
                    self.pos += 1;
                    if let Some(n) = self.peek(0) {
                        if !matches!(n, b'"' | b'\\' | b'$' | b'`' | b'\n') {
                            text.push('\\');
                        }
                        if n == b'\n' {
                            self.pos += 1;
                        } else {
                            self.take_char(text);
                        }
                    }
                }
                b'$' if self.fields.is_none() && self.peek(1) == Some(b'(') => {
                    self.read_command_substitution(text)
                }
                b'`' if self.fields.is_none() => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner(b'`');
                    self.push_substitution(text, from, "${VAR}");
                }
                _ => {
                    // This byte and the ones after it up to the next that means something
                    // in quotes go in at once (a multi-byte character's bytes among them).
                    let from = self.pos;
                    self.pos = scan::first_of(self.bytes, from + 1, [b'"', b'\\', b'$', b'`']);
                    text.push_str(self.slice(from..self.pos));
                }
            }
        }
    }

    /// `$(...)` at the current position.
    fn read_command_substitution(&mut self, text: &mut String) {
        let from = self.pos;
        self.pos += 1;
        let inner = self.read_inner(b')');
        match self.substitutions {
            Substitutions::AsWritten => text.push_str(self.slice(from..self.pos)),
            Substitutions::Hadolint => {
                text.push_str("${");
                text.push_str(self.slice(inner));
                text.push('}');
            }
        }
    }

    /// Appends a substitution that started at `from`: as written, or as `hadolint`.
    fn push_substitution(&self, text: &mut String, from: usize, hadolint: &str) {
        match self.substitutions {
            Substitutions::AsWritten => text.push_str(self.slice(from..self.pos)),
            Substitutions::Hadolint => text.push_str(hadolint),
        }
    }

    /// Reads `(...)` (at the `(`) or `` `...` `` (after the opening quote) up to its
    /// closing character, records the inner script and returns its range.
    fn read_inner(&mut self, close: u8) -> Range<usize> {
        if close == b')' {
            self.pos += 1;
        }
        let from = self.pos;
        let mut depth = 1;
        let mut quote: Option<u8> = None;
        loop {
            // On to the next byte that means something where the reading is.
            self.pos = match quote {
                Some(q) => scan::first_of(self.bytes, self.pos, [q, b'\\']),
                None if close == b')' => {
                    scan::first_of(self.bytes, self.pos, [b'\\', b'\'', b'"', b'(', b')'])
                }
                None => scan::first_of(self.bytes, self.pos, [b'\\', close]),
            };
            let Some(c) = self.peek(0) else { break };
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                // The escaped byte is skipped; were it the first of a multi-byte character,
                // the rest of its bytes match nothing below either.
                (_, b'\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, b'\'' | b'"') if close == b')' => quote = Some(c),
                (None, b'(') if close == b')' => depth += 1,
                (None, c) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let to = self.pos.min(self.bytes.len());
        self.pos = (self.pos + 1).min(self.bytes.len());
        let range = from.min(to)..to;
        self.inner.push(range.clone());
        range
    }

    /// Reads a heredoc body: the lines from the current position up to the line that is
    /// the delimiter (tabs before it ignored for `<<-`), which is read but not included.
    pub fn heredoc_body(&mut self, delimiter: &str, strip_tabs: bool) -> Range<usize> {
        let from = self.pos;
        let mut end = self.pos;
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let stop = scan::first_of(self.bytes, start, [b'\n']);
            self.pos = (stop + 1).min(self.bytes.len());
            let mut line = &self.text[start..stop];
            if strip_tabs {
                line = line.trim_start_matches('\t');
            }
            if line.trim_end_matches('\r') == delimiter {
                break;
            }
            end = self.pos;
        }
        from..end
    }
}

mod scan;

#[cfg(test)]
mod tests;
