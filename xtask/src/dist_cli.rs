//! `cargo xtask dist-cli`: the `stagecraft` binary for this machine, built in release, with
//! its size.

use std::path::PathBuf;

use crate::run::{command, project_root, status};

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask dist-cli".into());
    }
    // Symbols stripped for the host build only: the wasm build (same profile, other target)
    // keeps the names wasm-bindgen reads.
    status(
        command("cargo")
            .args([
                "build",
                "--release",
                "--locked",
                "-p",
                "stagecraft-cli",
                "--bin",
                "stagecraft",
            ])
            .env("CARGO_PROFILE_RELEASE_STRIP", "symbols"),
    )?;
    let binary = target_dir()
        .join("release")
        .join(format!("stagecraft{}", std::env::consts::EXE_SUFFIX));
    let bytes = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    println!(
        "{}  {bytes} bytes ({:.1} MiB), {}-{}",
        binary.display(),
        bytes as f64 / (1024.0 * 1024.0),
        std::env::consts::ARCH,
        std::env::consts::OS
    );
    Ok(())
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"))
}
