//! `cargo xtask fuzz [--seconds N] [--target parse|pipeline]`: fuzzes with libFuzzer for N
//! seconds (default 60) either every entry point of the engine on one input (parse +
//! round-trip, lint, estimate, cache plan, the page's analyze: `fuzz/fuzz_targets/parse.rs`)
//! or the rewrite pipeline (parse → lint → estimate → rewrite, `fuzz_targets/pipeline.rs`).
//! Each input has a time limit (`-timeout`, [`INPUT_TIMEOUT`] seconds), so a slow input (a
//! quadratic or exponential path) is found as well as a crash.
//!
//! Builds the `fuzz/` crate with nightly and the same coverage flags cargo-fuzz uses, so
//! cargo-fuzz itself is not needed. Seeds are the shared corpus and the parser's tricky
//! fixtures (and the rewrite's golden inputs); new inputs go to `fuzz/corpus/<target>/`,
//! crashes to `fuzz/artifacts/<target>/`.

use std::path::PathBuf;

use crate::run::{command, output, project_root, status};

/// The flags cargo-fuzz passes for libFuzzer's coverage-guided mode.
const COVERAGE_FLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

/// Seconds one input may take through every entry point before libFuzzer reports it as a
/// timeout. Inputs are at most 64 KiB; the engine handles such a file in milliseconds, even
/// with coverage instrumentation.
const INPUT_TIMEOUT: u64 = 2;

pub fn run(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask fuzz [--seconds N] [--target parse|pipeline]";
    let mut seconds = 60;
    let mut target = "parse".to_string();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(usage)?;
        match flag.as_str() {
            "--seconds" => {
                seconds = value
                    .parse::<u64>()
                    .map_err(|_| format!("--seconds needs a whole number, not `{value}`"))?
            }
            "--target" if value == "parse" || value == "pipeline" => target = value.clone(),
            _ => return Err(usage.into()),
        }
    }
    let root = project_root();
    let fuzz_dir = root.join("fuzz");
    ensure_nightly()?;
    let host = output(command("rustc").args(["+nightly", "-vV"]))
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("host: ").map(str::to_string))
        })
        .ok_or("could not read the host target from `rustc +nightly -vV`")?;
    status(
        command("cargo")
            .current_dir(&fuzz_dir)
            .env("RUSTFLAGS", COVERAGE_FLAGS)
            // Its own target dir: coverage flags would otherwise invalidate normal builds.
            .env("CARGO_TARGET_DIR", fuzz_dir.join("target"))
            .args([
                "+nightly",
                "build",
                "--release",
                "--bin",
                &target,
                "--target",
                &host,
            ]),
    )?;
    let binary = fuzz_dir
        .join("target")
        .join(&host)
        .join("release")
        .join(&target);
    let corpus = fuzz_dir.join("corpus").join(&target);
    let artifacts = fuzz_dir.join("artifacts").join(&target);
    for dir in [&corpus, &artifacts] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let seeds: Vec<PathBuf> = [
        root.join("../shared/corpus/real"),
        root.join("crates/core/tests/fixtures/syntax"),
        root.join("crates/core/tests/rewrite"),
    ]
    .into_iter()
    .filter(|dir| dir.is_dir())
    .collect();
    println!(
        "fuzzing parse, lint, estimate, cache plan and analyze for {seconds} s; an input slower \
         than {INPUT_TIMEOUT} s counts as a failure (libFuzzer -timeout={INPUT_TIMEOUT})"
    );
    let mut fuzz = command(&binary.to_string_lossy());
    fuzz.arg(&corpus)
        .args(&seeds)
        .arg(format!("-max_total_time={seconds}"))
        .arg("-max_len=65536")
        .arg(format!("-timeout={INPUT_TIMEOUT}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()));
    status(&mut fuzz).map_err(|e| {
        format!(
            "{e}\nthe failing input (crash-* for a panic, timeout-* for an input slower than \
             {INPUT_TIMEOUT} s) is in {}; replay it with `{} <file>`",
            artifacts.display(),
            binary.display()
        )
    })
}

fn ensure_nightly() -> Result<(), String> {
    let installed = output(command("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if installed.lines().any(|line| line.starts_with("nightly")) {
        return Ok(());
    }
    status(command("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))
}
