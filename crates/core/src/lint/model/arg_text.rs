//! An instruction's text after its flags, as the model keeps it ([`ArgText`]).

use std::fmt;
use std::ops::Deref;

/// [`super::Instr::text`]: the file's own bytes where the text is written in one piece at its
/// span (most instructions), and a string of its own only where continuation lines were
/// joined or heredoc bodies appended. A copy of each long text (half the instructions, most
/// of the file's bytes) was an allocation and a copy per instruction, and a free after lint.
#[derive(Clone)]
pub struct ArgText<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    /// The text, and the file from its start on: a word near the text's end is copied with
    /// the bytes after it ([`ArgText::with_what_follows`]).
    Written {
        text: &'a str,
        rest: &'a str,
    },
    Joined(String),
}

impl<'a> ArgText<'a> {
    /// The text as written in the file at `span` of `source`.
    pub(super) fn written(source: &'a str, span: std::ops::Range<usize>) -> Option<ArgText<'a>> {
        Some(ArgText(Repr::Written {
            text: source.get(span.clone())?,
            rest: &source[span.start..],
        }))
    }

    /// A text the file does not hold as it is (joined, or with heredoc bodies).
    pub(super) fn joined(text: String) -> ArgText<'a> {
        ArgText(Repr::Joined(text))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Written { text, .. } => text,
            Repr::Joined(text) => text,
        }
    }

    /// The text followed by what follows it in the file, if anything: words cut from it are
    /// copied in place with a window of the bytes after them ([`super::Text::within`]), where
    /// a word near the text's end, without them, was a call to copy it (a short text's every
    /// word).
    pub(super) fn with_what_follows(&self) -> &str {
        match &self.0 {
            Repr::Written { rest, .. } => rest,
            Repr::Joined(text) => text,
        }
    }
}

impl Deref for ArgText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ArgText<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for ArgText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ArgText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for ArgText<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ArgText<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_larger_than_a_string() {
        assert!(std::mem::size_of::<ArgText>() <= std::mem::size_of::<String>() + 8);
    }

    #[test]
    fn written_and_joined_texts_read_back() {
        let source = "RUN apt-get install -y curl\nRUN x";
        let written = ArgText::written(source, 4..27).unwrap();
        assert_eq!(written.with_what_follows(), &source[4..]);
        assert!(ArgText::written("é", 1..2).is_none());
        let joined = ArgText::joined("apt-get install -y curl".to_owned());
        assert_eq!(written.as_str(), joined.as_str());
        assert_eq!(&*written, "apt-get install -y curl");
        assert_eq!(
            format!("{joined:?}"),
            format!("{:?}", "apt-get install -y curl")
        );
    }
}
