//! How the scaling table (`benches/scaling.rs`) times one entry point on one shape at
//! several sizes: in paired rounds, reported as medians.
//!
//! Why not the best of many runs of each size, one size after the other? On this shared
//! 2-core VM the speed of the machine drifts by ±30% over seconds (from_chain lint at 1 MB:
//! single runs from 57 to 117 µs/KB in one minute; at 10 KB most runs take 60 µs/KB and one
//! in a hundred 39). A best-of keeps the luckiest moment, and a moment lucky enough for a
//! 50 µs run of 10 KB is far more common than one that lasts a 60 ms run of 1 MB, so the
//! best-of ratio of 1 MB to 10 KB measured the machine's weather as much as the engine.
//!
//! Here every round times each size back to back (a batch of runs of about
//! [`BATCH`] each, so a 10 KB case is a hundred runs and a 1 MB case one), so the sizes
//! of one round share the machine's state; the ratio is taken within each round and the
//! table reports the median over the rounds, as it reports the median µs/KB of each size.

use std::time::{Duration, Instant};

/// The least time one batch of one size runs for.
const BATCH: Duration = Duration::from_millis(20);
/// Rounds are repeated until at least this many have run and [`ROUNDS_FOR`] has gone.
const MIN_ROUNDS: usize = 15;
const ROUNDS_FOR: Duration = Duration::from_millis(3000);
const MAX_ROUNDS: usize = 200;

/// One entry point on one shape at each size: the median µs per KB of each size, and the
/// median over rounds of the last size's µs/KB divided by the first's.
pub struct Paired {
    pub per_kb: Vec<f64>,
    pub ratio: f64,
}

/// Times `run(size_index)` for every size, `kb[i]` kilobytes each, in paired rounds.
pub fn paired(kb: &[f64], mut run: impl FnMut(usize)) -> Paired {
    // One untimed run of each size warms the caches and says how many runs make a batch.
    let counts: Vec<u32> = (0..kb.len())
        .map(|size| {
            let start = Instant::now();
            run(size);
            let once = start.elapsed().max(Duration::from_nanos(1));
            (BATCH.as_nanos() / once.as_nanos()).clamp(1, 100_000) as u32
        })
        .collect();
    let mut rounds: Vec<Vec<f64>> = Vec::new();
    let started = Instant::now();
    while rounds.len() < MAX_ROUNDS && (rounds.len() < MIN_ROUNDS || started.elapsed() < ROUNDS_FOR)
    {
        let round = (0..kb.len())
            .map(|size| {
                let start = Instant::now();
                for _ in 0..counts[size] {
                    run(size);
                }
                start.elapsed().as_secs_f64() * 1e6 / f64::from(counts[size]) / kb[size]
            })
            .collect();
        rounds.push(round);
    }
    let per_kb = (0..kb.len())
        .map(|size| median(rounds.iter().map(|round| round[size]).collect()))
        .collect();
    let last = kb.len() - 1;
    let ratio = median(
        rounds
            .iter()
            .map(|round| round[last] / round[0].max(f64::MIN_POSITIVE))
            .collect(),
    );
    Paired { per_kb, ratio }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}
