//! Lint speed over the whole corpus (`cargo bench -p stagecraft-core --bench lint`): the
//! whole of `lint::lint`, then its three phases on their own — parsing, building the model
//! rules read, and running the rules on a built model — so a change shows where it moved
//! the time.
//!
//! Then lint alone on every hostile shape (`tests/hostile/shapes.rs`) at 10 KB, 100 KB and
//! 1 MB, best of three runs each, printed as µs per KB with the 1 MB / 10 KB ratio (the
//! `scaling` bench does the same for every entry point; this one is quick enough to run
//! after each lint change). `LINT_SCALING=0` skips it; `SCALING_SHAPES=a,b` limits it.
//!
//! As in the `scaling` bench, the allocator is the one the `stagecraft` CLI ships (mimalloc)
//! unless `--features system-allocator` asks for the system one; the first line printed says
//! which. Lint allocates a few hundred blocks per file, so glibc's malloc and free are about a
//! seventh of its instructions over the corpus (`examples/lint_profile.rs` under callgrind:
//! 199.9M with glibc, 172.8M with mimalloc, on 2164892).

mod common;

#[cfg(all(not(feature = "system-allocator"), not(target_arch = "wasm32")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/hostile/shapes.rs"]
mod shapes;

use common::corpus;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stagecraft_core::lint::{self, Config, Model};

fn lint_corpus(c: &mut Criterion) {
    println!(
        "lint bench allocator: {}",
        if cfg!(feature = "system-allocator") {
            "the system allocator (--features system-allocator)"
        } else {
            "mimalloc (the CLI's)"
        }
    );
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

fn from_chain(bytes: usize) -> shapes::Hostile {
    let mut dockerfile = String::from("FROM alpine:3.20 AS s0\n");
    let mut count = 0;
    while dockerfile.len() < bytes {
        count += 1;
        dockerfile.push_str(&format!(
            "FROM s{} AS s{count}\nRUN echo {count}\n",
            count - 1
        ));
    }
    shapes::Hostile {
        dockerfile,
        dockerignore: String::new(),
        requirements: String::new(),
        count,
    }
}

/// µs per KB of `lint::lint_with` for each shape and size, as a Markdown table.
fn lint_scaling(_: &mut Criterion) {
    if std::env::var("LINT_SCALING").is_ok_and(|v| v == "0") {
        return;
    }
    const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
    let only = std::env::var("SCALING_SHAPES").unwrap_or_default();
    println!("\n| shape | lint µs/KB at 10 KB | 100 KB | 1 MB | 1 MB / 10 KB | 1 MB in ms |");
    println!("|---|---|---|---|---|---|");
    // Besides the shared shapes: every stage built `FROM` the one before, which only the
    // linter's stage-chain rules walk.
    let from_chain = shapes::Shape {
        name: "from_chain",
        generate: from_chain,
    };
    for shape in shapes::SHAPES
        .iter()
        .chain([&from_chain])
        .filter(|s| only.is_empty() || only.split(',').any(|o| o == s.name))
    {
        let mut per_kb = [0.0f64; SIZES.len()];
        let mut large_ms = 0.0;
        for (i, &size) in SIZES.iter().enumerate() {
            let input = (shape.generate)(size);
            let options = lint::Options {
                config: None,
                dockerignore: (!input.dockerignore.is_empty())
                    .then_some(input.dockerignore.as_str()),
            };
            let best = (0..3)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(lint::lint_with(&input.dockerfile, options));
                    start.elapsed()
                })
                .min()
                .unwrap_or_default();
            let bytes = input.dockerfile.len() + input.dockerignore.len();
            per_kb[i] = best.as_secs_f64() * 1e6 / (bytes as f64 / 1000.0);
            large_ms = best.as_secs_f64() * 1e3;
        }
        let [small, medium, large] = per_kb;
        println!(
            "| {} | {small:.2} | {medium:.2} | {large:.2} | {:.2}× | {large_ms:.0} |",
            shape.name,
            large / small.max(f64::MIN_POSITIVE)
        );
    }
}

criterion_group!(benches, lint_corpus, lint_scaling);
criterion_main!(benches);
