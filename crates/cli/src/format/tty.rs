//! `--format tty`: one line per finding, as hadolint prints them (`file:line CODE level:
//! message`), with the fix when there is one.

use stagecraft_core::lint::{Applicability, Severity};

use super::FileReport;

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let level = match f.severity {
                Severity::Error => paint("error", "1;91", color),
                Severity::Warning => paint("warning", "1;93", color),
                Severity::Info => paint("info", "92", color),
                Severity::Style => paint("style", "96", color),
            };
            let names = if f.also.is_empty() {
                f.code.to_string()
            } else {
                format!("{} ({})", f.code, f.also.join(", "))
            };
            out.push_str(&format!(
                "{}:{} {} {}: {}\n",
                r.path, f.line, names, level, f.message
            ));
            if let Some(fix) = f.fixes.first() {
                let how = match fix.applicability {
                    Applicability::Safe => "fix with --fix",
                    Applicability::Unsafe => "fix with --fix --unsafe-fixes",
                    Applicability::DisplayOnly => "suggestion",
                };
                out.push_str(&format!(
                    "  {} {}\n",
                    paint(&format!("{how}:"), "2", color),
                    fix.title
                ));
            }
        }
    }
    out
}
