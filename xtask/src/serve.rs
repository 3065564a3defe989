//! `cargo xtask serve`: the app on http://127.0.0.1:8080, rebuilt and reloaded on every save.

use crate::run::{command, status};
use crate::tools;

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask serve".into());
    }
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_trunk()?;
    tools::ensure_editor_bundle()?;
    tools::fetch_crates()?;
    crate::dist::forget_old_snippets("debug")?;
    println!("Stagecraft will be served at http://127.0.0.1:8080/ (Ctrl-C stops it)");
    status(
        command("trunk")
            .args([
                "serve",
                "--offline",
                "--address",
                "127.0.0.1",
                "--port",
                "8080",
            ])
            .env("PATH", tools::tool_path()),
    )
}
