//! Where we knowingly differ from BuildKit v0.12.5 (the reference in `buildkit.jsonl`), each
//! a test naming the input, what v0.12.5 does (observed with the `dockerfile` 3.4.0 binding
//! that embeds it), what we do, and why we are right. None of these occurs in the corpus.

use stagecraft_core::syntax::{expand, parse};

/// `# check=` became a parser directive in BuildKit v0.14.0 (moby/buildkit
/// `frontend/dockerfile/parser/directives.go`, `keyCheck`). v0.12.5 treats it as a comment that
/// ends the directives, so a later `# escape=` is ignored there: v0.12.5 reads this file as
/// FROM, `RUN echo a `` ` `` (line 4) and an unknown instruction `b` (line 5). Current BuildKit,
/// which users run today, reads one RUN over lines 4-5, and so do we.
#[test]
fn check_directive_follows_current_buildkit() {
    let file = parse("# check=skip=all\n# escape=`\nFROM a\nRUN echo a `\n  b\n");
    assert!(file.errors().is_empty());
    assert_eq!(file.escape(), '`');
    let names: Vec<_> = file.directives().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["check", "escape"]);
    let run = &file.instructions()[1];
    assert_eq!((run.start_line, run.end_line), (4, 5));
    assert_eq!(run.arguments, "echo a   b");
    // Current BuildKit also refuses a repeated `# check=`; v0.12.5 accepts it as comments.
    let twice = parse("# check=a\n# check=b\nFROM a\n");
    assert_eq!(twice.errors().len(), 1);
    assert_eq!(twice.errors()[0].line, 2);
}

/// BuildKit expands `${a:-${b:-...}}` recursively without a limit. We stop after 200 nested
/// substitutions with an error, so hostile text cannot exhaust the (small, in WASM) stack.
/// The parser-visible effect is on heredoc detection in such a line: v0.12.5 finds the
/// heredoc below (RUN over lines 2-4, one heredoc); we see a lexing error, find none, and read
/// `body` and `EOF` as instructions. No real Dockerfile nests 200 substitutions.
#[test]
fn nested_substitutions_are_bounded() {
    let deep = format!("{}x{}", "${a:-".repeat(500), "}".repeat(500));
    let error = expand(&deep, &|_| None).unwrap_err();
    assert!(error.message.contains("nested too deeply"));
    let shallow = format!("{}x{}", "${a:-".repeat(50), "}".repeat(50));
    assert_eq!(expand(&shallow, &|_| None).unwrap(), "x");
    let file = parse(&format!("FROM a\nRUN echo {deep} <<EOF\nbody\nEOF\n"));
    assert!(file.errors().is_empty());
    assert_eq!(file.instructions()[1].heredocs.len(), 0);
    assert_eq!(file.instructions().len(), 4);
}

/// BuildKit reads flags byte by byte. When it splits a flag at byte 0xA0 or 0x85 in the middle
/// of a three-byte character (U+0800 is E0 A0 80), its arguments start inside that character:
/// v0.12.5 returns the invalid UTF-8 argument `\x80y`, which its Python binding cannot even
/// decode (UnicodeDecodeError). A Rust `&str` cannot start there, so we start the arguments at
/// the next character. Flags keep BuildKit's exact byte-as-Latin-1 text either way (the corpus
/// and the generated differential runs check that).
#[test]
fn flags_split_inside_a_character_resume_at_the_next_character() {
    let file = parse("FROM a\nCOPY --from=x\u{800}y src dst\n");
    let copy = &file.instructions()[1];
    assert_eq!(copy.flags[0].to_buildkit(), "--from=x\u{e0}");
    assert_eq!(copy.value_texts(), ["y", "src", "dst"]);
    // Where BuildKit splits at a character's last byte, we agree exactly (checked against
    // v0.12.5: `--from=xà` then `y src dst`).
    let file = parse("FROM a\nCOPY --from=x\u{820}y src dst\n");
    let copy = &file.instructions()[1];
    assert_eq!(copy.flags[0].to_buildkit(), "--from=x\u{e0}");
    assert_eq!(copy.value_texts(), ["y", "src", "dst"]);
}
