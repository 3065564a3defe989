//! `stagecraft rules [CODE]`: the list of rules, or one rule's documentation.

use std::io::Write;
use std::process::ExitCode;

use stagecraft_core::lint::{docs, registry};

pub fn run(args: &[String]) -> ExitCode {
    match args {
        [] => {
            let mut out = String::new();
            out.push_str(&format!(
                "{:<30} {:<34} {:<8} {:<16} {:<12} also\n",
                "code", "name", "severity", "category", "fix"
            ));
            for rule in registry::rules() {
                let also: Vec<&str> = rule
                    .hadolint
                    .into_iter()
                    .chain(rule.buildkit)
                    .filter(|c| *c != rule.code)
                    .collect();
                let fix = match rule.fix {
                    registry::FixKind::None => "-",
                    registry::FixKind::Safe => "safe",
                    registry::FixKind::Unsafe => "unsafe",
                    registry::FixKind::DisplayOnly => "suggestion",
                };
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
        [code] => match registry::find(code) {
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
        _ => {
            eprintln!("usage: stagecraft rules [CODE]");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not worth a panic.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
