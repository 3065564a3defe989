//! `stagecraft parse [FILE...|-]`: what the parser found.
//!
//! The JSON form has the fields of BuildKit's parser output in the shared corpus
//! (`buildkit.jsonl`: `cmd`, `sub_cmd`, `json`, `start_line`, `end_line`, `flags`, `value`,
//! `heredocs`) plus byte spans, errors and warnings, so anyone can diff us against BuildKit.

use std::process::ExitCode;

use serde_json::{json, Value};
use stagecraft_core::syntax::{parse, Dockerfile, Instruction, Span};

use crate::format::{print_results, ResultFormat};
use crate::input::read_all;

const EXAMPLES: &str = "\
Examples:
  stagecraft parse Dockerfile
  stagecraft parse --format json Dockerfile | jq '.[0].instructions[].cmd'
  stagecraft parse --format jsonl services/*/Dockerfile
  stagecraft parse - < Dockerfile

Exit status: 0 when every file parses, 1 when one has a syntax error (each printed on
standard error as FILE:LINE:COLUMN), 2 when a file cannot be read.";

/// Print the instructions the parser found, with their lines; or, as JSON, BuildKit's
/// fields plus byte spans, errors and warnings.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Dockerfiles to read; `-` reads standard input
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub files: Vec<String>,
    /// `json` is one array with an object per file, `jsonl` one object per line
    #[arg(short, long, value_enum, default_value_t = ResultFormat::Text)]
    pub format: ResultFormat,
}

pub fn run(args: Args) -> ExitCode {
    let inputs = match read_all(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let parsed: Vec<(String, Dockerfile)> = inputs
        .into_iter()
        .map(|input| (input.path, parse(&input.text)))
        .collect();
    print_results(args.format, &parsed, to_json, |_, file| to_text(file));
    let mut failed = false;
    for (path, file) in &parsed {
        failed |= !file.errors().is_empty();
        if args.format == ResultFormat::Text {
            print_problems(path, file);
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn to_text(file: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in file.instructions() {
        out.push_str(&format!(
            "{:>4}  {:<11} {}\n",
            instruction.start_line,
            instruction.kind(),
            instruction.arguments
        ));
    }
    out
}

fn print_problems(path: &str, file: &Dockerfile) {
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
