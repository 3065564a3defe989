//! `stagecraft parse`, `estimate` and `cache` as a script runs them.

mod common;

use common::{stagecraft, temp_file, temp_named};

const FASTAPI: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir .\nCOPY . .\nCMD [\"uvicorn\", \"app:app\"]\n";

fn expected_bytes(json: &str) -> u64 {
    // `"image": {"stage": ..., "bytes": {"low": N, "expected": N, ...`
    let image = &json[json.find("\"image\"").expect("an image object")..];
    let expected = &image[image.find("\"expected\"").expect("an expected size")..];
    expected
        .trim_start_matches("\"expected\"")
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a number")
}

#[test]
fn parse_prints_each_instruction_with_its_line() {
    let path = temp_file("parse", "FROM alpine:3.20\nRUN apk add curl \\\n  git\n");
    let (code, out, _) = stagecraft(&["parse", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains("FROM") && lines[0].trim_start().starts_with('1'));
    assert!(lines[1].contains("RUN") && lines[1].trim_start().starts_with('2'));
}

#[test]
fn parse_reports_a_bad_line_with_its_position_and_fails() {
    let path = temp_file("parse-bad", "FROM alpine\nRUN <<EOF\necho never closed\n");
    let (code, _, err) = stagecraft(&["parse", path.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(err.contains(":2:"), "the heredoc's line is named: {err}");
}

#[test]
fn a_pyproject_sizes_pip_install_dot() {
    let dockerfile = temp_file("pyproject", FASTAPI);
    let small = temp_named(
        "pyproject",
        "small.toml",
        "[project]\nname = \"app\"\ndependencies = [\"fastapi\"]\n",
    );
    let large = temp_named(
        "pyproject",
        "large.toml",
        "[project]\nname = \"app\"\ndependencies = [\"fastapi\", \"pandas\", \"numpy\"]\n",
    );
    let size = |manifest: &std::path::Path| {
        let (code, out, err) = stagecraft(&[
            "estimate",
            dockerfile.to_str().unwrap(),
            "--pyproject",
            manifest.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        expected_bytes(&out)
    };
    assert!(
        size(&large) > size(&small) + 50_000_000,
        "pandas and numpy add tens of MB"
    );
}

#[test]
fn cache_lists_cached_and_rebuilt_layers_and_rejects_an_unknown_change() {
    let dockerfile = temp_file("cache", FASTAPI);
    let (code, out, err) = stagecraft(&[
        "cache",
        dockerfile.to_str().unwrap(),
        "--changed",
        "code",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"rebuilt\""), "{out}");
    assert!(out.contains("\"cached\""), "{out}");

    let (code, _, err) = stagecraft(&[
        "cache",
        dockerfile.to_str().unwrap(),
        "--changed",
        "everything",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("everything"), "{err}");
}

#[test]
fn estimate_json_says_how_each_base_image_was_matched() {
    let dockerfile = temp_file(
        "base-match",
        "FROM python:3.12-slim-trixie AS exact\n\
         FROM mirror.gcr.io/python:3.12-slim AS alias\n\
         FROM python:3.2-slim AS nearest\n\
         FROM example.com/team/app:1 AS unknown\n\
         FROM exact\n",
    );
    let (code, out, err) =
        stagecraft(&["estimate", dockerfile.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let compact: String = out.split_whitespace().collect();
    for (kind, row) in [
        ("exact", "\"python:3.12-slim-trixie\""),
        ("alias", "\"python:3.12-slim-trixie\""),
        ("nearest", "\"python:"),
        ("unknown", "null"),
    ] {
        let wanted = format!("\"base_image\":{{\"match\":\"{kind}\",\"row\":{row}");
        assert!(compact.contains(&wanted), "{wanted} in {compact}");
    }
    // The last stage builds on another stage: no base image of its own.
    assert!(compact.contains("\"base_image\":null"), "{compact}");
}
