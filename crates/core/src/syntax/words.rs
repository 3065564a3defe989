//! BuildKit's word splitters: the flag reader, the ENV/LABEL/ARG word reader and the
//! whitespace splitters, each returning byte positions so the tree can carry spans.

/// Whitespace as BuildKit's `reWhitespace` (`[\t\v\f\r ]`) sees it.
pub(crate) fn is_separator(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// A piece of text with its byte range in the string it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Splits on runs of `[\t\v\f\r ]`, like Go's `regexp.Split(s, -1)`; with `limit` 2 the second
/// piece is the rest of the text.
pub(crate) fn split_separators(text: &str, limit: Option<usize>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (start, end) in separated(text) {
        let end = if limit.is_some_and(|limit| pieces.len() + 1 == limit) {
            text.len()
        } else {
            end
        };
        pieces.push(Piece {
            text: text[start..end].to_string(),
            start,
            end,
        });
        if end == text.len() {
            break;
        }
    }
    pieces
}

/// The byte ranges of [`split_separators`]' pieces without a limit, read without copying them.
pub(crate) fn separated(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let Some(length) = bytes[start..].iter().position(|&b| is_separator(b)) else {
            next = None;
            return Some((start, bytes.len()));
        };
        let end = start + length;
        let run = bytes[end..]
            .iter()
            .take_while(|&&b| is_separator(b))
            .count();
        next = Some(end + run);
        Some((start, end))
    })
}

/// Trims Unicode whitespace on both ends like Go's `strings.TrimSpace`, returning the range.
/// Inlined where it is called (twice per instruction): the ASCII ends it reads almost always
/// need a few tests, fewer than the call (a hint alone left it a call).
#[inline(always)]
pub(crate) fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    // ASCII spaces are read as bytes (almost every text has no other); characters are
    // decoded only where a byte past ASCII ends the run.
    let bytes = text.as_bytes();
    let mut left = start;
    while left < end && is_ascii_space(bytes[left]) {
        left += 1;
    }
    let mut right = end;
    while right > left && is_ascii_space(bytes[right - 1]) {
        right -= 1;
    }
    if left == right {
        // All space: the range is empty at the end.
        return (end, end);
    }
    if bytes[left].is_ascii() && bytes[right - 1].is_ascii() {
        // Ends that are not space.
        return (left, right);
    }
    trim_chars(text, left, right, end)
}

/// [`trim_range`] of `text[left..right]`, whose ends are not ASCII spaces but one is past
/// ASCII (so maybe a space of another kind).
#[cold]
fn trim_chars(text: &str, left: usize, right: usize, end: usize) -> (usize, usize) {
    let slice = &text[left..right];
    let trimmed = slice.trim_start();
    if trimmed.is_empty() {
        return (end, end);
    }
    let left = left + (slice.len() - trimmed.len());
    (left, left + trimmed.trim_end().len())
}

/// Whether `b` is an ASCII byte [`char::is_whitespace`] takes (`\t` to `\r`, and space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Where the whitespace at the start of `text[start..end]` ends, as [`str::trim_start`] reads
/// it: ASCII bytes are read as bytes (almost every line), characters decoded only past ASCII.
pub(crate) fn skip_space(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end && is_ascii_space(bytes[at]) {
        at += 1;
    }
    if at < end && !bytes[at].is_ascii() {
        let rest = &text[at..end];
        return end - rest.trim_start().len();
    }
    at
}

/// Whitespace as Go's `unicode.IsSpace(rune(b))` sees a single byte: BuildKit's flag reader
/// walks bytes, so the UTF-8 continuation bytes 0x85 and 0xA0 count as spaces there.
pub(crate) fn is_go_space_byte(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0x85 | 0xa0)
}

/// The first character boundary at or after `at`.
pub(crate) fn boundary_at_or_after(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

/// Reads the `--flag` words at the start of an instruction's arguments, as BuildKit's
/// `extractBuilderFlags` does: quotes group, `\` escapes, a bare `--` ends the flags.
/// Returns the flags and the byte offset where the arguments start (the text's length when
/// everything was flags).
///
/// BuildKit reads this part byte by byte, turning each byte of a non-ASCII character into its
/// own Latin-1 character and splitting at bytes 0x85 and 0xA0; we do the same so the flags
/// and arguments agree with BuildKit's (`--from=é` becomes `--from=Ã©` in both).
pub(crate) fn extract_flags(line: &str) -> (Vec<Piece>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let bytes = line.as_bytes();
    // Arguments that start with neither a space nor `-` have no flags (most): said without
    // entering the reader.
    if bytes
        .first()
        .is_some_and(|&b| b != b'-' && !is_go_space_byte(b))
    {
        return (Vec::new(), 0);
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut word_start = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    // Each byte is its Latin-1 character; ASCII bytes (almost every flag) are that character
    // already, copied at once rather than a character at a time.
    let finish = |word: &[u8]| match word.is_ascii() {
        true => String::from_utf8(word.to_vec()).unwrap_or_default(),
        false => word.iter().map(|&b| char::from(b)).collect::<String>(),
    };
    let piece = |word: &[u8], start: usize, end: usize| Piece {
        text: finish(word),
        start,
        end: boundary_at_or_after(line, end),
    };
    while pos <= bytes.len() {
        let ch = bytes.get(pos).copied().unwrap_or(0);
        if phase == Phase::Spaces {
            if pos == bytes.len() {
                break;
            }
            if is_go_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || bytes.get(pos + 1) != Some(&b'-') {
                return (words, boundary_at_or_after(line, pos));
            }
            phase = Phase::Word;
            word_start = pos;
            // No flag is longer than the rest of the line: room for it once, where growing
            // a byte at a time reallocated a long `--mount=...` flag several times.
            if word.capacity() == 0 {
                word.reserve_exact(bytes.len() - pos);
            }
        }
        if pos == bytes.len() {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push(piece(&word, word_start, pos));
            }
            break;
        }
        if phase == Phase::Word {
            // The bytes up to the next space, quote or backslash are the word's as they are:
            // taken in one copy rather than one test after another per byte.
            let plain = bytes[pos..]
                .iter()
                .position(|&b| is_go_space_byte(b) || matches!(b, b'\'' | b'"' | b'\\'))
                .unwrap_or(bytes.len() - pos);
            if plain > 0 {
                word.extend_from_slice(&bytes[pos..pos + plain]);
                pos += plain;
                continue;
            }
            if is_go_space_byte(ch) {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (words, boundary_at_or_after(line, pos));
                }
                if blank_ok || !word.is_empty() {
                    words.push(piece(&word, word_start, pos));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut ch = ch;
            if ch == b'\\' {
                if pos + 1 == bytes.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                ch = bytes[pos];
            }
            word.push(ch);
            pos += 1;
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut ch = ch;
        if ch == b'\\' {
            if pos + 1 == bytes.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            ch = bytes[pos];
        }
        word.push(ch);
        pos += 1;
    }
    (words, bytes.len())
}

/// Splits ENV/LABEL/ARG arguments into words as BuildKit's `parseWords` does: whitespace
/// separates, quotes group and are kept, the escape character and the character after it are
/// kept together.
pub(crate) fn parse_words(rest: &str, escape: char) -> Vec<Piece> {
    let mut words = Vec::new();
    read_words(rest, escape, |start, text_end, end| {
        words.push(Piece {
            text: rest[start..text_end].to_string(),
            start,
            end,
        });
        true
    });
    words
}

/// [`parse_words`] without copying the words out: `word` gets each word's start, the end of
/// its text and its end (they differ only for the escape character that ends the text), and
/// says whether to read on.
pub(crate) fn read_words(
    rest: &str,
    escape: char,
    mut word: impl FnMut(usize, usize, usize) -> bool,
) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    // BuildKit keeps every character of a word, quotes and escapes included, except an escape
    // character that ends the text; so a word is a slice of `rest`, minus that one case.
    // An ASCII byte is its character (most are): decoded only past ASCII.
    let char_at = |pos: usize| match rest.as_bytes().get(pos) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => rest[pos..].chars().next().unwrap_or('\0'),
    };
    let mut phase = Phase::Spaces;
    let mut word_start = 0;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut pos = 0;
    // Set when BuildKit skips an escape character that ends the text.
    let mut dropped_escape = false;
    let mut push = |start: usize, end: usize, blank_ok: bool, dropped: bool| {
        let text_end = if dropped && end == rest.len() {
            end - escape.len_utf8()
        } else {
            end
        };
        !(blank_ok || text_end > start) || word(start, text_end, end)
    };
    // Inside a word or quotes most bytes are plain ASCII that the reader would only step
    // over: they are skipped in one tight loop, and the reader below looks only at the bytes
    // that can end a word, a quote or escape (and at characters past ASCII, which it decodes).
    // A non-ASCII escape character is never met in the loop, which stops at every such byte.
    let bytes = rest.as_bytes();
    let escape_byte = u8::try_from(escape).ok().filter(u8::is_ascii);
    fn skip(bytes: &[u8], pos: usize, stop: impl Fn(u8) -> bool) -> usize {
        let rest = bytes.get(pos..).unwrap_or_default();
        pos + rest
            .iter()
            .position(|&b| !b.is_ascii() || stop(b))
            .unwrap_or(rest.len())
    }
    loop {
        match phase {
            Phase::Spaces => {}
            Phase::Word => {
                pos = skip(bytes, pos, |b| {
                    matches!(b, b'\t'..=b'\r' | b' ' | b'\'' | b'"') || Some(b) == escape_byte
                });
            }
            Phase::Quote => {
                // Only `'` and `"` open quotes, and a single-quoted text takes no escapes.
                let quote = quote as u8;
                let escapes = quote != b'\'';
                pos = skip(bytes, pos, |b| {
                    b == quote || (escapes && Some(b) == escape_byte)
                });
            }
        }
        let at_end = pos >= rest.len();
        let ch = if at_end { '\0' } else { char_at(pos) };
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if ch.is_whitespace() {
                pos += ch.len_utf8();
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            push(word_start, pos, blank_ok, dropped_escape);
            return;
        }
        let next = pos + ch.len_utf8();
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if !push(word_start, pos, blank_ok, false) {
                    return;
                }
                blank_ok = false;
                pos = next;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if next == rest.len() {
                    dropped_escape = true;
                } else {
                    // The escape character and the one after it stay together.
                    pos = next + char_at(next).len_utf8();
                    continue;
                }
            }
            pos = next;
            continue;
        }
        // Inside quotes.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if next == rest.len() {
                phase = Phase::Word;
                dropped_escape = true;
                pos = next;
                continue;
            }
            pos = next + char_at(next).len_utf8();
            continue;
        }
        pos = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn flags_stop_at_the_first_plain_word() {
        let (flags, rest) = extract_flags("--from=build --chown=\"a b\" src dst");
        assert_eq!(texts(&flags), ["--from=build", "--chown=a b"]);
        assert_eq!(&"--from=build --chown=\"a b\" src dst"[rest..], "src dst");
        let (flags, _) = extract_flags("--from=\u{e9} x");
        assert_eq!(texts(&flags), ["--from=\u{c3}\u{a9}"]);
        let (flags, rest) = extract_flags("--from=a\u{a0}b c");
        assert_eq!(texts(&flags), ["--from=a\u{c2}"]);
        assert_eq!(&"--from=a\u{a0}b c"[rest..], "b c");
        let (flags, rest) = extract_flags("-- --x");
        assert!(flags.is_empty());
        assert_eq!(rest, 2);
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let words = parse_words(r#"a="x y" b=c\ d e=''"#, '\\');
        assert_eq!(texts(&words), [r#"a="x y""#, r"b=c\ d", "e=''"]);
        // A trailing escape is dropped, except inside single quotes where it is literal.
        assert_eq!(texts(&parse_words(r"a=b\", '\\')), ["a=b"]);
        assert_eq!(texts(&parse_words(r"a=b\\", '\\')), [r"a=b\\"]);
        assert_eq!(texts(&parse_words(r"a='b\", '\\')), [r"a='b\"]);
        assert_eq!(texts(&parse_words(r#"a="b\"#, '\\')), [r#"a="b"#]);
        // The plain bytes a word or a quote is skipped over stop at what ends it: spaces past
        // ASCII, escaped quotes, the other escape character.
        assert_eq!(
            texts(&parse_words("k=\u{e9}\u{a0}v w", '\\')),
            ["k=\u{e9}", "v", "w"]
        );
        assert_eq!(
            texts(&parse_words("a=\"\u{e9} b\" c", '\\')),
            ["a=\"\u{e9} b\"", "c"]
        );
        assert_eq!(
            texts(&parse_words(r#"a="b\" c" d"#, '\\')),
            [r#"a="b\" c""#, "d"]
        );
        assert_eq!(texts(&parse_words("a=`\" b", '`')), ["a=`\"", "b"]);
        assert_eq!(texts(&parse_words(r"a\ b", '`')), [r"a\", "b"]);
        assert_eq!(texts(&parse_words("a='x` y' z`", '`')), ["a='x` y'", "z"]);
    }

    #[test]
    fn trimming_reads_ascii_as_bytes_and_agrees_with_str_trim() {
        let texts = [
            "",
            " ",
            " \t\x0b\x0c\r\n ",
            "a",
            " a ",
            "\u{a0}",
            " \u{a0} ",
            "\u{a0}a\u{3000} ",
            " \u{e9} ",
            "x\u{2003}",
            "\u{85}b",
            " é\u{a0}é ",
        ];
        for text in texts {
            let (start, end) = (0, text.len());
            let trimmed = text.trim();
            let expected = if trimmed.is_empty() {
                (end, end)
            } else {
                let left = text.len() - text.trim_start().len();
                (left, left + trimmed.len())
            };
            assert_eq!(trim_range(text, start, end), expected, "{text:?}");
            assert_eq!(
                skip_space(text, 0, text.len()),
                text.len() - text.trim_start().len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn separators_split_like_go_regexp() {
        let parts = split_separators("a \t b  c", Some(2));
        assert_eq!(texts(&parts), ["a", "b  c"]);
        assert_eq!(texts(&split_separators("a b", None)), ["a", "b"]);
        assert_eq!(texts(&split_separators("", None)), [""]);
        assert_eq!(
            texts(&split_separators(" a\x0b\x0cb\r ", None)),
            ["", "a", "b", ""]
        );
        assert_eq!(texts(&split_separators("a  ", Some(2))), ["a", ""]);
        assert_eq!(texts(&split_separators("a b c", Some(1))), ["a b c"]);
        let ranges: Vec<_> = separated(" a\x0b\x0cb\r ").collect();
        assert_eq!(ranges, [(0, 0), (1, 2), (4, 5), (7, 7)]);
    }
}
