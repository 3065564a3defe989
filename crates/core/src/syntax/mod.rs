//! Dockerfile syntax: turns text into instructions with their lines.
//!
//! Provisional line-based parser; the full BuildKit-compatible parser replaces its internals
//! behind the same API.

/// A parsed Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    instructions: Vec<Instruction>,
    errors: Vec<SyntaxError>,
}

impl Dockerfile {
    /// The instructions in source order.
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// What could not be parsed, each with its line and column.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }
}

/// One instruction, such as `RUN apt-get update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword as written in the file (`run`, `Run`, `RUN`).
    pub keyword: String,
    /// First line, 1-based.
    pub start_line: usize,
    /// Last line, 1-based, covering continuation lines.
    pub end_line: usize,
    /// The arguments after the keyword, continuation lines joined.
    pub arguments: String,
}

impl Instruction {
    /// The keyword upper-cased, as BuildKit dispatches it.
    pub fn kind(&self) -> String {
        self.keyword.to_ascii_uppercase()
    }
}

/// A problem in the text, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Parses Dockerfile text. Never fails: problems become [`SyntaxError`]s.
pub fn parse(source: &str) -> Dockerfile {
    let mut file = Dockerfile::default();
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let lines: Vec<&str> = source.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim_start();
        index += 1;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let start_line = index;
        let mut text = String::new();
        let mut current = line.trim_end();
        loop {
            match current.strip_suffix('\\') {
                Some(head) => {
                    text.push_str(head);
                    // Comment lines and empty lines inside a continuation are skipped.
                    loop {
                        if index >= lines.len() {
                            current = "";
                            break;
                        }
                        let next = lines[index];
                        index += 1;
                        let next_trim = next.trim_start();
                        if next_trim.starts_with('#') || next_trim.is_empty() {
                            continue;
                        }
                        current = next.trim_end();
                        break;
                    }
                    if current.is_empty() {
                        break;
                    }
                }
                None => {
                    text.push_str(current);
                    break;
                }
            }
        }
        let text = text.trim();
        let (keyword, arguments) = match text.find(char::is_whitespace) {
            Some(at) => (&text[..at], text[at..].trim()),
            None => (text, ""),
        };
        if !keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let column = line.chars().count() - trimmed.chars().count() + 1;
            file.errors.push(SyntaxError {
                message: format!("`{keyword}` is not an instruction keyword"),
                line: start_line,
                column,
            });
            continue;
        }
        file.instructions.push(Instruction {
            keyword: keyword.to_string(),
            start_line,
            end_line: index,
            arguments: arguments.to_string(),
        });
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_instructions_with_continuations_and_comments() {
        let file = parse("# c\nFROM python:3.12\nRUN a \\\n  # inner\n  && b\nCMD [\"x\"]\n");
        let kinds: Vec<_> = file.instructions().iter().map(|i| i.kind()).collect();
        assert_eq!(kinds, ["FROM", "RUN", "CMD"]);
        let run = &file.instructions()[1];
        assert_eq!((run.start_line, run.end_line), (3, 5));
        assert_eq!(run.arguments, "a   && b");
    }
}
