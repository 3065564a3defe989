//! `stagecraft rewrite FILE`: walks the Dockerfile to a slim, non-root, multi-stage build,
//! one explained step at a time, and prints the result (the final Dockerfile, the unified
//! diff, or JSON with every step).
//!
//! clap reads the arguments into [`Args`]; [`read_options`] reads the files they name into a
//! plain [`RewriteOptions`], and [`rewrite`] does the work from those.

use std::process::ExitCode;

use serde::Serialize;
use stagecraft_core::rewrite::{self, diff, Manifests, Options, Plan, Safety, StepReport, STEPS};

use super::estimate::BytesJson;
use crate::input::read_dockerfile;

const EXAMPLES: &str = "\
Examples:
  stagecraft rewrite Dockerfile                      the final Dockerfile, on standard output
  stagecraft rewrite --format diff Dockerfile        what would change, as a unified diff
  stagecraft rewrite --format json --requirements requirements.txt Dockerfile
  stagecraft rewrite --until layer-order Dockerfile  stop after that step
  stagecraft rewrite --distroless Dockerfile         also move the runtime to a distroless image
  stagecraft rewrite --health-path /healthz Dockerfile  the path the HEALTHCHECK probes
  stagecraft rewrite --write-dockerignore .dockerignore Dockerfile > Dockerfile.new
  stagecraft rewrite --list-steps                    every step with its documentation

Exit status: 0 when the rewrite was printed, 2 when the file does not parse (the errors are
printed with line and column, and nothing is rewritten) or cannot be read.";

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// The final Dockerfile
    #[default]
    Dockerfile,
    /// The unified diff from the input to the final Dockerfile (and the .dockerignore)
    Diff,
    /// Every step with its figures
    Json,
}

/// Walk a Dockerfile to a slim, non-root, multi-stage build, one explained step at a time.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The Dockerfile; `-` reads standard input
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub file: String,
    /// A requirements.txt, for the Python steps and the sizes
    #[arg(long, value_name = "FILE")]
    pub requirements: Option<String>,
    /// A pyproject.toml (Poetry, uv, PEP 621)
    #[arg(long, value_name = "FILE")]
    pub pyproject: Option<String>,
    /// A package.json, for the Node steps and the sizes
    #[arg(long, value_name = "FILE")]
    pub package_json: Option<String>,
    /// The .dockerignore there is today; default: the one beside the Dockerfile
    #[arg(long, value_name = "FILE")]
    pub dockerignore: Option<String>,
    /// The command that starts the app, when the Dockerfile has no CMD or ENTRYPOINT
    #[arg(long, value_name = "CMD")]
    pub start_command: Option<String>,
    /// Let the `distroless` step move the runtime to a distroless image (no shell, no
    /// package manager); without it the step only says what it would do
    #[arg(long)]
    pub distroless: bool,
    /// The HTTP path the added HEALTHCHECK probes (default: /health)
    #[arg(long, value_name = "PATH")]
    pub health_path: Option<String>,
    /// The Java modules to link the runtime from (`java.base,java.sql,...`), instead of what
    /// jdeps finds in the jar
    #[arg(long, value_name = "LIST")]
    pub java_modules: Option<String>,
    /// Stop after this step (see --list-steps)
    #[arg(long, value_name = "STEP", value_parser = parse_step)]
    pub until: Option<String>,
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Dockerfile)]
    pub format: OutputFormat,
    /// Write the generated .dockerignore to this path
    #[arg(long, value_name = "PATH")]
    pub write_dockerignore: Option<String>,
    /// List the steps with their documentation instead of rewriting
    #[arg(long)]
    pub list_steps: bool,
}

fn parse_step(step: &str) -> Result<String, String> {
    if rewrite::steps::find(step).is_some() {
        Ok(step.to_string())
    } else {
        let ids: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
        Err(format!(
            "there is no step `{step}`; the steps are {}",
            ids.join(", ")
        ))
    }
}

/// Everything `stagecraft rewrite` needs, already read from the command line and the files
/// it names.
#[derive(Debug, Clone, Default)]
pub struct RewriteOptions {
    /// The Dockerfile's path, or `-` for standard input.
    pub path: String,
    pub requirements: Option<String>,
    pub pyproject: Option<String>,
    pub package_json: Option<String>,
    /// The existing `.dockerignore` (found beside the Dockerfile when not given).
    pub dockerignore: Option<String>,
    pub start_command: Option<String>,
    /// Apply the distroless runtime rather than only describing it.
    pub distroless: bool,
    pub health_path: Option<String>,
    pub java_modules: Option<String>,
    pub until: Option<String>,
    pub format: OutputFormat,
    /// Where to write the generated `.dockerignore`, if anywhere.
    pub write_dockerignore: Option<String>,
    /// List the steps with their documentation instead of rewriting.
    pub list_steps: bool,
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("stagecraft: {path}: {e}"))
}

/// Reads the files the arguments name into [`RewriteOptions`].
pub fn read_options(args: Args) -> Result<RewriteOptions, String> {
    let read = |path: Option<String>| path.as_deref().map(read_text).transpose();
    let mut options = RewriteOptions {
        path: args.file,
        requirements: read(args.requirements)?,
        pyproject: read(args.pyproject)?,
        package_json: read(args.package_json)?,
        dockerignore: read(args.dockerignore)?,
        start_command: args.start_command,
        distroless: args.distroless,
        health_path: args.health_path,
        java_modules: args.java_modules,
        until: args.until,
        format: args.format,
        write_dockerignore: args.write_dockerignore,
        list_steps: args.list_steps,
    };
    if options.dockerignore.is_none() && options.path != "-" {
        let beside = std::path::Path::new(&options.path)
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(".dockerignore");
        options.dockerignore = std::fs::read_to_string(beside).ok();
    }
    Ok(options)
}

pub fn run(args: Args) -> ExitCode {
    match read_options(args) {
        Ok(options) => rewrite(&options),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// Prints `text` to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
}

/// Runs the rewrite for already-read options and prints the result.
pub fn rewrite(options: &RewriteOptions) -> ExitCode {
    if options.list_steps {
        print_out(&list_steps());
        return ExitCode::SUCCESS;
    }
    let text = match read_dockerfile(&options.path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let manifests = Manifests {
        // A pyproject.toml also refines the size model's view of dependencies.
        requirements: options.requirements.clone(),
        pyproject: options.pyproject.clone(),
        package_json: options.package_json.clone(),
        dockerignore: options.dockerignore.clone(),
        ..Manifests::default()
    };
    let plan = rewrite::plan(
        &text,
        &manifests,
        &Options {
            start_command: options.start_command.clone(),
            until: options.until.clone(),
            distroless: options.distroless,
            health_path: options.health_path.clone(),
            java_modules: options.java_modules.clone(),
            surface: stagecraft_core::Surface::Cli,
        },
    );
    if !plan.errors.is_empty() {
        // Never a partial rewrite: the file must parse first.
        for error in &plan.errors {
            eprintln!(
                "{}:{}:{}: error: {}",
                options.path, error.line, error.column, error.message
            );
        }
        eprintln!(
            "stagecraft rewrite: {} parse error(s); fix them and run again (nothing was rewritten)",
            plan.errors.len()
        );
        return ExitCode::from(2);
    }
    if let (Some(path), Some(ignore)) = (&options.write_dockerignore, &plan.dockerignore) {
        if let Err(e) = std::fs::write(path, ignore) {
            eprintln!("stagecraft: {path}: {e}");
            return ExitCode::from(2);
        }
    }
    match options.format {
        OutputFormat::Dockerfile => {
            print_out(&plan.dockerfile);
            for step in plan
                .steps
                .iter()
                .filter(|s| s.status == rewrite::Status::CannotApply)
            {
                eprintln!("note: {} was not applied: {}", step.id, step.reason);
            }
        }
        OutputFormat::Diff => {
            let mut out = diff::unified(&text, &plan.dockerfile, "Dockerfile");
            if let Some(ignore) = &plan.dockerignore {
                out.push_str(&diff::unified(
                    options.dockerignore.as_deref().unwrap_or(""),
                    ignore,
                    ".dockerignore",
                ));
            }
            print_out(&out);
        }
        OutputFormat::Json => {
            use std::io::Write;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            // A closed pipe (`| head`) ends quietly.
            let _ = serde_json::to_writer_pretty(&mut out, &to_json(&plan))
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
        }
    }
    ExitCode::SUCCESS
}

fn list_steps() -> String {
    let mut out = String::new();
    for (n, step) in STEPS.iter().enumerate() {
        let stacks = if step.stacks.is_empty() {
            "every stack".to_string()
        } else {
            step.stacks
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "{:>2}. {} — {} ({stacks})\n",
            n + 1,
            step.id,
            step.title
        ));
        for line in step.docs.lines() {
            out.push_str(&format!("    {}\n", line.strip_prefix(' ').unwrap_or(line)));
        }
        out.push('\n');
    }
    out
}

/// One step as JSON. The records below are written straight to the output, fields in
/// alphabetical order (the order `serde_json::Value` objects print in): a tree of values
/// copied every step's diff once more.
#[derive(Serialize)]
struct StepJson<'a> {
    assumptions: &'a [String],
    behaviour_change: Option<&'a str>,
    bytes_after: BytesJson,
    bytes_before: BytesJson,
    diff: &'a str,
    findings_after: usize,
    findings_before: usize,
    id: &'a str,
    reason: &'a str,
    rebuild_on_code_change_after: RebuildJson,
    rebuild_on_code_change_before: RebuildJson,
    safety: Option<&'static str>,
    status: &'static str,
    title: &'a str,
    todo: Option<&'a str>,
}

#[derive(Serialize)]
struct RebuildJson {
    bytes: BytesJson,
    layers: usize,
}

impl RebuildJson {
    fn of(rebuild: &rewrite::Rebuild) -> RebuildJson {
        RebuildJson {
            bytes: rebuild.bytes.into(),
            layers: rebuild.layers,
        }
    }
}

impl<'a> StepJson<'a> {
    fn of(step: &'a StepReport) -> StepJson<'a> {
        let (safety, changes) = match &step.safety {
            Some(Safety::Safe) => (Some("safe"), None),
            Some(Safety::ChangesBehaviour(what)) => {
                (Some("changes-behaviour"), Some(what.as_str()))
            }
            None => (None, None),
        };
        StepJson {
            assumptions: &step.assumptions,
            behaviour_change: changes,
            bytes_after: step.after.bytes.into(),
            bytes_before: step.before.bytes.into(),
            diff: &step.diff,
            findings_after: step.after.findings,
            findings_before: step.before.findings,
            id: step.id,
            reason: &step.reason,
            rebuild_on_code_change_after: RebuildJson::of(&step.after.rebuild),
            rebuild_on_code_change_before: RebuildJson::of(&step.before.rebuild),
            safety,
            status: step.status.as_str(),
            title: step.title,
            todo: step.todo.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct StackJson<'a> {
    base: &'a str,
    evidence: &'a [String],
    framework: Option<&'a str>,
    language: &'static str,
    package_manager: &'static str,
    start_command: Option<&'a str>,
}

/// The JSON shape: `{"dockerfile", "dockerignore", "stack", "steps": [...]}`.
#[derive(Serialize)]
pub struct PlanJson<'a> {
    dockerfile: &'a str,
    dockerignore: Option<&'a str>,
    stack: StackJson<'a>,
    steps: Vec<StepJson<'a>>,
}

pub fn to_json(plan: &Plan) -> PlanJson<'_> {
    PlanJson {
        dockerfile: &plan.dockerfile,
        dockerignore: plan.dockerignore.as_deref(),
        stack: StackJson {
            base: &plan.stack.base,
            evidence: &plan.stack.evidence,
            framework: plan.stack.framework.as_deref(),
            language: plan.stack.language.as_str(),
            package_manager: plan.stack.package_manager.as_str(),
            start_command: plan.stack.start_command.as_deref(),
        },
        steps: plan.steps.iter().map(StepJson::of).collect(),
    }
}
