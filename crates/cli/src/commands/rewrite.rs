//! `stagecraft rewrite FILE`: walks the Dockerfile to a slim, non-root, multi-stage build,
//! one explained step at a time, and prints the result (the final Dockerfile, the unified
//! diff, or JSON with every step).
//!
//! The options are read in [`read_options`] into a plain [`RewriteOptions`]; [`rewrite`]
//! does the work from those, so another argument parser can call it unchanged.

use std::process::ExitCode;

use serde_json::{json, Value};
use stagecraft_core::rewrite::{self, diff, Manifests, Options, Plan, Safety, StepReport, STEPS};

use super::estimate::{bytes_json, print_out};
use crate::input::read_dockerfile;

const USAGE: &str =
    "usage: stagecraft rewrite FILE|- [--requirements F] [--pyproject F] [--package-json F] \
[--dockerignore F] [--start-command CMD] [--until STEP] [--format dockerfile|json|diff] \
[--write-dockerignore PATH]\n       stagecraft rewrite --list-steps";

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// The final Dockerfile.
    #[default]
    Dockerfile,
    /// The unified diff from the input to the final Dockerfile (and the `.dockerignore`).
    Diff,
    /// Every step with its figures.
    Json,
}

/// Everything `stagecraft rewrite` needs, already read from the command line.
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

/// Reads the command line into [`RewriteOptions`].
pub fn read_options(args: &[String]) -> Result<RewriteOptions, String> {
    let mut options = RewriteOptions::default();
    let mut path = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag {
            "--requirements" => options.requirements = Some(read_text(&value(flag)?)?),
            "--pyproject" => options.pyproject = Some(read_text(&value(flag)?)?),
            "--package-json" => options.package_json = Some(read_text(&value(flag)?)?),
            "--dockerignore" => options.dockerignore = Some(read_text(&value(flag)?)?),
            "--start-command" => options.start_command = Some(value(flag)?),
            "--until" => {
                let step = value(flag)?;
                if rewrite::steps::find(&step).is_none() {
                    let ids: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
                    return Err(format!(
                        "--until: there is no step `{step}`; the steps are {}",
                        ids.join(", ")
                    ));
                }
                options.until = Some(step);
            }
            "--format" => {
                options.format = match value(flag)?.as_str() {
                    "dockerfile" => OutputFormat::Dockerfile,
                    "diff" => OutputFormat::Diff,
                    "json" => OutputFormat::Json,
                    other => {
                        return Err(format!(
                            "--format: `{other}` is not dockerfile, diff or json"
                        ))
                    }
                }
            }
            "--write-dockerignore" => options.write_dockerignore = Some(value(flag)?),
            "--list-steps" => options.list_steps = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            f if f.starts_with("--") => return Err(format!("unknown option `{f}`\n{USAGE}")),
            _ if path.is_none() => path = Some(arg.clone()),
            _ => return Err(format!("one Dockerfile at a time\n{USAGE}")),
        }
    }
    if options.list_steps {
        return Ok(options);
    }
    options.path = path.ok_or_else(|| USAGE.to_string())?;
    if options.dockerignore.is_none() && options.path != "-" {
        let beside = std::path::Path::new(&options.path)
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(".dockerignore");
        options.dockerignore = std::fs::read_to_string(beside).ok();
    }
    Ok(options)
}

pub fn run(args: &[String]) -> ExitCode {
    match read_options(args) {
        Ok(options) => rewrite(&options),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
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
            distroless: false,
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
        OutputFormat::Json => print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&plan)).unwrap_or_default()
        )),
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

fn step_json(step: &StepReport) -> Value {
    let (safety, changes) = match &step.safety {
        Some(Safety::Safe) => (Some("safe"), None),
        Some(Safety::ChangesBehaviour(what)) => (Some("changes-behaviour"), Some(what.clone())),
        None => (None, None),
    };
    json!({
        "id": step.id,
        "title": step.title,
        "status": step.status.as_str(),
        "safety": safety,
        "behaviour_change": changes,
        "reason": step.reason,
        "todo": step.todo,
        "assumptions": step.assumptions,
        "diff": step.diff,
        "findings_before": step.before.findings,
        "findings_after": step.after.findings,
        "bytes_before": bytes_json(step.before.bytes),
        "bytes_after": bytes_json(step.after.bytes),
        "rebuild_on_code_change_before": {
            "layers": step.before.rebuild.layers,
            "bytes": bytes_json(step.before.rebuild.bytes),
        },
        "rebuild_on_code_change_after": {
            "layers": step.after.rebuild.layers,
            "bytes": bytes_json(step.after.rebuild.bytes),
        },
    })
}

/// The JSON shape: `{"dockerfile", "dockerignore", "stack", "steps": [...]}`.
pub fn to_json(plan: &Plan) -> Value {
    json!({
        "dockerfile": plan.dockerfile,
        "dockerignore": plan.dockerignore,
        "stack": {
            "language": plan.stack.language.as_str(),
            "package_manager": plan.stack.package_manager.as_str(),
            "framework": plan.stack.framework,
            "base": plan.stack.base,
            "start_command": plan.stack.start_command,
            "evidence": plan.stack.evidence,
        },
        "steps": plan.steps.iter().map(step_json).collect::<Vec<_>>(),
    })
}
