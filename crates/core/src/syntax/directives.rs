//! Parser directives (`# syntax=`, `# escape=`, `# check=`): BuildKit reads them only at the top
//! of the file, before any other line, each at most once.

use super::span::Span;
use super::tree::Directive;

/// Where the parser is in the file's leading directives.
pub(super) struct DirectiveState {
    pub(super) done: bool,
    pub(super) seen: Vec<String>,
}

/// What a possible directive line turned out to be.
pub(super) enum DirectiveLine {
    NotDirective,
    Directive(Directive),
    Problem(String),
}

impl DirectiveState {
    /// BuildKit's directive pattern: `#\s*name\s*=\s*value\s*`, `\s` being `[\t\n\f\r ]`.
    pub(super) fn check(&mut self, source: &str, start: usize, end: usize) -> DirectiveLine {
        if self.done {
            return DirectiveLine::NotDirective;
        }
        match read_directive(source, start, end) {
            Some((name, value_start, value_end)) => {
                let key = name.to_ascii_lowercase();
                if !matches!(key.as_str(), "syntax" | "escape" | "check") {
                    self.done = true;
                    return DirectiveLine::NotDirective;
                }
                if self.seen.contains(&key) {
                    return DirectiveLine::Problem(format!(
                        "the `{key}` parser directive is given twice; keep only one `# {key}=` line"
                    ));
                }
                self.seen.push(key.clone());
                DirectiveLine::Directive(Directive {
                    name: key,
                    value: source[value_start..value_end].to_string(),
                    span: Span::new(start, end),
                    value_span: Span::new(value_start, value_end),
                })
            }
            None => {
                self.done = true;
                DirectiveLine::NotDirective
            }
        }
    }
}

fn is_directive_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// Reads `# name = value`, returning the name and the value's byte range.
fn read_directive(source: &str, start: usize, end: usize) -> Option<(&str, usize, usize)> {
    let bytes = source.as_bytes();
    let mut i = start;
    if bytes.get(i) != Some(&b'#') || end <= start {
        return None;
    }
    i += 1;
    while i < end && is_directive_space(bytes[i]) {
        i += 1;
    }
    let name_start = i;
    if i < end && bytes[i].is_ascii_alphabetic() {
        i += 1;
        while i < end && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
    } else {
        return None;
    }
    let name = &source[name_start..i];
    while i < end && is_directive_space(bytes[i]) {
        i += 1;
    }
    if i >= end || bytes[i] != b'=' {
        return None;
    }
    i += 1;
    let after_equals = i;
    while i < end && is_directive_space(bytes[i]) {
        i += 1;
    }
    if i < end {
        let mut value_end = end;
        while value_end > i && is_directive_space(bytes[value_end - 1]) {
            value_end -= 1;
        }
        Some((name, i, value_end))
    } else if end > after_equals {
        // Only whitespace after `=`: the lazy `(.+?)` still takes one character of it.
        Some((name, end - 1, end))
    } else {
        None
    }
}
