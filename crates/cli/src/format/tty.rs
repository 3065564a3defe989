//! `--format tty`: for people. Each file starts with up to three next steps (the order a
//! good guide teaches, each with its effect from the size and cache models), then the
//! findings most important first, each as hadolint prints it (`file:line CODE level:
//! message`, so grep and editors still read it) with what it costs before and after its fix,
//! then hints and the words used, explained.

use stagecraft_core::lint::{Applicability, Finding, Severity};
use stagecraft_core::teach::{self, Lesson, RankedFinding, Surface};

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
        match &r.lesson {
            Some(lesson) => render_lesson(&mut out, &r.path, lesson, color),
            None => {
                for f in &r.findings {
                    finding_line(&mut out, &r.path, f, color);
                }
            }
        }
    }
    out
}

fn render_lesson(out: &mut String, path: &str, lesson: &Lesson, color: bool) {
    if let Some(why) = &lesson.not_measured {
        out.push_str(&format!("{path}: {why}\n\n"));
    }
    if !lesson.next_steps.is_empty() {
        out.push_str(&paint(
            &format!("{path}: {}", teach::next_steps_heading(Surface::Cli)),
            "1",
            color,
        ));
        out.push('\n');
        for (i, step) in lesson.next_steps.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, step.line(Surface::Cli)));
        }
        out.push('\n');
    }
    for ranked in &lesson.findings {
        finding_line(out, path, &ranked.finding, color);
        details(out, ranked, color);
    }
    for hint in &lesson.hints {
        out.push_str(&format!(
            "{path}:{} {} {}: {}\n",
            hint.line,
            hint.id,
            paint("hint", "94", color),
            hint.message
        ));
    }
    let terms = lesson.terms();
    if !terms.is_empty() {
        out.push_str(&format!("\n{}\n", paint("Words used above:", "1", color)));
        for term in terms {
            out.push_str(&format!("  {}: {}\n", term.word, term.plain));
        }
    }
}

fn finding_line(out: &mut String, path: &str, f: &Finding, color: bool) {
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
        path, f.line, names, level, f.message
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

fn details(out: &mut String, ranked: &RankedFinding, color: bool) {
    if let Some(cost) = ranked.cost_sentence(Surface::Cli) {
        out.push_str(&format!("  {} {cost}\n", paint("cost:", "2", color)));
    }
    let has_machine_fix = ranked
        .finding
        .fixes
        .first()
        .is_some_and(|f| f.applicability != Applicability::DisplayOnly);
    if !has_machine_fix {
        if let Some(pointer) = ranked.rewrite_pointer(Surface::Cli) {
            out.push_str(&format!("  {} {pointer}\n", paint("rewrite:", "2", color)));
        }
    }
}
