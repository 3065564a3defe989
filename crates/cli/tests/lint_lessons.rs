//! `stagecraft lint`'s tty output as a beginner reads it: next steps first, findings most
//! important first with their cost before and after the fix, hints, the words explained.
//! One snapshot per naive golden input of the rewrite engine, with its manifests.

use std::path::{Path, PathBuf};

use stagecraft_cli::format::{tty, FileReport};
use stagecraft_core::lint::{self, Options};
use stagecraft_core::rewrite::Manifests;
use stagecraft_core::teach::{self, Weight};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/rewrite")
}

fn beside(dir: &Path, name: &str, suffix: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(format!("{name}.{suffix}"))).ok()
}

/// What `stagecraft lint` prints for the golden input `name`, with the manifests beside it.
fn tty_output(name: &str) -> String {
    let dir = golden_dir();
    let text = beside(&dir, name, "before.Dockerfile").expect("golden input");
    let manifests = Manifests {
        requirements: beside(&dir, name, "requirements.txt"),
        pyproject: beside(&dir, name, "pyproject.toml"),
        package_json: beside(&dir, name, "package.json"),
        dockerignore: beside(&dir, name, "dockerignore"),
        ..Manifests::default()
    };
    let findings = lint::lint_with(
        &text,
        Options {
            config: None,
            dockerignore: manifests.dockerignore.as_deref(),
        },
    );
    let lesson = teach::lesson(&text, &findings, &manifests);
    tty::render(
        &[FileReport {
            path: "Dockerfile".into(),
            findings,
            lesson: Some(lesson),
        }],
        false,
    )
}

/// Ten naive files across stacks (and one that is already good, which must stay quiet).
const NAIVE: &[&str] = &[
    "python-flask-pip",
    "python-django-mysql",
    "python-gunicorn-postgres",
    "python-poetry",
    "python-celery-worker",
    "node-express-npm",
    "node-yarn-build",
    "go-server",
    "java-maven",
    "rust-cargo",
    "ubuntu-apt-python",
];

#[test]
fn tty_lessons_of_naive_files() {
    for name in NAIVE {
        let out = tty_output(name);
        insta::assert_snapshot!(*name, out);
    }
}

#[test]
fn python_on_alpine_pinned_to_amd64_gets_both_hints() {
    let text = "FROM --platform=linux/amd64 python:3.12-alpine\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    let manifests = Manifests {
        requirements: Some("flask==3.0.3\npsycopg2==2.9.9\n".into()),
        dockerignore: Some(".git\n.env\n".into()),
        ..Manifests::default()
    };
    let findings = lint::lint_with(
        text,
        Options {
            config: None,
            dockerignore: manifests.dockerignore.as_deref(),
        },
    );
    let lesson = teach::lesson(text, &findings, &manifests);
    let ids: Vec<&str> = lesson.hints.iter().map(|h| h.id).collect();
    assert_eq!(ids, ["pinned-platform", "python-on-alpine"]);
    let out = tty::render(
        &[FileReport {
            path: "Dockerfile".into(),
            findings,
            lesson: Some(lesson),
        }],
        false,
    );
    insta::assert_snapshot!("python-alpine-amd64", out);
}

#[test]
fn every_lesson_starts_with_next_steps_that_say_their_effect() {
    for name in NAIVE {
        let out = tty_output(name);
        let first = out.lines().next().unwrap_or_default();
        assert!(
            first.ends_with("next steps, each measured on this file after the ones above it"),
            "{name}: {first}"
        );
        let steps: Vec<&str> = out.lines().skip(1).take_while(|l| !l.is_empty()).collect();
        assert!((1..=3).contains(&steps.len()), "{name}: {steps:?}");
        for step in steps {
            assert!(
                step.contains("(stagecraft rewrite --until "),
                "{name}: {step}"
            );
        }
    }
}

#[test]
fn the_most_expensive_finding_is_not_last_on_a_django_file() {
    // The 12-finding Django file listed STG002 last in line order.
    let dir = golden_dir();
    let text = beside(&dir, "python-django-mysql", "before.Dockerfile").unwrap();
    let manifests = Manifests {
        requirements: beside(&dir, "python-django-mysql", "requirements.txt"),
        ..Manifests::default()
    };
    let findings = lint::lint(&text);
    let lesson = teach::lesson(&text, &findings, &manifests);
    let ranked: Vec<&str> = lesson.findings.iter().map(|f| f.finding.code).collect();
    let stg002 = ranked.iter().position(|c| *c == "STG002").expect("STG002");
    let measured = lesson
        .findings
        .iter()
        .position(|f| f.weight == Weight::Measured)
        .expect("a measured finding");
    // Security first, then the measured ones, most saved first.
    assert!(lesson.findings[..measured]
        .iter()
        .all(|f| f.weight == Weight::Security));
    assert!(stg002 < ranked.len() / 2, "{ranked:?}");
    let savings: Vec<i64> = lesson
        .findings
        .iter()
        .filter(|f| f.weight == Weight::Measured)
        .filter_map(|f| f.impact.as_ref().map(|i| i.weight().0))
        .collect();
    assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
}

#[test]
fn a_file_without_findings_prints_nothing() {
    let dir = golden_dir();
    let text = beside(&dir, "already-slim-multistage", "before.Dockerfile").unwrap();
    let findings = lint::lint_with(
        &text,
        Options {
            config: None,
            dockerignore: beside(&dir, "already-slim-multistage", "dockerignore").as_deref(),
        },
    );
    if findings.is_empty() {
        let out = tty::render(
            &[FileReport {
                path: "Dockerfile".into(),
                findings,
                lesson: None,
            }],
            false,
        );
        assert_eq!(out, "");
    }
}
