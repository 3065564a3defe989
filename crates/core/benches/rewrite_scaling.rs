//! Linear time for the rewrite plan on hostile input: every generated shape
//! (`tests/hostile/shapes.rs`) at 10 KB, 100 KB and 1 MB through `rewrite::plan`, in µs per
//! KB, beside one analysis of the same file (`rewrite::measure`: lint, size and cache
//! model), so the table shows both whether the plan grows faster than the input and how
//! many analyses' worth of time it costs (`cargo bench -p stagecraft-core --bench
//! rewrite_scaling`).
//!
//! A plan measures the file again after every step that applies, so a few analyses' worth
//! is its floor; more than that is the rewrite engine's own work. Criterion measures the
//! 10 KB cases; every size, 1 MB included, is then timed once (a 1 MB plan takes seconds on
//! this 2-core machine) and printed as a table. `SCALING_SHAPES=a,b` limits the run to some
//! shapes.

#[path = "../tests/hostile/shapes.rs"]
mod shapes;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shapes::{Hostile, SHAPES};
use stagecraft_core::rewrite::{self, Manifests, Options};
use stagecraft_core::syntax;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

fn manifests(input: &Hostile) -> Manifests {
    Manifests {
        requirements: (!input.requirements.is_empty()).then(|| input.requirements.clone()),
        dockerignore: (!input.dockerignore.is_empty()).then(|| input.dockerignore.clone()),
        ..Manifests::default()
    }
}

fn bytes_of(input: &Hostile) -> usize {
    input.dockerfile.len() + input.dockerignore.len() + input.requirements.len()
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn rewrite_scaling(c: &mut Criterion) {
    let only = std::env::var("SCALING_SHAPES").unwrap_or_default();
    let options = Options::default();
    let mut table = Vec::new();
    for shape in SHAPES
        .iter()
        .filter(|s| only.is_empty() || only.split(',').any(|o| o == s.name))
    {
        let mut group = c.benchmark_group(format!("rewrite_scaling/{}", shape.name));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(500));
        let mut per_kb = [0.0f64; SIZES.len()];
        let mut analyses = [0.0f64; SIZES.len()];
        for (s, &size) in SIZES.iter().enumerate() {
            let input = (shape.generate)(size);
            let manifests = manifests(&input);
            let kb = bytes_of(&input) as f64 / 1000.0;
            if s == 0 {
                group.throughput(Throughput::Bytes(bytes_of(&input) as u64));
                group.bench_with_input(BenchmarkId::new("plan", size), &input, |b, input| {
                    b.iter(|| rewrite::plan(&input.dockerfile, &manifests, &options))
                });
            }
            let plan = timed(|| {
                std::hint::black_box(rewrite::plan(&input.dockerfile, &manifests, &options));
            });
            let analysis = timed(|| {
                let parsed = syntax::parse(&input.dockerfile);
                std::hint::black_box(rewrite::measure(
                    &parsed,
                    &manifests,
                    manifests.dockerignore.as_deref(),
                ));
            });
            per_kb[s] = plan.as_secs_f64() * 1e6 / kb;
            analyses[s] = plan.as_secs_f64() / analysis.as_secs_f64().max(1e-9);
        }
        group.finish();
        table.push((shape.name, per_kb, analyses));
    }
    println!(
        "\n| shape | plan µs/KB at 10 KB | 100 KB | 1 MB | 1 MB / 10 KB | 1 MB plan in analyses |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, [small, medium, large], analyses) in table {
        println!(
            "| {name} | {small:.2} | {medium:.2} | {large:.2} | {:.2}× | {:.1} |",
            large / small.max(f64::MIN_POSITIVE),
            analyses[2]
        );
    }
}

criterion_group!(benches, rewrite_scaling);
criterion_main!(benches);
