//! Parser speed over the whole corpus (`cargo bench -p stagecraft-core --bench parse`).
//! Criterion prints the throughput in MiB/s; the issue asks for over 100 MB/s natively.

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn parse_corpus(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|file| stagecraft_core::parse(file).instructions().len())
                .sum::<usize>()
        })
    });
    group.bench_function("corpus+shell-view", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|file| {
                    stagecraft_core::parse(file)
                        .instructions()
                        .iter()
                        .filter_map(|i| i.shell_script())
                        .map(|s| s.commands.len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, parse_corpus);
criterion_main!(benches);
