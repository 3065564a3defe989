//! `stagecraft parse FILE|- [--format text|json]`: what the parser found.
//!
//! The JSON form has the fields of BuildKit's parser output in the shared corpus
//! (`buildkit.jsonl`: `cmd`, `sub_cmd`, `json`, `start_line`, `end_line`, `flags`, `value`,
//! `heredocs`) plus byte spans, errors and warnings, so anyone can diff us against BuildKit.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{json, Value};
use stagecraft_core::syntax::{parse, Dockerfile, Instruction, Span};

use crate::input::read_dockerfile;

const USAGE: &str = "usage: stagecraft parse FILE|- [--format text|json]";

pub fn run(args: &[String]) -> ExitCode {
    let mut path = None;
    let mut format = "text".to_string();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--format" => match rest.next() {
                Some(value) => format = value.clone(),
                None => return usage(),
            },
            other if other.starts_with("--format=") => format = other["--format=".len()..].into(),
            other if path.is_none() => path = Some(other.to_string()),
            _ => return usage(),
        }
    }
    let Some(path) = path else { return usage() };
    if format != "text" && format != "json" {
        eprintln!("stagecraft parse: unknown format `{format}` (use text or json)");
        return ExitCode::from(2);
    }
    let text = match read_dockerfile(&path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let file = parse(&text);
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = if format == "json" {
        writeln!(std::io::stdout().lock(), "{}", to_json(&path, &file))
    } else {
        print_text(&path, &file)
    };
    if file.errors().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn print_text(path: &str, file: &Dockerfile) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for instruction in file.instructions() {
        writeln!(
            out,
            "{:>4}  {:<11} {}",
            instruction.start_line,
            instruction.kind(),
            instruction.arguments
        )?;
    }
    for error in file.errors() {
        eprintln!(
            "{path}:{}:{}: error: {}",
            error.line, error.column, error.message
        );
    }
    for warning in file.warnings() {
        eprintln!(
            "{path}:{}:{}: warning: {}",
            warning.line, warning.column, warning.message
        );
    }
    Ok(())
}

fn span(file: &Dockerfile, span: Span) -> Value {
    let start = file.position(span.start);
    let end = file.position(span.end);
    json!({
        "start": span.start,
        "end": span.end,
        "start_line": start.line,
        "start_column": start.column,
        "start_utf16_column": start.utf16_column,
        "end_line": end.line,
        "end_column": end.column,
        "end_utf16_column": end.utf16_column,
    })
}

fn instruction_json(file: &Dockerfile, instruction: &Instruction) -> Value {
    // BuildKit keeps ONBUILD's heredocs on the outer node; show them with the inner one.
    let inner = instruction.onbuild.as_deref();
    let heredocs = inner.map_or(&instruction.heredocs, |inner| &inner.heredocs);
    json!({
        "cmd": if instruction.keyword.is_empty() { Value::Null } else { json!(instruction.keyword) },
        "sub_cmd": inner.map(|inner| json!(inner.keyword)).unwrap_or(Value::Null),
        "json": instruction.json,
        "start_line": instruction.start_line,
        "end_line": instruction.end_line,
        "flags": instruction.flags.iter().map(|flag| flag.to_buildkit()).collect::<Vec<_>>(),
        "value": instruction.value_texts(),
        "heredocs": heredocs.iter().map(|heredoc| json!({
            "name": heredoc.name,
            "file_descriptor": heredoc.file_descriptor,
            "content": heredoc.content,
            "expand": heredoc.expand,
            "chomp": heredoc.chomp,
            "content_span": span(file, heredoc.content_span),
        })).collect::<Vec<_>>(),
        "kind": instruction.kind().as_str(),
        "span": span(file, instruction.span),
        "keyword_span": span(file, instruction.keyword_span),
        "arguments_span": span(file, instruction.arguments_span),
        "flag_spans": instruction.flags.iter().map(|flag| span(file, flag.span)).collect::<Vec<_>>(),
        "value_spans": instruction.values.iter().map(|word| span(file, word.span)).collect::<Vec<_>>(),
    })
}

fn to_json(path: &str, file: &Dockerfile) -> Value {
    let problem = |message: &str, line: usize, column: usize, at: Span| json!({"message": message, "line": line, "column": column, "span": span(file, at)});
    json!({
        "file": path,
        "ok": file.errors().is_empty(),
        "error": file.errors().first().map(|error| error.message.clone()),
        "escape": file.escape().to_string(),
        "directives": file.directives().iter().map(|d| json!({
            "name": d.name, "value": d.value, "span": span(file, d.span),
        })).collect::<Vec<_>>(),
        "instructions": file.instructions().iter().map(|i| instruction_json(file, i)).collect::<Vec<_>>(),
        "errors": file.errors().iter().map(|e| problem(&e.message, e.line, e.column, e.span)).collect::<Vec<_>>(),
        "warnings": file.warnings().iter().map(|w| problem(&w.message, w.line, w.column, w.span)).collect::<Vec<_>>(),
    })
}
