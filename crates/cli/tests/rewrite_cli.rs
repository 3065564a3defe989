//! `stagecraft rewrite` as a person and a script run it.

mod common;

use common::{stagecraft, temp_file, temp_named};

const NAIVE: &str = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 5000\nCMD python app.py\n";

#[test]
fn prints_the_final_dockerfile() {
    let path = temp_file("rewrite-final", NAIVE);
    let (code, out, err) = stagecraft(&["rewrite", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AS builder"), "{out}");
    assert!(out.contains("FROM python:3.12-slim\n"), "{out}");
    assert!(out.contains("USER 10001"), "{out}");
    assert!(out.contains("CMD [\"python\", \"app.py\"]"), "{out}");
    // The output is itself a file the engine leaves alone.
    let again = temp_file("rewrite-again", &out);
    let (_, twice, _) = stagecraft(&["rewrite", again.to_str().unwrap()]);
    assert_eq!(twice, out);
}

#[test]
fn json_has_every_step_with_its_figures() {
    let path = temp_file("rewrite-json", NAIVE);
    let requirements = temp_named("rewrite-json", "requirements.txt", "flask==3.0.3\n");
    let (code, out, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--requirements",
        requirements.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(value["dockerfile"].as_str().unwrap().contains("AS builder"));
    assert!(value["dockerignore"].as_str().unwrap().contains(".git"));
    assert_eq!(value["stack"]["language"], "python");
    let steps = value["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 11);
    for key in [
        "id",
        "title",
        "status",
        "safety",
        "reason",
        "diff",
        "findings_before",
        "findings_after",
        "bytes_before",
        "bytes_after",
        "rebuild_on_code_change_before",
        "rebuild_on_code_change_after",
    ] {
        assert!(steps[0].get(key).is_some(), "missing {key}");
    }
    let slim = steps.iter().find(|s| s["id"] == "slim-base").unwrap();
    assert_eq!(slim["status"], "applied");
    assert_eq!(slim["safety"], "changes-behaviour");
    assert!(
        slim["bytes_after"]["expected"].as_u64() < slim["bytes_before"]["expected"].as_u64(),
        "the slim base is smaller: {slim}"
    );
    let statuses: Vec<&str> = steps
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"not-applicable"), "{statuses:?}");
}

#[test]
fn until_stops_after_the_named_step_and_diff_shows_the_change() {
    let path = temp_file("rewrite-until", NAIVE);
    let (code, out, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--until",
        "slim-base",
        "--format",
        "diff",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("-FROM python:3.12\n+FROM python:3.12-slim\n"),
        "{out}"
    );
    assert!(!out.contains("builder"), "later steps did not run: {out}");

    let (code, _, err) = stagecraft(&["rewrite", path.to_str().unwrap(), "--until", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("slim-base"), "the steps are listed: {err}");
}

#[test]
fn writes_the_dockerignore_where_asked() {
    let path = temp_file("rewrite-ignore", NAIVE);
    let ignore = path.with_file_name("generated.dockerignore");
    let (code, _, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--write-dockerignore",
        ignore.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&ignore).unwrap();
    assert!(
        written.contains(".git\n") && written.contains("__pycache__/"),
        "{written}"
    );
}

#[test]
fn a_file_that_does_not_parse_is_never_rewritten() {
    let path = temp_file(
        "rewrite-bad",
        "FROM python:3.12\nRUN <<EOF\necho never closed\n",
    );
    let (code, out, err) = stagecraft(&["rewrite", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "no partial output: {out}");
    assert!(err.contains(":2:"), "the line and column are named: {err}");
}

#[test]
fn list_steps_prints_each_step_with_its_documentation() {
    let (code, out, _) = stagecraft(&["rewrite", "--list-steps"]);
    assert_eq!(code, 0);
    assert!(out.contains(" 1. fix-build"), "{out}");
    assert!(out.contains("11. distroless"), "{out}");
    assert!(out.contains("## Why"), "{out}");
}

#[test]
fn a_start_command_can_be_given_for_a_file_without_one() {
    let path = temp_file(
        "rewrite-start",
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
    );
    let (code, out, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--start-command",
        "gunicorn app:app",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("CMD [\"gunicorn\", \"app:app\"]\n"), "{out}");
    assert!(
        out.contains("AS builder"),
        "with a start command the stages split: {out}"
    );
}

#[test]
fn the_opt_in_flags_reach_the_steps() {
    let go = "FROM golang:1.22 AS build\nWORKDIR /src\nENV CGO_ENABLED=0\nCOPY . .\nRUN go build -o /server .\n\nFROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY --from=build /server /server\nUSER 10001\nEXPOSE 8080\nCMD [\"/server\"]\n";
    let path = temp_file("rewrite-distroless", go);
    // Without --distroless: the offer names the flag, and the health check probes --health-path.
    let (code, out, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--health-path",
        "/healthz",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("FROM alpine:3.20\n"), "{out}");
    assert!(
        out.contains(r#"CMD ["wget", "-q", "--spider", "http://localhost:8080/healthz"]"#),
        "{out}"
    );
    let (_, json, _) = stagecraft(&["rewrite", path.to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let step = value["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "distroless")
        .unwrap();
    assert_eq!(step["status"], "not-applicable");
    assert!(step["reason"]
        .as_str()
        .unwrap()
        .contains("stagecraft rewrite --distroless"));
    // With it: the runtime moves, and no health check that needs a shell is written.
    let (code, out, err) = stagecraft(&["rewrite", path.to_str().unwrap(), "--distroless"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("FROM gcr.io/distroless/static-debian12:nonroot\n"),
        "{out}"
    );
    assert!(!out.contains("RUN apk"), "{out}");
    assert!(!out.contains("HEALTHCHECK"), "{out}");
}

#[test]
fn java_modules_replace_what_jdeps_would_find() {
    let java = "FROM maven:3-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package -DskipTests\nCMD [\"java\", \"-jar\", \"target/app.jar\"]\n";
    let path = temp_file("rewrite-java-modules", java);
    let (code, out, err) = stagecraft(&[
        "rewrite",
        path.to_str().unwrap(),
        "--java-modules",
        "java.base,java.sql,java.naming",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("RUN jlink --add-modules java.base,java.sql,java.naming \\\n"),
        "{out}"
    );
    assert!(!out.contains("jdeps"), "{out}");
    assert!(out.contains("FROM debian:bookworm-slim\n"), "{out}");
}
