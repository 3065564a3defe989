//! `cargo xtask <command>`: the project's commands, runnable on a fresh machine.
//!
//! Each command first installs what the machine lacks (see `tools`), idempotently, so the
//! README's two commands work on a machine that has only the Rust toolchain.

mod base_images;
mod bench_page;
mod cli_docs;
mod data;
mod dist;
mod dist_cli;
mod docs;
mod fuzz;
mod pypi_wheels;
mod repo_info_excerpts;
mod run;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve    install what is missing, then serve the app on http://127.0.0.1:8080 with live reload
  test     install what is missing, then run every check and test layer, with a summary
  dist     release build with wasm-opt into dist/, printing each file's raw and gzip size
  dist-cli release build of the `stagecraft` command for this machine, with its size
  cli-docs shell completions and man pages for `stagecraft` into target/cli-docs/ (--out DIR)
  data     regenerate the size model's data files (--check compares, --only apt|pypi|npm|base|manifest;
           base needs --repo-info DIR [--official-images DIR]; --only excerpts --copy-of DIR
           --copy OWNER/NAME copies repo-info excerpts of the corpus's missing tags from a git copy)
  docs     regenerate docs/rules/ from the lint rules' doc comments
  bench-page  release build, then page load and edit latency in Chromium (scripted)
  fuzz     fuzz with libFuzzer: --target parse (default) or pipeline (parse → lint → size →
           rewrite); --seconds N, default 60; needs nightly";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "serve" => serve::run(rest),
        "test" => test::run(rest),
        "dist" => dist::run(rest),
        "dist-cli" => dist_cli::run(rest),
        "cli-docs" => cli_docs::run(rest),
        "data" => data::run(rest),
        "docs" => docs::run(rest),
        "fuzz" => fuzz::run(rest),
        "bench-page" => bench_page::run(rest),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
