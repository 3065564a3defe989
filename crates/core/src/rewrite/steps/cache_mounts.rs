use crate::edit::Edit;
use crate::rewrite::facts;
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Outcome, StepChange};
use crate::syntax::InstructionKind;

declare_step! {
    /// ## What it does
    /// In a builder stage, keeps the package manager's download cache between builds with
    /// a BuildKit cache mount (`RUN --mount=type=cache,target=/root/.cache/pip ...`), and
    /// adds `# syntax=docker/dockerfile:1` so the mount syntax is understood. The cache
    /// lives outside the image, so `--no-cache-dir` is dropped where the mount replaces it.
    ///
    /// ## Why
    /// When the manifests change, every dependency is downloaded again; with the mount only
    /// the changed ones are.
    ///
    /// ## Example
    /// `RUN go mod download` → `RUN --mount=type=cache,target=/go/pkg/mod go mod download`
    STEP = {
        id: "cache-mounts",
        title: "Keep download caches between builds",
        stacks: [Python, Node, Go, Java, Rust],
        run: run,
    }
}

fn target(program: &str) -> Option<&'static str> {
    Some(match program {
        "pip" | "pip3" => "/root/.cache/pip",
        "uv" => "/root/.cache/uv",
        "poetry" => "/root/.cache/pypoetry",
        "npm" => "/root/.npm",
        "go" => "/go/pkg/mod",
        "mvn" => "/root/.m2",
        "cargo" => "/usr/local/cargo/registry",
        _ => return None,
    })
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let stages = file.stages();
    if stages.len() < 2 {
        return Outcome::NotApplicable(
            "cache mounts are added to builder stages; this file has one stage".into(),
        );
    }
    let mut edits = Vec::new();
    let mut mounted = Vec::new();
    for stage in &stages[..stages.len() - 1] {
        for (_, run) in facts::stage_instructions(file, stage) {
            if run.kind() != InstructionKind::Run || run.flag("mount").is_some() {
                continue;
            }
            let mut targets: Vec<&str> = Vec::new();
            for command in run.shell().map_or(&[][..], |s| &s.commands) {
                let name = command.name().unwrap_or("");
                let installs = match name {
                    "pip" | "pip3" | "npm" | "uv" | "poetry" => command
                        .operands()
                        .next()
                        .is_some_and(|w| matches!(w.text.as_str(), "install" | "ci" | "sync")),
                    "go" => command
                        .operands()
                        .next()
                        .is_some_and(|w| matches!(w.text.as_str(), "mod" | "build")),
                    "mvn" | "cargo" => true,
                    _ => false,
                };
                if let (true, Some(t)) = (installs, target(name)) {
                    if !targets.contains(&t) {
                        targets.push(t);
                    }
                    for word in command.arguments() {
                        if word.text == "--no-cache-dir" {
                            let mut span = word.span;
                            if file.source()[..span.start].ends_with(' ') {
                                span.start -= 1;
                            }
                            edits.push(Edit::delete(span));
                        }
                    }
                    if name == "npm" {
                        // `npm cache clean` would empty the mount: nothing to clean in the image.
                    }
                }
            }
            if targets.is_empty() {
                continue;
            }
            let mounts: String = targets
                .iter()
                .map(|t| format!("--mount=type=cache,target={t} "))
                .collect();
            edits.push(Edit::insert(
                run.keyword_span.end,
                format!(" {}", mounts.trim_end()),
            ));
            mounted.push(format!("line {} ({})", run.start_line, targets.join(", ")));
        }
    }
    if edits.is_empty() {
        return Outcome::NotApplicable("no install in a builder stage lacks a cache mount".into());
    }
    if !file.directives().iter().any(|d| d.name == "syntax") {
        edits.push(Edit::insert(
            0,
            cx.style.lines("# syntax=docker/dockerfile:1\n"),
        ));
    }
    Outcome::Applied(StepChange::safe(
        edits,
        format!(
            "Download caches now live in BuildKit cache mounts for {}: when the list of dependencies changes, only what changed is downloaded, and the caches never enter a layer.",
            mounted.join(", ")
        ),
    ))
}
