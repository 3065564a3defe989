//! `--format tty`: for people. Each file starts with up to three next steps (the order a
//! good guide teaches, each with its effect from the size and cache models), then the
//! findings most important first, each as hadolint prints it (`file:line CODE level:
//! message`, so grep and editors still read it) with what it costs before and after its fix,
//! then hints and the words used, explained.

use stagecraft_core::lint::{Applicability, Finding, Severity};
use stagecraft_core::teach::{self, Lesson, RankedFinding, Surface};

use super::FileReport;

use std::io::{self, Write};

/// `text` in an ANSI style when `color`: a value to write, not a string built per call.
struct Paint<'a> {
    text: &'a str,
    code: &'a str,
    color: bool,
}

impl std::fmt::Display for Paint<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.color {
            write!(f, "\x1b[{}m{}\x1b[0m", self.code, self.text)
        } else {
            f.write_str(self.text)
        }
    }
}

fn paint<'a>(text: &'a str, code: &'a str, color: bool) -> Paint<'a> {
    Paint { text, code, color }
}

/// The report as one string (tests read it whole; the CLI writes it as it goes, [`write`]).
pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut out = Vec::new();
    write(reports, color, &mut out).expect("writing to a Vec does not fail");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes the report line by line: a file with a hundred thousand findings is not first
/// built as one string of tens of megabytes, grown and copied as it goes.
pub fn write(reports: &[FileReport], color: bool, out: &mut impl Write) -> io::Result<()> {
    for r in reports {
        match &r.lesson {
            Some(lesson) => write_lesson(out, &r.path, lesson, color)?,
            None => {
                for f in &r.findings {
                    finding_line(out, &r.path, f, color)?;
                }
            }
        }
    }
    Ok(())
}

fn write_lesson(out: &mut impl Write, path: &str, lesson: &Lesson, color: bool) -> io::Result<()> {
    if let Some(why) = &lesson.not_measured {
        writeln!(out, "{path}: {why}\n")?;
    }
    if !lesson.next_steps.is_empty() {
        let heading = format!("{path}: {}", teach::next_steps_heading(Surface::Cli));
        writeln!(out, "{}", paint(&heading, "1", color))?;
        for (i, step) in lesson.next_steps.iter().enumerate() {
            writeln!(out, "  {}. {}", i + 1, step.line(Surface::Cli))?;
        }
        writeln!(out)?;
    }
    for ranked in &lesson.findings {
        finding_line(out, path, &ranked.finding, color)?;
        details(out, ranked, color)?;
    }
    for hint in &lesson.hints {
        writeln!(
            out,
            "{path}:{} {} {}: {}",
            hint.line,
            hint.id,
            paint("hint", "94", color),
            hint.message
        )?;
    }
    let terms = lesson.terms();
    if !terms.is_empty() {
        writeln!(out, "\n{}", paint("Words used above:", "1", color))?;
        for term in terms {
            writeln!(out, "  {}: {}", term.word, term.plain)?;
        }
    }
    Ok(())
}

fn finding_line(out: &mut impl Write, path: &str, f: &Finding, color: bool) -> io::Result<()> {
    let level = match f.severity {
        Severity::Error => paint("error", "1;91", color),
        Severity::Warning => paint("warning", "1;93", color),
        Severity::Info => paint("info", "92", color),
        Severity::Style => paint("style", "96", color),
    };
    write!(out, "{}:{} {}", path, f.line, f.code)?;
    if !f.also.is_empty() {
        write!(out, " ({})", f.also.join(", "))?;
    }
    writeln!(out, " {}: {}", level, f.message)?;
    if let Some(fix) = f.fixes.first() {
        let how = match fix.applicability {
            Applicability::Safe => "fix with --fix:",
            Applicability::Unsafe => "fix with --fix --unsafe-fixes:",
            Applicability::DisplayOnly => "suggestion:",
        };
        writeln!(out, "  {} {}", paint(how, "2", color), fix.title)?;
    }
    Ok(())
}

fn details(out: &mut impl Write, ranked: &RankedFinding, color: bool) -> io::Result<()> {
    if let Some(cost) = ranked.cost_sentence(Surface::Cli) {
        writeln!(out, "  {} {cost}", paint("cost:", "2", color))?;
    }
    let has_machine_fix = ranked
        .finding
        .fixes
        .first()
        .is_some_and(|f| f.applicability != Applicability::DisplayOnly);
    if !has_machine_fix {
        if let Some(pointer) = ranked.rewrite_pointer(Surface::Cli) {
            writeln!(out, "  {} {pointer}", paint("rewrite:", "2", color))?;
        }
    }
    Ok(())
}
