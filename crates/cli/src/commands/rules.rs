//! `stagecraft rules [CODE]`: the list of rules, or one rule's documentation.

use std::io::Write;
use std::process::ExitCode;

use stagecraft_core::lint::{docs, rules};

const EXAMPLES: &str = "\
Examples:
  stagecraft rules                 every rule: code, name, severity, category, fix
  stagecraft rules DL3008          one rule's documentation, with examples
  stagecraft rules STG002";

/// List the lint rules, or print one rule's documentation.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A rule code (DL3008, STG002...); without it, the list of every rule
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    match args.code {
        None => {
            let mut out = String::new();
            out.push_str(&format!(
                "{:<30} {:<34} {:<8} {:<16} {:<12} also\n",
                "code", "name", "severity", "category", "fix"
            ));
            for rule in rules::all() {
                let also: Vec<&str> = rule
                    .hadolint
                    .into_iter()
                    .chain(rule.buildkit)
                    .filter(|c| *c != rule.code)
                    .collect();
                let fix = rule.fix_label();
                out.push_str(&format!(
                    "{:<30} {:<34} {:<8} {:<16} {:<12} {}\n",
                    rule.code,
                    rule.name,
                    rule.severity.as_str(),
                    rule.category.as_str(),
                    fix,
                    also.join(", ")
                ));
            }
            emit(&out);
            ExitCode::SUCCESS
        }
        Some(code) => match rules::find(&code) {
            Some(rule) => {
                emit(&docs::render_rule(rule));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "stagecraft rules: no rule `{code}` (run `stagecraft rules` for the list)"
                );
                ExitCode::from(2)
            }
        },
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not worth a panic.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
