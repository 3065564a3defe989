//! Lint speed over the whole corpus (`cargo bench -p stagecraft-core --bench lint`).

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn lint_corpus(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| stagecraft_core::lint::lint(f).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, lint_corpus);
criterion_main!(benches);
