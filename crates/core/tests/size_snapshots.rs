//! Snapshots of the size estimate and the code-change cache plan for representative files:
//! the four FastAPI styles and a dozen corpus files (Python, Node, Go, Java, Rust, Alpine,
//! Ubuntu, official images, heredocs, cache mounts, multi-stage).

use std::fmt::Write as _;
use std::path::PathBuf;

use stagecraft_core::parse;
use stagecraft_core::size::{cache_plan, estimate, human, Bytes, Change, EstimateInputs};

fn range(b: Bytes) -> String {
    if b.low == b.high {
        human(b.expected)
    } else {
        format!(
            "{} [{} – {}]",
            human(b.expected),
            human(b.low),
            human(b.high)
        )
    }
}

fn render(text: &str, inputs: &EstimateInputs) -> String {
    let file = parse(text);
    let e = estimate(&file, inputs);
    let mut out = String::new();
    for note in &e.notes {
        let _ = writeln!(out, "note: {note}");
    }
    for stage in &e.stages {
        let _ = writeln!(
            out,
            "stage {} from {}: {}",
            stage.label(),
            stage.base,
            range(stage.total)
        );
        for layer in &stage.layers {
            let _ = writeln!(
                out,
                "  {:>3} {:<10} {}  {}",
                layer.line,
                layer.instruction,
                range(layer.bytes),
                layer.text
            );
            for source in &layer.sources {
                let _ = writeln!(out, "        source: {source}");
            }
            for note in &layer.notes {
                let _ = writeln!(out, "        note: {note}");
            }
        }
    }
    let _ = writeln!(
        out,
        "image: stage {} = {}",
        e.image_stage().map_or("-".into(), |s| s.label()),
        range(e.image)
    );
    let plan = cache_plan(&file, inputs, Change::Code);
    let _ = writeln!(out, "after a code change:");
    for step in &plan.steps {
        let _ = writeln!(
            out,
            "  {:>3} {:<8} {}{}",
            step.line,
            step.status.as_str(),
            step.instruction,
            if step.reason.is_empty() {
                String::new()
            } else {
                format!(" ({})", step.reason)
            }
        );
    }
    let _ = writeln!(out, "  rewritten: {}", range(plan.rebuilt_bytes));
    out
}

fn corpus(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real")
        .join(path);
    let bytes = std::fs::read(&full)
        .unwrap_or_else(|e| panic!("the shared corpus is missing: {} ({e})", full.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/size")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn fastapi_styles() {
    let inputs = EstimateInputs {
        requirements: Some(fixture("requirements.txt")),
        context_bytes: Some(200_000),
        dockerignore: Some(true),
        ..EstimateInputs::default()
    };
    for style in ["naive", "slim", "multistage", "distroless"] {
        let text = fixture(&format!("fastapi-{style}.Dockerfile"));
        insta::assert_snapshot!(format!("fastapi_{style}"), render(&text, &inputs));
    }
}

#[test]
fn corpus_files() {
    for (name, path) in [
        ("python_tilt", "tilt-dev__tilt-example-python/3-recommended__Dockerfile"),
        ("python_fastapi_lambda", "awslabs__aws-lambda-web-adapter/examples__fastapi-backend-only-response-streaming__app__Dockerfile"),
        ("python_tiangolo_slim", "tiangolo__uvicorn-gunicorn-fastapi-docker/docker-images__python3.10-slim.dockerfile"),
        ("node_naive", "dapr__samples/hello-docker-compose__node__Dockerfile"),
        ("node_ubuntu_curl_bash", "pulumi__examples/aws-ts-k8s-mern-voting-app__serverside__Dockerfile"),
        ("node_microservice", "GoogleCloudPlatform__microservices-demo/src__currencyservice__Dockerfile"),
        ("go_multistage", "Azure-Samples__aks-store-demo/src__makeline-service__Dockerfile"),
        ("go_heredoc_cache_mounts", "docker__awesome-compose/nginx-golang-mysql__backend__Dockerfile"),
        ("java_maven", "GoogleCloudPlatform__cloud-code-samples/java__java-guestbook__backend__Dockerfile"),
        ("rust_official_alpine", "rust-lang__docker-rust/stable__alpine3.22__Dockerfile"),
        ("alpine_virtual_deps", "aws__aws-app-mesh-examples/walkthroughs__common__tools__vegeta-trafficgen__Dockerfile"),
        ("redis_official", "docker-library__redis/7.2__debian__Dockerfile"),
    ] {
        insta::assert_snapshot!(name, render(&corpus(path), &EstimateInputs::default()));
    }
}
