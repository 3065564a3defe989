//! `stagecraft cache [FILE...|-] --changed code|deps|env|base|line:N`: which layers a change rebuilds,
//! which come from the build cache, and roughly what the rebuild costs.

use std::process::ExitCode;

use serde::Serialize;
use stagecraft_core::size::{self, CachePlan, Change};

use super::estimate::{read_inputs, BytesJson, InputArgs};
use crate::format::{print_results, ResultFormat};

const EXAMPLES: &str = "\
Examples:
  stagecraft cache Dockerfile                       a code change (the default)
  stagecraft cache --changed deps Dockerfile        requirements.txt, package.json, go.mod, lock files
  stagecraft cache --changed env Dockerfile         a .env file
  stagecraft cache --changed base Dockerfile        a new digest of the base image
  stagecraft cache --changed line:12 Dockerfile     the instruction on line 12 was edited
  stagecraft cache --format json --changed deps Dockerfile | jq '.[0].rebuilt_bytes'

What each change covers:
  code   application source: every file in the build context except dependency
         manifests, lock files and .env files
  deps   dependency manifests and lock files (requirements*.txt, pyproject.toml,
         poetry.lock, package.json, package-lock.json, yarn.lock, go.mod, go.sum...)
  env    .env and .env.* files (not .env.example): runtime settings
  base   a new build of the base image behind the same tag";

/// Show which layers a change rebuilds, which come from the build cache, and roughly what the
/// rebuild costs.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Dockerfiles to plan; `-` reads standard input
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub files: Vec<String>,
    /// What changed since the last build: code, deps, env, base, or line:N
    #[arg(long, value_name = "CHANGE", default_value = "code", value_parser = parse_change)]
    pub changed: Change,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// `json` is one array with an object per file, `jsonl` one object per line
    #[arg(short, long, value_enum, default_value_t = ResultFormat::Text)]
    pub format: ResultFormat,
}

fn parse_change(text: &str) -> Result<Change, String> {
    text.parse().map_err(|e: size::ChangeError| e.message)
}

pub fn run(args: Args) -> ExitCode {
    let inputs = match read_inputs(&args.files, &args.inputs) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let plans: Vec<(String, CachePlan)> = inputs
        .into_iter()
        .map(|(input, inputs)| {
            let file = stagecraft_core::parse(&input.text);
            let plan = size::cache_plan(&file, &inputs, args.changed);
            crate::format::leave_to_exit(file);
            (input.path, plan)
        })
        .collect();
    print_results(args.format, &plans, to_json, |_, plan| to_table(plan));
    crate::format::leave_to_exit(plans);
    ExitCode::SUCCESS
}

// Written straight to the output, fields in the alphabetical order `Value` objects print in
// (see `estimate::BytesJson`).
#[derive(Serialize)]
struct SecondsJson {
    expected: f64,
    high: f64,
    low: f64,
}

#[derive(Serialize)]
struct CacheLayerJson<'a> {
    bytes: BytesJson,
    instruction: &'a str,
    line: usize,
    reason: &'a str,
    stage: usize,
    status: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct CachePlanJson<'a> {
    changed: String,
    covers: String,
    file: &'a str,
    first_rebuilt_line: Option<usize>,
    layers: Vec<CacheLayerJson<'a>>,
    notes: &'a [String],
    rebuild_seconds: SecondsJson,
    rebuilt_bytes: BytesJson,
}

fn to_json<'a>(path: &'a str, plan: &'a CachePlan) -> CachePlanJson<'a> {
    CachePlanJson {
        changed: plan.change.to_string(),
        covers: plan.change.covers(),
        file: path,
        first_rebuilt_line: plan.first_rebuilt_line,
        layers: plan
            .steps
            .iter()
            .map(|s| CacheLayerJson {
                bytes: s.bytes.into(),
                instruction: &s.instruction,
                line: s.line,
                reason: &s.reason,
                stage: s.stage,
                status: s.status.as_str(),
                text: &s.text,
            })
            .collect(),
        notes: &plan.notes,
        rebuild_seconds: SecondsJson {
            expected: plan.rebuild_seconds.expected,
            high: plan.rebuild_seconds.high,
            low: plan.rebuild_seconds.low,
        },
        rebuilt_bytes: plan.rebuilt_bytes.into(),
    }
}

fn to_table(plan: &CachePlan) -> String {
    let mut out = format!("changed: {} ({})\n\n", plan.change, plan.change.covers());
    for step in &plan.steps {
        out.push_str(&format!(
            "{:>5}  {:<8} {:<8} {:>10}  {}\n",
            step.line,
            step.status.as_str(),
            step.instruction,
            size::human(step.bytes.expected),
            step.text
        ));
        if !step.reason.is_empty() && step.status != size::CacheStatus::Cached {
            out.push_str(&format!("{:>36}  ({})\n", "", step.reason));
        }
    }
    for note in &plan.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    let rebuilt = plan.rebuilt().count();
    out.push_str(&format!(
        "\n{rebuilt} of {} layers rebuilt, {} written again, about {:.0} s ({:.0}–{:.0} s)\n",
        plan.steps.len(),
        plan.rebuilt_bytes,
        plan.rebuild_seconds.expected,
        plan.rebuild_seconds.low,
        plan.rebuild_seconds.high
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help lists every kind of change the core knows, so none is hidden from `--help`.
    #[test]
    fn the_help_names_every_kind_of_change() {
        for kind in size::CHANGE_KINDS {
            assert!(
                EXAMPLES.contains(&format!("  {:<6} ", kind.name)),
                "`{}` missing from the help",
                kind.name
            );
        }
    }
}
