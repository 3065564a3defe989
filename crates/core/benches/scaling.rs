//! Linear time on hostile input: every generated shape (`tests/hostile/shapes.rs`) at 10 KB,
//! 100 KB and 1 MB through every entry point, in µs per KB, so a quadratic path shows as a
//! growing column (`cargo bench -p stagecraft-core --bench scaling`).
//!
//! Criterion measures the 10 KB and 100 KB cases with few, short samples (it needs ten runs
//! of each, too many for 150 one-megabyte cases on a 2-core machine); then each entry point
//! on each shape is timed at all three sizes in paired rounds ([`timing::paired`]: every
//! round runs each size back to back, so the sizes share the machine's state) and printed
//! as a table of the median µs/KB per size with the median 1 MB / 10 KB ratio of the
//! rounds, which must stay under 2. `SCALING_SHAPES=a,b` limits
//! the run to some shapes, `SCALING_ENTRIES=parse,estimate,cache` to some entry points.
//!
//! The allocator is the one the CLI ships (mimalloc) unless `--features system-allocator`
//! asks for the system one. glibc's malloc frees and consolidates small blocks more slowly on
//! a heap of a hundred megabytes than on one of one (and gives pages back to be faulted in
//! again), so under it the 1 MB column of the shapes that allocate most (heredoc and pip
//! RUNs, chains of stages) grows several times though the engine's instructions per KB are
//! flat. The table's header says which allocator ran.

#[path = "../tests/hostile/shapes.rs"]
mod shapes;
#[path = "../tests/hostile/timing.rs"]
mod timing;

use std::time::Duration;

#[cfg(all(not(feature = "system-allocator"), not(target_arch = "wasm32")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The allocator this bench measures, for its table's header.
const ALLOCATOR_NAME: &str = if cfg!(feature = "system-allocator") {
    "the system allocator"
} else {
    "mimalloc (the CLI's)"
};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shapes::{Hostile, SHAPES};
use stagecraft_core::lint::{self, Options};
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::size::{self, Change, EstimateInputs};
use stagecraft_core::syntax;

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const ENTRY_POINTS: [&str; 5] = ["parse", "lint", "estimate", "cache", "analyze"];

fn estimate_inputs(input: &Hostile) -> EstimateInputs {
    EstimateInputs {
        requirements: (!input.requirements.is_empty()).then(|| input.requirements.clone()),
        ..EstimateInputs::default()
    }
}

/// Runs one entry point once on `input`.
fn run(entry: &str, input: &Hostile, parsed: &syntax::Dockerfile, inputs: &EstimateInputs) {
    match entry {
        "parse" => {
            std::hint::black_box(syntax::parse(&input.dockerfile));
        }
        "lint" => {
            let ignore = (!input.dockerignore.is_empty()).then_some(input.dockerignore.as_str());
            let options = Options {
                config: None,
                dockerignore: ignore,
            };
            std::hint::black_box(lint::lint_with(&input.dockerfile, options));
        }
        "estimate" => {
            std::hint::black_box(size::estimate(parsed, inputs));
        }
        "cache" => {
            std::hint::black_box(size::cache_plan(parsed, inputs, Change::Code));
        }
        _ => {
            let page = Inputs {
                dockerfile: input.dockerfile.clone(),
                dockerignore: input.dockerignore.clone(),
                requirements: input.requirements.clone(),
                ..Inputs::default()
            };
            std::hint::black_box(playground::analyze(&page));
        }
    }
}

fn selected() -> Vec<&'static shapes::Shape> {
    let only = std::env::var("SCALING_SHAPES").unwrap_or_default();
    SHAPES
        .iter()
        .filter(|s| only.is_empty() || only.split(',').any(|o| o == s.name))
        .collect()
}

/// The entry points to run: all, or those `SCALING_ENTRIES` names.
fn selected_entries() -> Vec<&'static str> {
    let only = std::env::var("SCALING_ENTRIES").unwrap_or_default();
    ENTRY_POINTS
        .iter()
        .copied()
        .filter(|e| only.is_empty() || only.split(',').any(|o| o == *e))
        .collect()
}

fn bytes_of(input: &Hostile) -> usize {
    input.dockerfile.len() + input.dockerignore.len() + input.requirements.len()
}

fn scaling(c: &mut Criterion) {
    let mut table = Vec::new();
    let entries = selected_entries();
    for shape in selected() {
        let mut group = c.benchmark_group(format!("scaling/{}", shape.name));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(300));
        let cases: Vec<_> = SIZES
            .iter()
            .map(|&size| {
                let input = (shape.generate)(size);
                let parsed = syntax::parse(&input.dockerfile);
                let inputs = estimate_inputs(&input);
                (size, input, parsed, inputs)
            })
            .collect();
        let kb: Vec<f64> = cases
            .iter()
            .map(|(_, input, ..)| bytes_of(input) as f64 / 1000.0)
            .collect();
        let mut cells = Vec::new();
        for entry in &entries {
            for (size, input, parsed, inputs) in &cases {
                if *size < 1_000_000 {
                    group.throughput(Throughput::Bytes(bytes_of(input) as u64));
                    group.bench_with_input(BenchmarkId::new(*entry, size), input, |b, input| {
                        b.iter(|| run(entry, input, parsed, inputs))
                    });
                }
            }
            cells.push(timing::paired(&kb, |s| {
                let (_, input, parsed, inputs) = &cases[s];
                run(entry, input, parsed, inputs);
            }));
        }
        group.finish();
        table.push((shape.name, cells));
    }
    println!("\nWith {ALLOCATOR_NAME}; medians of paired rounds (tests/hostile/timing.rs).");
    println!(
        "Each size's µs/KB is the median of its rounds; the last column is the median of the \
         rounds' own 1 MB / 10 KB ratios, which a drift of the machine during a cell moves \
         less than the ratio of the two medians."
    );
    println!("\n| shape | entry point | µs/KB at 10 KB | 100 KB | 1 MB | 1 MB / 10 KB |");
    println!("|---|---|---|---|---|---|");
    for (name, cells) in table {
        for (entry, cell) in entries.iter().zip(cells) {
            let [small, medium, large] = cell.per_kb[..] else {
                unreachable!("three sizes")
            };
            println!(
                "| {name} | {entry} | {small:.2} | {medium:.2} | {large:.2} | {:.2}× |",
                cell.ratio
            );
        }
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
