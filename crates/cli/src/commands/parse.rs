//! `stagecraft parse FILE|-`: the instructions the parser found, one per line.

use std::process::ExitCode;

use crate::input::read_dockerfile;

pub fn run(args: &[String]) -> ExitCode {
    let [path] = args else {
        eprintln!("usage: stagecraft parse FILE|-");
        return ExitCode::from(2);
    };
    let text = match read_dockerfile(path) {
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
