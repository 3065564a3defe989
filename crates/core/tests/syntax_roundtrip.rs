//! Losslessness and robustness: on every corpus file and on generated text, the elements
//! partition the input exactly, every span sits inside its element on character boundaries,
//! and nothing panics.

use std::path::PathBuf;

use proptest::prelude::*;
use stagecraft_core::syntax::{parse, Dockerfile, ElementKind, Instruction, Span};

fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        dir.join("real").is_dir(),
        "the shared corpus is missing: expected {} (clone shared/ beside the repository)",
        dir.display()
    );
    dir
}

fn check_span(source: &str, outer: Span, span: Span, what: &str) {
    assert!(
        outer.contains(span),
        "{what} {span:?} is outside its element {outer:?}"
    );
    assert!(
        source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
}

fn check_instruction(source: &str, outer: Span, instruction: &Instruction) {
    check_span(source, outer, instruction.span, "instruction");
    check_span(source, outer, instruction.keyword_span, "keyword");
    check_span(source, outer, instruction.arguments_span, "arguments");
    let mut previous = instruction.keyword_span.end;
    for flag in &instruction.flags {
        check_span(source, outer, flag.span, "flag");
        assert!(flag.span.start >= previous, "flags out of order");
        previous = flag.span.end;
    }
    for word in &instruction.values {
        check_span(source, outer, word.span, "value");
    }
    for heredoc in &instruction.heredocs {
        check_span(source, outer, heredoc.content_span, "heredoc body");
        check_span(source, outer, heredoc.terminator_span, "heredoc terminator");
        assert_eq!(
            &source[heredoc.content_span.range()],
            heredoc.content,
            "a heredoc's body is its span's text"
        );
    }
    if let Some(inner) = &instruction.onbuild {
        check_instruction(source, outer, inner);
    }
    if let Some(script) = instruction.shell_script() {
        for command in &script.commands {
            for word in &command.words {
                check_span(source, outer, word.span, "shell word");
            }
        }
    }
}

/// Every property the tree promises about spans.
fn check_lossless(source: &str) -> Dockerfile {
    let file = parse(source);
    assert_eq!(
        file.to_source(),
        source,
        "printing the tree gives back the input"
    );
    let mut offset = 0;
    for element in file.elements() {
        assert_eq!(element.span.start, offset, "elements are contiguous");
        assert!(
            !element.span.is_empty() || source.is_empty(),
            "no empty elements"
        );
        offset = element.span.end;
        match element.kind {
            ElementKind::Instruction(index) => {
                check_instruction(source, element.span, &file.instructions()[index])
            }
            ElementKind::Invalid(index) => {
                let error = &file.errors()[index];
                assert!(error.span.end <= source.len());
            }
            ElementKind::Directive(index) => check_span(
                source,
                element.span,
                file.directives()[index].span,
                "directive",
            ),
            _ => {}
        }
    }
    assert_eq!(offset, source.len(), "elements cover the whole input");
    let listed = file
        .elements()
        .iter()
        .filter(|e| matches!(e.kind, ElementKind::Instruction(_)))
        .count();
    assert_eq!(
        listed,
        file.instructions().len(),
        "every instruction is an element"
    );
    for error in file.errors() {
        let position = file.position(error.span.start);
        assert_eq!((position.line, position.column), (error.line, error.column));
    }
    file
}

#[test]
fn every_corpus_file_round_trips() {
    let mut files = 0;
    for repo in std::fs::read_dir(corpus_dir().join("real")).expect("read corpus") {
        for entry in std::fs::read_dir(repo.expect("entry").path()).expect("read repo dir") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read file");
            let source = String::from_utf8_lossy(&bytes);
            check_lossless(&source);
            files += 1;
        }
    }
    assert!(
        files >= 900,
        "expected the whole corpus, found {files} files"
    );
}

#[test]
fn byte_order_mark_and_crlf_keep_spans_right() {
    let source = "\u{feff}FROM a\r\nRUN b \\\r\n  c\r\n";
    let file = check_lossless(source);
    assert_eq!(file.elements()[0].kind, ElementKind::ByteOrderMark);
    let from = &file.instructions()[0];
    assert_eq!(file.text(from.keyword_span), "FROM");
    assert_eq!(file.position(from.keyword_span.start).column, 2);
    let run = &file.instructions()[1];
    assert_eq!(run.arguments, "b   c");
    assert_eq!(file.text(run.span), "RUN b \\\r\n  c");
}

/// Pieces that exercise every rule: keywords, flags, quotes, escapes, continuations,
/// heredocs, JSON, directives, comments, CRLF, a BOM and multi-byte characters.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "FROM ",
        "RUN ",
        "run ",
        "COPY ",
        "ADD ",
        "ENV ",
        "ARG ",
        "LABEL ",
        "ONBUILD ",
        "CMD ",
        "HEALTHCHECK ",
        "EXPOSE ",
        "SHELL ",
        "USER ",
        "foo ",
        "--mount=type=cache,target=/x ",
        "--from=a ",
        "--link ",
        "-- ",
        "\"",
        "'",
        "\\",
        "`",
        "\\\n",
        "`\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "<<EOF",
        "<<-EOF",
        "<<'EOF'",
        "3<<E",
        "EOF\n",
        "\tEOF\n",
        "E\n",
        "[",
        "]",
        "[\"a\"]",
        "[1]",
        ",",
        "=",
        "a=b ",
        "k v",
        "$",
        "${",
        "}",
        ":-",
        "AS ",
        "x",
        "\u{e9}",
        "\u{1f600}",
        "\u{feff}",
        "\u{a0}",
        "\u{85}",
        "\\\\",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn generated_dockerfiles_round_trip(pieces in prop::collection::vec(fragment(), 0..60)) {
        check_lossless(&pieces.concat());
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        check_lossless(&text);
    }
}

#[test]
fn offsets_lead_to_their_instruction_and_stage() {
    let source = "ARG V=1\nFROM a AS one\n# note\nRUN x \\\n  y\nFROM one\n";
    let file = check_lossless(source);
    let y = source.find('y').expect("y");
    let (index, run) = file.instruction_at(y).expect("an instruction at y");
    assert_eq!(run.arguments, "x   y");
    assert_eq!(file.stage_of(index).map(|s| s.index), Some(0));
    assert!(file
        .instruction_at(source.find("# note").expect("comment"))
        .is_none());
    assert_eq!(file.stage_of(0), None);
    let last = file.stages().pop().expect("two stages");
    assert_eq!(file.base_stage(&last), Some(0));
}
