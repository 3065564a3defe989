//! `stagecraft lint [FILE...|-]`: findings for each Dockerfile, in hadolint's formats or
//! ours, with hadolint's exit status; `--fix` rewrites the files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use stagecraft_core::lint::config::Threshold;
use stagecraft_core::lint::{self, fix, Applicability, Config, LabelType, Options, Severity};
use stagecraft_core::teach;

use crate::config::{self, Settings};
use crate::format::{FileReport, Format};
use crate::input::{read_all, Input};

const EXAMPLES: &str = "\
Examples:
  stagecraft lint                                   lints ./Dockerfile
  stagecraft lint --failure-threshold warning api/Dockerfile worker/Dockerfile
  stagecraft lint --format sarif Dockerfile > stagecraft.sarif
  stagecraft lint --format gitlab Dockerfile > gl-code-quality-report.json
  stagecraft lint --fix Dockerfile                  apply safe fixes in place
  stagecraft lint --requirements requirements.txt Dockerfile
                                                    check the slim-base advice against the packages
  stagecraft lint --ignore DL3008 --error DL3020 Dockerfile

Configuration, as hadolint reads it: --config FILE, else the first of ./.hadolint.yaml,
$XDG_CONFIG_HOME/hadolint.yaml, ~/.config/hadolint.yaml, ~/.hadolint/hadolint.yaml,
~/hadolint/config.yaml, ~/.hadolint.yaml (.yml too); then HADOLINT_* environment variables
(HADOLINT_FORMAT, HADOLINT_FAILURE_THRESHOLD, HADOLINT_IGNORE, HADOLINT_OVERRIDE_ERROR...);
then these flags.

Exit status: 0 when no finding reaches the failure threshold, 1 when one does, 2 when a
file or the configuration cannot be read.";

/// Lint Dockerfiles: hadolint's rules, output formats, configuration and exit status, plus
/// Stagecraft's own rules and fixes.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Dockerfiles to lint; `-` reads standard input
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub files: Vec<String>,
    /// Output format [default: tty, or the config's `format`, or HADOLINT_FORMAT]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Exit with 1 only when a finding is at least this severe [default: info]
    #[arg(short = 't', long, value_name = "LEVEL", value_enum)]
    pub failure_threshold: Option<FailureLevel>,
    /// Exit with 0 whatever is found
    #[arg(long)]
    pub no_fail: bool,
    /// The configuration file, instead of looking for .hadolint.yaml
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A rule not to report (repeatable)
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
    /// Report this rule as an error (repeatable)
    #[arg(long = "error", value_name = "CODE")]
    pub error: Vec<String>,
    /// Report this rule as a warning (repeatable)
    #[arg(long = "warning", value_name = "CODE")]
    pub warning: Vec<String>,
    /// Report this rule as info (repeatable)
    #[arg(long = "info", value_name = "CODE")]
    pub info: Vec<String>,
    /// Report this rule as style (repeatable)
    #[arg(long = "style", value_name = "CODE")]
    pub style: Vec<String>,
    /// A registry FROM may pull from, e.g. docker.io (repeatable; DL3026)
    #[arg(long, value_name = "REGISTRY")]
    pub trusted_registry: Vec<String>,
    /// A label every image must have, e.g. maintainer:text (repeatable; DL3049-DL3058)
    #[arg(long, value_name = "LABEL:TYPE", value_parser = config::parse_label_requirement)]
    pub require_label: Vec<(String, LabelType)>,
    /// Report labels that are not in the label schema
    #[arg(long)]
    pub strict_labels: bool,
    /// Do not honour `# hadolint ignore=` comments
    #[arg(long)]
    pub disable_ignore_pragma: bool,
    /// A requirements.txt, so advice about installs (a slim base) is checked against it
    #[arg(long, value_name = "FILE", conflicts_with = "pyproject")]
    pub requirements: Option<PathBuf>,
    /// A pyproject.toml, read for its runtime dependencies (as --requirements)
    #[arg(long, value_name = "FILE")]
    pub pyproject: Option<PathBuf>,
    /// A package.json, as `estimate` takes it (today only the Python advice reads manifests)
    #[arg(long, value_name = "FILE")]
    pub package_json: Option<PathBuf>,
    /// Apply the safe fixes to the files in place, then report what is left
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply fixes that change what the image does (pinned versions...)
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// Do not colour the tty output (NO_COLOR does the same)
    #[arg(long)]
    pub no_color: bool,
    /// The path to print in reports instead of the one given (e.g. with standard input)
    #[arg(long, value_name = "PATH")]
    pub file_path_in_report: Option<String>,
    /// Say on standard error which configuration was used
    #[arg(short = 'V', long)]
    pub verbose: bool,
}

/// `--failure-threshold`'s levels, in hadolint's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailureLevel {
    Error,
    Warning,
    Info,
    Style,
    /// Every finding fails, whatever its level
    #[value(alias = "ignore")]
    None,
}

impl FailureLevel {
    fn threshold(self) -> Threshold {
        match self {
            FailureLevel::Error => Some(Severity::Error),
            FailureLevel::Warning => Some(Severity::Warning),
            FailureLevel::Info => Some(Severity::Info),
            FailureLevel::Style => Some(Severity::Style),
            FailureLevel::None => None,
        }
    }
}

/// The settings in force: the config file (`--config`, else the first hadolint location),
/// then the environment, then the flags.
fn settings(args: &Args) -> Result<Settings, String> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::find(&cwd, |name| std::env::var_os(name))),
    };
    let mut settings = match &path {
        None => Settings::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "stagecraft: cannot read the config {} ({e}); nothing was linted. Check the path given to --config.",
                    path.display()
                )
            })?;
            config::from_yaml(&text).map_err(|e| {
                format!(
                    "stagecraft: {}: {e}. The config was not applied and nothing was linted; fix that line and run again.",
                    path.display()
                )
            })?
        }
    };
    config::apply_env(&mut settings, |name| std::env::var(name).ok())
        .map_err(|e| format!("stagecraft: {e}; nothing was linted."))?;
    let config = &mut settings.config;
    if let Some(level) = args.failure_threshold {
        config.failure_threshold = level.threshold();
    }
    config.no_fail |= args.no_fail;
    config.strict_labels |= args.strict_labels;
    config.disable_ignore_pragma |= args.disable_ignore_pragma;
    config.ignored.extend(args.ignore.iter().cloned());
    config
        .trusted_registries
        .extend(args.trusted_registry.iter().cloned());
    config
        .label_schema
        .extend(args.require_label.iter().cloned());
    for (codes, severity) in [
        (&args.error, Severity::Error),
        (&args.warning, Severity::Warning),
        (&args.info, Severity::Info),
        (&args.style, Severity::Style),
    ] {
        for code in codes {
            config.overrides.insert(code.clone(), severity);
        }
    }
    if args.format.is_some() {
        settings.format = args.format;
    }
    if args.no_color {
        settings.no_color = Some(true);
    }
    if args.verbose {
        settings.verbose = Some(true);
    }
    if settings.verbose == Some(true) {
        match &path {
            Some(path) => eprintln!("stagecraft: config {}", path.display()),
            None => eprintln!("stagecraft: no config file found; using the defaults"),
        }
    }
    Ok(settings)
}

/// The `.dockerignore` beside a Dockerfile (STG004 reads it).
fn dockerignore_for(path: &str) -> Option<String> {
    if path == "-" {
        return std::fs::read_to_string(".dockerignore").ok();
    }
    let dir = Path::new(path).parent().unwrap_or(Path::new("."));
    let named = Path::new(path)
        .file_name()
        .map(|n| format!("{}.dockerignore", n.to_string_lossy()));
    named
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .or_else(|| Some(dir.join(".dockerignore")))
        .and_then(|p| std::fs::read_to_string(p).ok())
}

pub fn run(args: Args) -> ExitCode {
    if args.fix && args.files.iter().any(|f| f == "-") {
        eprintln!("stagecraft: --fix rewrites files in place, so it cannot fix standard input; nothing was linted. Name the file instead of `-`.");
        return ExitCode::from(2);
    }
    let settings = match settings(&args) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let config = &settings.config;
    let format = settings.format.unwrap_or(Format::Tty);
    let inputs = match read_all(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };

    let read_manifest = |path: &Option<PathBuf>| -> Result<Option<String>, String> {
        path.as_ref()
            .map(|p| {
                std::fs::read_to_string(p).map_err(|e| {
                    format!(
                        "stagecraft: cannot read {} ({e}); nothing was linted. Check the path.",
                        p.display()
                    )
                })
            })
            .transpose()
    };
    let (requirements, pyproject, package_json) = match (
        read_manifest(&args.requirements),
        read_manifest(&args.pyproject),
        read_manifest(&args.package_json),
    ) {
        (Ok(r), Ok(p), Ok(j)) => (r, p, j),
        (Err(message), _, _) | (_, Err(message), _) | (_, _, Err(message)) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let manifests = lint::Manifests {
        requirements: requirements.as_deref(),
        pyproject: pyproject.as_deref(),
        package_json: package_json.as_deref(),
    };

    if !args.fix {
        let reports = reports_in_parallel(
            &inputs,
            config,
            manifests,
            format,
            args.file_path_in_report.as_ref(),
        );
        return report(&settings, format, &reports, false, 0);
    }

    let mut reports = Vec::new();
    let mut fixed_total = 0;
    for input in inputs {
        let (path, text) = (&input.path, input.text);
        let dockerignore = dockerignore_for(path);
        let options = Options {
            config: Some(config),
            dockerignore: dockerignore.as_deref(),
        };
        let text = if args.fix {
            let allowed = if args.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let (fixed, count) = fix::fix_all_with(&text, options, manifests, allowed);
            if count > 0 {
                if let Err(e) = std::fs::write(path, &fixed) {
                    eprintln!("stagecraft: writing {path}: {e}");
                    return ExitCode::from(2);
                }
                fixed_total += count;
            }
            fixed
        } else {
            text
        };
        let findings = lint::lint_with_manifests(&text, options, manifests);
        let (findings, lesson) =
            lesson_for(format, &text, findings, dockerignore.as_deref(), manifests);
        reports.push(FileReport {
            path: args
                .file_path_in_report
                .clone()
                .unwrap_or_else(|| path.clone()),
            findings,
            lesson,
        });
    }
    report(&settings, format, &reports, args.fix, fixed_total)
}

/// The ranked findings and next steps for the tty format. Ranking measures every fix with the
/// size and cache models, so it is worked out only for people reading it. The lesson takes
/// the findings over (a file can have a hundred thousand: they are not copied); the list
/// handed back is then empty, and [`FileReport::findings`] reads them from the lesson.
fn lesson_for(
    format: Format,
    text: &str,
    findings: Vec<lint::Finding>,
    dockerignore: Option<&str>,
    manifests: lint::Manifests,
) -> (Vec<lint::Finding>, Option<teach::Lesson>) {
    if format != Format::Tty || findings.is_empty() {
        return (findings, None);
    }
    let manifests = stagecraft_core::rewrite::Manifests {
        dockerignore: dockerignore.map(str::to_string),
        requirements: manifests.requirements.map(str::to_string),
        pyproject: manifests.pyproject.map(str::to_string),
        package_json: manifests.package_json.map(str::to_string),
        ..Default::default()
    };
    (
        Vec::new(),
        Some(teach::lesson_of(text, findings, &manifests)),
    )
}

/// Each file's report, in the order of `inputs`. Files are independent, so they are spread
/// over the machine's cores (hadolint lints them one after another); each thread also works
/// out its files' lessons, which cost far more than their findings in the tty format. A
/// thread takes the next file when it is done with one, because a file's cost varies a
/// hundredfold (a lesson measures each fix), so fixed halves would leave one core idle.
fn reports_in_parallel(
    inputs: &[Input],
    config: &Config,
    manifests: lint::Manifests,
    format: Format,
    path_in_report: Option<&String>,
) -> Vec<FileReport> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let report_one = |input: &Input| {
        let dockerignore = dockerignore_for(&input.path);
        let options = Options {
            config: Some(config),
            dockerignore: dockerignore.as_deref(),
        };
        let findings = lint::lint_with_manifests(&input.text, options, manifests);
        let (findings, lesson) = lesson_for(
            format,
            &input.text,
            findings,
            dockerignore.as_deref(),
            manifests,
        );
        FileReport {
            lesson,
            path: path_in_report.unwrap_or(&input.path).clone(),
            findings,
        }
    };
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else {
                return done;
            };
            done.push((i, report_one(input)));
        }
    };
    let mut reports: Vec<(usize, FileReport)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    reports.sort_unstable_by_key(|(i, _)| *i);
    reports.into_iter().map(|(_, report)| report).collect()
}

/// Prints the reports and gives the exit status the configuration asks for.
fn report(
    settings: &Settings,
    format: Format,
    reports: &[FileReport],
    fixed: bool,
    fixed_total: usize,
) -> ExitCode {
    let config = &settings.config;
    let color =
        format == Format::Tty && settings.no_color != Some(true) && std::io::stdout().is_terminal();
    // A closed pipe (`| head`) is not an error worth a panic; the exit status still counts.
    let _ = format.write(reports, color, &mut std::io::stdout().lock());
    if fixed {
        eprintln!("stagecraft: applied {fixed_total} fix(es)");
    }
    let failing = config.fails(
        reports
            .iter()
            .flat_map(|r| r.findings().map(|f| f.severity)),
    );
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn lint_args(list: &[&str]) -> Result<Args, clap::Error> {
        let cli = crate::cli::Cli::try_parse_from(["stagecraft", "lint"].iter().chain(list))?;
        match cli.command {
            crate::cli::Command::Lint(args) => Ok(args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn reads_hadolint_style_options() {
        let a = lint_args(&[
            "-f",
            "json",
            "--failure-threshold=warning",
            "--no-fail",
            "--require-label",
            "maintainer:email",
            "Dockerfile.dev",
        ])
        .unwrap();
        assert_eq!(a.format, Some(Format::Json));
        assert_eq!(a.failure_threshold, Some(FailureLevel::Warning));
        assert!(a.no_fail);
        assert_eq!(
            a.require_label,
            [("maintainer".to_string(), LabelType::Email)]
        );
        assert_eq!(a.files, ["Dockerfile.dev"]);
        assert_eq!(
            lint_args(&["-t", "ignore"]).unwrap().failure_threshold,
            Some(FailureLevel::None)
        );
        assert_eq!(
            lint_args(&["-f", "gitlab_codeclimate"]).unwrap().format,
            Some(Format::Gitlab)
        );
        assert!(lint_args(&["--format", "xml"]).is_err());
        assert!(
            lint_args(&["--unsafe-fixes"]).is_err(),
            "--unsafe-fixes needs --fix"
        );
        assert!(lint_args(&["--require-label", "maintainer"]).is_err());
    }
}
