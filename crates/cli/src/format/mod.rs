//! Output formats for `stagecraft lint`: what CI systems and editors read.

pub mod checkstyle;
pub mod gitlab;
pub mod hadolint_json;
pub mod sarif;
pub mod stagecraft_json;
pub mod tty;

use stagecraft_core::lint::Finding;
use stagecraft_core::teach::Lesson;

/// The findings of one file.
pub struct FileReport {
    /// The path as given on the command line (`-` for standard input).
    pub path: String,
    /// In line order: the machine formats keep it. Empty when `lesson` holds the findings.
    pub findings: Vec<Finding>,
    /// The same findings ranked and explained, for the tty format (`None` for the others,
    /// which do not need the extra measuring).
    pub lesson: Option<Lesson>,
}

impl FileReport {
    /// The file's findings, wherever they are kept: in the lesson for the tty format.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        let ranked = self.lesson.iter().flat_map(|l| &l.findings);
        self.findings.iter().chain(ranked.map(|r| &r.finding))
    }
}

/// `stagecraft lint --format`: hadolint's names, so existing CI keeps working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable lines with the source and the fix, coloured on a terminal
    Tty,
    /// hadolint's JSON: one array of {code, column, file, level, line, message}
    Json,
    /// Ours: hadolint's fields plus columns, end positions, rule names and fixes
    StagecraftJson,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// Checkstyle XML, for Jenkins and other CI
    Checkstyle,
    /// GitLab Code Quality (Code Climate JSON)
    #[value(alias = "gitlab_codeclimate", alias = "codeclimate")]
    Gitlab,
}

impl Format {
    /// Reads a format as hadolint's `HADOLINT_FORMAT` and config file spell it.
    pub fn parse(text: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(text.trim(), true).ok()
    }

    /// Writes the reports to `out` followed by a newline (the tty format ends with its own).
    /// The JSON formats are written as they are serialized, through a buffer: a megabyte
    /// file's findings are tens of megabytes of JSON, not worth holding as one string.
    pub fn write(
        self,
        reports: &[FileReport],
        color: bool,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        match self {
            Format::Json => hadolint_json::write(reports, &mut out)?,
            Format::StagecraftJson => stagecraft_json::write(reports, &mut out)?,
            Format::Tty => tty::write(reports, color, &mut out)?,
            _ => out.write_all(self.render(reports, color).as_bytes())?,
        }
        if self != Format::Tty {
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    pub fn render(self, reports: &[FileReport], color: bool) -> String {
        match self {
            Format::Tty => tty::render(reports, color),
            Format::Json => hadolint_json::render(reports),
            Format::StagecraftJson => stagecraft_json::render(reports),
            Format::Sarif => sarif::render(reports),
            Format::Checkstyle => checkstyle::render(reports),
            Format::Gitlab => gitlab::render(reports),
        }
    }
}

/// `--format` of `parse`, `estimate` and `cache`: one result per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// A table for people; with several files, each under a `==> FILE <==` heading
    #[value(alias = "tty")]
    Text,
    /// One JSON array with an object per file, in the order given (even for one file)
    Json,
    /// JSON Lines: one compact object per file per line, for streaming with jq
    Jsonl,
}

/// Leaves a command's results for the operating system to reclaim when the process exits,
/// which it does right after printing them: freeing the hundreds of thousands of small
/// allocations of a 1 MB file's parse or estimate one by one took a fifth of the run.
pub fn leave_to_exit<T>(results: T) {
    std::mem::forget(results);
}

/// Prints one result per file: text under a heading when there are several files, JSON as
/// one array, JSON Lines one object a line. A closed pipe (`| head`) ends quietly. JSON is
/// written as it is serialized, through a buffer: a 1 MB Dockerfile's parse is tens of MB.
pub fn print_results<'r, T, J: serde::Serialize>(
    format: ResultFormat,
    results: &'r [(String, T)],
    json: impl Fn(&'r str, &'r T) -> J,
    text: impl Fn(&str, &T) -> String,
) {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match format {
        ResultFormat::Text => {
            let several = results.len() > 1;
            results
                .iter()
                .enumerate()
                .try_for_each(|(i, (path, result))| {
                    if several {
                        let gap = if i > 0 { "\n" } else { "" };
                        writeln!(out, "{gap}==> {path} <==")?;
                    }
                    out.write_all(text(path, result).as_bytes())
                })
        }
        ResultFormat::Json => {
            let all: Vec<J> = results
                .iter()
                .map(|(path, result)| json(path, result))
                .collect();
            serde_json::to_writer_pretty(&mut out, &all)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        ResultFormat::Jsonl => results.iter().try_for_each(|(path, result)| {
            serde_json::to_writer(&mut out, &json(path, result))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }),
    };
    let _ = written.and_then(|()| out.flush());
}
