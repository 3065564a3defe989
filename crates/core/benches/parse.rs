//! Parser speed over the whole corpus (`cargo bench -p stagecraft-core --bench parse`).
//! Criterion prints the throughput in MiB/s; the issue asks for over 100 MB/s natively.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the shared corpus is missing at {}: {e}", dir.display()))
        .flat_map(|repo| std::fs::read_dir(repo.expect("corpus entry").path()).expect("repo dir"))
        .map(|file| file.expect("corpus file").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned())
        .collect()
}

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
