//! The adapter between the syntax tree and the size model: each instruction becomes a [`Step`]
//! with its flags, its words and, for `RUN`, its shell commands, with `ARG` and `ENV` values
//! expanded where they are known.
//!
//! Nothing is parsed here: flags, words, heredocs and the shell view all come from
//! [`crate::syntax`]; this module only resolves variables and flattens the parser's views into
//! the plain strings the model matches on.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::syntax::expand::{expand_known_budgeted, ExpansionBudget};
use crate::syntax::{Connector, Dockerfile, InstructionKind, Mount, ShellCommand, ShellScript};

/// One instruction as the size model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step<'a> {
    /// Upper-cased keyword (`RUN`, `COPY`...); `ONBUILD` triggers are skipped. Borrowed from
    /// the file when written upper-case, as most are.
    pub keyword: Cow<'a, str>,
    pub line: usize,
    pub end_line: usize,
    /// The argument text as written, for display.
    pub text: &'a str,
    /// `--name=value` flags in front of the arguments.
    pub flags: Vec<(String, String)>,
    /// `RUN --mount` flags as the parser reads them; one it cannot read is left out, since
    /// the build fails on it.
    pub mounts: Vec<Mount>,
    /// Words after the flags (JSON form decoded), with variables expanded: the parser's
    /// values, `NAME=value` for ARG, ENV and LABEL (other shell forms stay one word). Empty
    /// for `RUN`: its words are in [`Step::commands`].
    pub words: Vec<String>,
    /// For `RUN`: the shell commands, split on `&&`, `||`, `;`, `|` and newlines.
    pub commands: Vec<Command<'a>>,
    /// Whether a word here expanded past the limits (see [`ExpansionBudget`]) and was left
    /// as written.
    pub too_large: bool,
}

/// One simple shell command, and whether its output is piped into the next one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command<'a> {
    /// The words, borrowed from the shell view unless expanding a variable changed them: a
    /// file of small RUNs has a few words each, and a copy of every one was a fifth of its
    /// plan's allocations.
    pub words: Vec<Word<'a>>,
    pub piped_into_next: bool,
}

/// A word of a command: as the shell view has it (borrowed), or expanded (owned).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Word<'a>(Cow<'a, str>);

impl<'a> Word<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn owned(self) -> Word<'static> {
        Word(Cow::Owned(self.0.into_owned()))
    }
}

impl std::ops::Deref for Word<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<Cow<'a, str>> for Word<'a> {
    fn from(word: Cow<'a, str>) -> Self {
        Word(word)
    }
}

impl From<String> for Word<'_> {
    fn from(word: String) -> Self {
        Word(Cow::Owned(word))
    }
}

impl<'a> From<&'a str> for Word<'a> {
    fn from(word: &'a str) -> Self {
        Word(Cow::Borrowed(word))
    }
}

impl PartialEq<str> for Word<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Word<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl AsRef<str> for Word<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Word<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Word<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The words with a space between each.
pub fn join(words: &[Word]) -> String {
    let mut out = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

impl Command<'_> {
    /// The same command owning its words, for one read from a script that is not kept.
    fn into_owned(self) -> Command<'static> {
        Command {
            words: self.words.into_iter().map(Word::owned).collect(),
            piped_into_next: self.piped_into_next,
        }
    }
}

impl Step<'_> {
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flags
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every instruction of `file` into steps, expanding `ARG` defaults and `ENV` values
/// (global `ARG`s before the first `FROM`, then per stage). `build_args` override defaults.
pub fn steps<'a>(file: &'a Dockerfile, build_args: &HashMap<String, String>) -> Vec<Step<'a>> {
    let escape = file.escape();
    // Shared by every expansion of the file, so doubling or chained ARGs and ENVs cost at
    // most a few times the file's size; past it, words stay as written.
    let budget = ExpansionBudget::for_source(file.source().len());
    let budget = &budget;
    let failed = std::cell::Cell::new(false);
    let failed = &failed;
    let mut out = Vec::with_capacity(file.instructions().len());
    let mut global: HashMap<String, String> = HashMap::new();
    let mut scope: HashMap<String, String> = HashMap::new();
    let mut seen_from = false;
    for instruction in file.instructions() {
        let kind = instruction.kind();
        let vars = if seen_from { &scope } else { &global };
        failed.set(false);
        let known = borrowing(|word| expand_word(word, escape, vars, budget, failed));
        // The parser has already removed the flags' quotes.
        let flags: Vec<(String, String)> = instruction
            .flags
            .iter()
            .map(|flag| {
                let value = flag.value.as_deref().unwrap_or_default();
                (
                    flag.name.to_ascii_lowercase(),
                    expand_literal(value, vars, budget, failed).into_owned(),
                )
            })
            .collect();
        // Only RUN's script is read: the model does not look into CMD or ENTRYPOINT.
        let script = match kind {
            InstructionKind::Run => instruction.shell(),
            _ => None,
        };
        let words: Vec<String> = match kind {
            InstructionKind::Arg => instruction
                .arg_decls()
                .into_iter()
                .map(|arg| match arg.default {
                    Some(default) => assignment(&arg.name, &known(&default)),
                    None => arg.name,
                })
                .collect(),
            InstructionKind::Env | InstructionKind::Label => instruction
                .key_values()
                .map(|(name, value)| assignment(name, &known(value)))
                .collect(),
            // RUN's shell form hands the script over whole: its words are the commands'.
            _ if script.is_some() => Vec::new(),
            // JSON strings arrive decoded: what is left of quotes is literal.
            _ if instruction.json => instruction
                .values
                .iter()
                .map(|word| expand_literal(&word.text, vars, budget, failed).into_owned())
                .collect(),
            _ => instruction
                .values
                .iter()
                .map(|word| known(&word.text).into_owned())
                .collect(),
        };
        let (words, commands) = match (kind, &script) {
            (InstructionKind::Run, Some(script)) => (
                words,
                commands(&script.commands, file.source(), &|word| {
                    expand_literal(word, vars, budget, failed)
                }),
            ),
            // Exec form runs one program with these words, no shell in between.
            (InstructionKind::Run, None) if !words.is_empty() => (
                Vec::new(),
                vec![Command {
                    words: words.into_iter().map(Word::from).collect(),
                    piped_into_next: false,
                }],
            ),
            _ => (words, Vec::new()),
        };
        match kind {
            InstructionKind::From => {
                seen_from = true;
                scope = HashMap::new();
            }
            InstructionKind::Arg => {
                for word in &words {
                    let (name, default) = match word.split_once('=') {
                        Some((n, v)) => (n.to_string(), Some(v.to_string())),
                        None => (word.clone(), None),
                    };
                    let value = build_args
                        .get(&name)
                        .cloned()
                        .or(default)
                        .or_else(|| global.get(&name).cloned());
                    let target = if seen_from { &mut scope } else { &mut global };
                    match value {
                        Some(v) => {
                            target.insert(name, v);
                        }
                        None => {
                            target.remove(&name);
                        }
                    }
                }
            }
            InstructionKind::Env if seen_from => {
                for word in &words {
                    if let Some((n, v)) = word.split_once('=') {
                        scope.insert(n.to_string(), v.to_string());
                    }
                }
            }
            _ => {}
        }
        let mounts = flags
            .iter()
            .filter(|(name, _)| kind == InstructionKind::Run && name == "mount")
            .filter_map(|(_, value)| read_mount(value))
            .collect();
        out.push(Step {
            keyword: if instruction.keyword.bytes().any(|b| b.is_ascii_lowercase()) {
                Cow::Owned(instruction.keyword.to_ascii_uppercase())
            } else {
                Cow::Borrowed(&instruction.keyword)
            },
            line: instruction.start_line,
            end_line: instruction.end_line.max(instruction.start_line),
            text: &instruction.arguments,
            flags,
            mounts,
            words,
            commands,
            too_large: failed.get(),
        });
    }
    out
}

/// Lets a closure return a word borrowed from the word it is given (closures do not infer
/// that by themselves).
fn borrowing<F: for<'w> Fn(&'w str) -> Cow<'w, str>>(expand: F) -> F {
    expand
}

/// `name=value`, sized once: a file of settings has one per ENV and LABEL, and the rewrite
/// plan reads each a dozen times.
fn assignment(name: &str, value: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1 + value.len());
    out.push_str(name);
    out.push('=');
    out.push_str(value);
    out
}

/// Keeps a word as written when it does not expand, and notes when the reason is its size.
fn or_as_written(
    result: Result<String, crate::syntax::ExpandError>,
    word: &str,
    failed: &std::cell::Cell<bool>,
) -> String {
    result.unwrap_or_else(|e| {
        if e.is_too_large() {
            failed.set(true);
        }
        word.to_string()
    })
}

/// Splits a shell script (the script of `sh -c '...'`) into commands with the parser's shell
/// view; variables are left as written.
pub fn shell_commands(script: &str) -> Vec<Command<'static>> {
    commands(&ShellScript::parse(script).commands, script, &Cow::Borrowed)
        .into_iter()
        .map(Command::into_owned)
        .collect()
}

/// A Dockerfile word with known variables expanded and quotes removed; a word that does not
/// expand (an unclosed quote) stays as written, since an estimate must not fail on it.
fn expand_word<'w>(
    word: &'w str,
    escape: char,
    vars: &HashMap<String, String>,
    budget: &ExpansionBudget,
    failed: &std::cell::Cell<bool>,
) -> Cow<'w, str> {
    if !word.contains(['$', '\'', '"', escape]) {
        return Cow::Borrowed(word);
    }
    let expanded = expand_known_budgeted(word, escape, &|name| vars.get(name).cloned(), budget);
    Cow::Owned(or_as_written(expanded, word, failed))
}

/// A `--mount` value read by the parser. BuildKit accepts a mount without a target (it mounts
/// at the working directory) where [`Mount::parse`] asks for one, so such a mount is read with
/// a placeholder target that is then dropped.
fn read_mount(value: &str) -> Option<Mount> {
    Mount::parse(value).ok().or_else(|| {
        let mount = Mount::parse(&format!("{value},target=.")).ok()?;
        Some(Mount {
            target: None,
            ..mount
        })
    })
}

/// A word whose quotes are already removed (a shell word, a JSON string, a flag value) with
/// known variables expanded. Its remaining quote and escape characters are literal, so they
/// are escaped first.
fn expand_literal<'w>(
    word: &'w str,
    vars: &HashMap<String, String>,
    budget: &ExpansionBudget,
    failed: &std::cell::Cell<bool>,
) -> Cow<'w, str> {
    if !word.contains('$') {
        return Cow::Borrowed(word);
    }
    let mut literal = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        if matches!(c, '\'' | '"' | '\\') {
            literal.push('\\');
        }
        literal.push(c);
    }
    let expanded = expand_known_budgeted(&literal, '\\', &|name| vars.get(name).cloned(), budget);
    Cow::Owned(or_as_written(expanded, word, failed))
}

/// The first unquoted word after `do`, `then`, `else` and `{`: what tells a loop or `case`
/// head (`do for x in a b`) or an `esac`.
fn compound_keyword(command: &ShellCommand) -> Option<&str> {
    command
        .words
        .iter()
        .find(|word| word.quoted || !matches!(word.text.as_str(), "do" | "then" | "else" | "{"))
        .filter(|word| !word.quoted)
        .map(|word| word.text.as_str())
}

/// Programs that run a heredoc fed to them as a script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// Flattens the shell view: each command's words from the program on (reserved words such as
/// `then`, leading assignments and `sudo` are the shell view's to skip), and whether it pipes
/// into the next command. What runs no program is left out: loop and `case` heads, `case`
/// patterns and function names. `text` is what the commands' spans index.
fn commands<'s>(
    script: &'s [ShellCommand],
    text: &str,
    expand: &dyn Fn(&'s str) -> Cow<'s, str>,
) -> Vec<Command<'s>> {
    // `case` patterns (`arm64)`, `amd64 | i386)`) and function names (`f() {`) read as
    // commands to a shell view that does not know them. A pattern opens each branch: it
    // follows the `case ... in` head or a `;;`, unless a `)` in between shows the shell view
    // has already left it out. A function name is followed by `(`.
    let next_byte = |command: &ShellCommand| {
        text.get(command.span.end..)
            .and_then(|rest| rest.trim_start_matches([' ', '\t']).bytes().next())
    };
    let mut in_case = false;
    // Which commands are not programs, sized on the first one found: most scripts have none,
    // and a vector per RUN was a fifth of a plan's allocations on a file of small RUNs.
    let mut not_a_program: Vec<bool> = Vec::new();
    let mark = |not_a_program: &mut Vec<bool>, i: usize| {
        if not_a_program.is_empty() {
            not_a_program.resize(script.len(), false);
        }
        not_a_program[i] = true;
    };
    let marked = |not_a_program: &[bool], i: usize| not_a_program.get(i).copied().unwrap_or(false);
    for (i, command) in script.iter().enumerate() {
        let first = compound_keyword(command);
        if i > 0 && in_case && !marked(&not_a_program, i) {
            let previous = &script[i - 1];
            let gap = text
                .get(previous.span.end..command.span.start)
                .unwrap_or("");
            let after_head = compound_keyword(previous) == Some("case");
            let pending = match gap.rfind(";;") {
                Some(at) => !gap[at..].contains(')'),
                None => after_head && !gap.contains(')'),
            };
            if pending && first != Some("esac") {
                // The pattern and the alternatives piped after it (`amd64 | i386)`).
                let mut last = i;
                mark(&mut not_a_program, last);
                while next_byte(&script[last]) != Some(b')')
                    && script
                        .get(last + 1)
                        .is_some_and(|next| next.connector == Some(Connector::Pipe))
                {
                    last += 1;
                    mark(&mut not_a_program, last);
                }
            }
        }
        match first {
            Some("case") => in_case = true,
            Some("esac") => in_case = false,
            _ => {}
        }
        if next_byte(command) == Some(b'(') {
            mark(&mut not_a_program, i);
        }
    }
    let mut out = Vec::with_capacity(script.len());
    for (i, command) in script.iter().enumerate() {
        let piped_into_next = script
            .get(i + 1)
            .is_some_and(|next| next.connector == Some(Connector::Pipe));
        let Some(name) = command.name() else {
            // Only reserved words or assignments: nothing runs.
            continue;
        };
        let head = matches!(compound_keyword(command), Some("for" | "select" | "case"));
        // `bash <<EOF`: the shell view already lists the heredoc's commands after this one.
        let reads_heredoc = SHELLS.contains(&name)
            && !command.has_flag("-c")
            && command.redirects.iter().any(|r| {
                r.operator
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with("<<")
            });
        if head || marked(&not_a_program, i) || reads_heredoc {
            continue;
        }
        // The shell splits what an unquoted `$VAR` expands to into words
        // (`apt-get install $BUILD_DEPS`).
        let mut words = Vec::with_capacity(1 + command.arguments().len());
        words.push(Word(expand(name)));
        for word in command.arguments() {
            let text = expand(&word.text);
            if word.quoted || !word.text.contains('$') {
                words.push(Word(text));
                continue;
            }
            match text {
                Cow::Borrowed(text) => words.extend(text.split_whitespace().map(Word::from)),
                Cow::Owned(text) => words.extend(
                    text.split_whitespace()
                        .map(|part| Word::from(part.to_string())),
                ),
            }
        }
        out.push(Command {
            words,
            piped_into_next,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn command_words(text: &str) -> Vec<Vec<String>> {
        let file = parse(text);
        steps(&file, &HashMap::new())
            .into_iter()
            .flat_map(|step| step.commands)
            .map(|command| command.words.iter().map(Word::to_string).collect())
            .collect()
    }

    #[test]
    fn run_commands_come_from_the_shell_view() {
        let file = parse(
            "FROM debian\nRUN apt-get update && apt-get install -y \"a b\" c; curl -s x | sh # done\n",
        );
        let steps = steps(&file, &HashMap::new());
        let commands = &steps[1].commands;
        let words: Vec<Vec<&str>> = commands
            .iter()
            .map(|c| c.words.iter().map(Word::as_str).collect())
            .collect();
        assert_eq!(
            words,
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "a b", "c"],
                vec!["curl", "-s", "x"],
                vec!["sh"],
            ]
        );
        assert!(commands[2].piped_into_next);
        assert!(!commands[1].piped_into_next);
    }

    #[test]
    fn expands_known_variables_and_keeps_unknown_ones() {
        let file = parse(
            "ARG V=3.12\nFROM python:${V}-slim\nARG V\nENV APP=/srv\nRUN echo \"$V\" $APP/$W it\\'s\n",
        );
        let steps = steps(&file, &HashMap::new());
        assert_eq!(steps[1].words, ["python:3.12-slim"]);
        assert_eq!(
            steps[4].commands[0].words,
            ["echo", "3.12", "/srv/$W", "it's"]
        );
        let split = parse("FROM a\nENV DEPS=\"gcc  make\"\nRUN apk add $DEPS \"$DEPS\"\n");
        assert_eq!(
            super::steps(&split, &HashMap::new())[2].commands[0].words,
            ["apk", "add", "gcc", "make", "gcc  make"]
        );
        let overridden = super::steps(&file, &HashMap::from([("V".into(), "3.13".into())]));
        assert_eq!(overridden[1].words, ["python:3.13-slim"]);
    }

    #[test]
    fn reads_flags_json_form_and_heredocs() {
        let file = parse(concat!(
            "FROM alpine\n",
            "COPY --from=build --chown=app:app /a /b\n",
            "RUN [\"pip\", \"install\", \"x\"]\n",
            "RUN bash <<EOF\napk add curl\nEOF\n",
            "RUN cat <<EOF > /etc/motd\nrm -rf /\nEOF\n",
            "RUN if true; then pip install y; fi\n",
        ));
        let steps = steps(&file, &HashMap::new());
        assert_eq!(steps[1].flag("from"), Some("build"));
        let mounted = parse("FROM a\nRUN --mount=type=cache,target=/root/.cache pip install x\n");
        let mounts = &super::steps(&mounted, &HashMap::new())[1].mounts;
        assert_eq!(mounts[0].kind, crate::syntax::MountType::Cache);
        assert_eq!(mounts[0].target.as_deref(), Some("/root/.cache"));
        let bind = parse("FROM a\nRUN --mount=type=bind,from=build make\n");
        let mounts = &super::steps(&bind, &HashMap::new())[1].mounts;
        assert_eq!(mounts[0].from.as_deref(), Some("build"));
        assert_eq!(mounts[0].target, None);
        assert_eq!(steps[1].words, ["/a", "/b"]);
        assert_eq!(steps[2].commands[0].words, ["pip", "install", "x"]);
        assert_eq!(steps[3].commands[0].words, ["apk", "add", "curl"]);
        // A heredoc fed to `cat` is a file's content, not commands.
        assert_eq!(steps[4].commands.len(), 1);
        assert_eq!(steps[4].commands[0].words, ["cat"]);
        assert_eq!(steps[5].commands[1].words, ["pip", "install", "y"]);
        assert_eq!(
            command_words(concat!(
                "FROM a\nRUN case \"$(uname -m)\" in x86_64) a=amd64;; 'arm64' | aarch64) a=arm64;; *) exit 1;; esac",
                " && for f in x y; do apk add $f; done && g() { true; }\n",
            )),
            [vec!["exit", "1"], vec!["apk", "add", "$f"], vec!["true"]]
        );
        assert_eq!(
            command_words("FROM a\nRUN case $a in x86) ;; *) make;; esac; (cd b && make)\n"),
            [vec!["make"], vec!["cd", "b"], vec!["make"]]
        );
        assert_eq!(
            command_words("FROM a\nRUN for k in a; do for s in b; do gpg $s; done; done\n"),
            [vec!["gpg", "$s"]]
        );
        assert_eq!(
            command_words("FROM a\nRUN sh -c 'x && y'\n"),
            [vec!["sh", "-c", "x && y"]]
        );
        assert_eq!(
            shell_commands("a; b | c")
                .iter()
                .map(|c| c.piped_into_next)
                .collect::<Vec<_>>(),
            [false, true, false]
        );
    }
}
