//! [`Text`]: an immutable string that keeps up to 22 bytes in place, for the words the shell
//! lexer and the lint model hold by the hundred per file. Most words (`apt-get`, `-y`,
//! `install`, `/app`) fit, so reading them allocates nothing; a longer one is kept on the heap
//! exactly sized. It is as large as a `String` (24 bytes) and reads as a `&str`.
//!
//! [`scan`]: the byte searches the shell lexer runs over such text, on every word and every
//! gap.

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
    /// first `len` of them.
    #[inline]
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

/// The byte searches the lexer runs on every word and every gap: sixteen bytes at a time
/// where the target has SSE2 (every x86-64, the CLI and the benches), one at a time
/// elsewhere (the page's wasm) and over the last fifteen bytes of a text. Each gives the
/// same answer either way: a 16-byte step only finds candidates, which the byte's own test
/// confirms. Against the byte loops they replaced, lint over the corpus ran 0.5% fewer
/// instructions, and lint's shell reader mispredicted a sixth fewer branches (each loop
/// left at a byte no predictor could foresee, once per word and per gap).
pub(crate) mod scan {
    use crate::syntax::shell_lexer::WORD_STOP;

    /// The first byte at or after `from` that is in [`WORD_STOP`], or `bytes.len()`.
    #[inline(always)]
    pub(crate) fn stop(bytes: &[u8], from: usize) -> usize {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        let from = {
            let mut from = from;
            while let Some(chunk) = chunk(bytes, from) {
                let mut candidates = sse2::stop_candidates(chunk);
                while candidates != 0 {
                    let at = candidates.trailing_zeros() as usize;
                    if WORD_STOP[usize::from(chunk[at])] {
                        return from + at;
                    }
                    candidates &= candidates - 1;
                }
                from += 16;
            }
            from
        };
        let rest = bytes.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .position(|&b| WORD_STOP[usize::from(b)])
            .unwrap_or(rest.len())
    }

    /// The first byte at or after `from` that is not a space, tab or carriage return, or
    /// `bytes.len()`.
    #[inline(always)]
    pub(crate) fn past_blanks(bytes: &[u8], from: usize) -> usize {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        let from = {
            let mut from = from;
            while let Some(chunk) = chunk(bytes, from) {
                let other = !sse2::blanks(chunk) & 0xffff;
                if other != 0 {
                    return from + other.trailing_zeros() as usize;
                }
                from += 16;
            }
            from
        };
        let rest = bytes.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))
            .unwrap_or(rest.len())
    }

    /// The first byte at or after `from` that is one of `set`, or `bytes.len()`.
    #[inline(always)]
    pub(crate) fn first_of<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> usize {
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        let from = {
            let mut from = from;
            while let Some(chunk) = chunk(bytes, from) {
                let found = sse2::any_of(chunk, set);
                if found != 0 {
                    return from + found.trailing_zeros() as usize;
                }
                from += 16;
            }
            from
        };
        let rest = bytes.get(from..).unwrap_or_default();
        from + rest
            .iter()
            .position(|b| set.contains(b))
            .unwrap_or(rest.len())
    }

    /// The 16 bytes from `from` on, when there are that many.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[inline(always)]
    fn chunk(bytes: &[u8], from: usize) -> Option<&[u8; 16]> {
        bytes.get(from..)?.first_chunk()
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[allow(unused_unsafe)]
    mod sse2 {
        use std::arch::x86_64::*;

        #[inline(always)]
        fn load(chunk: &[u8; 16]) -> __m128i {
            // SAFETY: the pointer is to 16 readable bytes, and the load needs no alignment.
            unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
        }

        /// One bit per byte of `chunk` (the first byte's lowest) that may be a
        /// [`super::WORD_STOP`] byte: every one of them is, and so are `!`, `#`, `%` and
        /// the control characters, which are not (the caller tells them apart).
        #[inline(always)]
        pub(super) fn stop_candidates(chunk: &[u8; 16]) -> u32 {
            let v = load(chunk);
            // SAFETY: SSE2 is enabled for this target (the module's `cfg`); no intrinsic
            // here reads or writes memory.
            unsafe {
                let splat = |b: u8| _mm_set1_epi8(b as i8);
                // Up to `)`: the blanks, `"`, `$`, `&`, `'`, `(` and `)`, and some bytes that
                // are no stops.
                let low = _mm_cmpeq_epi8(_mm_min_epu8(v, splat(b')')), v);
                // `<` and `>` are one bit apart, and so are `\` and `|`.
                let angle = _mm_cmpeq_epi8(_mm_or_si128(v, splat(0x02)), splat(b'>'));
                let bar = _mm_cmpeq_epi8(_mm_or_si128(v, splat(0x20)), splat(b'|'));
                let semicolon = _mm_cmpeq_epi8(v, splat(b';'));
                let backquote = _mm_cmpeq_epi8(v, splat(b'`'));
                let any = _mm_or_si128(
                    _mm_or_si128(low, angle),
                    _mm_or_si128(_mm_or_si128(bar, semicolon), backquote),
                );
                _mm_movemask_epi8(any) as u32
            }
        }

        /// One bit per byte of `chunk` that is a space, tab or carriage return.
        #[inline(always)]
        pub(super) fn blanks(chunk: &[u8; 16]) -> u32 {
            any_of(chunk, *b" \t\r")
        }

        /// One bit per byte of `chunk` that is one of `set`.
        #[inline(always)]
        pub(super) fn any_of<const N: usize>(chunk: &[u8; 16], set: [u8; N]) -> u32 {
            let v = load(chunk);
            // SAFETY: as in `stop_candidates`.
            unsafe {
                let mut any = _mm_setzero_si128();
                for b in set {
                    any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
                }
                _mm_movemask_epi8(any) as u32
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Texts with every byte the searches look for, at every offset of a 16-byte step.
        fn texts() -> Vec<Vec<u8>> {
            let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
            let mut next = move || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let alphabet = b" \t\r\n;&|()<>\\'\"$`!#%=/_aZ09-.\x07\x0b\xc3\xa9{}~";
            (0..3000)
                .map(|round| {
                    let len = (next() % if round % 4 == 0 { 70 } else { 24 }) as usize;
                    // Long runs of one byte now and then: a search that crosses 16-byte steps.
                    let run = (next() % 40) as usize;
                    let fill = alphabet[(next() % alphabet.len() as u64) as usize];
                    let mut text: Vec<u8> = (0..len)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                        .collect();
                    let at = (next() as usize) % (text.len() + 1);
                    text.splice(at..at, std::iter::repeat_n(fill, run));
                    text
                })
                .collect()
        }

        #[test]
        fn searches_find_what_a_byte_at_a_time_finds() {
            let first = |text: &[u8], from: usize, hit: &dyn Fn(u8) -> bool| {
                from + text[from..]
                    .iter()
                    .position(|&b| hit(b))
                    .unwrap_or(text.len() - from)
            };
            for text in texts() {
                for from in 0..=text.len() {
                    let stops = |b: u8| WORD_STOP[usize::from(b)];
                    assert_eq!(stop(&text, from), first(&text, from, &stops), "{text:?}");
                    let blank = |b: u8| !matches!(b, b' ' | b'\t' | b'\r');
                    assert_eq!(past_blanks(&text, from), first(&text, from, &blank));
                    let set = *b"\"\\$`";
                    let any = |b: u8| set.contains(&b);
                    assert_eq!(first_of(&text, from, set), first(&text, from, &any));
                }
            }
        }
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
