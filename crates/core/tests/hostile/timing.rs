//! The best time of a run, for the scaling tables (`benches/scaling.rs`, `benches/lint.rs`).

use std::time::{Duration, Instant};

/// The shortest of repeated runs of `run`: at least ten, and more until half a second has
/// gone (at most 500), so a 10 KB case that takes a millisecond is the best of hundreds of
/// runs and a 1 MB case the best of ten or more, not of one lucky or unlucky few. Ten, not
/// five: on this shared 2-core VM a burst of other work can cover five runs of 100 ms, and
/// then one cell of a 150-cell table came out twice as slow as on a rerun of that cell,
/// while the 10 KB column, the best of hundreds, never did.
pub fn best_time(mut run: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    for done in 1..=500 {
        let start = Instant::now();
        run();
        best = best.min(start.elapsed());
        if done >= 10 && started.elapsed() >= Duration::from_millis(500) {
            break;
        }
    }
    best
}
