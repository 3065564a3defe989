//! Changes to Dockerfile text, shared by lint fixes and rewrite steps: one edit type on the
//! parser's [`Span`]s, applying a set of edits, and the file's own newline and continuation
//! style so that added lines look like the lines around them.

use crate::syntax::{Dockerfile, LineIndex, Span};

/// Replace the bytes `span` of the original text with `replacement`. An empty span inserts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: impl Into<Span>, replacement: impl Into<String>) -> Edit {
        Edit {
            span: span.into(),
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(at), text)
    }

    pub fn delete(span: impl Into<Span>) -> Edit {
        Edit::replace(span, "")
    }

    /// Whether the edit falls inside `source` on character boundaries.
    pub fn fits(&self, source: &str) -> bool {
        self.span.start <= self.span.end
            && self.span.end <= source.len()
            && source.is_char_boundary(self.span.start)
            && source.is_char_boundary(self.span.end)
    }

    /// Whether two edits touch the same bytes, or insert at the same place (their order would
    /// be ambiguous).
    pub fn overlaps(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        a.start < b.end && b.start < a.end || (a.start == b.start && a.is_empty() && b.is_empty())
    }
}

/// Applies `edits` together. `None` when one of them does not fit the text (it changed since
/// the edits were computed) or two of them overlap: the caller keeps the text as it is rather
/// than corrupting it.
pub fn apply(source: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let fits = sorted.iter().all(|e| e.fits(source))
        && sorted.windows(2).all(|w| {
            w[0].span.end <= w[1].span.start && !(w[0].span.is_empty() && w[0].overlaps(w[1]))
        });
    fits.then(|| splice(source, sorted))
}

/// Writes edits that are known to fit and not to overlap.
pub(crate) fn splice(source: &str, mut edits: Vec<&Edit>) -> String {
    crate::order::sort_by_key(&mut edits, |e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&source[at..]);
    out
}

/// How a file writes line ends and continuations, so added lines match it: CRLF files stay
/// CRLF, and Windows Dockerfiles (`# escape=``) continue lines with a backtick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// `"\n"` or `"\r\n"`.
    pub newline: &'static str,
    /// `\` or `` ` ``.
    pub escape: char,
}

impl Style {
    /// The style of `source`, given its escape character.
    pub fn of(source: &str, escape: char) -> Style {
        Style {
            newline: if source.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            },
            escape,
        }
    }

    /// The style of a parsed file.
    pub fn of_file(file: &Dockerfile) -> Style {
        Style::of(file.source(), file.escape())
    }

    /// What ends a line that continues: `" \\\n"`.
    pub fn continuation(&self) -> String {
        self.continuation_then("", "")
    }

    /// What continues an instruction with another `&&` command: `" \\\n && text"`.
    pub fn continue_with(&self, text: &str) -> String {
        self.continuation_then(" && ", text)
    }

    /// The continuation, then `joint` and `text`, written into one string sized ahead: lint
    /// fixes that append to a RUN ask for this per finding, and two `format!`s were most of
    /// their cost.
    fn continuation_then(&self, joint: &str, text: &str) -> String {
        let mut out = String::with_capacity(
            1 + self.escape.len_utf8() + self.newline.len() + joint.len() + text.len(),
        );
        out.push(' ');
        out.push(self.escape);
        out.push_str(self.newline);
        out.push_str(joint);
        out.push_str(text);
        out
    }

    /// Writes `text`, whose lines end in `\n`, with this file's line ends and escape.
    pub fn lines(&self, text: &str) -> String {
        let text = if self.escape == '\\' {
            text.to_string()
        } else {
            text.replace(" \\\n", &format!(" {}\n", self.escape))
        };
        if self.newline == "\n" {
            text
        } else {
            text.replace('\n', self.newline)
        }
    }
}

/// The bytes of lines `first..=last` (1-based) with the last line's break, `\r\n` included:
/// deleting this span removes the lines without leaving a bare `\n` or `\r` behind.
pub fn whole_lines(source: &str, lines: &LineIndex, first: usize, last: usize) -> Span {
    let start = lines.line_range(source, first).start;
    let end = lines.line_range(source, last.max(first)).end;
    let rest = &source[end..];
    let end = if rest.starts_with("\r\n") {
        end + 2
    } else if rest.starts_with('\n') || rest.starts_with('\r') {
        end + 1
    } else {
        end
    };
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_together_in_any_order() {
        let edits = [
            Edit::replace(5..6, "b"),
            Edit::insert(0, "# x\n"),
            Edit::delete(6..7),
        ];
        assert_eq!(apply("FROM a\n", &edits).as_deref(), Some("# x\nFROM b"));
    }

    #[test]
    fn overlapping_or_stale_edits_change_nothing() {
        assert_eq!(
            apply("FROM a\n", &[Edit::replace(0..4, "x"), Edit::delete(2..5)]),
            None
        );
        assert_eq!(
            apply("FROM a\n", &[Edit::insert(0, "x"), Edit::insert(0, "y")]),
            None
        );
        assert_eq!(apply("FROM a\n", &[Edit::delete(3..40)]), None);
        assert_eq!(apply("é", &[Edit::delete(0..1)]), None);
    }

    #[test]
    fn whole_lines_take_the_crlf_with_them() {
        let source = "FROM a\r\nCMD x\r\nCMD y\r\n";
        let file = crate::parse(source);
        let span = whole_lines(source, file.line_index(), 2, 2);
        assert_eq!(span.text(source), "CMD x\r\n");
        let last = whole_lines(source, file.line_index(), 3, 3);
        assert_eq!(last.text(source), "CMD y\r\n");
    }

    #[test]
    fn added_lines_follow_the_file() {
        let crlf = Style::of("FROM a\r\n", '`');
        assert_eq!(crlf.lines("RUN a \\\n && b\n"), "RUN a `\r\n && b\r\n");
        assert_eq!(crlf.continue_with("c"), " `\r\n && c");
        assert_eq!(Style::of("FROM a\n", '\\').lines("X\n"), "X\n");
    }
}
