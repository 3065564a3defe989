//! The adapter between the syntax tree and the size model: each instruction becomes a [`Step`]
//! with its flags, its words and, for `RUN`, its shell commands split into words, with `ARG` and
//! `ENV` values expanded where they are known.
//!
//! The model reads the instruction's keyword, lines, argument text, flags and heredoc bodies.
//! The small shell reader here is enough to recognise package managers, not a shell; it keeps
//! the model independent of how the parser's own shell view evolves.

use std::collections::HashMap;

use crate::syntax::Dockerfile;

/// One instruction as the size model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Upper-cased keyword (`RUN`, `COPY`...); `ONBUILD` triggers are skipped.
    pub keyword: String,
    pub line: usize,
    pub end_line: usize,
    /// The argument text as written, for display.
    pub text: String,
    /// `--name=value` flags in front of the arguments.
    pub flags: Vec<(String, String)>,
    /// Words after the flags (JSON form decoded), with variables expanded.
    pub words: Vec<String>,
    /// For `RUN`: the shell commands, split on `&&`, `||`, `;`, `|` and newlines.
    pub commands: Vec<Command>,
}

/// One simple shell command, and whether its output is piped into the next one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub words: Vec<String>,
    pub piped_into_next: bool,
}

impl Step {
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
pub fn steps(file: &Dockerfile, build_args: &HashMap<String, String>) -> Vec<Step> {
    let mut out = Vec::new();
    let mut global: HashMap<String, String> = HashMap::new();
    let mut scope: HashMap<String, String> = HashMap::new();
    let mut seen_from = false;
    for instruction in file.instructions() {
        let keyword = instruction.keyword.to_ascii_uppercase();
        let text = instruction.arguments.clone();
        // The parser hands flags over separately; a flag still in the text (an older tree)
        // is read here too.
        let (more_flags, rest) = split_flags(&text);
        let vars = if seen_from { &scope } else { &global };
        let flags: Vec<(String, String)> = instruction
            .flags
            .iter()
            .map(|f| {
                (
                    f.name.to_ascii_lowercase(),
                    f.value.clone().unwrap_or_default(),
                )
            })
            .chain(more_flags)
            .map(|(n, v)| (n, expand(&v, vars)))
            .collect();
        let heredocs: Vec<String> = instruction
            .heredocs
            .iter()
            .map(|h| h.content.clone())
            .collect();
        let words: Vec<String> = if rest.trim_start().starts_with('[') {
            json_words(rest).unwrap_or_else(|| shell_words(rest))
        } else {
            shell_words(rest)
        }
        .into_iter()
        .map(|w| expand(&w, vars))
        .collect();
        let commands = if keyword == "RUN" {
            let script = if rest.trim_start().starts_with('[') {
                words.join(" ")
            } else if !heredocs.is_empty() {
                // `RUN <<EOF` runs the heredoc bodies; the `<<EOF` words themselves do nothing.
                let head: Vec<&str> = rest
                    .split_whitespace()
                    .filter(|w| !w.starts_with("<<"))
                    .collect();
                let mut script = heredocs.join("\n");
                if !head.is_empty()
                    && !matches!(head[0], "sh" | "bash" | "ash" | "python" | "python3")
                {
                    script = format!("{}\n{script}", head.join(" "));
                }
                script
            } else {
                rest.to_string()
            };
            shell_commands(&script)
                .into_iter()
                .map(|c| Command {
                    words: c.words.into_iter().map(|w| expand(&w, vars)).collect(),
                    piped_into_next: c.piped_into_next,
                })
                .collect()
        } else {
            Vec::new()
        };
        match keyword.as_str() {
            "FROM" => {
                seen_from = true;
                scope = HashMap::new();
            }
            "ARG" => {
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
            "ENV" if seen_from => {
                let pairs: Vec<(String, String)> = if words.len() >= 2 && !words[0].contains('=') {
                    vec![(words[0].clone(), words[1..].join(" "))]
                } else {
                    words
                        .iter()
                        .filter_map(|w| w.split_once('='))
                        .map(|(n, v)| (n.to_string(), v.to_string()))
                        .collect()
                };
                for (n, v) in pairs {
                    scope.insert(n, v);
                }
            }
            _ => {}
        }
        out.push(Step {
            keyword,
            line: instruction.start_line,
            end_line: instruction.end_line.max(instruction.start_line),
            text: instruction.arguments.clone(),
            flags,
            words,
            commands,
        });
    }
    out
}

/// Splits leading `--flag=value` / `--flag` words off the argument text.
pub fn split_flags(text: &str) -> (Vec<(String, String)>, &str) {
    let mut flags = Vec::new();
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix("--") {
        let end = after
            .find(|c: char| c.is_whitespace())
            .unwrap_or(after.len());
        let word = &after[..end];
        if word.is_empty() {
            break;
        }
        let (name, value) = word.split_once('=').unwrap_or((word, ""));
        flags.push((
            name.to_ascii_lowercase(),
            value.trim_matches('"').to_string(),
        ));
        rest = after[end..].trim_start();
    }
    (flags, rest)
}

/// Expands `$NAME`, `${NAME}` and `${NAME:-default}` from `vars`; unknown names stay as written.
pub fn expand(word: &str, vars: &HashMap<String, String>) -> String {
    if !word.contains('$') {
        return word.to_string();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' || i + 1 >= chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        if chars[i + 1] == '{' {
            let Some(close) = chars[i + 2..].iter().position(|c| *c == '}') else {
                out.push(chars[i]);
                i += 1;
                continue;
            };
            let inner: String = chars[i + 2..i + 2 + close].iter().collect();
            let (name, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
                Some((n, d)) => (n.to_string(), Some(d.to_string())),
                None => (inner.clone(), None),
            };
            match vars
                .get(&name)
                .filter(|v| !v.is_empty())
                .cloned()
                .or(default)
            {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("${");
                    out.push_str(&inner);
                    out.push('}');
                }
            }
            i += close + 3;
        } else if chars[i + 1].is_ascii_alphabetic() || chars[i + 1] == '_' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            let name: String = chars[start..end].iter().collect();
            match vars.get(&name) {
                Some(value) => out.push_str(value),
                None => {
                    out.push('$');
                    out.push_str(&name);
                }
            }
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Decodes an exec-form JSON array of strings; `None` when it is not one.
pub fn json_words(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut words = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.next() {
            None => return Some(words),
            Some('"') => {
                let mut word = String::new();
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            'n' => word.push('\n'),
                            't' => word.push('\t'),
                            other => word.push(other),
                        },
                        c => word.push(c),
                    }
                }
                words.push(word);
            }
            Some(_) => return None,
        }
    }
}

/// Splits text into words the way a shell would for our purposes: quotes group, backslashes
/// escape, and nothing is expanded.
pub fn shell_words(text: &str) -> Vec<String> {
    shell_commands(text)
        .into_iter()
        .flat_map(|c| c.words)
        .collect()
}

/// Splits a shell script into simple commands on `&&`, `||`, `;`, `|`, `&` and newlines.
/// Comments are dropped; `( ... )` and `{ ... }` groups are flattened.
pub fn shell_commands(script: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut current = Command::default();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = script.chars().peekable();
    let finish_word = |word: &mut String, in_word: &mut bool, current: &mut Command| {
        if *in_word {
            current.words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if n != '\n' {
                                    word.push(n);
                                }
                            }
                        }
                        _ => word.push(q),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some(n) => {
                    in_word = true;
                    word.push(n);
                }
            },
            '#' if !in_word => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                finish_word(&mut word, &mut in_word, &mut current);
                push_command(&mut commands, &mut current, false);
            }
            '&' | ';' | '\n' | '|' => {
                finish_word(&mut word, &mut in_word, &mut current);
                let piped = c == '|' && chars.peek() != Some(&'|');
                if (c == '&' || c == '|') && chars.peek() == Some(&c) {
                    chars.next();
                }
                push_command(&mut commands, &mut current, piped);
            }
            '(' | ')' | '{' | '}' if !in_word => {
                finish_word(&mut word, &mut in_word, &mut current);
            }
            c if c.is_whitespace() => finish_word(&mut word, &mut in_word, &mut current),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    finish_word(&mut word, &mut in_word, &mut current);
    push_command(&mut commands, &mut current, false);
    commands
}

fn push_command(commands: &mut Vec<Command>, current: &mut Command, piped: bool) {
    if current.words.is_empty() {
        return;
    }
    current.piped_into_next = piped;
    commands.push(std::mem::take(current));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commands_and_keeps_quotes_together() {
        let commands = shell_commands(
            "apt-get update && apt-get install -y \"a b\" c; curl -s x | sh # done\n echo 'x;y'",
        );
        let words: Vec<Vec<&str>> = commands
            .iter()
            .map(|c| c.words.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            words,
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "a b", "c"],
                vec!["curl", "-s", "x"],
                vec!["sh"],
                vec!["echo", "x;y"],
            ]
        );
        assert!(commands[2].piped_into_next);
        assert!(!commands[1].piped_into_next);
    }

    #[test]
    fn expands_known_variables_and_keeps_unknown_ones() {
        let vars = HashMap::from([("V".to_string(), "3.12".to_string())]);
        assert_eq!(expand("python:${V}-slim", &vars), "python:3.12-slim");
        assert_eq!(expand("$V/$W", &vars), "3.12/$W");
        assert_eq!(expand("${W:-x}", &vars), "x");
    }

    #[test]
    fn reads_flags_and_json_form() {
        let (flags, rest) = split_flags("--from=build --chown=app:app /a /b");
        assert_eq!(flags[0], ("from".into(), "build".into()));
        assert_eq!(rest, "/a /b");
        assert_eq!(
            json_words(r#"["pip", "install", "x"]"#).unwrap(),
            ["pip", "install", "x"]
        );
    }
}
