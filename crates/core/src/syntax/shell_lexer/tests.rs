use super::*;

fn tokens(text: &str, substitutions: Substitutions) -> Vec<String> {
    let mut lexer = Lexer::new(text, substitutions);
    let mut out = Vec::new();
    while let Some(token) = lexer.next_token() {
        out.push(match token {
            Token::Word(w) => format!("w:{}", w.text),
            Token::Operator { operator, .. } => format!("{operator:?}"),
            Token::Redirect { complete, bytes } => {
                format!("r:{}{}", &text[bytes], if complete { "!" } else { "" })
            }
            Token::Heredoc { delimiter, .. } => {
                format!("h:{}", delimiter.map_or(String::new(), |d| d.text.into()))
            }
            Token::Open(_) => "(".into(),
            Token::Close(_) => ")".into(),
        });
    }
    out
}

#[test]
fn plain_fields_are_the_lexers_fields() {
    for text in [
        "",
        "  ",
        "a b",
        " COPY  src/ /app/ ",
        "a\u{a0}b\u{2003}c\td\n e $(f g) && h>i é ${x:-y} `z`",
        "trailing\t",
    ] {
        assert_eq!(
            plain_fields_as(text, |w| w),
            lexed_fields_as(text, |w| w),
            "{text:?}"
        );
    }
}

#[test]
fn fields_split_at_whitespace_only() {
    let text = "a \"b c\" && d>e $(f g) # h 'x \"y\\\"z\"";
    let words: Vec<String> = fields(text).into_iter().map(|w| w.text.into()).collect();
    assert_eq!(
        words,
        ["a", "b c", "&&", "d>e", "$(f", "g)", "#", "h", "'x", "y\"z"]
    );
}

#[test]
fn words_operators_and_redirections() {
    assert_eq!(
        tokens(
            "a 'b c' \"d\\\"e\" && f>/x 2>&1 | g;h # note\n<<-EOF",
            Substitutions::AsWritten
        ),
        [
            "w:a",
            "w:b c",
            "w:d\"e",
            "And",
            "w:f",
            "r:>",
            "w:/x",
            "r:2>&1!",
            "Pipe",
            "w:g",
            "Semicolon",
            "w:h",
            "Newline",
            "h:EOF"
        ]
    );
}

#[test]
fn substitutions_as_written_or_as_hadolint_reads_them() {
    let text = "echo $(id -u) \"`date`\" <(sort x) ${A:-b}";
    assert_eq!(
        tokens(text, Substitutions::AsWritten),
        [
            "w:echo",
            "w:$(id -u)",
            "w:`date`",
            "w:<(sort x)",
            "w:${A:-b}"
        ]
    );
    assert_eq!(
        tokens(text, Substitutions::Hadolint),
        ["w:echo", "w:${id -u}", "w:${VAR}", "w:${VAR}", "w:${A:-b}"]
    );
    let mut lexer = Lexer::new(text, Substitutions::Hadolint);
    lexer.next_token();
    let Some(Token::Word(word)) = lexer.next_token() else {
        panic!("a word")
    };
    assert_eq!(word.inner, vec![Range { start: 7, end: 12 }]);
}

#[test]
fn parentheses_in_words() {
    assert_eq!(
        tokens("g() { true; }; a=(x y)", Substitutions::AsWritten),
        [
            "w:g",
            "(",
            ")",
            "w:{",
            "w:true",
            "Semicolon",
            "w:}",
            "Semicolon",
            "w:a=(x",
            "w:y",
            ")"
        ]
    );
}

#[test]
fn heredoc_bodies_end_at_their_delimiter() {
    let mut lexer = Lexer::new("\tapt-get x\n\tEOF\nls", Substitutions::Hadolint);
    assert_eq!(lexer.heredoc_body("EOF", true), 0..11);
    assert_eq!(lexer.position(), 16);
}

#[test]
fn a_word_read_again_has_the_text_it_was_lexed_with() {
    let nested = |open: &str, close: &str| format!("{}x{}", open.repeat(40), close.repeat(40));
    let texts = [
        "apt-get install -y curl && echo \"$(id -u)\" 'a b' c\\ d",
        "x=$(a $(b `c`) \"$(d)\")y <(sort f) ${v:-$(w)} arr=(a b) f() { :; }",
        "echo $(a) ) b ( c \\",
        "echo a\\",
        "é$(ü 'ñ')ß \"${x}\"z",
        "$(unclosed a b",
        "`unclosed a b",
        "cat <<EOF\n$(body)\nEOF\n",
        &nested("$( ", " )"),
        &nested("\"$(", ")\""),
        &nested("$(echo `", "`)"),
    ];
    for substitutions in [Substitutions::Hadolint, Substitutions::AsWritten] {
        for text in texts {
            let mut lexer = Lexer::new(text, substitutions);
            while let Some(token) = lexer.next_token() {
                if let Token::Word(word) = token {
                    assert_eq!(
                        word_text(&text[word.bytes.clone()], substitutions),
                        word.text,
                        "{text:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn characters_past_ascii_are_word_characters() {
    assert_eq!(
        tokens("é\\ñ 'ü x'ß \"\\é$(ö)\" `ä`|ç\\", Substitutions::AsWritten),
        ["w:éñ", "w:ü xß", "w:\\é$(ö)", "w:`ä`", "Pipe", "w:ç\\"]
    );
    let words: Vec<(String, Range<usize>)> = fields("a\u{a0}\"b\u{2003}c\" \\é")
        .into_iter()
        .map(|w| (w.text.into(), w.bytes))
        .collect();
    assert_eq!(
        words,
        [
            ("a".into(), 0..1),
            ("b\u{2003}c".into(), 3..10),
            ("é".into(), 11..14)
        ]
    );
}

#[test]
fn simple_words_are_the_tokens_words() {
    for text in [
        "apt-get install -y curl && echo \"$(id -u)\" 'a b' c\\ d # x y\nls",
        "2>/dev/null 3 a2>b f() { :; } a(b <(c) d<e x>y é ß|z;w&v )",
        "x=$y ${z} `q` a\\\nb #c",
        "$HOME/bin ${A:-a b}c $ a$ $$ ${x}$(y) $\"z\" ${a{b}c}d) x${y}>z ${unclosed a",
        "'a b' \"c d\" '' \"\" 'e'f \"g\"h 'i'>j \"k\";l \"m\\\"n\" \"$o\" \"`p`\" 'q\\' \"r\"<(s) \"é ß\" 'unclosed",
        "\"unclosed 'x' \"y",
        "chmod 755 x 2>&1 1000:1000 3<y 42 7",
        "echo \"$HOME\" \"${A:-b c}\" \"$(d)\" \"$\" \"x$\"y \"${e\"f}\" \"$1/$2\">g \"$",
    ] {
        let mut tokens = Lexer::new(text, Substitutions::Hadolint);
        let mut plain = Lexer::new(text, Substitutions::Hadolint);
        loop {
            let word = match plain.next_simple_word() {
                Some((inside, bytes)) => Some((text[inside].to_string(), bytes)),
                None => match plain.next_token() {
                    Some(Token::Word(w)) => Some((w.text.into(), w.bytes)),
                    Some(_) => continue,
                    None => None,
                },
            };
            let expected = loop {
                match tokens.next_token() {
                    Some(Token::Word(w)) => break Some((w.text.into(), w.bytes)),
                    Some(_) => continue,
                    None => break None,
                }
            };
            assert_eq!(word, expected, "{text:?}");
            if word.is_none() {
                break;
            }
        }
    }
}

#[test]
fn never_stalls_on_odd_text() {
    for text in [
        "$(", "`", "\"", "'", "<<", "${", "a\\", "((", "))", "<(", "2>", "&>",
    ] {
        let mut lexer = Lexer::new(text, Substitutions::Hadolint);
        let mut count = 0;
        while lexer.next_token().is_some() {
            count += 1;
            assert!(count <= text.len() + 1, "{text:?} did not advance");
        }
    }
}

/// The gaps [`Lexer::skip_to_token`] crosses without a search (one space or none) and those
/// it searches (more blanks, a tab, a continuation left in, a comment).
#[test]
fn gaps_between_tokens() {
    let h = Substitutions::Hadolint;
    for (text, expected) in [
        ("a b", &["w:a", "w:b"][..]),
        ("a  b ", &["w:a", "w:b"]),
        (" a\tb", &["w:a", "w:b"]),
        ("a \tb", &["w:a", "w:b"]),
        ("a \\\nb", &["w:a", "w:b"]),
        ("a \\x", &["w:a", "w:x"]),
        ("a #c d\nb", &["w:a", "Newline", "w:b"]),
        ("a #", &["w:a"]),
        ("a&&b || c", &["w:a", "And", "w:b", "Or", "w:c"]),
        ("a ", &["w:a"]),
    ] {
        assert_eq!(tokens(text, h), expected, "{text:?}");
    }
}
