//! How the corpus's `FROM` lines find their base image: every line that names a public image
//! (not a stage, not `scratch`, not a reference with an unresolved variable) resolves `exact`,
//! `alias`, `nearest` or `unknown`, and every `nearest` names the row it used and widens its
//! range.
//!
//! `cargo test -p stagecraft-core --test size_base_coverage -- --nocapture` prints the counts
//! and the most common references that still have no row of their own.

use std::collections::HashMap;
use std::path::PathBuf;

use stagecraft_core::parse;
use stagecraft_core::size::knowledge::knowledge;
use stagecraft_core::size::{estimate, BaseMatch, EstimateInputs};

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_else(|e| {
        panic!(
            "the shared corpus is missing: expected {} (a copy of shared/ beside the repository): {e}",
            dir.display()
        )
    });
    text.lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .map(|file| dir.join(file))
        .collect()
}

#[test]
fn corpus_base_images_resolve_and_every_nearest_says_so() {
    let mut counts: HashMap<BaseMatch, usize> = HashMap::new();
    let mut missing: HashMap<String, usize> = HashMap::new();
    // Exact or alias matches whose row is a labelled estimate, not a measured figure.
    let mut on_estimates = 0;
    for path in corpus_files() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let e = estimate(&parse(&text), &EstimateInputs::default());
        for stage in &e.stages {
            let Some(base) = &stage.base_image else {
                continue; // built on another stage
            };
            if stage.base.eq_ignore_ascii_case("scratch") || stage.base.contains('$') {
                continue;
            }
            *counts.entry(base.matched).or_default() += 1;
            let layer = &stage.layers[0];
            match base.matched {
                BaseMatch::Nearest => {
                    let row = base.row.as_deref().unwrap_or_else(|| {
                        panic!("{}: a nearest match names no row", path.display())
                    });
                    assert!(
                        layer.notes.iter().any(|n| n.contains(row)),
                        "{}: the note does not name {row}: {:?}",
                        path.display(),
                        layer.notes
                    );
                    let disk = knowledge()
                        .base_images
                        .iter()
                        .find(|r| r.name() == row)
                        .map(|r| r.disk_bytes)
                        .unwrap_or_else(|| panic!("{row} is not a row"));
                    // Exact rows get ±3 %; a nearest row is widened beyond that.
                    assert!(
                        layer.bytes.high > disk + disk * 3 / 100
                            && layer.bytes.low < disk - disk * 3 / 100,
                        "{}: {} is not widened around {row}: {:?}",
                        path.display(),
                        stage.base,
                        layer.bytes
                    );
                    *missing.entry(stage.base.clone()).or_default() += 1;
                }
                BaseMatch::Unknown => {
                    assert!(base.row.is_none());
                    assert!(layer.notes.iter().any(|n| n.contains("range widened")));
                    *missing.entry(stage.base.clone()).or_default() += 1;
                }
                BaseMatch::Exact | BaseMatch::Alias => {
                    let row = base.row.as_deref().unwrap_or_else(|| {
                        panic!("{}: an exact or alias match names no row", path.display())
                    });
                    let measured = knowledge()
                        .base_images
                        .iter()
                        .find(|r| r.name() == row)
                        .is_some_and(|r| r.measured);
                    if !measured {
                        on_estimates += 1;
                    }
                }
            }
        }
    }
    let count = |m| counts.get(&m).copied().unwrap_or(0);
    let total: usize = counts.values().sum();
    let resolved = count(BaseMatch::Exact) + count(BaseMatch::Alias);
    println!(
        "FROM lines naming a public image: {total}; exact {}, alias {}, nearest {}, unknown {} \
         ({:.1}% exact or alias; {on_estimates} of those on a labelled estimate row)",
        count(BaseMatch::Exact),
        count(BaseMatch::Alias),
        count(BaseMatch::Nearest),
        count(BaseMatch::Unknown),
        resolved as f64 * 100.0 / total.max(1) as f64
    );
    let mut top: Vec<_> = missing.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // `BASE_COVERAGE_ALL=1` lists every reference without a row of its own, not only the top.
    let shown = if std::env::var_os("BASE_COVERAGE_ALL").is_some() {
        top.len()
    } else {
        40
    };
    for (reference, n) in top.iter().take(shown) {
        println!("{n:>4}  {reference}");
    }
    assert!(total > 1000, "the corpus has {total} such FROM lines");
    // A floor at what the shipped table reaches, so a data or resolution change that loses
    // coverage fails here. The goal is 90 %.
    assert!(
        resolved * 100 >= total * FLOOR_PERCENT,
        "{resolved} of {total} resolve exact or alias, below {FLOOR_PERCENT} %"
    );
}

const FLOOR_PERCENT: usize = 55;
