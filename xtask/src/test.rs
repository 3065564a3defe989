//! `cargo xtask test`: every check and test layer, in order, stopping at the first failure,
//! ending with one summary line per layer.

use std::path::Path;
use std::time::Instant;

use crate::dist;
use crate::run::{command, counted, project_root, status, Counts};
use crate::tools;

struct Layer {
    name: &'static str,
    outcome: String,
    seconds: u64,
}

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".into());
    }
    let started = Instant::now();
    dist::ensure_tools()?;
    tools::ensure_chromium()?;
    let pre_commit = tools::ensure_pre_commit()?;

    let mut layers: Vec<Layer> = Vec::new();
    let result = run_layers(&mut layers, &pre_commit);
    println!();
    println!("== summary ({} s) ==", started.elapsed().as_secs());
    for layer in &layers {
        println!("{}: {} ({} s)", layer.name, layer.outcome, layer.seconds);
    }
    if let Err(message) = &result {
        println!("FAILED: {message}");
    }
    result
}

fn ok(layers: &mut Vec<Layer>, name: &'static str, started: Instant) {
    layers.push(Layer {
        name,
        outcome: "ok".into(),
        seconds: started.elapsed().as_secs(),
    });
}

fn record_counts(
    layers: &mut Vec<Layer>,
    name: &'static str,
    counts: Counts,
    started: Instant,
) -> Result<(), String> {
    layers.push(Layer {
        name,
        outcome: format!(
            "{} passed, {} failed, {} skipped",
            counts.passed, counts.failed, counts.ignored
        ),
        seconds: started.elapsed().as_secs(),
    });
    if counts.passed == 0 {
        return Err(format!("the {name} layer ran no test"));
    }
    Ok(())
}

fn run_layers(layers: &mut Vec<Layer>, pre_commit: &Path) -> Result<(), String> {
    let started = Instant::now();
    status(command("cargo").args(["fmt", "--all", "--check"]))?;
    ok(layers, "format", started);

    let started = Instant::now();
    status(command("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Natively the root package is the CLI; the app's code compiles for wasm32 only.
    status(command("cargo").args([
        "clippy",
        "-p",
        "stagecraft",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    ok(layers, "clippy", started);

    let started = Instant::now();
    let native = counted(command("cargo").args([
        "test",
        "-p",
        "stagecraft-core",
        "-p",
        "stagecraft-cli",
        "-p",
        "xtask",
    ]))?;
    record_counts(layers, "native", native, started)?;

    // pre-commit installs the hooks from a clean cache (cargo install of the root package)
    // and runs them on a scratch repository; ignored by plain `cargo test`, run here.
    let started = Instant::now();
    let hooks = counted(
        command("cargo")
            .args([
                "test",
                "-p",
                "stagecraft-cli",
                "--test",
                "pre_commit",
                "--",
                "--ignored",
            ])
            .env("STAGECRAFT_PRE_COMMIT", pre_commit)
            // The hook's `cargo install` would build with the page's size-tuned release
            // profile (fat LTO, one codegen unit): minutes on 2 cores for a test that only
            // needs the hook to work. Cargo reads these through pre-commit's environment.
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
    )?;
    record_counts(layers, "pre-commit hooks (e2e)", hooks, started)?;

    // wasm-bindgen-test-runner (the cargo runner for this target) drives headless Chromium
    // through chromedriver.
    let started = Instant::now();
    let browser = counted(
        command("cargo")
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "stagecraft",
            ])
            .env("PATH", tools::tool_path())
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            // The runner gives chromedriver 5 s to bind its port by default, then kills it
            // ("driver failed to bind port during startup"): on a busy 2-core machine with
            // cold caches it sometimes needs more, and CI failed on that twice.
            .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60"),
    )?;
    record_counts(layers, "browser (wasm-bindgen-test)", browser, started)?;

    let started = Instant::now();
    dist::build_release(None)?;
    ok(layers, "release build", started);

    // The hostile shapes the paste test feeds the page, written by the generator the core's
    // tests and benches use, so the shapes are defined once.
    let started = Instant::now();
    let hostile = project_root().join("target").join("e2e-hostile");
    status(
        command("cargo")
            .args([
                "test",
                "-p",
                "stagecraft-core",
                "--test",
                "hostile",
                "--",
                "--ignored",
                "--exact",
                "write_shapes",
            ])
            .env("HOSTILE_DIR", &hostile)
            .env("HOSTILE_SIZE", "1000000"),
    )?;
    let e2e = counted(e2e_command()?.env("STAGECRAFT_HOSTILE_DIR", &hostile))?;
    record_counts(layers, "end-to-end (Playwright)", e2e, started)?;
    Ok(())
}

fn e2e_command() -> Result<std::process::Command, String> {
    let root = project_root();
    let dir = root.join("tests").join("e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .map(|path| relative(&root, &path))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no end-to-end tests in tests/e2e".into());
    }
    let mut node = command("node");
    node.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .args(files)
        .env("PATH", tools::tool_path())
        .env("STAGECRAFT_DIST", root.join("dist"))
        .env("STAGECRAFT_SCREENSHOTS", root.join("target").join("e2e"));
    Ok(node)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
