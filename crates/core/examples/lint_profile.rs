//! One lint pass over the shared corpus, for instruction counts that do not depend on the
//! machine's load: `valgrind --tool=callgrind target/release/examples/lint_profile [phase]`
//! after `cargo build --profile bench -p stagecraft-core --example lint_profile`. `phase` is
//! `all` (`lint::lint` on each file, the default), `parse`, `model` or `rules`, as the
//! `lint` bench splits it, or `small` (a five-line file, once per corpus file). One pass
//! warms what is read once per process (the knowledge base), then the pass counted runs in
//! `measured`: add `--toggle-collect=lint_profile::measured` to count it alone, as the
//! bench's many iterations see it. `model` and `rules` are timed on models and parses built before.
//!
//! The allocator is the bench's and the CLI's (mimalloc) unless `--features system-allocator`
//! asks for the system one: counted with glibc's malloc, allocation weighed about twice what
//! it costs in the bench's wall clock (glibc's large-block path alone was 2% of the count).

#[cfg(all(not(feature = "system-allocator"), not(target_arch = "wasm32")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../benches/common/mod.rs"]
mod common;

use common::corpus;
use stagecraft_core::lint::{self, Config, Model};
use stagecraft_core::Dockerfile;

const SMALL: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";

fn main() {
    let phase = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let files = corpus();
    // `all` parses and models on its own: nothing built before would count.
    let prepared = if phase == "all" || phase == "small" {
        &files[..0]
    } else {
        &files[..]
    };
    let parsed: Vec<_> = prepared.iter().map(|f| stagecraft_core::parse(f)).collect();
    let models: Vec<Model> = prepared
        .iter()
        .zip(&parsed)
        .map(|(f, p)| Model::from_parsed(f, p))
        .collect();
    let warm = warm(&phase, &files, &parsed, &models);
    let count = measured(&phase, &files, &parsed, &models);
    assert_eq!(warm, count);
    println!("{phase}: {count}");
}

#[inline(never)]
fn warm(phase: &str, files: &[String], parsed: &[Dockerfile], models: &[Model]) -> usize {
    run(phase, files, parsed, models)
}

#[inline(never)]
fn measured(phase: &str, files: &[String], parsed: &[Dockerfile], models: &[Model]) -> usize {
    // Not the same body as `warm`, which the compiler would fold into one function.
    let start = std::time::Instant::now();
    let count = run(phase, files, parsed, models);
    eprintln!("{phase}: {:?}", start.elapsed());
    count
}

#[inline(never)]
fn run(phase: &str, files: &[String], parsed: &[Dockerfile], models: &[Model]) -> usize {
    let config = Config::default();
    match phase {
        "all" => files.iter().map(|f| lint::lint(f).len()).sum(),
        // A five-line file linted as many times as the corpus has files: what a file costs
        // before its size counts.
        "small" => (0..files.len()).map(|_| lint::lint(SMALL).len()).sum(),
        "parse" => files
            .iter()
            .map(|f| stagecraft_core::parse(f).instructions().len())
            .sum(),
        "model" => files
            .iter()
            .zip(parsed)
            .map(|(f, p)| Model::from_parsed(f, p).instructions.len())
            .sum(),
        "rules" => models
            .iter()
            .map(|m| lint::lint_model(m, &config, None).len())
            .sum(),
        other => panic!("unknown phase {other}: all, small, parse, model or rules"),
    }
}
