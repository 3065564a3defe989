//! `cargo xtask docs`: regenerates `docs/rules/` from the lint rules' doc comments.
//!
//! The rendering lives in `stagecraft_core::lint::docs`; the test `lint_docs` compares the
//! checked-in pages with it, and writes them when `STAGECRAFT_UPDATE_DOCS` is set. Running
//! that test keeps one code path for checking and generating.

use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(format!(
            "`cargo xtask docs` takes no arguments, got {args:?}"
        ));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args([
            "test",
            "-p",
            "stagecraft-core",
            "--test",
            "lint_docs",
            "--quiet",
        ])
        .env("STAGECRAFT_UPDATE_DOCS", "1")
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        println!("docs/rules regenerated");
        Ok(())
    } else {
        Err("generating docs/rules failed (see the test output above)".to_string())
    }
}
