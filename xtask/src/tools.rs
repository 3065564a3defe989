//! Installs what a fresh machine lacks, idempotently: each tool is checked first and only
//! installed when it is missing or at the wrong version.
//!
//! Versions are pinned: trunk 0.22 needs a newer rustc than this machine's, and the
//! wasm-bindgen CLI must be exactly the `wasm-bindgen` version in Cargo.lock.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::run::{command, output, project_root, status};

pub const TRUNK_VERSION: &str = "0.21.14";
/// pre-commit from PyPI, for the hooks' end-to-end test.
pub const PRE_COMMIT_VERSION: &str = "4.7.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// PATH for child processes: the npm tools (wasm-opt from `binaryen`) first, then cargo's
/// binaries, then whatever the caller had.
pub fn tool_path() -> OsString {
    let mut dirs = vec![project_root().join("node_modules").join(".bin")];
    if let Some(home) = cargo_home() {
        dirs.push(home.join("bin"));
    }
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).unwrap_or_default()
}

fn cargo_home() -> Option<PathBuf> {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

fn version_of(program: &str) -> Option<String> {
    output(command(program).arg("--version").env("PATH", tool_path()))
}

/// The `wasm-bindgen` version that Cargo.lock resolved.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

pub fn ensure_wasm_target() -> Result<(), String> {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    status(command("rustup").args(["target", "add", WASM_TARGET]))
}

pub fn ensure_trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if version_of("trunk").is_some_and(|v| v == wanted) {
        return Ok(());
    }
    eprintln!("xtask: installing {wanted} from source (about 20 minutes on 2 cores, once)");
    status(command("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

pub fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    // Each binary prints its own name and the version: `wasm-bindgen-test-runner 0.2.130`.
    let has =
        |program: &str| version_of(program).is_some_and(|v| v == format!("{program} {version}"));
    if has("wasm-bindgen") && has("wasm-bindgen-test-runner") {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {version} (about 6 minutes on 2 cores, once)");
    // Not --locked: the CLI's own lockfile names a crate version the registry no longer has.
    status(command("cargo").args([
        "install",
        "--force",
        "wasm-bindgen-cli",
        "--version",
        &version,
    ]))
}

/// Debian's Chromium and its driver, for browser and end-to-end tests.
pub fn ensure_chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian's chromium and chromium-driver");
    status(command("apt-get").arg("update"))?;
    status(
        command("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The npm packages in package-lock.json (wasm-opt, esbuild and CodeMirror for the editor,
/// playwright-core for the end-to-end tests), installed with
/// `npm ci` unless node_modules already matches the lock file.
pub fn ensure_node_modules() -> Result<(), String> {
    if version_of("node").is_none() || version_of("npm").is_none() {
        eprintln!("xtask: installing Node.js and npm from Debian");
        status(command("apt-get").arg("update"))?;
        status(
            command("apt-get")
                .args(["install", "-y", "nodejs", "npm"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    let root = project_root();
    let lock = std::fs::read(root.join("package-lock.json"))
        .map_err(|e| format!("reading package-lock.json: {e}"))?;
    let stamp = root.join("node_modules").join(".stagecraft-lock");
    let ready = root.join("node_modules/.bin/wasm-opt").exists()
        && root.join("node_modules/.bin/esbuild").exists()
        && root.join("node_modules/playwright-core").exists()
        && std::fs::read(&stamp).is_ok_and(|seen| seen == lock);
    if ready {
        return Ok(());
    }
    status(command("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("writing {}: {e}", stamp.display()))
}

/// Bundles the editor's JavaScript (CodeMirror and `js/editor.js`) into `js/bundle/`, which
/// the app's Rust code reads at compile time: so this runs before any cargo build of the app.
pub fn ensure_editor_bundle() -> Result<(), String> {
    ensure_node_modules()?;
    status(
        command("node")
            .arg(project_root().join("js").join("build.mjs"))
            .env("PATH", tool_path()),
    )
}

/// Downloads every crate both targets need, so the builds that follow run offline.
pub fn fetch_crates() -> Result<(), String> {
    status(command("cargo").arg("fetch"))
}

/// pre-commit at [`PRE_COMMIT_VERSION`], in a virtualenv under `target/pre-commit/` (so the
/// system's Python stays untouched); returns the path of its `pre-commit` program.
pub fn ensure_pre_commit() -> Result<PathBuf, String> {
    let venv = project_root()
        .join("target")
        .join("pre-commit")
        .join("venv");
    let program = venv.join("bin").join("pre-commit");
    let wanted = format!("pre-commit {PRE_COMMIT_VERSION}");
    if output(command(&program.to_string_lossy()).arg("--version")).as_deref() == Some(&wanted) {
        return Ok(program);
    }
    if output(command("python3").args(["-m", "venv", "--help"])).is_none() {
        eprintln!("xtask: installing Python's venv module from Debian");
        status(command("apt-get").arg("update"))?;
        status(
            command("apt-get")
                .args([
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "python3-venv",
                    "git",
                ])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    eprintln!(
        "xtask: installing {wanted} from PyPI into {}",
        venv.display()
    );
    status(command("python3").args(["-m", "venv"]).arg(&venv))?;
    status(
        command(&venv.join("bin").join("pip").to_string_lossy()).args([
            "install",
            "--quiet",
            &format!("pre-commit=={PRE_COMMIT_VERSION}"),
        ]),
    )?;
    Ok(program)
}
