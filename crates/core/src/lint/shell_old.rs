//! The shell reader lint used before it read the parser's lexer, kept only while the
//! side-by-side test compares the two over the corpus.

use super::shell::{Char, Command, Script, Word, MAX_NESTING};

/// Splits logical text (continuations already removed) into commands.
pub(crate) fn parse_script_old(chars: &[Char], end: usize) -> Script {
    parse_nested(chars, end, 0)
}

fn parse_nested(chars: &[Char], end: usize, depth: usize) -> Script {
    let mut parser = ShellParser {
        chars,
        pos: 0,
        end,
        script: Script::default(),
        pipeline: 0,
        depth,
    };
    parser.run();
    parser.script
}

enum Token {
    Word(Word),
    /// `&&`, `||`, `;`, `&`, newline, `(`.
    Separator,
    /// `)`: ends a subshell, or a `case` pattern.
    Close,
    /// `;;`: ends a `case` branch.
    CaseBreak,
    Pipe,
    /// A redirection operator; the next word is its target, not an argument.
    Redirect,
    /// `<<DELIM` or `<<-DELIM`: the body starts after the current line.
    Heredoc {
        delimiter: String,
        strip_tabs: bool,
    },
}

struct ShellParser<'a> {
    chars: &'a [Char],
    pos: usize,
    end: usize,
    script: Script,
    pipeline: usize,
    /// How many `$(...)`, backtick or heredoc scripts enclose this one.
    depth: usize,
}

const RESERVED_PREFIX: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
];
const RESERVED_ALONE: &[&str] = &["fi", "done", "}", "esac", ";;"];

impl ShellParser<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|c| c.c)
    }

    fn offset(&self, pos: usize) -> usize {
        self.chars.get(pos).map_or(self.end, |c| c.at)
    }

    fn run(&mut self) {
        let mut words: Vec<Word> = Vec::new();
        let mut redirect_next = false;
        let mut pending_heredocs: Vec<(String, bool)> = Vec::new();
        let mut only_heredoc = true;
        let mut saw_heredoc_alone = false;
        // `case WORD in PATTERN|PATTERN) ...;; esac`: the patterns are not commands and
        // their `|` is not a pipe.
        let mut case_depth = 0usize;
        let mut case_header = false;
        let mut expect_pattern = false;
        loop {
            let token = self.next_token();
            let Some(token) = token else {
                self.finish(&mut words);
                break;
            };
            if expect_pattern {
                match token {
                    Token::Word(w) if w.text == "esac" => {
                        expect_pattern = false;
                        case_depth = case_depth.saturating_sub(1);
                    }
                    Token::Close => expect_pattern = false,
                    _ => {}
                }
                continue;
            }
            if case_header {
                if let Token::Word(w) = &token {
                    if w.text == "in" {
                        case_header = false;
                        expect_pattern = true;
                    }
                }
                continue;
            }
            match token {
                Token::Word(word) if words.is_empty() && word.text == "case" && !redirect_next => {
                    case_depth += 1;
                    case_header = true;
                }
                Token::Word(word) if words.is_empty() && word.text == "esac" && case_depth > 0 => {
                    case_depth -= 1;
                }
                Token::CaseBreak => {
                    self.finish(&mut words);
                    redirect_next = false;
                    expect_pattern = case_depth > 0;
                }
                Token::Close => {
                    self.finish(&mut words);
                    redirect_next = false;
                }
                Token::Word(word) => {
                    if redirect_next {
                        redirect_next = false;
                    } else {
                        only_heredoc = false;
                        words.push(word);
                    }
                }
                Token::Redirect => redirect_next = true,
                Token::Heredoc {
                    delimiter,
                    strip_tabs,
                } => {
                    if words.is_empty() && only_heredoc {
                        saw_heredoc_alone = true;
                    }
                    pending_heredocs.push((delimiter, strip_tabs));
                }
                Token::Pipe => {
                    self.script.has_pipe |= !words.is_empty();
                    self.finish_in_pipeline(&mut words);
                    redirect_next = false;
                }
                Token::Separator => {
                    let newline =
                        self.pos > 0 && self.chars.get(self.pos - 1).is_some_and(|c| c.c == '\n');
                    self.finish(&mut words);
                    redirect_next = false;
                    if newline && !pending_heredocs.is_empty() {
                        for (delimiter, strip_tabs) in std::mem::take(&mut pending_heredocs) {
                            let body = self.take_heredoc_body(&delimiter, strip_tabs);
                            // `RUN <<EOF` runs its body as the script: lint its commands.
                            if saw_heredoc_alone {
                                self.read_inner(&body, self.offset(self.pos));
                            }
                        }
                        saw_heredoc_alone = false;
                        only_heredoc = true;
                    }
                }
            }
        }
    }

    /// Reads a nested script's commands into this one, unless it is too deep.
    fn read_inner(&mut self, chars: &[Char], end: usize) {
        if self.depth >= MAX_NESTING {
            self.script.too_deep = true;
            return;
        }
        let nested = parse_nested(chars, end, self.depth + 1);
        self.absorb(nested);
    }

    fn absorb(&mut self, nested: Script) {
        self.script.has_pipe |= nested.has_pipe;
        self.script.too_deep |= nested.too_deep;
        let base = self.pipeline + 1;
        let mut max = 0;
        for mut command in nested.commands {
            max = max.max(command.pipeline);
            command.pipeline += base;
            self.script.commands.push(command);
        }
        self.pipeline = base + max + 1;
    }

    /// Reads lines up to the delimiter line; returns the body's characters.
    fn take_heredoc_body(&mut self, delimiter: &str, strip_tabs: bool) -> Vec<Char> {
        let mut body = Vec::new();
        while self.pos < self.chars.len() {
            let start = self.pos;
            let mut stop = start;
            while stop < self.chars.len() && self.chars[stop].c != '\n' {
                stop += 1;
            }
            let line: String = self.chars[start..stop].iter().map(|c| c.c).collect();
            let line_cmp = if strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line.as_str()
            };
            self.pos = (stop + 1).min(self.chars.len());
            if line_cmp.trim_end_matches('\r') == delimiter {
                break;
            }
            body.extend_from_slice(&self.chars[start..self.pos]);
        }
        body
    }

    fn finish_in_pipeline(&mut self, words: &mut Vec<Word>) {
        self.push_command(words);
    }

    fn finish(&mut self, words: &mut Vec<Word>) {
        self.push_command(words);
        self.pipeline += 1;
    }

    fn push_command(&mut self, words: &mut Vec<Word>) {
        let mut all = std::mem::take(words).into_iter().peekable();
        // Reserved words that open a compound command, then `VAR=value` assignments.
        loop {
            match all.peek() {
                Some(w) if RESERVED_PREFIX.contains(&w.text.as_str()) => {
                    all.next();
                }
                Some(w) if is_assignment(&w.text) => {
                    all.next();
                }
                _ => break,
            }
        }
        let Some(name) = all.next() else { return };
        // `[ ... ]` and `[[ ... ]]` are tests, not programs; a name built from a variable
        // (`$VENV/bin/pip`) is unknown until run time. Neither is a command rules can read.
        if name.text == "[" || name.text == "[[" || name.text.contains('$') {
            return;
        }
        if RESERVED_ALONE.contains(&name.text.as_str())
            || name.text == "for"
            || name.text == "case"
            || name.text == "in"
        {
            return;
        }
        self.script.commands.push(Command {
            name,
            args: all.collect(),
            pipeline: self.pipeline,
        });
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek(0) {
            if c == ' ' || c == '\t' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        self.skip_blanks();
        let c = self.peek(0)?;
        match c {
            '\n' | ';' => {
                self.pos += 1;
                if c == ';' && self.peek(0) == Some(';') {
                    self.pos += 1;
                    return Some(Token::CaseBreak);
                }
                return Some(Token::Separator);
            }
            '&' => {
                self.pos += 1;
                if self.peek(0) == Some('&') {
                    self.pos += 1;
                } else if self.peek(0) == Some('>') {
                    self.pos += 1;
                    if self.peek(0) == Some('>') {
                        self.pos += 1;
                    }
                    return Some(Token::Redirect);
                }
                return Some(Token::Separator);
            }
            '|' => {
                self.pos += 1;
                if self.peek(0) == Some('|') {
                    self.pos += 1;
                    return Some(Token::Separator);
                }
                if self.peek(0) == Some('&') {
                    self.pos += 1;
                }
                return Some(Token::Pipe);
            }
            '(' => {
                self.pos += 1;
                return Some(Token::Separator);
            }
            ')' => {
                self.pos += 1;
                return Some(Token::Close);
            }
            '#' => {
                // A comment runs to the end of the line.
                while let Some(c) = self.peek(0) {
                    if c == '\n' {
                        break;
                    }
                    self.pos += 1;
                }
                return self.next_token();
            }
            _ => {}
        }
        // Redirections: optional fd digits, then < or >.
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
                    return Some(Token::Redirect);
                }
                let strip_tabs = self.peek(0) == Some('-');
                if strip_tabs {
                    self.pos += 1;
                }
                self.skip_blanks();
                let delimiter = match self.read_word() {
                    Some(word) => word.text,
                    None => String::new(),
                };
                return Some(Token::Heredoc {
                    delimiter,
                    strip_tabs,
                });
            }
            if matches!(self.peek(0), Some('>' | '&' | '|')) {
                self.pos += 1;
            }
            if op == '<' && self.peek(0) == Some('(') {
                // Process substitution `<(cmd)`: keep its commands.
                self.pos -= 1;
                return self.read_word().map(Token::Word);
            }
            return Some(Token::Redirect);
        }
        // A character no word can start with still separates, so parsing always advances.
        self.read_word().map(Token::Word).or(Some(Token::Separator))
    }

    /// Reads one word; nested `$(...)` and backtick commands are parsed into the script.
    fn read_word(&mut self) -> Option<Word> {
        let start = self.pos;
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | ')' => break,
                '(' if text.is_empty() => break,
                '<' | '>' => {
                    if c == '<' && self.peek(1) == Some('(') {
                        self.pos += 1;
                        self.read_nested(')');
                        text.push_str("${VAR}");
                        continue;
                    }
                    break;
                }
                '\\' => {
                    self.pos += 1;
                    if let Some(next) = self.peek(0) {
                        if next != '\n' {
                            text.push(next);
                        }
                        self.pos += 1;
                    }
                }
                '\'' => {
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
                    self.pos += 1;
                    while let Some(q) = self.peek(0) {
                        match q {
                            '"' => {
                                self.pos += 1;
                                break;
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
                            '$' if self.peek(1) == Some('(') => {
                                self.pos += 1;
                                let inner = self.read_nested(')');
                                text.push_str(&format!("${{{inner}}}"));
                            }
                            '`' => {
                                self.pos += 1;
                                self.read_nested('`');
                                text.push_str("${VAR}");
                            }
                            _ => {
                                text.push(q);
                                self.pos += 1;
                            }
                        }
                    }
                }
                '$' if self.peek(1) == Some('(') => {
                    self.pos += 1;
                    let inner = self.read_nested(')');
                    text.push_str(&format!("${{{inner}}}"));
                }
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
                    self.pos += 1;
                    self.read_nested('`');
                    text.push_str("${VAR}");
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if self.pos == start {
            // A lone character no rule above consumed: skip it so parsing always advances.
            self.pos += 1;
            return None;
        }
        Some(Word {
            text,
            span: self.offset(start)..self.offset_end(self.pos),
        })
    }

    fn offset_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.offset(0);
        }
        self.chars
            .get(pos - 1)
            .map_or(self.end, |c| c.at + c.c.len_utf8())
    }

    /// Reads `(...)` or `` `...` `` after the opening character; its commands join the
    /// script. Returns the inner text.
    fn read_nested(&mut self, close: char) -> String {
        // self.pos is at `(` or just after the backtick.
        if close == ')' {
            self.pos += 1;
        }
        let from = self.pos;
        let mut depth = 1;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek(0) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => self.pos += 1,
                (Some(_), _) => {}
                (None, '\\') => self.pos += 1,
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
        if self.pos < self.chars.len() {
            self.pos += 1;
        }
        let inner = &self.chars[from..to];
        self.read_inner(inner, self.offset(to));
        inner.iter().map(|c| c.c).collect()
    }
}

fn is_assignment(word: &str) -> bool {
    match word.find('=') {
        Some(0) | None => false,
        Some(at) => word[..at]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_'),
    }
}

mod side_by_side {
    //! Every RUN, CMD and ENTRYPOINT of the corpus read by the old reader and by the shared
    //! lexer: the commands, words, spans and pipelines rules see, and the findings, must be
    //! the same.

    use crate::lint::model::{Instr, Model, OLD_SHELL};
    use crate::lint::{lint_model, Config};
    use std::path::PathBuf;

    fn corpus() -> Vec<(PathBuf, String)> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus not found at {}: {e}", dir.display()))
            .flat_map(|repo| std::fs::read_dir(repo.unwrap().path()).unwrap())
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                (p, text)
            })
            .collect()
    }

    fn model(text: &str, old: bool) -> Model<'_> {
        OLD_SHELL.with(|flag| flag.set(old));
        let model = Model::new(text);
        OLD_SHELL.with(|flag| flag.set(false));
        model
    }

    fn scripts(instr: &Instr) -> Vec<Option<super::Script>> {
        let mut out = vec![instr.script.clone()];
        if let Some(inner) = &instr.onbuild {
            out.extend(scripts(inner));
        }
        out
    }

    /// The one difference made on purpose: in a heredoc body, the old reader read a line
    /// continuation (`\` then a line break) as an empty word; the lexer skips it, as a
    /// shell does.
    fn without_continuation_words(
        source: &str,
        mut scripts: Vec<Option<super::Script>>,
    ) -> Vec<Option<super::Script>> {
        for script in scripts.iter_mut().flatten() {
            for command in &mut script.commands {
                command.args.retain(|word| {
                    let written = &source[word.span.clone()];
                    !(word.text.is_empty()
                        && written.starts_with("\\\n")
                        && written[2..].trim().is_empty())
                });
            }
        }
        scripts
    }

    #[test]
    fn old_and_new_shell_readers_agree_on_the_corpus() {
        let files = corpus();
        assert_eq!(files.len(), 992, "the whole corpus is compared");
        let config = Config::default();
        let mut differences = Vec::new();
        let mut runs = 0;
        for (path, text) in &files {
            let (old, new) = (model(text, true), model(text, false));
            for (a, b) in old.instructions.iter().zip(&new.instructions) {
                runs += usize::from(a.script.is_some());
                if without_continuation_words(text, scripts(a)) != scripts(b) {
                    differences.push(format!(
                        "{}:{}\n  old: {:?}\n  new: {:?}",
                        path.display(),
                        a.line,
                        scripts(a),
                        scripts(b)
                    ));
                }
            }
            let findings = |m: &Model| {
                lint_model(m, &config, None)
                    .into_iter()
                    .map(|f| (f.line, f.code, f.message))
                    .collect::<Vec<_>>()
            };
            let (fa, fb) = (findings(&old), findings(&new));
            if fa != fb {
                differences.push(format!(
                    "{}: findings\n  old: {fa:?}\n  new: {fb:?}",
                    path.display()
                ));
            }
        }
        assert!(runs > 2_500, "only {runs} shell instructions were compared");
        assert!(
            differences.is_empty(),
            "{} differences:\n{}",
            differences.len(),
            differences[..differences.len().min(20)].join("\n")
        );
    }
}
