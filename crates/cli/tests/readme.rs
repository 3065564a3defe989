//! The README's command lines are real: every `stagecraft ...` in its code blocks parses with
//! the CLI's own definitions (so every flag it names exists), and its CI recipes, run as
//! written, give a SARIF log, a GitLab Code Quality report and an exit status of the shapes
//! those systems read.

mod common;

use std::path::Path;

use clap::Parser;
use common::{stagecraft_with, temp_named, Run};
use serde_json::Value;
use stagecraft_cli::cli::Cli;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap()
}

/// Lines inside fenced code blocks.
fn code_lines(text: &str) -> Vec<&str> {
    let mut inside = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside;
        } else if inside {
            lines.push(line);
        }
    }
    lines
}

/// Each `stagecraft <command> ...` in `line`, as arguments, up to a shell operator or comment.
fn invocations(line: &str) -> Vec<Vec<String>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        // `stagecraft` as a program, not an image tag (`-t stagecraft .`) or a path.
        let is_command = *word == "stagecraft"
            && (next.starts_with('-')
                || next.chars().all(|c| c.is_ascii_lowercase()) && !next.is_empty());
        if !is_command {
            continue;
        }
        let args: Vec<String> = words[i + 1..]
            .iter()
            .take_while(|w| {
                !matches!(**w, ">" | "<" | "|" | "||" | "&&" | ";") && !w.starts_with('#')
            })
            .map(|w| w.to_string())
            .collect();
        found.push(args);
    }
    found
}

#[test]
fn every_command_line_in_the_readme_parses() {
    let text = readme();
    let mut checked = 0;
    for line in code_lines(&text) {
        for args in invocations(line) {
            let parsed =
                Cli::try_parse_from(std::iter::once("stagecraft".to_string()).chain(args.clone()));
            match parsed {
                Ok(_) => {}
                // `--help`/`--version` stop parsing on purpose.
                Err(e) if e.exit_code() == 0 => {}
                Err(e) => panic!(
                    "README: `stagecraft {}` does not parse:\n{e}",
                    args.join(" ")
                ),
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 6,
        "the README's command lines were found ({checked})"
    );
}

#[test]
fn a_misspelt_flag_would_be_caught() {
    let args = invocations("    - stagecraft lint --format gitlab --no-fial Dockerfile > x.json");
    assert_eq!(
        args,
        [["lint", "--format", "gitlab", "--no-fial", "Dockerfile"]]
    );
    assert!(
        Cli::try_parse_from(std::iter::once("stagecraft".to_string()).chain(args[0].clone()))
            .is_err()
    );
    assert!(invocations("docker build -t stagecraft .").is_empty());
}

/// The README line that holds `needle`, run as written in a folder with `dockerfile`.
fn run_recipe(needle: &str, name: &str, dockerfile: &str) -> (i32, String, String) {
    let text = readme();
    let line = code_lines(&text)
        .into_iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("a README line with `{needle}`"));
    let args = invocations(line).pop().unwrap();
    let path = temp_named(name, "Dockerfile", dockerfile);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    stagecraft_with(
        &args,
        Run {
            cwd: path.parent(),
            ..Run::default()
        },
    )
}

const BAD: &str = "FROM debian\nRUN apt-get install -y curl\nADD app.py /app/\n";
const WARNING_ONLY: &str =
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nUSER 10001\nCMD python app.py\n";
const CLEAN: &str =
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nUSER 10001\nCMD [\"python\", \"app.py\"]\n";

#[test]
fn the_github_recipe_gives_sarif_that_code_scanning_reads() {
    let (code, out, err) = run_recipe("--format sarif", "readme-sarif", BAD);
    assert_eq!(code, 0, "--no-fail lets the upload step run: {err}");
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif"));
    let run = &log["runs"][0];
    assert!(run["tool"]["driver"]["name"].is_string());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{out}");
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at its rule");
        assert!(["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "Dockerfile");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn the_gitlab_recipe_gives_a_code_quality_report() {
    let (code, out, err) = run_recipe("--format gitlab", "readme-gitlab", BAD);
    assert_eq!(code, 0, "{err}");
    let report: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(report.len() >= 3, "{out}");
    let mut fingerprints = std::collections::HashSet::new();
    for issue in &report {
        // The fields GitLab's Code Quality requires.
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        assert!(
            fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()),
            "fingerprints are unique"
        );
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], "Dockerfile");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn the_plain_gate_fails_on_warnings_and_passes_clean_files() {
    assert_eq!(
        run_recipe("--failure-threshold warning", "gate-bad", BAD).0,
        1
    );
    assert_eq!(
        run_recipe("--failure-threshold warning", "gate-warn", WARNING_ONLY).0,
        1
    );
    assert_eq!(
        run_recipe("--failure-threshold warning", "gate-clean", CLEAN).0,
        0
    );
}
