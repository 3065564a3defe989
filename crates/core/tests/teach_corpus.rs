//! Every corpus Dockerfile gets a lesson without panicking, and the lesson holds together:
//! every finding is there once, the ranking keeps its order (security, measured savings
//! largest first, what breaks, the rest), a measured finding says its cost before and
//! after, and there are at most three next steps, each with its effect.
//!
//! `cargo test -p stagecraft-core --test teach_corpus -- --nocapture` prints a summary.

use std::path::PathBuf;

use stagecraft_core::lint;
use stagecraft_core::rewrite::Manifests;
use stagecraft_core::teach::{self, Surface, Weight};

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let manifest = dir.join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| {
        panic!(
            "the shared corpus is missing: expected {} (a copy of shared/ beside the repository): {e}",
            manifest.display()
        )
    });
    let files: Vec<PathBuf> = text
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .map(|file| dir.join(file))
        .collect();
    assert!(files.len() > 900, "the corpus lists {} files", files.len());
    files
}

#[test]
fn every_corpus_file_gets_a_lesson_that_holds_together() {
    let (mut measured, mut with_steps, mut files) = (0, 0, 0);
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes);
        let name = path.display().to_string();
        let findings = lint::lint(&text);
        let lesson = teach::lesson(&text, &findings, &Manifests::default());
        files += 1;

        let mut given: Vec<_> = findings.iter().map(|f| (f.line, f.code)).collect();
        let mut ranked: Vec<_> = lesson
            .findings
            .iter()
            .map(|f| (f.finding.line, f.finding.code))
            .collect();
        given.sort();
        ranked.sort();
        assert_eq!(given, ranked, "{name}: the ranking lost or added findings");

        let weights: Vec<Weight> = lesson.findings.iter().map(|f| f.weight).collect();
        assert!(
            weights.windows(2).all(|w| w[0] <= w[1]),
            "{name}: {weights:?}"
        );
        let savings: Vec<i64> = lesson
            .findings
            .iter()
            .filter(|f| f.weight == Weight::Measured)
            .map(|f| {
                f.impact
                    .as_ref()
                    .expect("measured has an impact")
                    .weight()
                    .0
            })
            .collect();
        assert!(
            savings.windows(2).all(|w| w[0] >= w[1]),
            "{name}: {savings:?}"
        );
        for f in &lesson.findings {
            if f.impact.is_some() {
                measured += 1;
                let cost = f.cost_sentence(Surface::Cli).unwrap_or_default();
                assert!(
                    cost.contains("; after "),
                    "{name}: {}: {cost}",
                    f.finding.code
                );
            }
        }

        assert!(lesson.next_steps.len() <= 3, "{name}");
        with_steps += usize::from(!lesson.next_steps.is_empty());
        for step in &lesson.next_steps {
            assert!(!step.effect.is_empty() && !step.steps.is_empty(), "{name}");
            assert!(
                step.line(Surface::Cli)
                    .contains("stagecraft rewrite --until "),
                "{name}"
            );
            assert!(step.line(Surface::Page).contains("Rewrite tab"), "{name}");
        }
    }
    println!("{files} files: {measured} findings with a measured cost; {with_steps} files with next steps");
}
