//! `stagecraft cache FILE --changed code|deps|base|line:N`: which layers a change rebuilds,
//! which come from the build cache, and roughly what the rebuild costs.

use std::process::ExitCode;

use serde_json::json;
use stagecraft_core::size::{self, CachePlan, Change};

use super::estimate::{bytes_json, print_out, read_options};
use crate::input::read_dockerfile;

const USAGE: &str = "usage: stagecraft cache FILE|- --changed code|deps|base|line:N \
[--requirements F] [--package-json F] [--context-size SIZE] [--target STAGE] [--format tty|json]";

pub fn run(args: &[String]) -> ExitCode {
    let options = match read_options(args, USAGE, true) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let change: Change = match options.changed.as_deref().unwrap_or("code").parse() {
        Ok(change) => change,
        Err(error) => {
            eprintln!("--changed: {}", error.message);
            return ExitCode::from(2);
        }
    };
    let text = match read_dockerfile(&options.path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let file = stagecraft_core::parse(&text);
    let plan = size::cache_plan(&file, &options.inputs, change);
    if options.json {
        print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&plan)).unwrap_or_default()
        ));
    } else {
        print_out(&to_table(&plan));
    }
    ExitCode::SUCCESS
}

fn to_json(plan: &CachePlan) -> serde_json::Value {
    json!({
        "changed": plan.change.to_string(),
        "rebuilt_bytes": bytes_json(plan.rebuilt_bytes),
        "rebuild_seconds": {
            "low": plan.rebuild_seconds.low,
            "expected": plan.rebuild_seconds.expected,
            "high": plan.rebuild_seconds.high,
        },
        "first_rebuilt_line": plan.first_rebuilt_line,
        "layers": plan.steps.iter().map(|s| json!({
            "stage": s.stage,
            "line": s.line,
            "instruction": s.instruction,
            "text": s.text,
            "status": s.status.as_str(),
            "reason": s.reason,
            "bytes": bytes_json(s.bytes),
        })).collect::<Vec<_>>(),
        "notes": plan.notes,
    })
}

fn to_table(plan: &CachePlan) -> String {
    let mut out = format!("changed: {}\n\n", plan.change);
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
