//! `stagecraft lint` and `stagecraft rules` as a CI job runs them: exit status, formats,
//! configuration, `--fix`.

mod common;

use common::{stagecraft, temp_file};

#[test]
fn exit_status_follows_the_failure_threshold() {
    let path = temp_file(
        "threshold",
        "FROM python:3.12-slim\nADD app.py /app/\nUSER 10001\n",
    );
    let p = path.to_str().unwrap();
    // DL3020 is an error: fails at the default threshold and at `error`.
    assert_eq!(stagecraft(&["lint", p]).0, 1);
    assert_eq!(
        stagecraft(&["lint", "--failure-threshold", "error", p]).0,
        1
    );
    assert_eq!(stagecraft(&["lint", "--no-fail", p]).0, 0);
    let warn_only = temp_file(
        "warn",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\nUSER 10001\nCMD python app.py\n",
    );
    let w = warn_only.to_str().unwrap();
    assert_eq!(
        stagecraft(&["lint", "--failure-threshold", "error", w]).0,
        0
    );
    assert_eq!(
        stagecraft(&["lint", "--failure-threshold", "warning", w]).0,
        1
    );
}

/// Files are linted on several threads, but each file keeps its own findings and the
/// report keeps the order the files were named in.
#[test]
fn many_files_are_reported_in_the_order_given() {
    let paths: Vec<_> = (0..40)
        .map(|i| {
            let text = if i % 2 == 0 {
                "FROM debian\nRUN apt-get install -y curl\n"
            } else {
                "FROM debian:12\nUSER 10001\n"
            };
            temp_file(&format!("order{i}"), text)
        })
        .collect();
    let names: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let args: Vec<&str> = ["lint", "--no-fail", "-f", "json"]
        .into_iter()
        .chain(names.iter().copied())
        .collect();
    let (code, out, _) = stagecraft(&args);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i % 2 == 0 {
            // DL3006 (untagged), DL3008 (unpinned), DL3009 (lists kept), DL3015, DL3059...
            let count = files.iter().filter(|f| *f == name).count();
            assert!(count >= 2, "{name}: {count} findings");
            expected.extend(std::iter::repeat_n(*name, count));
        } else {
            assert!(!files.contains(name), "{name} is clean");
        }
    }
    assert_eq!(files, expected);
}

/// In the tty format each thread also works out its files' lessons, and a thread takes
/// whichever file is next: the output of many files is still each file's own output, in the
/// order named, lessons included.
#[test]
fn many_files_in_the_tty_are_each_files_own_report_in_order() {
    let texts = [
        "FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD python /app/app.py\n",
        "FROM debian:12\nUSER 10001\n",
        "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD node server.js\n",
    ];
    let paths: Vec<_> = (0..12)
        .map(|i| temp_file(&format!("tty-order{i}"), texts[i % texts.len()]))
        .collect();
    let names: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let alone: String = names
        .iter()
        .map(|name| stagecraft(&["lint", "--no-fail", "-f", "tty", name]).1)
        .collect();
    assert!(alone.contains(": next steps"), "{alone}");
    let args: Vec<&str> = ["lint", "--no-fail", "-f", "tty"]
        .into_iter()
        .chain(names.iter().copied())
        .collect();
    let (code, together, _) = stagecraft(&args);
    assert_eq!(code, 0);
    assert_eq!(together, alone);
}

#[test]
fn json_is_hadolints_shape() {
    let path = temp_file("json", "FROM debian\nRUN apt-get install -y curl\n");
    let (code, out, _) = stagecraft(&["lint", "--no-fail", "-f", "json", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v.as_array().unwrap()[0];
    assert_eq!(first["code"], "DL3006");
    assert_eq!(first["column"], 1);
    assert_eq!(first["line"], 1);
    assert_eq!(first["level"], "warning");
}

#[test]
fn config_file_ignores_rules() {
    let path = temp_file(
        "config",
        "FROM python:3.12-slim\nADD app.py /app/\nUSER 10001\n",
    );
    let config = path.with_file_name("hadolint.yaml");
    std::fs::write(&config, "ignored:\n  - DL3020\nfailure-threshold: error\n").unwrap();
    let (code, out, _) = stagecraft(&[
        "lint",
        "--config",
        config.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("DL3020"));
    std::fs::write(&config, "failure-threshold: loud\n").unwrap();
    let (code, _, err) = stagecraft(&[
        "lint",
        "--config",
        config.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn fix_rewrites_the_file_with_safe_fixes_only() {
    let path = temp_file(
        "fix",
        "FROM python:3.12-slim\nRUN pip install -r requirements.txt\nRUN apt-get install curl\n",
    );
    let p = path.to_str().unwrap();
    stagecraft(&["lint", "--fix", p]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("pip install --no-cache-dir -r requirements.txt"),
        "{fixed}"
    );
    assert!(fixed.contains("apt-get install -y curl"), "{fixed}");
    // --no-install-recommends is an unsafe fix: not applied without --unsafe-fixes.
    assert!(!fixed.contains("--no-install-recommends"), "{fixed}");
    stagecraft(&["lint", "--fix", "--unsafe-fixes", p]);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("--no-install-recommends"));
}

#[test]
fn rules_lists_and_documents() {
    let (code, out, _) = stagecraft(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("DL3042") && out.contains("STG002"));
    let (code, out, _) = stagecraft(&["rules", "DL3042"]);
    assert_eq!(code, 0);
    assert!(out.contains("## What it does"));
    assert_eq!(stagecraft(&["rules", "NOPE"]).0, 2);
}
