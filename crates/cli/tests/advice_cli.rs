//! Advice checked against the file in front of it (issue 13): the cases a workshop tripped
//! on, each run through the CLI as a person runs it, with the whole output snapshotted.

mod common;

use std::path::{Path, PathBuf};

use common::{stagecraft_with, Run};

/// A folder of its own for case `name`, holding `files`.
fn case(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stagecraft-advice-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// Runs `stagecraft` in `dir`; the snapshot text is stdout, then stderr when there is some.
fn run(dir: &Path, args: &[&str]) -> String {
    let (_, out, err) = stagecraft_with(
        args,
        Run {
            cwd: Some(dir),
            ..Run::default()
        },
    );
    if err.is_empty() {
        out
    } else {
        format!("{out}--- stderr\n{err}")
    }
}

const PSYCOPG2: &str = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
const REQUIREMENTS: &str = "flask==3.0.3\npsycopg2==2.9.9\n";

#[test]
fn slim_advice_names_psycopg2_when_lint_is_given_the_requirements() {
    let dir = case(
        "psycopg2",
        &[("Dockerfile", PSYCOPG2), ("requirements.txt", REQUIREMENTS)],
    );
    let with = run(
        &dir,
        &["lint", "--requirements", "requirements.txt", "Dockerfile"],
    );
    assert!(with.contains("psycopg2 needs gcc and libpq-dev"), "{with}");
    assert!(with.contains("psycopg2-binary"), "{with}");
    insta::assert_snapshot!("psycopg2_lint_with_requirements", with);
    let without = run(&dir, &["lint", "Dockerfile"]);
    insta::assert_snapshot!("psycopg2_lint_without_requirements", without);
    // The tag swap that would break the build is not offered, even with --unsafe-fixes.
    run(
        &dir,
        &[
            "lint",
            "--requirements",
            "requirements.txt",
            "--fix",
            "--unsafe-fixes",
            "Dockerfile",
        ],
    );
    let after = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(after.starts_with("FROM python:3.12\n"), "{after}");
}

#[test]
fn the_size_model_says_a_slim_pip_install_of_psycopg2_would_fail() {
    let slim = PSYCOPG2.replace("FROM python:3.12\n", "FROM python:3.12-slim\n");
    let dir = case(
        "psycopg2-slim",
        &[("Dockerfile", &slim), ("requirements.txt", REQUIREMENTS)],
    );
    let out = run(
        &dir,
        &[
            "estimate",
            "--requirements",
            "requirements.txt",
            "Dockerfile",
        ],
    );
    assert!(
        out.contains(
            "this RUN would fail: psycopg2 builds from source and needs gcc and libpq-dev"
        ),
        "{out}"
    );
    insta::assert_snapshot!("psycopg2_slim_estimate", out);
    // With the build tools installed first, the same install is fine.
    let tools = slim.replace(
        "COPY requirements.txt .\n",
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\n",
    );
    let dir = case(
        "psycopg2-tools",
        &[("Dockerfile", &tools), ("requirements.txt", REQUIREMENTS)],
    );
    let out = run(
        &dir,
        &[
            "estimate",
            "--requirements",
            "requirements.txt",
            "Dockerfile",
        ],
    );
    assert!(!out.contains("would fail"), "{out}");
}

#[test]
fn fix_leaves_a_trailing_comment_to_stg007() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .   # copies everything including .git, __pycache__, tests\nCMD [\"python\", \"app.py\"]\n";
    let dir = case("comment", &[("Dockerfile", text)]);
    insta::assert_snapshot!("trailing_comment_lint", run(&dir, &["lint", "Dockerfile"]));
    run(&dir, &["lint", "--fix", "Dockerfile"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        text
    );
}

#[test]
fn stg002_quotes_the_copy_and_builds_its_suggestion_from_the_files_paths() {
    let cases = [
        ("copy_to_app_then_workdir", "FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n"),
        ("add_then_cd", "FROM python:3.12-slim\nADD . /code\nRUN cd /code && pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"/code/app.py\"]\n"),
        ("requirement_path", "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /opt/app\nRUN pip install --no-cache-dir -r /opt/app/requirements.txt\nCMD [\"python\", \"/opt/app/app.py\"]\n"),
    ];
    let mut all = String::new();
    for (name, text) in cases {
        let dir = case(name, &[("Dockerfile", text)]);
        let out = run(&dir, &["lint", "--format", "tty", "Dockerfile"]);
        let stg002: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.contains("STG002"))
            .take(2)
            .collect();
        assert!(
            !out.contains("`COPY . .`"),
            "{name}: quotes a line the file does not have:\n{out}"
        );
        all.push_str(&format!(
            "--- {name}\n{text}--- STG002\n{}\n",
            stg002.join("\n")
        ));
    }
    assert!(all.contains("`COPY requirements.txt /code/`"), "{all}");
    assert!(all.contains("`COPY requirements.txt /opt/app/`"), "{all}");
    assert!(
        all.contains("`WORKDIR /app`, `COPY requirements.txt ./`"),
        "{all}"
    );
    insta::assert_snapshot!("stg002_paths", all);
}

#[test]
fn secrets_are_advised_by_when_they_are_needed() {
    let text = "FROM node:22-slim\nWORKDIR /app\nCOPY .env .\nENV AWS_SECRET_ACCESS_KEY=abc123\nARG NPM_TOKEN\nCOPY .npmrc package.json ./\nRUN npm install\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let dir = case("secrets", &[("Dockerfile", text)]);
    let out = run(&dir, &["lint", "Dockerfile"]);
    let secrets: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("STG006") || l.contains("DL3064"))
        .collect();
    let secrets = secrets.join("\n");
    assert!(secrets.contains("docker run --env-file .env"), "{secrets}");
    assert!(secrets.contains(".dockerignore"), "{secrets}");
    assert!(
        secrets.contains("--mount=type=secret,id=npmrc"),
        "{secrets}"
    );
    assert!(secrets.contains("docker history"), "{secrets}");
    insta::assert_snapshot!("secrets_by_kind", secrets);
    // A token set with ENV for a RUN to read is a build-time secret first.
    let build = "FROM node:22-slim\nENV NPM_TOKEN=abc\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n";
    let dir = case("secrets-build", &[("Dockerfile", build)]);
    let out = run(&dir, &["lint", "Dockerfile"]);
    let line = out
        .lines()
        .find(|l| l.contains("DL3064"))
        .expect("DL3064 reports");
    assert!(
        line.contains("read by a later `RUN`")
            && line.contains("--mount=type=secret,id=npm_token,env=NPM_TOKEN"),
        "{line}"
    );
}

#[test]
fn a_code_change_does_not_rebuild_copy_env() {
    let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY .env .\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    let dir = case("cache-env", &[("Dockerfile", text)]);
    let code = run(&dir, &["cache", "--changed", "code", "Dockerfile"]);
    assert!(code.contains("2 of 7 layers rebuilt"), "{code}");
    assert!(
        !code.contains(".env, which includes the changed code"),
        "{code}"
    );
    insta::assert_snapshot!("cache_code_with_env", code);
    let env = run(&dir, &["cache", "--changed", "env", "Dockerfile"]);
    insta::assert_snapshot!("cache_env", env);
}
