//! The words of an instruction's arguments as written, when no quote or backslash asks for
//! the shell lexer: [`plain_words`], the common case of [`super::Instr::args`].

use std::ops::Range;

use super::Word;

/// What [`plain_words`] needs to know of a byte, one bit each: [`SPACE`], [`QUOTING`],
/// [`WIDE`].
const BYTE_KINDS: [u8; 256] = {
    let mut kinds = [0; 256];
    // The ASCII characters `char::is_whitespace` takes: tab to carriage return, and space.
    let spaces = [b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r'];
    let mut i = 0;
    while i < spaces.len() {
        kinds[spaces[i] as usize] = SPACE;
        i += 1;
    }
    kinds[b'\'' as usize] = QUOTING;
    kinds[b'"' as usize] = QUOTING;
    kinds[b'\\' as usize] = QUOTING;
    let mut b = 0x80;
    while b < 256 {
        kinds[b] = WIDE;
        b += 1;
    }
    kinds
};
/// ASCII whitespace, as `char::is_whitespace` has it.
const SPACE: u8 = 1;
/// A quote or a backslash: the shell lexer reads the text.
const QUOTING: u8 = 2;
/// A byte of a character past ASCII.
const WIDE: u8 = 4;

/// The runs of non-whitespace in `text` (what `str::split_whitespace` finds) as words at
/// `start` plus their offset; `None` when `text` has a quote or a backslash, which the shell
/// lexer reads. One pass over the bytes counts the words and finds those (a pass each, and
/// one more to see the text is ASCII, were a good part of reading them); ASCII text (most)
/// is then split a byte at a time.
pub(super) fn plain_words(text: &str, start: usize) -> Option<Vec<Word>> {
    let word = |range: Range<usize>| Word {
        text: text[range.clone()].into(),
        span: start + range.start..start + range.end,
    };
    let bytes = text.as_bytes();
    // The first words' bounds are noted in the same pass: most texts have a few words,
    // made then without reading the text again.
    let mut noted = [(0, 0); NOTED];
    let mut count = 0;
    let mut after_space = true;
    let mut seen = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let kind = BYTE_KINDS[usize::from(b)];
        let is_space = kind & SPACE != 0;
        if after_space != is_space {
            if is_space {
                // A word ends (the count is its number).
                if let Some(bounds) = noted.get_mut(count - 1) {
                    bounds.1 = at;
                }
            } else {
                if let Some(bounds) = noted.get_mut(count) {
                    *bounds = (at, bytes.len());
                }
                count += 1;
            }
        }
        after_space = is_space;
        seen |= kind;
    }
    if seen & QUOTING != 0 {
        return None;
    }
    if seen & WIDE != 0 {
        let base = text.as_ptr() as usize;
        let mut words = Vec::with_capacity(text.split_whitespace().count());
        words.extend(text.split_whitespace().map(|w| {
            let at = w.as_ptr() as usize - base;
            word(at..at + w.len())
        }));
        return Some(words);
    }
    // Counted above: the list is allocated once at its size.
    let mut words = Vec::with_capacity(count);
    if count <= NOTED {
        words.extend(noted[..count].iter().map(|&(from, to)| word(from..to)));
        return Some(words);
    }
    let space = |b: u8| BYTE_KINDS[usize::from(b)] & SPACE != 0;
    let mut at = 0;
    while at < bytes.len() {
        if space(bytes[at]) {
            at += 1;
            continue;
        }
        let from = at;
        while at < bytes.len() && !space(bytes[at]) {
            at += 1;
        }
        words.push(word(from..at));
    }
    Some(words)
}

/// How many words' bounds [`plain_words`] notes while it counts them.
const NOTED: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_split_where_split_whitespace_does() {
        for text in [
            "a  b\tc",
            " x\x0by\x0cz\r\n",
            "\u{e9} a\u{a0}b \u{fc}",
            "",
            "   ",
            "one",
            "a b c d e f g h",
            "a b c d e f g h i",
            " a  b\tc d e f g h i j k l ",
        ] {
            let words: Vec<_> = plain_words(text, 5)
                .expect("no quote or backslash")
                .into_iter()
                .map(|w| (w.text.as_str().to_owned(), w.span))
                .collect();
            let base = text.as_ptr() as usize;
            let expected: Vec<_> = text
                .split_whitespace()
                .map(|w| {
                    let at = 5 + w.as_ptr() as usize - base;
                    (w.to_owned(), at..at + w.len())
                })
                .collect();
            assert_eq!(words, expected, "{text:?}");
        }
        for quoting in ["a 'b'", "\"c\"", "d\\ e", "\u{e9} 'f'"] {
            assert!(plain_words(quoting, 0).is_none(), "{quoting:?}");
        }
    }
}
