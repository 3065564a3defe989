//! In the browser, mounts the Stagecraft app into the page; built natively, it is the
//! `stagecraft` command (what pre-commit's `cargo install --path .` installs).

#[cfg(target_arch = "wasm32")]
fn main() {
    stagecraft::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    stagecraft_cli::main()
}
