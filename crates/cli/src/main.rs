//! `stagecraft`: Stagecraft's engine for terminals and CI.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: stagecraft parse FILE|-";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("parse") => match args.get(1) {
            Some(path) => parse(path),
            None => usage_error(),
        },
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error(),
    }
}

fn usage_error() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("stagecraft: reading standard input: {e}"))?;
        return Ok(text);
    }
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| format!("stagecraft: {path}: {e}"))
}

fn parse(path: &str) -> ExitCode {
    let text = match read_input(path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let file = stagecraft_core::parse(&text);
    for instruction in file.instructions() {
        println!(
            "{:>4}  {:<11} {}",
            instruction.start_line,
            instruction.kind(),
            instruction.arguments
        );
    }
    for error in file.errors() {
        eprintln!("{path}:{}:{}: {}", error.line, error.column, error.message);
    }
    if file.errors().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
