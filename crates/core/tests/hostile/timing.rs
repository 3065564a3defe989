//! The best time of a run, for the scaling tables (`benches/scaling.rs`, `benches/lint.rs`).

use std::time::{Duration, Instant};

/// The shortest of repeated runs of `run`: at least five, and more until half a second has
/// gone (at most 500), so a 10 KB case that takes a millisecond is the best of hundreds of
/// runs and a 1 MB case the best of five or more, not of one lucky or unlucky few.
pub fn best_time(mut run: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    for done in 1..=500 {
        let start = Instant::now();
        run();
        best = best.min(start.elapsed());
        if done >= 5 && started.elapsed() >= Duration::from_millis(500) {
            break;
        }
    }
    best
}
