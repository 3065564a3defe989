//! `stagecraft`: Stagecraft's engine for terminals and CI.
//!
//! Each subcommand lives in its own module under `commands/` and receives the arguments
//! after its name; it returns the process exit code.

mod commands;
mod format;
mod input;

use std::process::ExitCode;

const USAGE: &str = "\
usage: stagecraft <command> [arguments]

commands:
  parse FILE|-      the instructions the parser found [--format text|json]
  estimate FILE|-   per-layer and total image size before building
                    [--requirements F|--pyproject F] [--package-json F] [--context-size SIZE]
                    [--target STAGE] [--format tty|json]
  cache FILE|-      what a change rebuilds: --changed code|deps|base|line:N [--format tty|json]
  lint [FILE...|-]  findings, hadolint-compatible: [--format tty|json|sarif|checkstyle|gitlab|
                    stagecraft-json] [--failure-threshold L] [--no-fail] [--config F]
                    [--fix] [--unsafe-fixes]
  rules [CODE]      list the lint rules, or print one rule's documentation
  rewrite FILE|-    walk the file to a slim, non-root, multi-stage build, step by step
                    [--requirements F] [--pyproject F] [--package-json F] [--dockerignore F]
                    [--start-command CMD] [--until STEP] [--format dockerfile|json|diff]
                    [--write-dockerignore PATH] | --list-steps";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "parse" => commands::parse::run(rest),
        "estimate" => commands::estimate::run(rest),
        "cache" => commands::cache::run(rest),
        "lint" => commands::lint::run(rest),
        "rules" => commands::rules::run(rest),
        "rewrite" => commands::rewrite::run(rest),
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("stagecraft: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
