//! Line and column lookup for byte offsets, in characters and in UTF-16 units.
//!
//! Browser editors (CodeMirror, Monaco) count columns in UTF-16 code units, terminals and
//! people count characters; both are offered so neither side has to convert.

/// A place in the text as a person or an editor names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Position {
    /// 1-based line number. Lines are separated by `\n`; a `\r` before it belongs to the line.
    pub line: usize,
    /// 1-based column counted in Unicode scalar values (characters).
    pub column: usize,
    /// 1-based column counted in UTF-16 code units, as browser editors count.
    pub utf16_column: usize,
}

/// Start offsets of every line, built once per text so lookups are a binary search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
    /// Every character longer than one byte, in text order, so a column is a subtraction and
    /// a binary search rather than a walk from the line's start: on one long line (a pasted
    /// minified file) walking made every span's position cost the line's length.
    wide: Vec<Wide>,
    /// Whether some line ends with `\r\n` ([`LineIndex::has_crlf`]).
    crlf: bool,
    /// Whether some byte is `<` ([`LineIndex::has_angle`]).
    angle: bool,
}

/// A character longer than one byte, with the bytes the characters before it (and itself)
/// took beyond one per character and beyond one byte per UTF-16 unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wide {
    offset: usize,
    extra_bytes_through: usize,
    extra_utf16_through: usize,
}

/// How many bytes [`LineIndex::new`] reads at a time.
const BLOCK: usize = 64;

/// What [`LineIndex::new`] reads of a block: its `\n` bytes, one bit each (bit `i` for byte
/// `i`), and in [`Marks::seen`] whether some byte is `<` (some bit of the low sixteen set)
/// and whether some byte is past
/// ASCII (some bit of the high sixteen), which the index gathers over the whole
/// text by OR-ing them: the masks kept as they are, not tested block by block.
struct Marks {
    newlines: u64,
    seen: u32,
}

/// [`Marks`] by vector comparisons and mask moves, where the word-at-a-time bit trick below
/// took four times the instructions (a comparison per byte written out is not made a vector
/// one by the compiler). Sixty-four bytes at a time: most lines are long enough that the
/// loop's own steps per block counted, and the `<` and past-ASCII tests are made once for
/// the four vectors together (past ASCII is a byte's own sign bit, moved out as it is).
#[cfg(target_arch = "x86_64")]
fn marks_in(block: &[u8; BLOCK]) -> Marks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let at = block.as_ptr().cast::<__m128i>();
    // SAFETY: each unaligned load reads sixteen bytes from `at` plus 0 to 3 vectors of
    // sixteen bytes, inside the sixty-four readable bytes of `block`; SSE2, the only feature
    // used, is part of every x86_64.
    unsafe {
        let v = [
            _mm_loadu_si128(at),
            _mm_loadu_si128(at.add(1)),
            _mm_loadu_si128(at.add(2)),
            _mm_loadu_si128(at.add(3)),
        ];
        let (newline, angle) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'<' as i8));
        // The masks are sixteen bits each (the sign bits of sixteen bytes).
        let mask = |v| u64::from(_mm_movemask_epi8(v) as u16);
        let newlines = mask(_mm_cmpeq_epi8(v[0], newline))
            | mask(_mm_cmpeq_epi8(v[1], newline)) << 16
            | mask(_mm_cmpeq_epi8(v[2], newline)) << 32
            | mask(_mm_cmpeq_epi8(v[3], newline)) << 48;
        let angles = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v[0], angle), _mm_cmpeq_epi8(v[1], angle)),
            _mm_or_si128(_mm_cmpeq_epi8(v[2], angle), _mm_cmpeq_epi8(v[3], angle)),
        );
        let high = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
        Marks {
            newlines,
            seen: (mask(angles) | mask(high) << 16) as u32,
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn marks_in(block: &[u8; BLOCK]) -> Marks {
    marks_in_words(block)
}

/// [`marks_in`] elsewhere (the page's WebAssembly): each eight-byte word XORed with the byte
/// looked for and its zero bytes flagged exactly (no borrow runs from one byte into the
/// next), the flags then gathered into one byte by a multiplication.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn marks_in_words(block: &[u8; BLOCK]) -> Marks {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (words, _) = block.as_chunks::<8>();
    let flags = |word: u64, byte: u8| {
        let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
        let flags = !(((x & LOW7) + LOW7) | x | LOW7) >> 7;
        flags.wrapping_mul(0x0102_0408_1020_4080) >> 56
    };
    let (mut newlines, mut angles, mut high) = (0, 0, 0);
    for (i, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        newlines |= flags(word, b'\n') << (8 * i);
        angles |= flags(word, b'<');
        high |= word & HIGH;
    }
    Marks {
        newlines,
        seen: u32::from(angles != 0) | u32::from(high != 0) << 16,
    }
}

/// How many lines of a text start with an ASCII letter and how many with `#`
/// ([`LineIndex::with_heads`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LineHeads {
    pub(crate) letters: usize,
    pub(crate) comments: usize,
}

impl LineHeads {
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn count(&mut self, head: Option<&u8>) {
        if let Some(&b) = head {
            // A letter of either case, without a branch for each range.
            self.letters += usize::from((b | 0x20).wrapping_sub(b'a') < 26);
            self.comments += usize::from(b == b'#');
        }
    }
}

impl LineIndex {
    /// Indexes `source`.
    pub fn new(source: &str) -> Self {
        Self::build(source, |_| {})
    }

    /// [`LineIndex::new`], and how many lines start with a letter or a `#`: the parser
    /// reserves its lists by them. Counted as each line start is found, where a walk over
    /// the line starts afterwards read them all again.
    pub(crate) fn with_heads(source: &str) -> (Self, LineHeads) {
        let mut heads = LineHeads::default();
        let index = Self::build(source, |head| heads.count(head));
        (index, heads)
    }

    /// Indexes `source`, handing `head` the first byte of every line (`None` for an empty
    /// last line).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn build(source: &str, mut head: impl FnMut(Option<&u8>)) -> Self {
        // Room for a line per 16 bytes: most files' lines are longer, and a regrowth cost more
        // than the room.
        let mut line_starts = Vec::with_capacity(source.len() / 16 + 1);
        line_starts.push(0);
        let bytes = source.as_bytes();
        head(bytes.first());
        let mut crlf = false;
        let mut newline = |at: usize| {
            line_starts.push(at + 1);
            head(bytes.get(at + 1));
            // Without a branch: a newline at offset 0 has no byte before it.
            crlf |= bytes.get(at.wrapping_sub(1)) == Some(&b'\r');
        };
        // Whether some byte is past ASCII and whether some byte is `<`, gathered on the way
        // ([`Marks::seen`]): without a pass of their own.
        let mut seen = 0;
        let mut read = |block: &[u8; BLOCK], base: usize| {
            let marks = marks_in(block);
            seen |= marks.seen;
            let mut found = marks.newlines;
            while found != 0 {
                newline(base + found.trailing_zeros() as usize);
                found &= found - 1;
            }
        };
        // A block at a time ([`marks_in`]): most lines are long enough that skipping
        // newline-free blocks beats a byte loop. The whole blocks in a loop of their own and
        // the last bytes after it: one loop over both (chained) kept asking which it was in.
        let (blocks, remainder) = bytes.as_chunks::<BLOCK>();
        for (i, block) in blocks.iter().enumerate() {
            read(block, i * BLOCK);
        }
        // The last bytes are read as a block too, padded with zeros (neither a `\n`, a `<`
        // nor past ASCII): a byte loop over them cost as much as a tenth of a file's blocks.
        let mut last = [0; BLOCK];
        last[..remainder.len()].copy_from_slice(remainder);
        read(&last, blocks.len() * BLOCK);
        let mut wide = Vec::new();
        let ascii = seen >> 16 == 0;
        if !ascii {
            let (mut extra_bytes, mut extra_utf16) = (0, 0);
            // From one character past ASCII to the next, the ASCII bytes between skipped as
            // bytes (a file with one such character had every character decoded).
            let mut at = 0;
            while let Some(skip) = bytes[at..].iter().position(|b| !b.is_ascii()) {
                let offset = at + skip;
                let Some(ch) = source[offset..].chars().next() else {
                    break;
                };
                at = offset + ch.len_utf8();
                extra_bytes += ch.len_utf8() - 1;
                extra_utf16 += ch.len_utf8() - ch.len_utf16();
                wide.push(Wide {
                    offset,
                    extra_bytes_through: extra_bytes,
                    extra_utf16_through: extra_utf16,
                });
            }
        }
        Self {
            line_starts,
            len: source.len(),
            wide,
            crlf,
            angle: seen & 0xffff != 0,
        }
    }

    /// Whether the text has a `<` byte: the parser looks for heredocs (`<<EOF`) only then,
    /// and most files have none.
    pub(crate) fn has_angle(&self) -> bool {
        self.angle
    }

    /// Whether the text has a `\r\n` line end: found while the lines are, so a file's line
    /// ending needs no search of its own.
    pub fn has_crlf(&self) -> bool {
        self.crlf
    }

    /// Extra bytes over characters and over UTF-16 units of every character before `offset`.
    fn extra_before(&self, offset: usize) -> (usize, usize) {
        let count = self.wide.partition_point(|w| w.offset < offset);
        count.checked_sub(1).map_or((0, 0), |i| {
            let w = self.wide[i];
            (w.extra_bytes_through, w.extra_utf16_through)
        })
    }

    /// Byte offsets where each line starts (the first is 0).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Number of lines; a text ending in `\n` has an empty last line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
    }

    /// 1-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// [`LineIndex::line_of`], looking first at line `near` and then at lines after it at
    /// doubling distances: a caller that asks in the order of the text (a rule reporting
    /// instruction after instruction, the comments in order) finds a line a few lines on
    /// with a probe or two, and one far on in steps that grow with the log of the distance.
    /// Inlined where it is asked (a finding's position, the model's lines): a few probes
    /// cost less than the call.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn line_of_near(&self, offset: usize, near: usize) -> usize {
        let offset = offset.min(self.len);
        let starts = &self.line_starts;
        // The line is the number of line starts at or before `offset` (the first is 0).
        let known = near.clamp(1, starts.len()) - 1;
        if starts[known] > offset {
            return starts[..known].partition_point(|&start| start <= offset);
        }
        // `starts[..low]` are all at or before `offset`; find a start after it.
        let mut low = known + 1;
        let mut step = 1;
        let high = loop {
            let probe = low + step - 1;
            if probe >= starts.len() {
                break starts.len();
            }
            if starts[probe] > offset {
                break probe;
            }
            low = probe + 1;
            step *= 2;
        };
        low + starts[low..high].partition_point(|&start| start <= offset)
    }

    /// Line and columns of byte `offset` in `source` (the text this index was built from).
    /// An offset inside a character counts as that character's start.
    pub fn position(&self, source: &str, offset: usize) -> Position {
        self.position_near(source, offset, 1)
    }

    /// [`LineIndex::position`], the line found by [`LineIndex::line_of_near`].
    pub fn position_near(&self, source: &str, offset: usize, near: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of_near(offset, near);
        let start = self.line_starts[line - 1];
        if self.wide.is_empty() {
            // An ASCII text (most): a column is a byte count.
            let column = 1 + offset - start;
            return Position {
                line,
                column,
                utf16_column: column,
            };
        }
        let (bytes_at_start, utf16_at_start) = self.extra_before(start);
        let (bytes_at_offset, utf16_at_offset) = self.extra_before(offset);
        let width = offset - start;
        Position {
            line,
            column: 1 + width - (bytes_at_offset - bytes_at_start),
            utf16_column: 1 + width - (utf16_at_offset - utf16_at_start),
        }
    }

    /// Byte range of a 1-based `line` in `source`, without its `\n` or a `\r` before it.
    /// A line past the end gives an empty range at the end of the text.
    pub fn line_range(&self, source: &str, line: usize) -> std::ops::Range<usize> {
        let start = self
            .line_start(line)
            .unwrap_or(source.len())
            .min(source.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(source.len(), |&next| next - 1)
            .clamp(start, source.len());
        // Read as bytes: slicing the text checked character boundaries for one byte's test.
        let end = end - usize::from(end > start && source.as_bytes()[end - 1] == b'\r');
        start..end
    }

    /// Byte offset of a 1-based `line` and 1-based UTF-16 `utf16_column`, as an editor reports
    /// a cursor. Columns past the end of the line give the line's end.
    pub fn offset_of_utf16(&self, source: &str, line: usize, utf16_column: usize) -> Option<usize> {
        let start = self.line_start(line)?;
        let end = self
            .line_starts
            .get(line)
            .map(|next| next - 1)
            .unwrap_or(source.len());
        let mut units = 1;
        for (i, ch) in source.get(start..end)?.char_indices() {
            if units >= utf16_column {
                return Some(start + i);
            }
            units += ch.len_utf16();
        }
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column walk this index replaces, as the reference for every offset.
    fn walked(source: &str, offset: usize) -> (usize, usize, usize) {
        let mut offset = offset;
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = source[..offset].matches('\n').count() + 1;
        let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let (mut column, mut utf16_column) = (1, 1);
        for (i, ch) in source[start..].char_indices() {
            if start + i + ch.len_utf8() > offset {
                break;
            }
            column += 1;
            utf16_column += ch.len_utf16();
        }
        (line, column, utf16_column)
    }

    #[test]
    fn marks_flag_exactly_the_newlines_angles_and_high_bytes() {
        let mut block = [0u8; BLOCK];
        for seed in 0..2000u32 {
            // Bytes near `\n` and `<` and past ASCII, where a borrow or a sign could go wrong;
            // some blocks without a `<` or a byte past ASCII.
            let choices: &[u8] = match seed % 3 {
                0 => &[
                    b'\n', b'\n', 0x0b, 0x09, 0x8a, 0xff, 0x00, b'a', b'<', b'=', 0xbc,
                ],
                1 => &[b'\n', 0x0b, 0x00, b'a', b'=', b';', 0x7f],
                _ => &[b'\n', b'a', b'<', b'=', b';', 0x7f],
            };
            for (i, b) in block.iter_mut().enumerate() {
                let pick = (seed.wrapping_mul(2_654_435_761) >> (i % 24)) as usize + i;
                *b = choices[pick % choices.len()];
            }
            let expected = block
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .fold(0, |mask, (i, _)| mask | (1 << i));
            for marks in [marks_in(&block), marks_in_words(&block)] {
                assert_eq!(marks.newlines, expected, "{block:?}");
                assert_eq!(marks.seen & 0xffff != 0, block.contains(&b'<'), "{block:?}");
                assert_eq!(marks.seen >> 16 != 0, !block.is_ascii(), "{block:?}");
            }
        }
    }

    #[test]
    fn line_heads_count_the_lines_starting_with_a_letter_or_a_hash() {
        for text in [
            "",
            "a",
            "#",
            "\n",
            "RUN a\n# c\n\n  x\n1\nb\r\n#\n\u{e9}\nz",
        ] {
            let (index, heads) = LineIndex::with_heads(text);
            assert_eq!(index, LineIndex::new(text));
            let first = |byte: fn(&u8) -> bool| {
                index
                    .line_starts()
                    .iter()
                    .filter(|&&at| text.as_bytes().get(at).is_some_and(byte))
                    .count()
            };
            assert_eq!(heads.letters, first(u8::is_ascii_alphabetic), "{text:?}");
            assert_eq!(heads.comments, first(|&b| b == b'#'), "{text:?}");
        }
    }

    #[test]
    fn positions_match_a_walk_from_the_line_start() {
        let text = "FROM a\n\u{e9}t\u{e9} \u{1f600}\u{4e2d}x\r\nRUN \u{1f600}\u{1f600} b\n\u{e9}\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let pos = index.position(text, offset);
            assert_eq!(
                (pos.line, pos.column, pos.utf16_column),
                walked(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_starts_and_crlf_match_a_byte_scan() {
        // Newlines and `\r\n`s at every place of the blocks, and bytes that
        // differ from `\n` in one bit (`\x0b`, `\x8a`) beside them.
        let pieces = [
            "a",
            "\n",
            "\r\n",
            "\x0b",
            "\u{8a}",
            "\n\n",
            "é",
            "abcdefghijklmno",
            "<",
        ];
        for seed in 0..400usize {
            let mut text = String::new();
            let mut state = seed;
            while text.len() < 40 + seed % 150 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(pieces[(state >> 33) % pieces.len()]);
            }
            let index = LineIndex::new(&text);
            let mut starts = vec![0];
            starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
            assert_eq!(index.line_starts(), starts, "{text:?}");
            assert_eq!(index.has_crlf(), text.contains("\r\n"), "{text:?}");
            assert_eq!(index.has_angle(), text.contains('<'), "{text:?}");
        }
    }

    #[test]
    fn a_line_found_near_a_guess_is_the_line_found_by_search() {
        // A short file, and one long enough that a far line is found in several doubling steps.
        let long: String = (0..70)
            .map(|i| format!("{}\n", "x".repeat(i % 7)))
            .collect();
        for text in ["FROM a\n\nRUN b \\\n  c\n# x\nCMD d", long.as_str()] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                for near in 0..=index.line_count() + 2 {
                    assert_eq!(
                        index.line_of_near(offset, near),
                        index.line_of(offset),
                        "offset {offset}, near {near}"
                    );
                }
            }
        }
    }

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "a\n\u{e9}\u{1f600}x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find('x').unwrap();
        let pos = index.position(text, x);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 3, 4));
        assert_eq!(index.offset_of_utf16(text, 2, 4), Some(x));
        assert_eq!(index.position(text, text.len()).line, 3);
        // Inside a character: that character's start.
        let smile = text.find('\u{1f600}').unwrap();
        let pos = index.position(text, smile + 2);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 2, 2));
        let crlf = "FROM a\r\nRUN b\r\n";
        let index = LineIndex::new(crlf);
        assert_eq!(&crlf[index.line_range(crlf, 1)], "FROM a");
        assert_eq!(&crlf[index.line_range(crlf, 2)], "RUN b");
        assert_eq!(index.line_range(crlf, 3), crlf.len()..crlf.len());
        assert_eq!(index.line_range(crlf, 9), crlf.len()..crlf.len());
    }
}
