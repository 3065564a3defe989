//! Size and cache model speed: one keystroke's estimate of a typical file, and the whole corpus
//! (`cargo bench -p stagecraft-core --bench size`).

use std::path::PathBuf;

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stagecraft_core::parse;
use stagecraft_core::size::{cache_plan, estimate, Change, EstimateInputs};

fn size(c: &mut Criterion) {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/size/fastapi-multistage.Dockerfile");
    let text = std::fs::read_to_string(fixture).unwrap();
    let file = parse(&text);
    let inputs = EstimateInputs::default();
    c.bench_function("size/estimate multi-stage FastAPI", |b| {
        b.iter(|| estimate(&file, &inputs))
    });
    c.bench_function("size/cache plan multi-stage FastAPI", |b| {
        b.iter(|| cache_plan(&file, &inputs, Change::Code))
    });

    let files: Vec<_> = corpus().iter().map(|t| parse(t)).collect();
    let mut group = c.benchmark_group("size");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(10);
    group.bench_function("estimate corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| estimate(f, &inputs).image.expected)
                .sum::<u64>()
        })
    });
    group.finish();
}

criterion_group!(benches, size);
criterion_main!(benches);
