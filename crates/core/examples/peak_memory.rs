//! The most heap each entry point holds at once on a file, in bytes and as a multiple of the
//! input: `cargo run --profile bench -p stagecraft-core --example peak_memory -- [ENTRY...]
//! DIR...`, where each DIR holds a `Dockerfile` and optionally a `.dockerignore` and a
//! `requirements.txt` (the hostile shapes written by `cargo test --test hostile -- --ignored
//! write_shapes`, one directory each, say). Entry points: parse, lint, estimate, cache,
//! analyze, rewrite; all of them when none is named. `walk` prints, for each step of the
//! plan, the heap held after it and the most held during it.
//!
//! A counting allocator over the system one keeps the live and the peak byte counts, so the
//! figures are the engine's own (the process's resident size adds the allocator's slack and
//! the binary), and the same on every run; `heaptrack` over this example shows where they go.

use std::sync::atomic::Ordering;

#[path = "../tests/hostile/counting.rs"]
mod counting;

use counting::{peak_of, Counting, LIVE, PEAK};
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::size::{self, Change, EstimateInputs};
use stagecraft_core::{lint, rewrite, syntax};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ENTRY_POINTS: [&str; 6] = ["parse", "lint", "estimate", "cache", "analyze", "rewrite"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (entries, dirs): (Vec<&str>, Vec<&str>) = args
        .iter()
        .map(String::as_str)
        .partition(|a| ENTRY_POINTS.contains(a) || *a == "walk");
    let entries = if entries.is_empty() {
        ENTRY_POINTS.to_vec()
    } else {
        entries
    };
    print!("| input | KB |");
    for entry in &entries {
        print!(" {entry} |");
    }
    println!();
    println!("|---|---|{}", "---|".repeat(entries.len()));
    for dir in dirs {
        let dir = std::path::Path::new(dir);
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let (dockerfile, dockerignore, requirements) = (
            read("Dockerfile"),
            read(".dockerignore"),
            read("requirements.txt"),
        );
        let bytes = dockerfile.len() + dockerignore.len() + requirements.len();
        let name = dir.file_name().map_or(dir.display().to_string(), |n| {
            n.to_string_lossy().into_owned()
        });
        print!("| {name} | {:.0} |", bytes as f64 / 1000.0);
        for entry in &entries {
            let peak = peak_of(|| run(entry, &dockerfile, &dockerignore, &requirements));
            print!(
                " {:.1} MB ({:.0}×) |",
                peak as f64 / 1e6,
                peak as f64 / bytes.max(1) as f64
            );
        }
        println!();
    }
}

fn run(entry: &str, dockerfile: &str, dockerignore: &str, requirements: &str) {
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let inputs = EstimateInputs {
        requirements: optional(requirements),
        ..EstimateInputs::default()
    };
    match entry {
        "parse" => drop(std::hint::black_box(syntax::parse(dockerfile))),
        "lint" => {
            let options = lint::Options {
                config: None,
                dockerignore: (!dockerignore.is_empty()).then_some(dockerignore),
            };
            drop(std::hint::black_box(lint::lint_with(dockerfile, options)));
        }
        "estimate" => {
            let parsed = syntax::parse(dockerfile);
            drop(std::hint::black_box(size::estimate(&parsed, &inputs)));
        }
        "cache" => {
            let parsed = syntax::parse(dockerfile);
            drop(std::hint::black_box(size::cache_plan(
                &parsed,
                &inputs,
                Change::Code,
            )));
        }
        "analyze" => {
            let page = Inputs {
                dockerfile: dockerfile.to_string(),
                dockerignore: dockerignore.to_string(),
                requirements: requirements.to_string(),
                ..Inputs::default()
            };
            drop(std::hint::black_box(playground::analyze(&page)));
        }
        "walk" => {
            // Each step of the plan: the heap held after it and the most it held during it.
            let manifests = rewrite::Manifests {
                requirements: optional(requirements),
                dockerignore: optional(dockerignore),
                ..rewrite::Manifests::default()
            };
            let options = rewrite::Options::default();
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let Ok(mut walk) = rewrite::Walk::new(dockerfile, &manifests, &options) else {
                return;
            };
            let mb = |n: usize| (n - base) as f64 / 1e6;
            eprintln!(
                "new: held {:.1} MB, peak {:.1} MB",
                mb(LIVE.load(Ordering::Relaxed)),
                mb(PEAK.load(Ordering::Relaxed))
            );
            for step in rewrite::STEPS {
                PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
                let status = walk.run(step).status;
                eprintln!(
                    "{:<20} {:<15} held {:.1} MB, peak {:.1} MB",
                    step.id,
                    status.as_str(),
                    mb(LIVE.load(Ordering::Relaxed)),
                    mb(PEAK.load(Ordering::Relaxed))
                );
            }
            drop(std::hint::black_box(walk.finish()));
        }
        _ => {
            let manifests = rewrite::Manifests {
                requirements: optional(requirements),
                dockerignore: optional(dockerignore),
                ..rewrite::Manifests::default()
            };
            drop(std::hint::black_box(rewrite::plan(
                dockerfile,
                &manifests,
                &rewrite::Options::default(),
            )));
        }
    }
}
