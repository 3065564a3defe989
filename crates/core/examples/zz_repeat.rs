use stagecraft_core::size::{self, Change, EstimateInputs};
use stagecraft_core::{lint, syntax};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
static N: AtomicUsize = AtomicUsize::new(0);
struct C;
unsafe impl std::alloc::GlobalAlloc for C {
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        N.fetch_add(1, Relaxed);
        mimalloc::MiMalloc.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) {
        mimalloc::MiMalloc.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, n: usize) -> *mut u8 {
        N.fetch_add(1, Relaxed);
        mimalloc::MiMalloc.realloc(p, l, n)
    }
}
#[global_allocator]
static A: C = C;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&a[2]).unwrap();
    let n: usize = a[3].parse().unwrap();
    let parsed = syntax::parse(&text);
    let inputs = EstimateInputs::default();
    let n0 = N.load(Relaxed);
    let t = std::time::Instant::now();
    let mut best = f64::MAX;
    for _ in 0..n {
        let s = std::time::Instant::now();
        match a[1].as_str() {
            "cache" => {
                std::hint::black_box(size::cache_plan(&parsed, &inputs, Change::Code));
            }
            "estimate" => {
                std::hint::black_box(size::estimate(&parsed, &inputs));
            }
            "lint" => {
                std::hint::black_box(lint::lint_with(
                    &text,
                    lint::Options {
                        config: None,
                        dockerignore: None,
                    },
                ));
            }
            "analyze" => {
                std::hint::black_box(stagecraft_core::playground::analyze(
                    &stagecraft_core::playground::Inputs {
                        dockerfile: text.clone(),
                        ..Default::default()
                    },
                ));
            }
            "both" => {
                std::hint::black_box(size::estimate_and_cache_plan(
                    &parsed,
                    &inputs,
                    Change::Code,
                ));
            }
            _ => {
                std::hint::black_box(syntax::parse(&text));
            }
        }
        best = best.min(s.elapsed().as_secs_f64());
        if std::env::var("ZZ_EACH").is_ok() {
            eprint!(
                "{:.0} ",
                s.elapsed().as_secs_f64() * 1e6 / (text.len() as f64 / 1000.0)
            );
        }
    }
    eprintln!("allocs/run {} best", (N.load(Relaxed) - n0) / n,);
    eprintln!(
        "best {:.3} us/KB, total {:?}",
        best * 1e6 / (text.len() as f64 / 1000.0),
        t.elapsed()
    );
}
#[allow(dead_code)]
fn sizes() {}
