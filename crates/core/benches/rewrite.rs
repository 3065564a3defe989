//! Rewrite engine speed: the whole plan (every step, with its lint, size and cache figures)
//! for a 200-line Dockerfile, and for every corpus file
//! (`cargo bench -p stagecraft-core --bench rewrite`).

use std::path::PathBuf;

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stagecraft_core::rewrite::{plan, Manifests, Options};

fn rewrite(c: &mut Criterion) {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rewrite/python-long-200-lines.before.Dockerfile");
    let text = std::fs::read_to_string(&fixture).unwrap();
    assert!(
        text.lines().count() >= 200,
        "{} is shorter than 200 lines",
        fixture.display()
    );
    let manifests = Manifests::default();
    let options = Options::default();
    c.bench_function("rewrite/plan 200-line Dockerfile", |b| {
        b.iter(|| plan(&text, &manifests, &options))
    });

    let files = corpus();
    let mut group = c.benchmark_group("rewrite");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(10);
    group.bench_function("plan every corpus file", |b| {
        b.iter(|| {
            for text in &files {
                plan(text, &manifests, &options);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, rewrite);
criterion_main!(benches);
