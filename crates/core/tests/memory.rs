//! Memory on hostile input: every generated shape (`tests/hostile/shapes.rs`) at 100 KB, parsed
//! and analyzed as the page does, holds at most a few hundred times its size at once. A
//! counting allocator keeps the figure exact and the same on every run; the limit is generous
//! (today's worst is under 200×) so that only a path that grows with the square of the input
//! fails it: a chain of stages that copied what each one held into the next held 937× the
//! input at 100 KB and 9,000× at 1 MB. `examples/peak_memory.rs` prints the figures.
//!
//! One test, so no other test's allocations run beside it.

#[path = "hostile/shapes.rs"]
mod shapes;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use shapes::SHAPES;
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::syntax;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let grown = new_size - layout.size();
            let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZE: usize = 100_000;
/// Peak heap over input bytes, for parsing and for the page's whole analysis.
const LIMIT: usize = 300;

/// Peak bytes held while `work` ran, above what was live before it.
fn peak_of(work: impl FnOnce()) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    work();
    PEAK.load(Ordering::Relaxed) - base
}

#[test]
fn every_shape_holds_a_bounded_multiple_of_its_size() {
    // The knowledge base is read on first use and kept: not the shapes' memory.
    drop(playground::analyze(&Inputs {
        dockerfile: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
        ..Inputs::default()
    }));
    let mut over = Vec::new();
    for shape in SHAPES {
        let input = (shape.generate)(SIZE);
        let bytes = input.dockerfile.len() + input.dockerignore.len() + input.requirements.len();
        let page = Inputs {
            dockerfile: input.dockerfile.clone(),
            dockerignore: input.dockerignore.clone(),
            requirements: input.requirements.clone(),
            ..Inputs::default()
        };
        let parse = peak_of(|| drop(std::hint::black_box(syntax::parse(&input.dockerfile))));
        let analyze = peak_of(|| drop(std::hint::black_box(playground::analyze(&page))));
        for (entry, peak) in [("parse", parse), ("analyze", analyze)] {
            if peak > LIMIT * bytes {
                over.push(format!(
                    "{}: {entry} held {peak} bytes, {}× its {bytes}",
                    shape.name,
                    peak / bytes.max(1)
                ));
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}
