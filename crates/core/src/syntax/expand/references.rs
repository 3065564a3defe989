//! Which variables a text refers to, and where, as BuildKit's lexer reads them: for the
//! "undefined variable" checks, which report each reference at its place.

use std::ops::Range;

use super::{Lexer, State};

/// A `$NAME` or `${NAME...}` as written: the variable's name, borrowed from the text it was
/// read from, and the byte range of the whole reference (`${NAME:-x}`) in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'a> {
    pub name: &'a str,
    pub span: Range<usize>,
}

/// The variable references in `text` as BuildKit's lexer reads them, in order of where they
/// start: single-quoted text and escaped `$` are literal, the words of `${A:-$B}` are read
/// too (BuildKit expands them whether or not `A` is set), and special parameters (`$1`,
/// `$@`) are left out. Reading stops at a substitution BuildKit refuses (`${}`), since the
/// build fails there.
pub fn references(text: &str, escape: char) -> Vec<Reference<'_>> {
    let mut found = Vec::new();
    references_into(text, escape, 0, &mut found);
    found
}

/// [`references`] added to `out`, with `offset` added to each span: a caller reading many
/// texts (the lines of a file) keeps one list, where a list per text was an allocation each.
pub fn references_into<'a>(
    text: &'a str,
    escape: char,
    offset: usize,
    out: &mut Vec<Reference<'a>>,
) {
    if !text.contains('$') {
        // Most lines name no variable: no need to lex them.
        return;
    }
    if !simple_references(text, escape, offset, out) {
        lexed_references(text, escape, offset, out);
    }
}

/// [`references`] read without the lexer, for the text most lines with a `$` are: quotes,
/// escapes and `$NAME` or plain `${NAME}` references, whose reading needs no lexer: the
/// lexer reads each `$` the way this does, takes single-quoted text as it is, reads `$` in
/// double quotes as outside them, and passes over the character after an escape (in double
/// quotes it keeps the escape, but no character after it is read as a `$` or a quote).
/// `false`, with `out` as it was, for any other text: a `${` with a modifier (`${A:-x}`) or
/// anything but a name, or a name running into a non-ASCII character (the lexer's names take
/// any letter).
fn simple_references<'a>(
    text: &'a str,
    escape: char,
    offset: usize,
    out: &mut Vec<Reference<'a>>,
) -> bool {
    // The escape character is `\` or `` ` ``; any other is left to the lexer.
    let Some(escape) = u8::try_from(escape).ok().filter(u8::is_ascii) else {
        return false;
    };
    let bytes = text.as_bytes();
    let before = out.len();
    let name_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let mut in_double = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'$' => {}
            b'"' => {
                in_double = !in_double;
                at += 1;
                continue;
            }
            b'\'' if !in_double => {
                // Literal up to the closing quote. With none, the lexer fails there and reads
                // nothing after it.
                match bytes[at + 1..].iter().position(|&c| c == b'\'') {
                    Some(close) => at += close + 2,
                    None => break,
                }
                continue;
            }
            // The escape and the character it escapes (an escape ending the text ends it).
            _ if b == escape => {
                at += 2;
                continue;
            }
            _ => {
                at += 1;
                continue;
            }
        }
        let start = at;
        at = start + 1;
        let braced = bytes.get(at) == Some(&b'{');
        let from = at + usize::from(braced);
        match bytes.get(from) {
            // Special parameters (`$1`, `$$`, `$@`...) are read and left out.
            Some(b'0'..=b'9') if !braced => {
                at = from
                    + bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
            }
            Some(b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') if !braced => at = from + 1,
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                let end = from + bytes[from..].iter().take_while(|b| name_byte(b)).count();
                at = end;
                if braced {
                    // `${NAME}` alone: a modifier (`${NAME:-x}`) is left to the lexer.
                    if bytes.get(end) != Some(&b'}') {
                        out.truncate(before);
                        return false;
                    }
                    at = end + 1;
                } else if bytes.get(end).is_some_and(|b| !b.is_ascii()) {
                    // The lexer's name goes on through a non-ASCII letter.
                    out.truncate(before);
                    return false;
                }
                out.push(Reference {
                    name: &text[from..end],
                    span: offset + start..offset + at,
                });
            }
            // A non-ASCII letter may start a name, as the lexer reads names.
            Some(b) if !b.is_ascii() => {
                out.truncate(before);
                return false;
            }
            // `$` before anything else is a `$`; what follows `${` otherwise is the lexer's.
            _ if braced => {
                out.truncate(before);
                return false;
            }
            _ => {}
        }
    }
    true
}

/// [`references`] read by BuildKit's lexer.
fn lexed_references<'a>(text: &'a str, escape: char, offset: usize, out: &mut Vec<Reference<'a>>) {
    let chars: Vec<char> = text.chars().collect();
    // Character indexes are byte offsets in ASCII text (most): no table needed.
    let offsets: Vec<usize> = if text.is_ascii() {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect()
    };
    let byte = |at: usize| offsets.get(at).copied().unwrap_or(at);
    let lookup = |_: &str| None;
    let mut state = State::new(Lexer::new(escape), &chars, &lookup, None, false);
    state.references = Some(Vec::new());
    let _ = state.until(None);
    let start = out.len();
    out.extend(
        state
            .references
            .unwrap_or_default()
            .into_iter()
            .map(|(name, span)| Reference {
                name: &text[byte(name.start)..byte(name.end)],
                span: offset + byte(span.start)..offset + byte(span.end.min(chars.len())),
            }),
    );
    crate::order::sort_by_key(&mut out[start..], |r| r.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(text: &str) -> Option<Vec<Reference<'_>>> {
        let mut found = Vec::new();
        simple_references(text, '\\', 0, &mut found).then_some(found)
    }

    fn lexed(text: &str) -> Vec<Reference<'_>> {
        let mut found = Vec::new();
        lexed_references(text, '\\', 0, &mut found);
        found
    }

    #[test]
    fn references_with_their_spans() {
        let text = r#"$A ${B:-$C} '$D' \$E "$F" $1 ${G}"#;
        let found = references(text, '\\');
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|r| (r.name, &text[r.span.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("A", "$A"),
                ("B", "${B:-$C}"),
                ("C", "$C"),
                ("F", "$F"),
                ("G", "${G}")
            ]
        );
        // The same with and without the lexer where both read the text.
        for text in [
            "$A $B_1x/${C}:$$D $1 $12a $@ $ ${_E}.$9",
            "a${B}c$D-$E.$",
            "PATH=$PATH:/x ${HOME}/bin",
            "${A:-x} $B",
            "${}",
            "${1}",
            "$-x $!y $*z $?w $#v $0u",
            r#"A="$B" C='$D' "$E'$F'" \$G "\$H \"$I\" \\$J \x$K" '$L"#,
            r#"$A"B"$'C'$"$D "'$E'" $F\"#,
            r#""$A \"#,
            r#"x\"$A"#,
            "\"${A}\" '${B:-x}' \\${C:-y} $D \\\n",
            "é${X}ü $Y",
        ] {
            if let Some(simple) = simple(text) {
                assert_eq!(simple, lexed(text), "{text}");
            }
        }
        assert!(simple("$A ${B:-x}").is_none());
        assert!(simple("$Aé").is_none());
        assert!(simple("$é").is_none());
        // Quotes and escapes are read without the lexer.
        assert!(simple(r#"'$A' "$B" \$C"#).is_some());
        // A multi-byte character before a reference keeps byte offsets right.
        let text = "é${X}";
        let r = &references(text, '\\')[0];
        assert_eq!(&text[r.span.clone()], "${X}");
        let text = "é${X:-1}$Y";
        let found = references(text, '\\');
        assert_eq!(found[1].name, "Y");
        assert_eq!(&text[found[1].span.clone()], "$Y");
    }
}
