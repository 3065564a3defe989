//! The words of an instruction's arguments as written, when no quote or backslash asks for
//! the shell lexer: [`plain_words`], the common case of [`super::Instr::args`].

use std::ops::Range;

use super::{Text, Word};

/// Eight bytes read as the lanes of a `u64` (the first byte in the lowest lane), each lane's
/// top bit its answer: [`plain_words`] asks its questions of eight bytes at once. A byte at
/// a time, with a table, the branch on each byte's answer was most of reading the words.
const ONES: u64 = 0x0101_0101_0101_0101;
/// Each lane's top bit.
const HIGH: u64 = ONES * 0x80;
/// Each lane's other bits.
const LOW: u64 = ONES * 0x7f;
/// Eight spaces: what follows the text's last byte.
const SPACES: u64 = ONES * b' ' as u64;

/// The lanes of `low` (bytes with their top bits cleared) equal to the ASCII byte `byte`.
fn lanes_equal(low: u64, byte: u8) -> u64 {
    let diff = low ^ (ONES * u64::from(byte));
    // Each lane is below 0x80: adding 0x7f sets its top bit unless it is zero, and carries
    // into no other lane.
    !(diff + LOW) & HIGH
}

/// What eight bytes are, a top bit per lane: whitespace (what `char::is_whitespace` takes
/// of ASCII: tab to carriage return, and space), a quote or a backslash, a byte of a
/// character past ASCII.
fn classify(lanes: u64) -> (u64, u64, u64) {
    let wide = lanes & HIGH;
    let ascii = !lanes & HIGH;
    let low = lanes & LOW;
    // Lanes from 9 (tab) on, and from 14 on (past carriage return): below 0x80, a lane plus
    // 0x80 less the bound reaches 0x80 when it is at least the bound, and carries no further.
    let from_tab = low + ONES * (0x80 - 9);
    let past_return = low + ONES * (0x80 - 14);
    let space = ((from_tab & !past_return & HIGH) | lanes_equal(low, b' ')) & ascii;
    let quoting =
        (lanes_equal(low, b'\'') | lanes_equal(low, b'"') | lanes_equal(low, b'\\')) & ascii;
    (space, quoting, wide)
}

/// The eight bytes of `bytes` from `at` on as lanes, spaces past its end (none of them a
/// word's byte). A text's last few bytes are read with the eight before them where there are
/// as many, else in pieces of four, two and one: a copy into a buffer was a call per text.
fn lanes_at(bytes: &[u8], at: usize) -> u64 {
    if let Some(eight) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        return u64::from_le_bytes(*eight);
    }
    // Fewer than eight left: `left` is 1 to 7 (the caller asks within the text).
    let left = bytes.len() - at;
    if let Some(last) = bytes.last_chunk::<8>() {
        let read = u64::from_le_bytes(*last) >> (8 * (8 - left));
        return read | SPACES << (8 * left);
    }
    let rest = &bytes[at..];
    let mut lanes = 0;
    let mut filled = 0;
    if let Some(four) = rest.first_chunk::<4>() {
        lanes = u64::from(u32::from_le_bytes(*four));
        filled = 4;
    }
    if let Some(two) = rest[filled..].first_chunk::<2>() {
        lanes |= u64::from(u16::from_le_bytes(*two)) << (8 * filled);
        filled += 2;
    }
    if let Some(&one) = rest.get(filled) {
        lanes |= u64::from(one) << (8 * filled);
        filled += 1;
    }
    lanes | SPACES << (8 * filled)
}

/// The runs of non-whitespace in `text` (what `str::split_whitespace` finds) as words at
/// `start` plus their offset; `None` when `text` has a quote or a backslash, which the shell
/// lexer reads. One pass over the bytes, eight at a time, counts the words and finds the
/// first ones' bounds (a pass each, and one more to see the text is ASCII, were a good part
/// of reading them); ASCII text (most) is then split where it was found to be. `within` is
/// `text` and what follows it in the file (or `text` alone): the words are copied from it.
pub(super) fn plain_words(text: &str, within: &str, start: usize) -> Option<Vec<Word>> {
    debug_assert!(within.starts_with(text));
    // Copied from the text as the lexer copies words: without a call to copy each, with the
    // bytes that follow the text in view for the window copied.
    let word = |range: Range<usize>| Word {
        span: start + range.start..start + range.end,
        text: Text::within(within, range),
    };
    let bytes = text.as_bytes();
    // The first words' bounds are noted in the same pass: most texts have a few words,
    // made then without reading the text again. A word not seen to end runs to the end.
    let mut noted = [(0, bytes.len()); NOTED];
    let mut count = 0;
    let mut wide = 0;
    // The top bit of the lowest lane: whether the byte before the lanes read is whitespace
    // (or there is none).
    let mut after_space = 0x80;
    let mut at = 0;
    while at < bytes.len() {
        let (space, quoting, wide_here) = classify(lanes_at(bytes, at));
        if quoting != 0 {
            return None;
        }
        wide |= wide_here;
        // Each lane's top bit: whether the byte before it is whitespace.
        let follows_space = space << 8 | after_space;
        after_space = space >> 56;
        let starts = !space & follows_space & HIGH;
        if count > NOTED {
            // The noted words have all ended (another began after them): only counted.
            count += starts.count_ones() as usize;
        } else {
            // Where words start and end, in order: the top bit of lane `i` is bit `8i + 7`.
            let mut changes = starts | (space & !follows_space & HIGH);
            while changes != 0 {
                let bit = changes.trailing_zeros();
                let lane = at + (bit / 8) as usize;
                if starts >> bit & 1 != 0 {
                    if let Some(bounds) = noted.get_mut(count) {
                        bounds.0 = lane;
                    }
                    count += 1;
                } else if let Some(bounds) = noted.get_mut(count.wrapping_sub(1)) {
                    // A word ends (the count is its number).
                    bounds.1 = lane;
                }
                changes &= changes - 1;
            }
        }
        at += 8;
    }
    if wide != 0 {
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
    // The ASCII characters `char::is_whitespace` takes.
    let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
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
            let words: Vec<_> = plain_words(text, text, 5)
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
            assert!(plain_words(quoting, quoting, 0).is_none(), "{quoting:?}");
        }
    }

    /// Texts of every length up to a few lanes past eight words, of characters that are
    /// whitespace, quoting, ASCII, wide, and both (U+00A0, U+0085), read as `split_whitespace`
    /// reads them.
    #[test]
    fn plain_words_agree_with_split_whitespace_on_many_texts() {
        let alphabet = [
            "a", "b", "-", "=", "/", " ", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1f", "\x7f",
            "\u{e9}", "\u{a0}", "\u{85}", "\u{2003}", "'", "\"", "\\", "ab", "cd",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(48);
            let text: String = (0..len)
                .map(|_| {
                    // Quoting rarely, so that most texts are read.
                    let pick = next(alphabet.len());
                    if matches!(alphabet[pick], "'" | "\"" | "\\") && next(8) != 0 {
                        "a"
                    } else {
                        alphabet[pick]
                    }
                })
                .collect();
            let expected = (!text.contains(['\'', '"', '\\'])).then(|| {
                let base = text.as_ptr() as usize;
                text.split_whitespace()
                    .map(|w| {
                        let at = 3 + w.as_ptr() as usize - base;
                        (w.to_owned(), at..at + w.len())
                    })
                    .collect::<Vec<_>>()
            });
            // Followed by more text, which is not read but copied with the words' windows.
            let followed = format!("{text}\u{e9}\nRUN x");
            let words = plain_words(&text, &followed, 3).map(|words| {
                words
                    .into_iter()
                    .map(|w| (w.text.as_str().to_owned(), w.span))
                    .collect::<Vec<_>>()
            });
            assert_eq!(words, expected, "{text:?}");
        }
    }
}
