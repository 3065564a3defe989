//! [`Text`]: an immutable string that keeps up to 22 bytes in place, for the words the shell
//! lexer and the lint model hold by the hundred per file. Most words (`apt-get`, `-y`,
//! `install`, `/app`) fit, so reading them allocates nothing; a longer one is kept on the heap
//! exactly sized. It is as large as a `String` (24 bytes) and reads as a `&str`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// How many bytes a [`Text`] keeps without allocating.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]` is always a copy of a whole `&str` (see [`Text::new`],
    /// [`Text::within`]); the bytes past it are zeros, or what followed it in the source.
    Inline {
        len: InlineLen,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

/// The length of an inline text, `0..=INLINE`. An enum rather than a `u8` so that the
/// compiler knows its range: slicing the inline bytes by it needs no bounds check, and
/// texts are read as `&str` very often (every comparison of a word).
#[derive(Clone, Copy)]
#[repr(u8)]
#[rustfmt::skip]
enum InlineLen {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19,
    L20, L21, L22,
}

/// Each [`InlineLen`] at its index.
#[rustfmt::skip]
const LENS: [InlineLen; INLINE + 1] = {
    use InlineLen::*;
    [
        L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15, L16, L17, L18, L19,
        L20, L21, L22,
    ]
};

/// An immutable string, kept in place when it is short (see the module docs).
#[derive(Clone)]
pub struct Text(Repr);

impl Text {
    /// A copy of `text`.
    pub fn new(text: &str) -> Text {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Text(Repr::Inline {
                len: LENS[text.len()],
                bytes,
            })
        } else {
            Text(Repr::Heap(text.into()))
        }
    }

    /// A copy of `source[range]` ([`Text::new`] of it; panics where slicing would), for the
    /// words a lexer cuts from a script. When the source has 22 bytes from the word's start
    /// on (most words of a script), they are copied whole, a copy of known size with no call
    /// to `memcpy` (a call of its own per word, sized by the word), and the text is the
    /// first `len` of them. That path is inlined where the text is asked for (a few places,
    /// each called per word): the call cost a third of the copy. The others are a call.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn within(source: &str, range: std::ops::Range<usize>) -> Text {
        let window = source
            .as_bytes()
            .get(range.start..)
            .and_then(<[u8]>::first_chunk);
        let len = range.end.wrapping_sub(range.start);
        if let (Some(window), Some(&len)) = (window, LENS.get(len)) {
            // The word's bytes are a `&str` when both its ends are at characters: its first
            // byte and the one after its last (or the source's end) start one. Asked of the
            // bytes at hand: slicing the source asked it again with the bounds.
            let starts = |b: u8| (b as i8) >= -0x40;
            let end_starts = match window.get(len as usize) {
                Some(&b) => starts(b),
                None => source.is_char_boundary(range.end),
            };
            if starts(window[0]) && end_starts {
                return Text(Repr::Inline {
                    len,
                    bytes: *window,
                });
            }
        }
        Text::slice_of(source, range)
    }

    /// [`Text::new`] of `source[range]`: [`Text::within`] where the source has no window.
    #[inline(never)]
    fn slice_of(source: &str, range: std::ops::Range<usize>) -> Text {
        Text::new(&source[range])
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let bytes = &bytes[..*len as usize];
                // SAFETY: an inline text's bytes are only ever written by `Text::new` and
                // `Text::within`, which copy a whole `&str` (valid UTF-8, cut at its own end,
                // followed in `within` by other bytes) and record its length: `bytes[..len]`
                // is that string's bytes unchanged.
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
            Repr::Heap(text) => text,
        }
    }

    /// The text as a `String` (one copy, or none when it was on the heap).
    pub fn into_string(self) -> String {
        match self.0 {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => self.as_str().to_owned(),
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Inline {
            len: InlineLen::L0,
            bytes: [0; INLINE],
        })
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::new(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        if text.len() <= INLINE {
            Text::new(&text)
        } else {
            Text(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::new(text)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.into_string()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_large_as_a_string() {
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
    }

    #[test]
    fn short_and_long_texts_read_back() {
        for text in [
            "",
            "a",
            "apt-get",
            "é-ü-ñ",
            &"x".repeat(22),
            &"y".repeat(23),
            &"ß".repeat(40),
        ] {
            let kept = Text::new(text);
            assert_eq!(kept.as_str(), text);
            assert_eq!(Text::from(text.to_string()), text);
            assert_eq!(kept.clone().into_string(), text);
        }
    }

    #[test]
    fn a_text_within_a_source_is_its_slice() {
        let source = "apt-get install -y é-ü-ñ 'x' and a last word that is long";
        for start in (0..source.len()).filter(|&at| source.is_char_boundary(at)) {
            for end in (start..=source.len()).filter(|&at| source.is_char_boundary(at)) {
                let within = Text::within(source, start..end);
                assert_eq!(within.as_str(), &source[start..end]);
                assert_eq!(within, Text::new(&source[start..end]));
            }
        }
        // Cut inside a character, or backwards: a panic, as slicing is.
        let at = source.find('é').unwrap() + 1;
        let backwards = std::ops::Range { start: 5, end: 4 };
        for range in [at..at + 3, at - 3..at, 0..at, backwards] {
            let cut = std::panic::catch_unwind(|| Text::within(source, range.clone()));
            assert!(cut.is_err(), "{range:?}");
        }
    }
}
