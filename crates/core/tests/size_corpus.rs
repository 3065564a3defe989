//! Every corpus Dockerfile gets an estimate and a cache plan without panicking, and the
//! figures hold together: ranges are ordered, layers sum to their stage, the image is the
//! chosen stage, and only needed stages are built.
//!
//! `cargo test -p stagecraft-core --test size_corpus -- --nocapture` prints a summary.

use std::path::PathBuf;

use stagecraft_core::parse;
use stagecraft_core::size::{cache_plan, estimate, Bytes, CacheStatus, Change, EstimateInputs};

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

fn ordered(b: Bytes) -> bool {
    b.low <= b.expected && b.expected <= b.high
}

#[test]
fn every_corpus_file_gets_a_consistent_estimate() {
    let mut with_image = 0;
    let mut widened = 0;
    let mut largest = (0, String::new());
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes);
        let file = parse(&text);
        let name = path.display().to_string();
        let e = estimate(&file, &EstimateInputs::default());
        assert!(ordered(e.image), "{name}: image range {:?}", e.image);
        for stage in &e.stages {
            let sum: Bytes = stage.layers.iter().map(|l| l.bytes).sum();
            assert_eq!(
                sum, stage.total,
                "{name}: stage {} layers do not sum",
                stage.index
            );
            for layer in &stage.layers {
                assert!(
                    ordered(layer.bytes),
                    "{name}:{}: {:?}",
                    layer.line,
                    layer.bytes
                );
                if layer.bytes.high > layer.bytes.expected.saturating_mul(3) {
                    widened += 1;
                }
            }
        }
        match e.image_stage() {
            Some(stage) => {
                with_image += 1;
                assert_eq!(
                    stage.total, e.image,
                    "{name}: image is not its stage's total"
                );
                if e.image.expected > largest.0 {
                    largest = (e.image.expected, name.clone());
                }
            }
            None => assert!(e.stages.is_empty(), "{name}: stages but no image"),
        }
        for change in [Change::Code, Change::Deps, Change::Base, Change::Line(3)] {
            let plan = cache_plan(&file, &EstimateInputs::default(), change);
            let layers: usize = e.stages.iter().map(|s| s.layers.len()).sum();
            assert_eq!(plan.steps.len(), layers, "{name}: {change}");
            let rebuilt: Bytes = plan
                .steps
                .iter()
                .filter(|s| s.status == CacheStatus::Rebuilt)
                .map(|s| s.bytes)
                .sum();
            assert!(
                plan.rebuilt_bytes.expected <= rebuilt.expected,
                "{name}: {change}"
            );
            if change == Change::Base && e.image_stage.is_some() {
                assert!(
                    plan.first_rebuilt_line.is_some(),
                    "{name}: a new base rebuilds something"
                );
            }
        }
    }
    eprintln!(
        "{with_image} files with an image; {widened} layers with a widened range; largest {} in {}",
        stagecraft_core::size::human(largest.0),
        largest.1
    );
    assert!(with_image > 900);
}
