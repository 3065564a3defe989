//! The one reader of shell words: it cuts shell text into words, operators, redirections and
//! heredoc openers. The parser's shell view ([`super::shell`]) and lint's hadolint view
//! (`lint::shell`) both build their commands from these tokens.
//!
//! It knows quoting, backslash escapes, comments, `$(...)`, `${...}`, backquotes and process
//! substitution `<(...)`. It records where each substitution's inner script is, so a reader
//! that wants the commands inside can read them (lint does, to a fixed depth); it never
//! recurses itself, so the text cannot choose its stack depth.

use std::ops::Range;

use super::text::Text;

/// A character of shell text and the byte offset in the Dockerfile it came from: the text a
/// shell reads is joined from pieces (continuation lines, heredoc bodies), so offsets are
/// carried per character. Eight bytes: the offset is kept in 32 bits (a Dockerfile is far
/// below 4 GiB; past it offsets stop at `u32::MAX`), which halves what a script's characters
/// take to write and read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Char {
    pub c: char,
    at: u32,
}

impl Char {
    pub fn new(c: char, at: usize) -> Char {
        Char {
            c,
            at: u32::try_from(at).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset in the Dockerfile.
    pub fn at(&self) -> usize {
        self.at as usize
    }
}

/// The characters of `text`, with offsets starting at `offset`.
pub fn chars_of(text: &str, offset: usize) -> Vec<Char> {
    text.char_indices()
        .map(|(i, c)| Char::new(c, offset + i))
        .collect()
}

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
    /// The characters it covers, as indices into the lexer's characters.
    pub chars: Range<usize>,
    /// The inner scripts of its `$(...)`, backquotes and `<(...)`, as character ranges, in
    /// the order they appear; nested ones are inside these and are not listed.
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

/// One token of shell text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(LexWord),
    Operator {
        operator: Operator,
        chars: Range<usize>,
    },
    /// `>`, `2>>`, `&>`, `<`, `>&2`, `<<<`...: the word after it is its target unless the
    /// operator is `complete` (`2>&1`, `>&-`).
    Redirect {
        operator: String,
        complete: bool,
        chars: Range<usize>,
    },
    /// `<<DELIM` or `<<-DELIM` (`strip_tabs`): the body starts on the next line. The
    /// delimiter is `None` when nothing follows the operator.
    Heredoc {
        operator: String,
        delimiter: Option<LexWord>,
        strip_tabs: bool,
        chars: Range<usize>,
    },
    /// `(`: a subshell or a `case` pattern opens.
    Open(usize),
    /// `)`: a subshell or a `case` pattern closes.
    Close(usize),
}

/// Reads tokens one at a time from `chars`.
pub struct Lexer<'a> {
    chars: &'a [Char],
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
pub fn fields(chars: &[Char]) -> Vec<LexWord> {
    fields_as(chars, |word| word)
}

/// [`fields`], each word turned into what the caller keeps as it is read: no list of
/// [`LexWord`]s in between.
pub fn fields_as<T>(chars: &[Char], keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    if !chars.iter().any(|c| matches!(c.c, '\'' | '"' | '\\')) {
        return plain_fields_as(chars, keep);
    }
    lexed_fields_as(chars, keep)
}

/// [`fields_as`] read by the lexer, for text with quotes or backslashes.
fn lexed_fields_as<T>(chars: &[Char], mut keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    let last = |q: char| chars.iter().rposition(|c| c.c == q);
    let mut lexer = Lexer::new(chars, Substitutions::AsWritten);
    lexer.fields = Some([last('\''), last('"')]);
    let mut out = Vec::new();
    loop {
        while lexer.peek(0).is_some_and(char::is_whitespace) {
            lexer.pos += 1;
        }
        if lexer.pos >= chars.len() {
            return out;
        }
        out.extend(lexer.read_word().map(&mut keep));
    }
}

/// [`fields_as`] of text with no quote and no backslash (most instructions' arguments): each
/// word is a run of characters that are not whitespace, as written, read with no lexer.
fn plain_fields_as<T>(chars: &[Char], mut keep: impl FnMut(LexWord) -> T) -> Vec<T> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut pos = 0;
    loop {
        while chars.get(pos).is_some_and(|c| c.c.is_whitespace()) {
            pos += 1;
        }
        if pos >= chars.len() {
            return out;
        }
        let start = pos;
        text.clear();
        while let Some(c) = chars.get(pos).filter(|c| !c.c.is_whitespace()) {
            text.push(c.c);
            pos += 1;
        }
        out.push(keep(LexWord {
            text: Text::new(&text),
            quoted: false,
            chars: start..pos,
            inner: Vec::new(),
        }));
    }
}

/// The text of the word that `chars` are, read again: the text [`Lexer::next_token`] gave
/// the [`LexWord`] that covered them. A reader that sets a long word's text aside while it
/// reads the word's substitutions gets it back with this.
pub fn word_text(chars: &[Char], substitutions: Substitutions) -> Text {
    Lexer::new(chars, substitutions)
        .read_word()
        .map_or_else(Text::default, |word| word.text)
}

impl<'a> Lexer<'a> {
    pub fn new(chars: &'a [Char], substitutions: Substitutions) -> Lexer<'a> {
        Lexer {
            chars,
            pos: 0,
            substitutions,
            inner: Vec::new(),
            scratch: String::new(),
            fields: None,
        }
    }

    /// The index of the next character to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|c| c.c)
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\r' => self.pos += 1,
                // A line continuation the Dockerfile reader left in (a heredoc body).
                '\\' if self.peek(1) == Some('\n') => self.pos += 2,
                _ => break,
            }
        }
    }

    /// The next token; `None` at the end of the text.
    pub fn next_token(&mut self) -> Option<Token> {
        loop {
            self.skip_blanks();
            if self.peek(0) != Some('#') {
                break;
            }
            // A comment runs to the end of the line.
            while self.peek(0).is_some_and(|c| c != '\n') {
                self.pos += 1;
            }
        }
        let c = self.peek(0)?;
        let start = self.pos;
        let operator = |lexer: &mut Lexer, operator: Operator, len: usize| {
            lexer.pos += len;
            Some(Token::Operator {
                operator,
                chars: start..lexer.pos,
            })
        };
        match (c, self.peek(1)) {
            ('\n', _) => return operator(self, Operator::Newline, 1),
            (';', Some(';')) => return operator(self, Operator::CaseBreak, 2),
            (';', _) => return operator(self, Operator::Semicolon, 1),
            ('&', Some('&')) => return operator(self, Operator::And, 2),
            ('&', Some('>')) => {
                self.pos += 2;
                if self.peek(0) == Some('>') {
                    self.pos += 1;
                }
                return Some(self.redirect(start));
            }
            ('&', _) => return operator(self, Operator::Background, 1),
            ('|', Some('|')) => return operator(self, Operator::Or, 2),
            ('|', Some('&')) => return operator(self, Operator::Pipe, 2),
            ('|', _) => return operator(self, Operator::Pipe, 1),
            ('(', _) => {
                self.pos += 1;
                return Some(Token::Open(start));
            }
            (')', _) => {
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
        if let Some(op @ ('<' | '>')) = self.peek(look) {
            self.pos += look + 1;
            if op == '<' && self.peek(0) == Some('<') {
                self.pos += 1;
                if self.peek(0) == Some('<') {
                    self.pos += 1;
                    return Some(self.redirect(start));
                }
                let strip_tabs = self.peek(0) == Some('-');
                if strip_tabs {
                    self.pos += 1;
                }
                let operator = self.text(start..self.pos);
                let end = self.pos;
                self.skip_blanks();
                let delimiter = self.read_word();
                return Some(Token::Heredoc {
                    operator,
                    delimiter,
                    strip_tabs,
                    chars: start..end,
                });
            }
            if op == '<' && self.peek(0) == Some('(') {
                // Process substitution `<(cmd)` is a word.
                self.pos -= 1;
                return self.read_word().map(Token::Word);
            }
            if matches!(self.peek(0), Some('>' | '&' | '|')) {
                self.pos += 1;
            }
            return Some(self.redirect(start));
        }
        // A character no word can start with still ends a command, so reading always advances.
        self.read_word().map(Token::Word).or(Some(Token::Operator {
            operator: Operator::Semicolon,
            chars: start..self.pos,
        }))
    }

    /// A redirection whose operator started at `start` and has been read up to `>&` or
    /// `<&`: a descriptor number or `-` after `&` completes it.
    fn redirect(&mut self, start: usize) -> Token {
        let complete = if self.pos > start && self.chars[self.pos - 1].c == '&' {
            let from = self.pos;
            while self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            if self.pos == from && self.peek(0) == Some('-') {
                self.pos += 1;
            }
            self.pos > from
        } else {
            false
        };
        Token::Redirect {
            operator: self.text(start..self.pos),
            complete,
            chars: start..self.pos,
        }
    }

    fn text(&self, range: Range<usize>) -> String {
        let end = range.end.min(self.chars.len());
        let start = range.start.min(end);
        self.chars[start..end].iter().map(|c| c.c).collect()
    }

    /// Reads one word, recording the inner scripts of its substitutions.
    fn read_word(&mut self) -> Option<LexWord> {
        let start = self.pos;
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let mut quoted = false;
        while let Some(c) = self.peek(0) {
            // A run of characters that only go into the word goes in at once.
            let run = self.plain_run();
            if run > 0 {
                let plain = &self.chars[self.pos..self.pos + run];
                text.extend(plain.iter().map(|c| c.c));
                self.pos += run;
                continue;
            }
            if let Some([single, double]) = self.fields {
                let closes = |last: Option<usize>| last.is_some_and(|l| l > self.pos);
                match c {
                    c if c.is_whitespace() => break,
                    '\'' if closes(single) => {}
                    '"' if closes(double) => {
                        quoted = true;
                        self.pos += 1;
                        self.read_double_quoted(&mut text);
                        continue;
                    }
                    '\\' if self.pos + 1 < self.chars.len() => {}
                    // Shell grammar means nothing here.
                    _ => {
                        text.push(c);
                        self.pos += 1;
                        continue;
                    }
                }
            }
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | ')' => break,
                // `(` ends a word at its start and in `name()`, a function definition;
                // elsewhere (`arr=(a b)`) it stays in the word, as hadolint's rules saw it.
                '(' if text.is_empty() || self.peek(1) == Some(')') => break,
                '<' if self.peek(1) == Some('(') => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner(')');
                    self.push_substitution(&mut text, from, "${VAR}");
                }
                '<' | '>' => break,
                '\\' => {
                    self.pos += 1;
                    match self.peek(0) {
                        Some('\n') if self.fields.is_none() => {}
                        Some(next) => {
                            text.push(next);
                            quoted = true;
                        }
                        // A backslash that ends the text stays, as a shell keeps it.
                        None => text.push('\\'),
                    }
                    self.pos = (self.pos + 1).min(self.chars.len());
                }
                '\'' => {
                    quoted = true;
                    self.pos += 1;
                    while let Some(q) = self.peek(0) {
                        self.pos += 1;
                        if q == '\'' {
                            break;
                        }
                        text.push(q);
                    }
                }
                '"' => {
                    quoted = true;
                    self.pos += 1;
                    self.read_double_quoted(&mut text);
                }
                '$' if self.peek(1) == Some('(') => self.read_command_substitution(&mut text),
                '$' if self.peek(1) == Some('{') => {
                    let from = self.pos;
                    let mut depth = 0;
                    while let Some(q) = self.peek(0) {
                        self.pos += 1;
                        if q == '{' {
                            depth += 1;
                        } else if q == '}' {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                    text.extend(self.chars[from..self.pos].iter().map(|c| c.c));
                }
                '`' => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner('`');
                    self.push_substitution(&mut text, from, "${VAR}");
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        let word = Text::new(&text);
        self.scratch = text;
        if self.pos == start {
            // A lone character nothing above consumed: skip it so reading always advances.
            self.pos += 1;
            return None;
        }
        Some(LexWord {
            text: word,
            quoted,
            chars: start..self.pos.min(self.chars.len()),
            inner: std::mem::take(&mut self.inner),
        })
    }

    /// How many characters from the current one on [`Lexer::read_word`] would only append
    /// to the word, each by its catch-all arm: no quote, escape, substitution, operator or
    /// blank (and no `(`, whose meaning depends on the word so far).
    fn plain_run(&self) -> usize {
        let rest = &self.chars[self.pos.min(self.chars.len())..];
        let plain = |c: char| match self.fields {
            Some(_) => !c.is_whitespace() && !matches!(c, '\'' | '"' | '\\'),
            None => !matches!(
                c,
                ' ' | '\t'
                    | '\r'
                    | '\n'
                    | ';'
                    | '&'
                    | '|'
                    | '('
                    | ')'
                    | '<'
                    | '>'
                    | '\\'
                    | '\''
                    | '"'
                    | '$'
                    | '`'
            ),
        };
        rest.iter().take_while(|c| plain(c.c)).count()
    }

    /// The inside of `"..."`, after the opening quote.
    fn read_double_quoted(&mut self, text: &mut String) {
        while let Some(q) = self.peek(0) {
            match q {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\\' if self.fields.is_some() => {
                    // hadolint's reading: a backslash escapes any character in quotes.
                    self.pos += 1;
                    text.push(self.peek(0).unwrap_or('\\'));
                    self.pos = (self.pos + 1).min(self.chars.len());
                }
                '\\' => {
                    self.pos += 1;
                    if let Some(n) = self.peek(0) {
                        if !matches!(n, '"' | '\\' | '$' | '`' | '\n') {
                            text.push('\\');
                        }
                        if n != '\n' {
                            text.push(n);
                        }
                        self.pos += 1;
                    }
                }
                '$' if self.fields.is_none() && self.peek(1) == Some('(') => {
                    self.read_command_substitution(text)
                }
                '`' if self.fields.is_none() => {
                    let from = self.pos;
                    self.pos += 1;
                    self.read_inner('`');
                    self.push_substitution(text, from, "${VAR}");
                }
                _ => {
                    text.push(q);
                    self.pos += 1;
                }
            }
        }
    }

    /// `$(...)` at the current position.
    fn read_command_substitution(&mut self, text: &mut String) {
        let from = self.pos;
        self.pos += 1;
        let inner = self.read_inner(')');
        match self.substitutions {
            Substitutions::AsWritten => text.push_str(&self.text(from..self.pos)),
            Substitutions::Hadolint => {
                text.push_str("${");
                text.extend(self.chars[inner].iter().map(|c| c.c));
                text.push('}');
            }
        }
    }

    /// Appends a substitution that started at `from`: as written, or as `hadolint`.
    fn push_substitution(&self, text: &mut String, from: usize, hadolint: &str) {
        match self.substitutions {
            Substitutions::AsWritten => text.push_str(&self.text(from..self.pos)),
            Substitutions::Hadolint => text.push_str(hadolint),
        }
    }

    /// Reads `(...)` (at the `(`) or `` `...` `` (after the opening quote) up to its
    /// closing character, records the inner script and returns its range.
    fn read_inner(&mut self, close: char) -> Range<usize> {
        if close == ')' {
            self.pos += 1;
        }
        let from = self.pos;
        let mut depth = 1;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek(0) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') | (None, '\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, '\'' | '"') if close == ')' => quote = Some(c),
                (None, '(') if close == ')' => depth += 1,
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
        let to = self.pos.min(self.chars.len());
        self.pos = (self.pos + 1).min(self.chars.len());
        let range = from.min(to)..to;
        self.inner.push(range.clone());
        range
    }

    /// Reads a heredoc body: the lines from the current position up to the line that is
    /// the delimiter (tabs before it ignored for `<<-`), which is read but not included.
    pub fn heredoc_body(&mut self, delimiter: &str, strip_tabs: bool) -> Range<usize> {
        let from = self.pos;
        let mut end = self.pos;
        while self.pos < self.chars.len() {
            let start = self.pos;
            let mut stop = start;
            while stop < self.chars.len() && self.chars[stop].c != '\n' {
                stop += 1;
            }
            self.pos = (stop + 1).min(self.chars.len());
            let line = &self.chars[start..stop];
            let line = if strip_tabs {
                &line[line.iter().take_while(|c| c.c == '\t').count()..]
            } else {
                line
            };
            let line = &line[..line.len() - line.iter().rev().take_while(|c| c.c == '\r').count()];
            if line.len() == delimiter.chars().count()
                && line.iter().map(|c| c.c).eq(delimiter.chars())
            {
                break;
            }
            end = self.pos;
        }
        from..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, substitutions: Substitutions) -> Vec<String> {
        let chars = chars_of(text, 0);
        let mut lexer = Lexer::new(&chars, substitutions);
        let mut out = Vec::new();
        while let Some(token) = lexer.next_token() {
            out.push(match token {
                Token::Word(w) => format!("w:{}", w.text),
                Token::Operator { operator, .. } => format!("{operator:?}"),
                Token::Redirect {
                    operator, complete, ..
                } => format!("r:{operator}{}", if complete { "!" } else { "" }),
                Token::Heredoc { delimiter, .. } => {
                    format!("h:{}", delimiter.map_or(String::new(), |d| d.text.into()))
                }
                Token::Open(_) => "(".into(),
                Token::Close(_) => ")".into(),
            });
        }
        out
    }

    #[test]
    fn plain_fields_are_the_lexers_fields() {
        for text in [
            "",
            "  ",
            "a b",
            " COPY  src/ /app/ ",
            "a\u{a0}b\u{2003}c\td\n e $(f g) && h>i é ${x:-y} `z`",
            "trailing\t",
        ] {
            let chars = chars_of(text, 7);
            assert_eq!(
                plain_fields_as(&chars, |w| w),
                lexed_fields_as(&chars, |w| w),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fields_split_at_whitespace_only() {
        let text = "a \"b c\" && d>e $(f g) # h 'x \"y\\\"z\"";
        let chars = chars_of(text, 0);
        let words: Vec<String> = fields(&chars).into_iter().map(|w| w.text.into()).collect();
        assert_eq!(
            words,
            ["a", "b c", "&&", "d>e", "$(f", "g)", "#", "h", "'x", "y\"z"]
        );
    }

    #[test]
    fn words_operators_and_redirections() {
        assert_eq!(
            tokens(
                "a 'b c' \"d\\\"e\" && f>/x 2>&1 | g;h # note\n<<-EOF",
                Substitutions::AsWritten
            ),
            [
                "w:a",
                "w:b c",
                "w:d\"e",
                "And",
                "w:f",
                "r:>",
                "w:/x",
                "r:2>&1!",
                "Pipe",
                "w:g",
                "Semicolon",
                "w:h",
                "Newline",
                "h:EOF"
            ]
        );
    }

    #[test]
    fn substitutions_as_written_or_as_hadolint_reads_them() {
        let text = "echo $(id -u) \"`date`\" <(sort x) ${A:-b}";
        assert_eq!(
            tokens(text, Substitutions::AsWritten),
            [
                "w:echo",
                "w:$(id -u)",
                "w:`date`",
                "w:<(sort x)",
                "w:${A:-b}"
            ]
        );
        assert_eq!(
            tokens(text, Substitutions::Hadolint),
            ["w:echo", "w:${id -u}", "w:${VAR}", "w:${VAR}", "w:${A:-b}"]
        );
        let chars = chars_of(text, 0);
        let mut lexer = Lexer::new(&chars, Substitutions::Hadolint);
        lexer.next_token();
        let Some(Token::Word(word)) = lexer.next_token() else {
            panic!("a word")
        };
        assert_eq!(word.inner, vec![Range { start: 7, end: 12 }]);
    }

    #[test]
    fn parentheses_in_words() {
        assert_eq!(
            tokens("g() { true; }; a=(x y)", Substitutions::AsWritten),
            [
                "w:g",
                "(",
                ")",
                "w:{",
                "w:true",
                "Semicolon",
                "w:}",
                "Semicolon",
                "w:a=(x",
                "w:y",
                ")"
            ]
        );
    }

    #[test]
    fn heredoc_bodies_end_at_their_delimiter() {
        let chars = chars_of("\tapt-get x\n\tEOF\nls", 0);
        let mut lexer = Lexer::new(&chars, Substitutions::Hadolint);
        assert_eq!(lexer.heredoc_body("EOF", true), 0..11);
        assert_eq!(lexer.position(), 16);
    }

    #[test]
    fn a_word_read_again_has_the_text_it_was_lexed_with() {
        let nested = |open: &str, close: &str| format!("{}x{}", open.repeat(40), close.repeat(40));
        let texts = [
            "apt-get install -y curl && echo \"$(id -u)\" 'a b' c\\ d",
            "x=$(a $(b `c`) \"$(d)\")y <(sort f) ${v:-$(w)} arr=(a b) f() { :; }",
            "echo $(a) ) b ( c \\",
            "echo a\\",
            "é$(ü 'ñ')ß \"${x}\"z",
            "$(unclosed a b",
            "`unclosed a b",
            "cat <<EOF\n$(body)\nEOF\n",
            &nested("$( ", " )"),
            &nested("\"$(", ")\""),
            &nested("$(echo `", "`)"),
        ];
        for substitutions in [Substitutions::Hadolint, Substitutions::AsWritten] {
            for text in texts {
                let chars = chars_of(text, 0);
                let mut lexer = Lexer::new(&chars, substitutions);
                while let Some(token) = lexer.next_token() {
                    if let Token::Word(word) = token {
                        assert_eq!(
                            word_text(&chars[word.chars.clone()], substitutions),
                            word.text,
                            "{text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn never_stalls_on_odd_text() {
        for text in [
            "$(", "`", "\"", "'", "<<", "${", "a\\", "((", "))", "<(", "2>", "&>",
        ] {
            let chars = chars_of(text, 0);
            let mut lexer = Lexer::new(&chars, Substitutions::Hadolint);
            let mut count = 0;
            while lexer.next_token().is_some() {
                count += 1;
                assert!(count <= text.len() + 1, "{text:?} did not advance");
            }
        }
    }
}
