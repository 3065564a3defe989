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
    Written(&'a str),
    Joined(String),
}

impl<'a> ArgText<'a> {
    /// The text as written in the file.
    pub(super) fn written(text: &'a str) -> ArgText<'a> {
        ArgText(Repr::Written(text))
    }

    /// A text the file does not hold as it is (joined, or with heredoc bodies).
    pub(super) fn joined(text: String) -> ArgText<'a> {
        ArgText(Repr::Joined(text))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Written(text) => text,
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
    fn no_larger_than_a_string() {
        assert_eq!(
            std::mem::size_of::<ArgText>(),
            std::mem::size_of::<String>()
        );
    }

    #[test]
    fn written_and_joined_texts_read_back() {
        let written = ArgText::written("apt-get install -y curl");
        let joined = ArgText::joined("apt-get install -y curl".to_owned());
        assert_eq!(written.as_str(), joined.as_str());
        assert_eq!(&*written, "apt-get install -y curl");
        assert_eq!(
            format!("{joined:?}"),
            format!("{:?}", "apt-get install -y curl")
        );
    }
}
