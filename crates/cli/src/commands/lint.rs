//! `stagecraft lint [FILE...|-]`: findings for each Dockerfile, in hadolint's formats or
//! ours, with hadolint's exit status; `--fix` rewrites the files.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use stagecraft_core::lint::{self, config, fix, Applicability, Config, Options};

use crate::format::{FileReport, Format};
use crate::input::read_dockerfile;

const USAGE: &str = "\
usage: stagecraft lint [FILE...|-] [--format tty|json|sarif|checkstyle|gitlab|stagecraft-json]
                       [--failure-threshold error|warning|info|style|none] [--no-fail]
                       [--config FILE] [--ignore CODE]... [--fix] [--unsafe-fixes] [--no-color]";

struct Args {
    files: Vec<String>,
    format: Format,
    threshold: Option<config::Threshold>,
    no_fail: bool,
    config: Option<String>,
    ignore: Vec<String>,
    fix: bool,
    unsafe_fixes: bool,
    no_color: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        files: Vec::new(),
        format: Format::Tty,
        threshold: None,
        no_fail: false,
        config: None,
        ignore: Vec::new(),
        fix: false,
        unsafe_fixes: false,
        no_color: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name {
            "--format" | "-f" => {
                let v = value("a format")?;
                out.format = Format::parse(&v).ok_or_else(|| format!("unknown format `{v}`"))?;
            }
            "--failure-threshold" | "-t" => {
                let v = value("a level")?;
                out.threshold = Some(config::parse_threshold(&v).ok_or_else(|| {
                    format!("`{v}` is not a level: use error, warning, info, style or none")
                })?);
            }
            "--config" | "-c" => out.config = Some(value("a file")?),
            "--ignore" => out.ignore.push(value("a rule code")?),
            "--no-fail" => out.no_fail = true,
            "--fix" => out.fix = true,
            "--unsafe-fixes" => out.unsafe_fixes = true,
            "--no-color" => out.no_color = true,
            "-h" | "--help" => return Err(String::new()),
            "-" => out.files.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ => out.files.push(arg.clone()),
        }
    }
    if out.files.is_empty() {
        out.files.push("Dockerfile".to_string());
    }
    if out.fix && out.files.iter().any(|f| f == "-") {
        return Err("--fix rewrites files; it cannot be used with standard input".into());
    }
    Ok(out)
}

/// `--config FILE`, else `.hadolint.yaml` / `.hadolint.yml` in the current directory, as
/// hadolint looks for it.
fn load_config(path: Option<&str>) -> Result<Config, String> {
    let path = match path {
        Some(p) => Some(p.to_string()),
        None => [".hadolint.yaml", ".hadolint.yml"]
            .iter()
            .find(|p| Path::new(p).is_file())
            .map(|p| p.to_string()),
    };
    match path {
        None => Ok(Config::default()),
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("stagecraft: {path}: {e}"))?;
            Config::from_yaml(&text).map_err(|e| format!("stagecraft: {path}: {e}"))
        }
    }
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

pub fn run(args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("stagecraft lint: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut config = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if let Some(t) = args.threshold {
        config.failure_threshold = t;
    }
    config.no_fail |= args.no_fail;
    config.ignored.extend(args.ignore.iter().cloned());

    let mut reports = Vec::new();
    let mut fixed_total = 0;
    for path in &args.files {
        let text = match read_dockerfile(path) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        };
        let dockerignore = dockerignore_for(path);
        let options = Options {
            config: Some(&config),
            dockerignore: dockerignore.as_deref(),
        };
        let text = if args.fix {
            let allowed = if args.unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            let (fixed, count) = fix::fix_all(&text, options, allowed);
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
        reports.push(FileReport {
            path: path.clone(),
            findings: lint::lint_with(&text, options),
        });
    }
    let color = args.format == Format::Tty
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::stdout().is_terminal();
    let rendered = args.format.render(&reports, color);
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic; the exit status still counts.
    let _ = if args.format == Format::Tty {
        out.write_all(rendered.as_bytes())
    } else {
        writeln!(out, "{rendered}")
    };
    if args.fix {
        eprintln!("stagecraft: applied {fixed_total} fix(es)");
    }
    let failing = config.fails(
        reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.severity)),
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

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_hadolint_style_options() {
        let a = parse_args(&args(&[
            "-f",
            "json",
            "--failure-threshold=warning",
            "--no-fail",
            "Dockerfile.dev",
        ]))
        .unwrap();
        assert_eq!(a.format, Format::Json);
        assert_eq!(
            a.threshold,
            Some(Some(stagecraft_core::lint::Severity::Warning))
        );
        assert!(a.no_fail);
        assert_eq!(a.files, ["Dockerfile.dev"]);
        assert!(parse_args(&args(&["--format", "xml"])).is_err());
        assert!(parse_args(&args(&["--fix", "-"])).is_err());
    }
}
