//! Variable expansion and word splitting with BuildKit's rules (`frontend/dockerfile/shell`).
//!
//! `$V`, `${V}`, `${V:-default}`, `${V-default}`, `${V:+alt}`, `${V+alt}`, `${V:?msg}`,
//! `${V?msg}`; single quotes keep everything literal, double quotes still expand, the escape
//! character escapes the next character. This is what lets later code resolve
//! `FROM ${BASE}:${TAG}` through global ARGs.

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

/// Why a word could not be expanded, as BuildKit would report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    /// What went wrong, such as `syntax error: bad substitution`.
    pub message: String,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

/// The most bytes one expanded word may hold. BuildKit has no such limit, but a real image
/// name, path or value is far smaller: a word past it is almost always doubling ARGs or ENVs
/// (`A2=${A1}${A1}`), which grow without end.
pub const MAX_EXPANDED_WORD: usize = 1 << 20;

/// What every expansion made for one file may produce in total, so that many references to a
/// large value (or a chain of growing values) cannot multiply the work: past it, expansions
/// stop with an error. Shared by the expansions of one pass over a file (one lint, one
/// estimate).
#[derive(Debug)]
pub struct ExpansionBudget {
    remaining: Cell<usize>,
    total: usize,
}

impl ExpansionBudget {
    /// A budget for a file of `source_len` bytes: 1 MiB plus twice the file.
    pub fn for_source(source_len: usize) -> ExpansionBudget {
        let total = (1 << 20) + source_len.saturating_mul(2);
        ExpansionBudget {
            remaining: Cell::new(total),
            total,
        }
    }

    /// How many bytes the budget held at the start.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether an expansion has run out of the budget.
    pub fn is_exhausted(&self) -> bool {
        self.remaining.get() == 0
    }

    /// Takes `bytes` from the budget; `false` (and an empty budget) when they do not fit.
    pub fn take(&self, bytes: usize) -> bool {
        match self.remaining.get().checked_sub(bytes) {
            Some(left) => {
                self.remaining.set(left);
                true
            }
            None => {
                self.remaining.set(0);
                false
            }
        }
    }
}

impl ExpandError {
    /// Whether the word grew past a limit (rather than being bad syntax).
    pub fn is_too_large(&self) -> bool {
        self.message.starts_with(TOO_LARGE)
    }
}

const TOO_LARGE: &str = "this expansion grows past";

fn too_large(limit: usize) -> ExpandError {
    error(format!(
        "{TOO_LARGE} {} MiB, so it was not expanded: the variables it uses double or repeat \
         each other; define the value directly",
        crate::number::decimal(limit as f64 / f64::from(1 << 20), 1)
    ))
}

/// [`expand_with_escape`] charged to `budget` (see [`ExpansionBudget`]).
pub fn expand_budgeted(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    budget: &ExpansionBudget,
) -> Result<String, ExpandError> {
    Lexer::new(escape).text(word, lookup, Some(budget))
}

/// [`expand_known`] charged to `budget` (see [`ExpansionBudget`]).
pub fn expand_known_budgeted(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    budget: &ExpansionBudget,
) -> Result<String, ExpandError> {
    let lexer = Lexer {
        skip_unset: true,
        ..Lexer::new(escape)
    };
    lexer.text(word, lookup, Some(budget))
}

/// Expands variables in `word` and removes quotes, with `\` as escape character. `lookup`
/// returns a variable's value, or `None` when it is not set (an unset variable expands to
/// nothing, as in BuildKit).
pub fn expand(word: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    expand_with_escape(word, '\\', lookup)
}

/// [`expand`] with the file's escape character (see [`crate::syntax::Dockerfile::escape`]).
pub fn expand_with_escape(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ExpandError> {
    Lexer::new(escape).text(word, lookup, None)
}

/// Expands `text` and splits it into words on unquoted whitespace, as BuildKit does for
/// instructions that take several words.
pub fn expand_words(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, ExpandError> {
    Lexer::new(escape).run(text, lookup).map(|(_, words)| words)
}

/// [`expand_with_escape`] for when not every variable is known, as in an estimate made
/// before any build: an unset variable stays as written (`$HOME`, `${TAG:-latest}`) instead of
/// expanding to nothing, so later code can still see that something was there. Quotes and
/// escapes are removed as usual.
pub fn expand_known(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ExpandError> {
    let lexer = Lexer {
        skip_unset: true,
        ..Lexer::new(escape)
    };
    lexer.text(word, lookup, None)
}

/// The names of the variables `word` refers to, in order of first use (for "undefined
/// variable" checks). Words that do not lex give no names.
pub fn variables_in(word: &str, escape: char) -> Vec<String> {
    let used = std::cell::RefCell::new(Vec::<String>::new());
    let lookup = |name: &str| {
        let mut used = used.borrow_mut();
        if !used.iter().any(|u| u == name) {
            used.push(name.to_string());
        }
        None
    };
    let _ = Lexer::new(escape).read(word, &lookup, None, false);
    used.into_inner()
}

mod references;

pub use references::{references, references_into, Reference};

/// Limits recursion through nested `${a:-${b:-...}}` so hostile text cannot exhaust the stack.
const MAX_NESTING: usize = 200;

/// BuildKit's shell-word lexer, with its switches.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lexer {
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Leave unset variables as written instead of expanding them to nothing.
    pub skip_unset: bool,
}

impl Lexer {
    pub fn new(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset: false,
        }
    }

    /// The expanded text and its whitespace-split words.
    pub fn run(
        &self,
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(String, Vec<String>), ExpandError> {
        self.run_budgeted(text, lookup, None)
    }

    /// Whether `text` has nothing to expand, unquote or unescape: it reads as written.
    fn is_plain(&self, text: &str) -> bool {
        !text.contains(['$', '\'', '"', self.escape])
    }

    /// The expanded text alone, without splitting it into words.
    fn text(
        &self,
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
        budget: Option<&ExpansionBudget>,
    ) -> Result<String, ExpandError> {
        if self.is_plain(text) {
            return Ok(text.to_string());
        }
        self.read(text, lookup, budget, false).map(|(text, _)| text)
    }

    /// [`Lexer::run`], charging what variables expand to against `budget`. Without a budget
    /// a word still stops at [`MAX_EXPANDED_WORD`].
    pub fn run_budgeted(
        &self,
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
        budget: Option<&ExpansionBudget>,
    ) -> Result<(String, Vec<String>), ExpandError> {
        self.read(text, lookup, budget, true)
    }

    /// [`Lexer::run_budgeted`]; the words are split only when `split` asks for them (empty
    /// otherwise): most callers want the text alone, and splitting it went character by
    /// character.
    fn read(
        &self,
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
        budget: Option<&ExpansionBudget>,
        split: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        if self.is_plain(text) {
            // Nothing to expand, unquote or unescape (most words): the text as written, split
            // where `Words` splits it.
            let words = text.split_whitespace().map(str::to_string).collect();
            return Ok((text.to_string(), words));
        }
        if !split {
            if let Some(expanded) = self.references_only(text, lookup, budget) {
                return expanded.map(|text| (text, Vec::new()));
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let mut state = State::new(*self, &chars, lookup, budget, split);
        state.until(None)
    }
}

impl Lexer {
    /// [`Lexer::read`] without the words, for the text most expanded words are: no quote, no
    /// escape character, and no `${` but a plain `${NAME}`. There the lexer copies every
    /// character but a reference's, and looks up each reference left to right, as this does
    /// (through [`State::lookup`], so limits and budget count the same), without a list of
    /// the text's characters. `None` for any other text, which the lexer reads.
    fn references_only(
        &self,
        text: &str,
        lookup: &dyn Fn(&str) -> Option<String>,
        budget: Option<&ExpansionBudget>,
    ) -> Option<Result<String, ExpandError>> {
        let escape = u8::try_from(self.escape).ok().filter(u8::is_ascii)?;
        let bytes = text.as_bytes();
        if bytes
            .iter()
            .any(|&b| b == b'\'' || b == b'"' || b == escape)
        {
            return None;
        }
        let mut state = State::new(*self, &[], lookup, budget, false);
        let name_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        let mut out = String::with_capacity(text.len());
        // Written up to here: the text between references is copied a stretch at a time.
        let mut copied = 0;
        let mut at = 0;
        while let Some(dollar) = bytes[at..].iter().position(|&b| b == b'$') {
            let start = at + dollar;
            let braced = bytes.get(start + 1) == Some(&b'{');
            let from = start + 1 + usize::from(braced);
            // Where the name ends, as `State::name` reads it.
            let end = match bytes.get(from) {
                Some(b'0'..=b'9') if !braced => {
                    from + bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count()
                }
                Some(b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') if !braced => from + 1,
                Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                    let end = from + bytes[from..].iter().take_while(|b| name_byte(b)).count();
                    // A modifier (`${NAME:-x}`) is the lexer's; so is a name going on through
                    // a non-ASCII letter, which the lexer's names take.
                    let next = bytes.get(end);
                    if (braced && next != Some(&b'}')) || next.is_some_and(|b| !b.is_ascii()) {
                        return None;
                    }
                    end
                }
                Some(b) if !b.is_ascii() => return None,
                _ if braced => return None,
                // A `$` before anything else is a `$`, copied with the text around it.
                _ => {
                    at = start + 1;
                    continue;
                }
            };
            let after = end + usize::from(braced);
            out.push_str(&text[copied..start]);
            match state.lookup(&text[from..end]) {
                Err(e) => return Some(Err(e)),
                Ok(Some(value)) => out.push_str(&value),
                // Kept as written: `$NAME` or `${NAME}`.
                Ok(None) if self.skip_unset => out.push_str(&text[start..after]),
                Ok(None) => {}
            }
            copied = after;
            at = after;
        }
        out.push_str(&text[copied..]);
        Some(Ok(out))
    }
}

struct State<'a> {
    lexer: Lexer,
    chars: &'a [char],
    pos: usize,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    depth: usize,
    budget: Option<&'a ExpansionBudget>,
    /// Bytes variables have expanded to in this word so far.
    produced: usize,
    /// When asked for ([`references`]): the characters of each name looked up that a
    /// variable may have (a letter or `_` first), and those of its whole reference.
    references: Option<Vec<(Range<usize>, Range<usize>)>>,
    /// Whether the whole text's words are wanted ([`Lexer::read`]).
    split: bool,
}

impl<'a> State<'a> {
    /// A reading of `chars` from their start, nothing expanded yet.
    fn new(
        lexer: Lexer,
        chars: &'a [char],
        lookup: &'a dyn Fn(&str) -> Option<String>,
        budget: Option<&'a ExpansionBudget>,
        split: bool,
    ) -> State<'a> {
        State {
            lexer,
            chars,
            pos: 0,
            lookup,
            depth: 0,
            budget,
            produced: 0,
            references: None,
            split,
        }
    }
}

/// The words of an expansion, split as they are read; with `keep` off, nothing is kept.
struct Words {
    keep: bool,
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn new(keep: bool) -> Words {
        Words {
            keep,
            word: String::new(),
            words: Vec::new(),
            in_word: false,
        }
    }

    fn add_char(&mut self, ch: char) {
        if !self.keep {
            return;
        }
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        if !self.keep {
            return;
        }
        self.word.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, text: &str) {
        if !self.keep {
            return;
        }
        for ch in text.chars() {
            self.add_char(ch);
        }
    }

    fn add_raw_string(&mut self, text: &str) {
        if !self.keep {
            return;
        }
        self.word.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

fn error(message: impl Into<String>) -> ExpandError {
    ExpandError {
        message: message.into(),
    }
}

impl State<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek();
        if ch.is_some() {
            self.pos += 1;
        }
        ch
    }

    /// Reads until `stop` (consumed) or the end.
    fn until(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), ExpandError> {
        // The whole text expands to about its own length (a value looked up may add more):
        // room for that at once, where growing from nothing took a few copies per word.
        let mut result = match stop {
            None => String::with_capacity(self.chars.len()),
            Some(_) => String::new(),
        };
        // Only the whole text's words are ever used, not those of a `${V:-word}` inside it.
        let mut words = Words::new(self.split && stop.is_none());
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            match ch {
                '$' => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                    words.add_string(&value);
                }
                '\'' => {
                    let value = self.single_quoted()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '"' => {
                    let value = self.double_quoted()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                _ => {
                    self.pos += 1;
                    let mut ch = ch;
                    if ch == self.lexer.escape {
                        if self.lexer.raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        match self.next() {
                            Some(escaped) => ch = escaped,
                            None => break,
                        }
                        words.add_raw_char(ch);
                    } else {
                        words.add_char(ch);
                    }
                    result.push(ch);
                }
            }
        }
        if let Some(stop) = stop {
            return Err(error(format!(
                "unexpected end of statement while looking for matching {stop}"
            )));
        }
        Ok((result, words.finish()))
    }

    fn single_quoted(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        self.pos += 1;
        if self.lexer.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.next() {
                None => {
                    return Err(error(
                        "unexpected end of statement while looking for matching single-quote",
                    ))
                }
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn double_quoted(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        self.pos += 1;
        if self.lexer.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => {
                    return Err(error(
                        "unexpected end of statement while looking for matching double-quote",
                    ))
                }
                Some('"') => {
                    self.pos += 1;
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.pos += 1;
                    if ch == self.lexer.escape {
                        if self.lexer.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next)
                                if next == '"' || next == '$' || next == self.lexer.escape =>
                            {
                                ch = next;
                                self.pos += 1;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// A variable's value, counted against the word's limit and the file's budget: past
    /// either, the whole expansion fails.
    fn lookup(&mut self, name: &str) -> Result<Option<String>, ExpandError> {
        if let Some(budget) = self.budget.filter(|b| b.is_exhausted()) {
            // Before the lookup: copying a large value only to refuse it would cost as much
            // as expanding it.
            return Err(too_large(budget.total()));
        }
        let Some(value) = (self.lookup)(name) else {
            return Ok(None);
        };
        self.produced = self.produced.saturating_add(value.len());
        if self.produced > MAX_EXPANDED_WORD {
            return Err(too_large(MAX_EXPANDED_WORD));
        }
        if let Some(budget) = self.budget {
            if !budget.take(value.len()) {
                return Err(too_large(budget.total()));
            }
        }
        Ok(Some(value))
    }

    /// Notes a reference to `name` that started at `start` and ends here, when references
    /// are asked for. The name is written right after the `$` or the `${`.
    fn note(&mut self, name: &str, start: usize) {
        let end = self.pos;
        if let Some(found) = self.references.as_mut() {
            if name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                let from = start
                    + if self.chars.get(start + 1) == Some(&'{') {
                        2
                    } else {
                        1
                    };
                found.push((from..from + name.chars().count(), start..end));
            }
        }
    }

    fn dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            self.note(&name, start);
            return Ok(match self.lookup(&name)? {
                Some(value) => value,
                None if self.lexer.skip_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.pos += 1;
        match self.peek() {
            None => return Err(error("syntax error: missing '}'")),
            Some('{' | '}' | ':') => return Err(error("syntax error: bad substitution")),
            Some(_) => {}
        }
        let name = self.name();
        let Some(mut ch) = self.next() else {
            return Err(error("unsupported modifier (\u{fffd}) in substitution"));
        };
        let mut modifier = ch.to_string();
        let mut null_is_unset = false;
        match ch {
            '}' => {
                self.note(&name, start);
                return Ok(match self.lookup(&name)? {
                    Some(value) => value,
                    None if self.lexer.skip_unset => format!("${{{name}}}"),
                    None => String::new(),
                });
            }
            ':' => {
                null_is_unset = true;
                ch = self.next().unwrap_or('\u{fffd}');
                modifier.push(ch);
            }
            '+' | '-' | '?' => {}
            _ => {
                return Err(error(format!(
                    "unsupported modifier ({modifier}) in substitution"
                )))
            }
        }
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error("variable substitutions nested too deeply"));
        }
        let word = match self.until(Some('}')) {
            Ok((word, _)) => word,
            Err(e) => {
                return Err(if self.peek().is_none() {
                    error("syntax error: missing '}'")
                } else {
                    e
                })
            }
        };
        self.depth -= 1;
        self.note(&name, start);
        let value = self.lookup(&name)?;
        if self.lexer.skip_unset && value.is_none() {
            return Ok(format!("${{{name}{modifier}{word}}}"));
        }
        let unset = match &value {
            None => true,
            Some(v) => null_is_unset && v.is_empty(),
        };
        match ch {
            '-' => Ok(if unset {
                word
            } else {
                value.unwrap_or_default()
            }),
            '+' => Ok(if unset { String::new() } else { word }),
            '?' => {
                if value.is_none() {
                    let message = if word.is_empty() {
                        "is not allowed to be unset".to_string()
                    } else {
                        word
                    };
                    Err(error(format!("{name}: {message}")))
                } else if unset {
                    let message = if word.is_empty() {
                        "is not allowed to be empty".to_string()
                    } else {
                        word
                    };
                    Err(error(format!("{name}: {message}")))
                } else {
                    Ok(value.unwrap_or_default())
                }
            }
            _ => Err(error(format!(
                "unsupported modifier ({modifier}) in substitution"
            ))),
        }
    }

    /// A variable name: letters, digits and `_`; or all leading digits; or one special
    /// parameter character (`@ * # ? - $ ! 0`).
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_ascii_digit() {
                while let Some(d) = self.peek().filter(|c| c.is_ascii_digit()) {
                    name.push(d);
                    self.pos += 1;
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.pos += 1;
                return ch.to_string();
            }
            if !ch.is_alphanumeric() && ch != '_' {
                break;
            }
            name.push(ch);
            self.pos += 1;
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("alpha".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands_every_form() {
        let cases = [
            ("$A", "alpha"),
            ("${A}-x", "alpha-x"),
            ("${B:-d}", "d"),
            ("${EMPTY:-d}", "d"),
            ("${EMPTY-d}", ""),
            ("${A:+set}", "set"),
            ("${B+set}", ""),
            ("'$A'", "$A"),
            ("\"$A b\"", "alpha b"),
            (r"\$A", "$A"),
            ("$", "$"),
            ("${B:-${A}}", "alpha"),
        ];
        for (word, want) in cases {
            assert_eq!(expand(word, &env).unwrap(), want, "{word}");
        }
    }

    /// Text with references alone is expanded without the lexer, to what the lexer makes.
    #[test]
    fn expands_references_alone_as_the_lexer_does() {
        let texts = [
            "$A/$HOME",
            "${A}-${B}x$1$$ $@ $",
            "a$ $-b ${_A}${EMPTY}.$0$12",
            "é$A ü${A}",
            "$EMPTY$A",
        ];
        for skip_unset in [false, true] {
            let lexer = Lexer {
                skip_unset,
                ..Lexer::new('\\')
            };
            for text in texts {
                let fast = lexer.references_only(text, &env, None).expect(text);
                let chars: Vec<char> = text.chars().collect();
                let mut state = State::new(lexer, &chars, &env, None, false);
                let lexed = state.until(None).map(|(text, _)| text);
                assert_eq!(fast, lexed, "{text}");
            }
        }
        for other in ["${A:-x}", "$Aé", "$é", "'$A'", "\"$A\"", "\\$A", "${1}"] {
            assert!(
                Lexer::new('\\')
                    .references_only(other, &env, None)
                    .is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn reports_bad_substitutions() {
        assert!(expand("${", &env).is_err());
        assert!(expand("${:a}", &env).is_err());
        assert!(expand("${B:?must be set}", &env).is_err());
        assert!(expand("'open", &env).is_err());
        assert_eq!(variables_in("$A ${B:-$C}", '\\'), ["A", "C", "B"]);
    }

    #[test]
    fn keeps_unset_variables_when_asked() {
        let known = |word: &str| expand_known(word, '\\', &env).unwrap();
        assert_eq!(known("$A/$HOME"), "alpha/$HOME");
        assert_eq!(known("${B:-d}-${A}"), "${B:-d}-alpha");
        assert_eq!(known("\"$A b\""), "alpha b");
    }

    #[test]
    fn splits_words_after_expansion() {
        let words = expand_words("a \"b c\" $A", '\\', &env).unwrap();
        assert_eq!(words, ["a", "b c", "alpha"]);
    }
}
