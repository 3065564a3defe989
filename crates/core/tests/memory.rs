//! Memory on hostile input: every generated shape (`tests/hostile/shapes.rs`) at 100 KB, parsed
//! and analyzed as the page does, holds at most a few hundred times its size at once. A
//! counting allocator keeps the figure exact and the same on every run; the limit is generous
//! (today's worst is under 200×) so that only a path that grows with the square of the input
//! fails it: a chain of stages that copied what each one held into the next held 937× the
//! input at 100 KB and 9,000× at 1 MB. `examples/peak_memory.rs` prints the figures.
//!
//! One test, so no other test's allocations run beside it.

#[path = "hostile/counting.rs"]
mod counting;
#[path = "hostile/shapes.rs"]
mod shapes;

use counting::{peak_of, Counting};
use shapes::SHAPES;
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::syntax;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZE: usize = 100_000;
/// Peak heap over input bytes, for parsing and for the page's whole analysis.
const LIMIT: usize = 300;

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
