//! The best time of a run, for the scaling tables (`benches/scaling.rs`, `benches/lint.rs`).

use std::time::{Duration, Instant};

/// The shortest of repeated runs of `run`: at least three, and more until a quarter of a
/// second has gone (at most 500), so a 10 KB case that takes a millisecond is the best of
/// hundreds of runs, as steady as the 1 MB case beside it in the same table's ratio.
pub fn best_time(mut run: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    for done in 1..=500 {
        let start = Instant::now();
        run();
        best = best.min(start.elapsed());
        if done >= 3 && started.elapsed() >= Duration::from_millis(250) {
            break;
        }
    }
    best
}
