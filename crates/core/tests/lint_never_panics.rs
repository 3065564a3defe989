//! Linting never panics, whatever the text: arbitrary strings, Dockerfile-shaped noise,
//! and every corpus file cut at many points (half-typed files are what the page lints).

use std::path::PathBuf;

use proptest::prelude::*;
use stagecraft_core::lint::{self, apply_fixes, Applicability};

fn lint_and_fix(text: &str) {
    let findings = lint::lint(text);
    let (fixed, _) = apply_fixes(text, &findings, Applicability::Unsafe);
    let _ = lint::lint(&fixed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text(text in any::<String>()) {
        lint_and_fix(&text);
    }

    #[test]
    fn dockerfile_shaped_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("FROM python:3.12 AS b".to_string()),
                Just("RUN apt-get update && apt-get install -y curl \\".to_string()),
                Just("RUN --mount=type=cache,target=/root/.cache pip install x".to_string()),
                Just("COPY --from=b . .".to_string()),
                Just("RUN <<EOF".to_string()),
                Just("EOF".to_string()),
                Just("# hadolint ignore=DL3008".to_string()),
                Just("# escape=`".to_string()),
                Just("ENV A=1 B=$A".to_string()),
                Just("CMD [\"a\", ".to_string()),
                Just("ONBUILD RUN cd x | y".to_string()),
                Just("case $x in a|b) ;; esac".to_string()),
                "[ -~\t\\\\`\"'$(){}|&;<>#=\u{e9}\u{1F600}]{0,40}",
            ],
            0..12,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        lint_and_fix(&text);
    }
}

#[test]
fn every_corpus_file_cut_anywhere() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing: expected {}",
        dir.display()
    );
    for repo in std::fs::read_dir(&dir).unwrap() {
        for file in std::fs::read_dir(repo.unwrap().path()).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let cuts: Vec<usize> = (1..8).map(|i| text.len() * i / 8).collect();
            for cut in cuts {
                let mut at = cut;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                lint_and_fix(&text[..at]);
            }
        }
    }
}
