//! Lint speed over the whole corpus (`cargo bench -p stagecraft-core --bench lint`): the
//! whole of `lint::lint`, then its three phases on their own — parsing, building the model
//! rules read, and running the rules on a built model — so a change shows where it moved
//! the time.

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stagecraft_core::lint::{self, Config, Model};

fn lint_corpus(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let parsed: Vec<_> = files.iter().map(|f| stagecraft_core::parse(f)).collect();
    let models: Vec<Model> = files
        .iter()
        .zip(&parsed)
        .map(|(f, p)| Model::from_parsed(f, p))
        .collect();
    let config = Config::default();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter(|| files.iter().map(|f| lint::lint(f).len()).sum::<usize>())
    });
    group.bench_function("phase/parse", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| stagecraft_core::parse(f).instructions().len())
                .sum::<usize>()
        })
    });
    group.bench_function("phase/model", |b| {
        b.iter(|| {
            files
                .iter()
                .zip(&parsed)
                .map(|(f, p)| Model::from_parsed(f, p).instructions.len())
                .sum::<usize>()
        })
    });
    group.bench_function("phase/rules", |b| {
        b.iter(|| {
            models
                .iter()
                .map(|m| lint::lint_model(m, &config, None).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, lint_corpus);
criterion_main!(benches);
