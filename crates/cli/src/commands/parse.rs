//! `stagecraft parse [FILE...|-]`: what the parser found.
//!
//! The JSON form has the fields of BuildKit's parser output in the shared corpus
//! (`buildkit.jsonl`: `cmd`, `sub_cmd`, `json`, `start_line`, `end_line`, `flags`, `value`,
//! `heredocs`) plus byte spans, errors and warnings, so anyone can diff us against BuildKit.

use std::process::ExitCode;

use serde::Serialize;
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
    crate::format::leave_to_exit(parsed);
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

// The JSON is written straight from these borrowed records: building a `serde_json::Value`
// tree first cost four times the parse on a 1 MB file (tens of MB of output). Fields are
// declared in alphabetical order, the order `Value` objects print in, so the output is
// unchanged.

/// A span with its lines and columns.
#[derive(Serialize)]
struct SpanJson {
    end: usize,
    end_column: usize,
    end_line: usize,
    end_utf16_column: usize,
    start: usize,
    start_column: usize,
    start_line: usize,
    start_utf16_column: usize,
}

fn span(file: &Dockerfile, span: Span) -> SpanJson {
    let start = file.position(span.start);
    let end = file.position(span.end);
    SpanJson {
        end: span.end,
        end_column: end.column,
        end_line: end.line,
        end_utf16_column: end.utf16_column,
        start: span.start,
        start_column: start.column,
        start_line: start.line,
        start_utf16_column: start.utf16_column,
    }
}

#[derive(Serialize)]
struct HeredocJson<'a> {
    chomp: bool,
    content: &'a str,
    content_span: SpanJson,
    expand: bool,
    file_descriptor: u64,
    name: &'a str,
}

#[derive(Serialize)]
struct InstructionJson<'a> {
    arguments_span: SpanJson,
    cmd: Option<&'a str>,
    end_line: usize,
    flag_spans: Vec<SpanJson>,
    flags: Vec<String>,
    heredocs: Vec<HeredocJson<'a>>,
    json: bool,
    keyword_span: SpanJson,
    kind: &'static str,
    span: SpanJson,
    start_line: usize,
    sub_cmd: Option<&'a str>,
    value: Vec<&'a str>,
    value_spans: Vec<SpanJson>,
}

fn instruction_json<'a>(file: &Dockerfile, instruction: &'a Instruction) -> InstructionJson<'a> {
    // BuildKit keeps ONBUILD's heredocs on the outer node; show them with the inner one.
    let inner = instruction.onbuild.as_deref();
    let heredocs = inner.map_or(&instruction.heredocs, |inner| &inner.heredocs);
    InstructionJson {
        arguments_span: span(file, instruction.arguments_span),
        cmd: (!instruction.keyword.is_empty()).then_some(instruction.keyword.as_str()),
        end_line: instruction.end_line,
        flag_spans: instruction
            .flags
            .iter()
            .map(|flag| span(file, flag.span))
            .collect(),
        flags: instruction
            .flags
            .iter()
            .map(|flag| flag.to_buildkit())
            .collect(),
        heredocs: heredocs
            .iter()
            .map(|heredoc| HeredocJson {
                chomp: heredoc.chomp,
                content: &heredoc.content,
                content_span: span(file, heredoc.content_span),
                expand: heredoc.expand,
                file_descriptor: heredoc.file_descriptor,
                name: &heredoc.name,
            })
            .collect(),
        json: instruction.json,
        keyword_span: span(file, instruction.keyword_span),
        kind: instruction.kind().as_str(),
        span: span(file, instruction.span),
        start_line: instruction.start_line,
        sub_cmd: inner.map(|inner| inner.keyword.as_str()),
        value: instruction.value_texts(),
        value_spans: instruction
            .values
            .iter()
            .map(|word| span(file, word.span))
            .collect(),
    }
}

#[derive(Serialize)]
struct DirectiveJson<'a> {
    name: &'a str,
    span: SpanJson,
    value: &'a str,
}

#[derive(Serialize)]
struct ProblemJson<'a> {
    column: usize,
    line: usize,
    message: &'a str,
    span: SpanJson,
}

#[derive(Serialize)]
struct FileJson<'a> {
    directives: Vec<DirectiveJson<'a>>,
    error: Option<&'a str>,
    errors: Vec<ProblemJson<'a>>,
    escape: String,
    file: &'a str,
    instructions: Vec<InstructionJson<'a>>,
    ok: bool,
    warnings: Vec<ProblemJson<'a>>,
}

fn to_json<'a>(path: &'a str, file: &'a Dockerfile) -> FileJson<'a> {
    let problem = |message: &'a str, line: usize, column: usize, at: Span| ProblemJson {
        column,
        line,
        message,
        span: span(file, at),
    };
    FileJson {
        directives: file
            .directives()
            .iter()
            .map(|d| DirectiveJson {
                name: &d.name,
                span: span(file, d.span),
                value: &d.value,
            })
            .collect(),
        error: file.errors().first().map(|error| error.message.as_str()),
        errors: file
            .errors()
            .iter()
            .map(|e| problem(&e.message, e.line, e.column, e.span))
            .collect(),
        escape: file.escape().to_string(),
        file: path,
        instructions: file
            .instructions()
            .iter()
            .map(|i| instruction_json(file, i))
            .collect(),
        ok: file.errors().is_empty(),
        warnings: file
            .warnings()
            .iter()
            .map(|w| problem(&w.message, w.line, w.column, w.span))
            .collect(),
    }
}
