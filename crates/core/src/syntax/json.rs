//! The JSON (exec) form of instructions, read the way BuildKit's Go decoder reads it.
//!
//! Go's `json.Decoder` decodes the first value and ignores what follows it, so
//! `CMD ["a"] trailing` is exec form; an array holding anything but strings is an error, while
//! text that is not valid JSON falls back to shell form.

use super::words::Piece;

/// `text` as a JSON string literal, as Go's decoder reads it back: `"` and `\` escaped, and
/// control characters too (a tab or a line break written raw is not JSON, and BuildKit would
/// read the whole array as shell form). The one writer for what fixes and rewrite steps put
/// in exec form.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[(u32::from(c) >> 4) as usize]));
                out.push(char::from(HEX[(u32::from(c) & 15) as usize]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `words` as the JSON array of an exec-form instruction: `["python", "app.py"]`.
pub fn json_array<'w>(words: impl IntoIterator<Item = &'w str>) -> String {
    let mut out = String::from("[");
    for (i, word) in words.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&json_string(word));
    }
    out.push(']');
    out
}

/// Why the arguments are not a JSON string array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonProblem {
    /// Not JSON at all (or not starting with `[`): BuildKit falls back to shell form.
    NotJson,
    /// Valid JSON array with an element that is not a string: BuildKit rejects the file.
    NotStrings,
}

/// Reads a JSON array of strings at the start of `text` (after leading whitespace), returning
/// each string with its byte range (quotes included).
pub(crate) fn parse_string_array(text: &str) -> Result<Vec<Piece>, JsonProblem> {
    let start = super::words::skip_space(text, 0, text.len());
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: start,
        depth: 1,
    };
    if reader.peek() != Some(b'[') {
        return Err(JsonProblem::NotJson);
    }
    reader.pos += 1;
    let mut all_strings = true;
    reader.skip_ws();
    if reader.peek() == Some(b']') {
        return Ok(Vec::new());
    }
    // Room for four items, what the first push would have grown the list to, without the
    // growth's call.
    let mut items = Vec::with_capacity(4);
    loop {
        reader.skip_ws();
        let item_start = reader.pos;
        if reader.peek() == Some(b'"') {
            let value = reader.string().ok_or(JsonProblem::NotJson)?;
            items.push(Piece {
                text: value,
                start: item_start,
                end: reader.pos,
            });
        } else {
            reader.value().ok_or(JsonProblem::NotJson)?;
            all_strings = false;
        }
        reader.skip_ws();
        match reader.peek() {
            Some(b',') => reader.pos += 1,
            Some(b']') => break,
            _ => return Err(JsonProblem::NotJson),
        }
    }
    if all_strings {
        Ok(items)
    } else {
        Err(JsonProblem::NotStrings)
    }
}

/// What a bracketed argument list that is not JSON was meant to be, when its mistake is one
/// people make: strings in single quotes, words without quotes, a comma after the last item.
/// Docker runs such a line in shell form, so the shell looks for a program named like its
/// first word (`[python,`) and the container stops at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearArray {
    /// The mistake, for a message: "`'app.py'` is in single quotes".
    pub mistake: String,
    /// The words it was meant to hold, when every item reads as one; `None` when some item
    /// does not (then nothing can be rewritten for the person).
    pub words: Option<Vec<String>>,
}

/// Reads `text` (an instruction's arguments) as the JSON string array it was meant to be,
/// when it is bracketed like one but is not JSON. `None` for valid JSON, for text that is
/// not bracketed, and for brackets that hold no recognisable mistake.
pub fn near_string_array(text: &str) -> Option<NearArray> {
    let trimmed = text.trim();
    let inner = trimmed.strip_prefix('[')?.strip_suffix(']')?;
    if parse_string_array(trimmed).is_ok() {
        return None;
    }
    let items = split_items(inner)?;
    let mut words = Some(Vec::with_capacity(items.len()));
    let mut mistake: Option<String> = None;
    let last = items.len() - 1;
    for (index, item) in items.iter().enumerate() {
        let item = item.trim();
        let word = if item.is_empty() {
            if index == last && index > 0 {
                mistake.get_or_insert_with(|| "there is a comma after the last item".into());
                continue;
            }
            None
        } else if item.starts_with('"') {
            let mut reader = Reader {
                bytes: item.as_bytes(),
                text: item,
                pos: 0,
                depth: 1,
            };
            reader.string().filter(|_| reader.pos == item.len())
        } else if let Some(quoted) = item
            .strip_prefix('\'')
            .and_then(|rest| rest.strip_suffix('\''))
            .filter(|inside| !inside.contains('\''))
        {
            mistake.get_or_insert_with(|| format!("`{item}` is in single quotes"));
            Some(quoted.to_string())
        } else if !item.contains(|c: char| c.is_whitespace() || "\"'[]{}\\".contains(c)) {
            mistake.get_or_insert_with(|| format!("`{item}` has no quotes"));
            Some(item.to_string())
        } else {
            None
        };
        match (word, words.as_mut()) {
            (Some(word), Some(list)) => list.push(word),
            (None, _) => words = None,
            _ => {}
        }
    }
    Some(NearArray {
        mistake: mistake?,
        words: words.filter(|list| !list.is_empty()),
    })
}

/// The items of a bracketed list, split at the commas outside double or single quotes.
/// `None` when a quote is left open.
fn split_items(inner: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in inner.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ',' => {
                items.push(&inner[start..at]);
                start = at + 1;
            }
            None => {}
        }
    }
    if quote.is_some() {
        return None;
    }
    items.push(&inner[start..]);
    Some(items)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> Option<()> {
        if self.bytes[self.pos..].starts_with(literal.as_bytes()) {
            self.pos += literal.len();
            Some(())
        } else {
            None
        }
    }

    /// Skips any JSON value. Iterative, with Go's nesting limit, so hostile input cannot
    /// exhaust the stack.
    fn value(&mut self) -> Option<()> {
        // One entry per open container: true for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b't' => self.eat("true")?,
                b'f' => self.eat("false")?,
                b'n' => self.eat("null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                c @ (b'[' | b'{') => {
                    if open.len() + self.depth >= 10_000 {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let object = c == b'{';
                    let close = if object { b'}' } else { b']' };
                    if self.peek()? == close {
                        self.pos += 1;
                    } else {
                        open.push(object);
                        if object {
                            self.key()?;
                        }
                        continue;
                    }
                }
                _ => return None,
            }
            // A value ended: close containers or move to the next element.
            loop {
                let Some(&object) = open.last() else {
                    return Some(());
                };
                self.skip_ws();
                let close = if object { b'}' } else { b']' };
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        if object {
                            self.skip_ws();
                            self.key()?;
                        }
                        break;
                    }
                    c if c == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ => return None,
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek()? != b'"' {
            return None;
        }
        self.string()?;
        self.skip_ws();
        if self.peek()? != b':' {
            return None;
        }
        self.pos += 1;
        Some(())
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A JSON string, decoded as Go does (unpaired surrogates become U+FFFD).
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // A run of characters that stand for themselves (no quote, backslash or control
            // character: most of a string) goes in at once, not a character at a time.
            let plain = self.bytes.get(self.pos..)?;
            let run = plain
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(plain.len());
            // A string of plain characters alone (most) is copied out in one piece sized to
            // it, without growing an empty string to it.
            if run > 0 && out.is_empty() && plain.get(run) == Some(&b'"') {
                let text = self.text[self.pos..self.pos + run].to_string();
                self.pos += run + 1;
                return Some(text);
            }
            if run > 0 {
                out.push_str(&self.text[self.pos..self.pos + run]);
                self.pos += run;
                continue;
            }
            let rest = self.text.get(self.pos..)?;
            let ch = rest.chars().next()?;
            match ch {
                '"' => {
                    self.pos += 1;
                    return Some(out);
                }
                '\\' => {
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            if (0xd800..0xdc00).contains(&first) {
                                let save = self.pos;
                                if self.eat("\\u").is_some() {
                                    if let Some(second) = self.hex4() {
                                        if (0xdc00..0xe000).contains(&second) {
                                            let code = 0x10000
                                                + ((first - 0xd800) << 10)
                                                + (second - 0xdc00);
                                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                                            continue;
                                        }
                                    }
                                }
                                self.pos = save;
                                out.push('\u{fffd}');
                            } else {
                                out.push(char::from_u32(first).unwrap_or('\u{fffd}'));
                            }
                        }
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_array_and_ignores_the_rest() {
        let items = parse_string_array(r#" ["a", "b\"c"] tail"#).unwrap();
        let texts: Vec<_> = items.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["a", "b\"c"]);
        assert_eq!(items[0].start, 2);
    }

    #[test]
    fn tells_malformed_json_from_non_strings() {
        assert_eq!(parse_string_array(r#"["a", 1"#), Err(JsonProblem::NotJson));
        assert_eq!(
            parse_string_array(r#"["a", 1]"#),
            Err(JsonProblem::NotStrings)
        );
        assert_eq!(parse_string_array(r#"[01]"#), Err(JsonProblem::NotJson));
        assert_eq!(parse_string_array("echo"), Err(JsonProblem::NotJson));
        assert_eq!(parse_string_array("[]").unwrap(), vec![]);
    }

    #[test]
    fn writes_what_it_reads_back() {
        let words = [
            "python",
            "a \"b\" \\c",
            "tab\there",
            "line\nbreak",
            "bell\u{7}",
            "é ü",
        ];
        let json = json_array(words);
        assert_eq!(
            json,
            r#"["python", "a \"b\" \\c", "tab\there", "line\nbreak", "bell\u0007", "é ü"]"#
        );
        let read: Vec<String> = parse_string_array(&json)
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(read, words);
        assert_eq!(json_array([]), "[]");
    }

    #[test]
    fn near_arrays_say_their_mistake_and_what_they_meant() {
        let near = |text: &str| near_string_array(text);
        let single = near(r#"["python", 'app.py']"#).unwrap();
        assert_eq!(single.mistake, "`'app.py'` is in single quotes");
        assert_eq!(single.words.unwrap(), ["python", "app.py"]);
        let bare = near("[python, app.py]").unwrap();
        assert_eq!(bare.mistake, "`python` has no quotes");
        assert_eq!(bare.words.unwrap(), ["python", "app.py"]);
        let trailing = near(r#"["python", "app.py",]"#).unwrap();
        assert_eq!(trailing.mistake, "there is a comma after the last item");
        assert_eq!(trailing.words.unwrap(), ["python", "app.py"]);
        // A comma inside quotes is not a separator; an escape inside double quotes is read.
        let quoted = near(r#"['a,b', "c \"d\""]"#).unwrap();
        assert_eq!(quoted.words.unwrap(), ["a,b", "c \"d\""]);
        // An item that is no word at all: the mistake is still named, nothing is rewritten.
        let spaced = near("['python', run app]").unwrap();
        assert_eq!(spaced.words, None);
        // Valid JSON, unbracketed text, an open quote: nothing to say.
        assert_eq!(near(r#"["python", "app.py"]"#), None);
        assert_eq!(near("python app.py"), None);
        assert_eq!(near("['python]"), None);
        assert_eq!(near("[ ]"), None);
    }
}
