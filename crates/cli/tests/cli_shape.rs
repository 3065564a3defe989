//! The command line as a user meets it: help, version, usage errors with suggestions,
//! several files and standard input for every command, JSON arrays and JSON Lines, and
//! hadolint's config locations and environment variables end to end.

mod common;

use common::{stagecraft, stagecraft_with, temp_named, Run};

const GOOD: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nUSER 10001\nCMD [\"python\", \"app.py\"]\n";
const ADD: &str = "FROM python:3.12-slim\nADD app.py /app/\nUSER 10001\n";

#[test]
fn help_lists_every_command_and_version_names_the_release() {
    let (code, out, _) = stagecraft(&["--help"]);
    assert_eq!(code, 0);
    for command in ["lint", "estimate", "cache", "parse", "rules", "Examples:"] {
        assert!(out.contains(command), "{command} in\n{out}");
    }
    let (code, out, _) = stagecraft(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("stagecraft {}", env!("CARGO_PKG_VERSION"))
    );
    // No command at all: the help, as a usage error.
    let (code, _, err) = stagecraft(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage: stagecraft <COMMAND>"), "{err}");
}

#[test]
fn each_command_has_its_own_help_with_examples() {
    for command in ["lint", "estimate", "cache", "parse", "rules"] {
        let (code, out, _) = stagecraft(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(
            out.contains(&format!("Usage: stagecraft {command}")),
            "{out}"
        );
        assert!(
            out.contains(&format!("  stagecraft {command}")),
            "examples in\n{out}"
        );
    }
    let (_, out, _) = stagecraft(&["lint", "--help"]);
    for flag in [
        "--format",
        "--failure-threshold",
        "--no-fail",
        "--config",
        "--ignore",
        "--error",
        "--warning",
        "--info",
        "--style",
        "--trusted-registry",
        "--require-label",
        "--strict-labels",
        "--disable-ignore-pragma",
        "--no-color",
        "--file-path-in-report",
        "--verbose",
        "--fix",
        "--unsafe-fixes",
    ] {
        assert!(out.contains(flag), "hadolint's {flag} in\n{out}");
    }
}

#[test]
fn usage_errors_exit_2_with_a_suggestion() {
    let (code, _, err) = stagecraft(&["lint", "--no-fial", "Dockerfile"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a similar argument exists: '--no-fail'"),
        "{err}"
    );
    let (code, _, err) = stagecraft(&["lnt"]);
    assert_eq!(code, 2);
    assert!(err.contains("a similar subcommand exists: 'lint'"), "{err}");
    let (code, _, err) = stagecraft(&["lint", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values: tty, json"), "{err}");
    let (code, _, err) = stagecraft(&["estimate", "--context-size", "lots"]);
    assert_eq!(code, 2);
    assert!(err.contains("try 40MB"), "{err}");
}

#[test]
fn parse_estimate_and_cache_give_one_json_result_per_file() {
    let a = temp_named("multi-a", "Dockerfile", GOOD);
    let b = temp_named("multi-b", "Dockerfile", ADD);
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for command in ["parse", "estimate", "cache"] {
        let (code, out, err) = stagecraft(&[command, "--format", "json", a, b]);
        assert_eq!(code, 0, "{command}: {err}");
        let all: serde_json::Value = serde_json::from_str(&out).unwrap();
        let files: Vec<&str> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["file"].as_str().unwrap())
            .collect();
        assert_eq!(files, [a, b], "{command}");

        let (code, out, _) = stagecraft(&[command, "--format", "jsonl", a, b]);
        assert_eq!(code, 0);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
            .collect();
        assert_eq!(lines.len(), 2, "{command}: {out}");
        assert_eq!(lines[1]["file"], b);
        assert_eq!(lines, all.as_array().unwrap().clone(), "{command}");
    }
    let (_, out, _) = stagecraft(&["estimate", a, b]);
    assert!(out.starts_with(&format!("==> {a} <==")), "{out}");
    assert!(out.contains(&format!("\n==> {b} <==")), "{out}");
}

#[test]
fn every_command_reads_standard_input_as_dash() {
    for args in [
        vec!["parse", "-"],
        vec!["estimate", "-"],
        vec!["cache", "--changed", "deps", "-"],
        vec!["lint", "-f", "json", "-"],
    ] {
        let (code, out, err) = stagecraft_with(
            &args,
            Run {
                stdin: Some(ADD),
                ..Run::default()
            },
        );
        assert!(
            code == 0 || (args[0] == "lint" && code == 1),
            "{args:?}: {err}"
        );
        assert!(
            out.contains("ADD") || out.contains("DL3020"),
            "{args:?}: {out}"
        );
    }
    let (code, _, err) = stagecraft_with(
        &["parse", "-", "-"],
        Run {
            stdin: Some(ADD),
            ..Run::default()
        },
    );
    assert_eq!(code, 2);
    assert!(err.contains("read only once"), "{err}");
    let (code, _, err) = stagecraft(&["parse", "/no/such/Dockerfile"]);
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/Dockerfile"), "{err}");
}

#[test]
fn config_is_found_where_hadolint_looks_and_the_environment_goes_over_it() {
    let dockerfile = temp_named("locations", "Dockerfile", ADD);
    let project = dockerfile.parent().unwrap();
    let home = project.join("home");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    let home_s = home.to_str().unwrap();
    let lint = |env: &[(&str, &str)]| {
        stagecraft_with(
            &["lint", "-V", "-f", "json", "Dockerfile"],
            Run {
                cwd: Some(project),
                env,
                ..Run::default()
            },
        )
    };
    // No config anywhere: DL3020 (an error) fails the run.
    let (code, out, err) = lint(&[("HOME", home_s)]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("DL3020"));
    assert!(err.contains("no config file found"), "{err}");
    // ~/.config/hadolint.yaml ignores it.
    std::fs::write(home.join(".config/hadolint.yaml"), "ignored: [DL3020]\n").unwrap();
    let (code, out, err) = lint(&[("HOME", home_s)]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("DL3020"), "{out}");
    assert!(err.contains(".config/hadolint.yaml"), "{err}");
    // ./.hadolint.yaml comes first and is used alone: DL3020 is back, as a warning.
    std::fs::write(
        project.join(".hadolint.yaml"),
        "override:\n  warning: [DL3020]\nfailure-threshold: error\n",
    )
    .unwrap();
    let (code, out, _) = lint(&[("HOME", home_s)]);
    assert_eq!(code, 0);
    assert!(out.contains("\"level\":\"warning\""), "{out}");
    // The environment goes over the file, and the flags over both.
    let (code, _, _) = lint(&[("HOME", home_s), ("HADOLINT_FAILURE_THRESHOLD", "warning")]);
    assert_eq!(code, 1);
    let (code, _, _) = lint(&[("HOME", home_s), ("HADOLINT_NOFAIL", "1")]);
    assert_eq!(code, 0);
    let (code, out, _) = stagecraft_with(
        &["lint", "Dockerfile"],
        Run {
            cwd: Some(project),
            env: &[("HADOLINT_FORMAT", "sarif")],
            ..Run::default()
        },
    );
    assert!(out.contains("sarif-2.1.0"), "{code}: {out}");
    // A broken config stops the run with its line and column.
    std::fs::write(project.join(".hadolint.yaml"), "ignored: [DL3020\n").unwrap();
    let (code, _, err) = lint(&[("HOME", home_s)]);
    assert_eq!(code, 2);
    assert!(err.contains(".hadolint.yaml: line 2, column 1:"), "{err}");
}

#[test]
fn hadolints_rule_flags_change_levels_and_report_paths() {
    let path = temp_named("rule-flags", "Dockerfile", ADD);
    let p = path.to_str().unwrap();
    let (code, out, _) = stagecraft(&[
        "lint",
        "-f",
        "json",
        "--warning",
        "DL3020",
        "-t",
        "error",
        p,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("\"level\":\"warning\""), "{out}");
    let (_, out, _) = stagecraft(&[
        "lint",
        "-f",
        "json",
        "--file-path-in-report",
        "app/Dockerfile",
        p,
    ]);
    assert!(out.contains("\"file\":\"app/Dockerfile\""), "{out}");
    let (_, out, _) = stagecraft(&[
        "lint",
        "-f",
        "json",
        "--require-label",
        "maintainer:text",
        p,
    ]);
    assert!(out.contains("DL3049"), "{out}");
}

#[test]
fn the_help_texts_read_as_reviewed() {
    // Snapshots, so a change to what users read shows up in review.
    for (name, args) in [
        ("help", vec!["--help"]),
        ("lint-help", vec!["lint", "--help"]),
        ("estimate-help", vec!["estimate", "--help"]),
    ] {
        let (code, out, _) = stagecraft(&args);
        assert_eq!(code, 0);
        insta::assert_snapshot!(name, out);
    }
}
