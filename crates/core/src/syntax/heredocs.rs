//! Heredoc openers (`<<EOF`, `<<-EOF`, `3<<"EOF"`) in an instruction's text, read as
//! BuildKit's `heredocsFromLine` reads them; the parser then takes the bodies that follow.

use super::expand::Lexer;

/// A heredoc's opening word before its body is read.
pub(super) struct HeredocHeader {
    pub(super) name: String,
    pub(super) file_descriptor: u64,
    pub(super) chomp: bool,
    pub(super) expand: bool,
}

/// Finds heredoc openers (`<<EOF`, `<<-EOF`, `3<<"EOF"`) among the instruction's shell words,
/// as BuildKit's `heredocsFromLine` does: words that do not lex give no heredocs.
pub(super) fn heredocs_in(line: &str) -> Result<Vec<HeredocHeader>, String> {
    // Every heredoc word holds `<<`, and lexing never joins characters that were apart.
    if !line.contains("<<") {
        return Ok(Vec::new());
    }
    let mut headers = Vec::new();
    // A line with nothing to unquote or expand lexes to its whitespace-separated words (the
    // lexer's own shortcut), read here without copying them: a file of heredoc RUNs made a
    // dozen allocations per instruction in these two functions.
    if !line.contains(PLAIN_STOPS) {
        for word in line.split_whitespace() {
            if let Some(header) = heredoc_word(word)? {
                headers.push(header);
            }
        }
        return Ok(headers);
    }
    let lexer = Lexer {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
        skip_unset: true,
    };
    let Ok((_, words)) = lexer.run(line, &|_| None) else {
        return Ok(Vec::new());
    };
    for word in words {
        if let Some(header) = heredoc_word(&word)? {
            headers.push(header);
        }
    }
    Ok(headers)
}

/// What the expansion lexer (with `\` as its escape) treats specially; text without any of
/// these reads as written.
const PLAIN_STOPS: [char; 4] = ['$', '\'', '"', '\\'];

/// Matches `^(\d*)<<(-?)([^<]*)$` and reads the terminator name.
fn heredoc_word(word: &str) -> Result<Option<HeredocHeader>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(rest) = word[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let file_descriptor = if digits == 0 {
        0
    } else {
        word[..digits].parse::<u64>().unwrap_or(u64::MAX)
    };
    // A bare name (`EOF`) lexes to itself either way: one word, unquoted, so it expands.
    if !rest.contains(PLAIN_STOPS) && !rest.contains(char::is_whitespace) {
        return Ok(Some(HeredocHeader {
            name: rest.to_string(),
            file_descriptor,
            chomp,
            expand: true,
        }));
    }
    let mut lexer = Lexer {
        escape: '\\',
        raw_quotes: false,
        raw_escapes: false,
        skip_unset: true,
    };
    let (_, words) = lexer
        .run(rest, &|_| None)
        .map_err(|e| format!("cannot read the heredoc name `{rest}`: {e}"))?;
    if words.len() != 1 {
        return Ok(None);
    }
    lexer.raw_quotes = true;
    let (_, raw_words) = lexer
        .run(rest, &|_| None)
        .map_err(|e| format!("cannot read the heredoc name `{rest}`: {e}"))?;
    if raw_words.len() != 1 {
        return Err(format!("cannot read the heredoc name `{rest}`"));
    }
    let quotes = |w: &str| w.chars().filter(|c| *c == '\'' || *c == '"').count();
    let name = words.into_iter().next().unwrap_or_default();
    Ok(Some(HeredocHeader {
        expand: quotes(&name) == quotes(&raw_words[0]),
        name,
        file_descriptor,
        chomp,
    }))
}
