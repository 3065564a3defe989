//! The `stagecraft` command: its argument definitions ([`cli`]), one module per subcommand
//! (`commands/`), the output formats, and [`main`], which the binary, the root package's
//! native build (what pre-commit installs) and `cargo xtask cli-docs` all share.
//!
//! Adding a subcommand: a module `commands/<name>.rs` with a `#[derive(clap::Args)] Args`
//! (its doc comment, flags and examples) and `run(Args) -> ExitCode`, plus one variant in
//! [`cli::Command`] and its arm in [`run`].

pub mod cli;
mod commands;
pub mod config;
pub mod format;
mod input;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// Runs `stagecraft` with the process's arguments.
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs `stagecraft` with `args` (the first is the program name). Usage errors exit with 2,
/// `--help` and `--version` with 0, as clap prints them.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // A closed pipe while printing help is not worth a panic.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Command::Lint(args) => commands::lint::run(args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Estimate(args) => commands::estimate::run(args),
        Command::Cache(args) => commands::cache::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Rewrite(args) => commands::rewrite::run(args),
    }
}
