//! Hostile input: every generated shape (`hostile/shapes.rs`) at about 1 MB through every
//! entry point — parse, lint, estimate, cache plan and the page's `analyze` — must finish
//! and give a sane result. The 10 s cap per case only catches hangs; speed is measured by
//! `cargo bench -p stagecraft-core --bench scaling`.
//!
//! `cargo test -p stagecraft-core --test hostile -- --ignored write_shapes` writes every
//! shape to `target/hostile/` for timing the release CLI on them.

#[path = "hostile/shapes.rs"]
mod shapes;

use std::sync::mpsc;
use std::time::Duration;

use shapes::{Hostile, Shape, SHAPES};
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::syntax::{self, InstructionKind};

/// About 1 MB, as the issue asks, when the engine is optimized (`cargo test --release`); the
/// dev profile that plain `cargo test` uses runs each shape at 250 KB, so the suite fits the
/// CI budget. `HOSTILE_SIZE=<bytes>` overrides both.
const SIZE: usize = if cfg!(debug_assertions) {
    250_000
} else {
    1_000_000
};

fn size() -> usize {
    std::env::var("HOSTILE_SIZE").map_or(SIZE, |s| s.parse().expect("a size in bytes"))
}
const HANG_GUARD: Duration = Duration::from_secs(10);
/// The browser gives WASM about 1 MiB of stack; a native test thread gets the same here so
/// that recursion the input controls shows up as an overflow in this test.
const STACK: usize = 1 << 20;

/// Runs `work` on its own thread with a small stack and fails if it takes longer than the
/// hang guard (the thread is left behind; the test process ends with the run).
fn guarded<T: Send + 'static>(what: String, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .name(what.clone())
        .stack_size(STACK)
        .spawn(move || {
            let _ = send.send(work());
        })
        .expect("spawn a worker thread");
    match receive.recv_timeout(HANG_GUARD) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: still running after {HANG_GUARD:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the worker panicked"),
    }
}

/// What a shape's file should parse to: instructions and stages.
fn expected_counts(name: &str, count: usize) -> (usize, usize) {
    match name {
        "arg_doubling" => (count + 3, 1),
        "env_doubling" => (count + 4, 1),
        "copy_from_chain" => (2 * count, count),
        "from_chain" => (3 * count + 1, count + 1),
        "arg_per_from" => (2 * count, count),
        "env_chain" => (count + 3, 1),
        "heredoc_runs" | "pip_install_runs" | "many_onbuild" => (count + 1, 1),
        "big_reference_fanout" => (count + 8, 1),
        "mixed_install_runs" => (4 * count + 1, 1),
        "large_dockerignore" => (4, 1),
        "large_requirements" => (3, 1),
        "nested_parameter_defaults" => (3, 1),
        "nested_json" | "nested_json_past_limit" => (count + 1, 1),
        _ => (2, 1),
    }
}

fn check(shape: &'static Shape) {
    let size = size();
    let input: Hostile = (shape.generate)(size);
    let name = shape.name;
    let bytes = input.dockerfile.len() + input.dockerignore.len() + input.requirements.len();
    assert!(
        (size * 9 / 10..size * 11 / 10).contains(&bytes),
        "{name}: generated {bytes} bytes"
    );
    let (instructions, stages) = expected_counts(name, input.count);

    let dockerfile = input.dockerfile.clone();
    let parsed = guarded(format!("{name}: parse"), move || syntax::parse(&dockerfile));
    assert_eq!(
        parsed.to_source(),
        input.dockerfile,
        "{name}: parse keeps every byte"
    );
    assert_eq!(
        parsed.instructions().len(),
        instructions,
        "{name}: instructions"
    );
    let froms = parsed
        .instructions()
        .iter()
        .filter(|i| i.kind() == InstructionKind::From)
        .count();
    assert_eq!(froms, stages, "{name}: stages");
    if name.starts_with("nested_") || name == "continuation_lines" {
        assert!(
            parsed.errors().is_empty(),
            "{name}: {:?}",
            parsed.errors().first()
        );
    }
    if name.starts_with("nested_json") {
        // Invalid JSON within the depth limit, or valid JSON past it: shell form, both.
        assert!(
            parsed
                .instructions()
                .iter()
                .skip(1)
                .all(|i| i.is_shell_form()),
            "{name}: a line read as JSON"
        );
    }

    // The page's `analyze` runs every other entry point on this tree: the linter
    // (`lint_model` on `Model::from_parsed`, what `lint_with` runs after parsing),
    // `size::estimate` and `size::cache_plan`.
    let page = Inputs {
        dockerfile: input.dockerfile.clone(),
        dockerignore: input.dockerignore.clone(),
        requirements: input.requirements.clone(),
        ..Inputs::default()
    };
    let analysis = guarded(format!("{name}: analyze"), move || {
        playground::analyze(&page)
    });

    let findings = &analysis.findings;
    // Each rule reports an instruction at most a few times: a rule gone wild would show here.
    assert!(
        findings.len() <= 4 * instructions + 64,
        "{name}: {} findings for {instructions} instructions",
        findings.len()
    );
    for finding in findings {
        assert!(finding.line >= 1, "{name}: {finding:?}");
        assert!(
            finding.message.len() < 4096,
            "{name}: a finding of {} bytes",
            finding.message.len()
        );
    }

    let estimate = &analysis.estimate;
    assert_eq!(estimate.stages.len(), stages, "{name}: estimated stages");
    assert!(estimate.image_stage.is_some(), "{name}: no image");
    assert!(
        estimate.image.low <= estimate.image.expected
            && estimate.image.expected <= estimate.image.high,
        "{name}: {:?}",
        estimate.image
    );
    let layers: usize = estimate.stages.iter().map(|s| s.layers.len()).sum();
    let globals = parsed
        .instructions()
        .iter()
        .take_while(|i| i.kind() != InstructionKind::From)
        .count();
    assert_eq!(
        layers,
        instructions - globals,
        "{name}: one layer per instruction"
    );
    assert!(
        analysis.rebuild.steps.len() <= instructions,
        "{name}: {} cache steps",
        analysis.rebuild.steps.len()
    );
    shape_specific(name, &input, &analysis);
}

/// What each shape must still get right once it is finished.
fn shape_specific(name: &str, input: &Hostile, analysis: &playground::Analysis) {
    let has = |code: &str| analysis.findings.iter().any(|f| f.code == code);
    match name {
        // The last stage copies from the one before it: nothing is an unknown stage.
        "copy_from_chain" => assert!(!has("DL3022") && !has("STG010"), "{name}"),
        // The image is the last stage, built on the one before it.
        "from_chain" => {
            let image = analysis.estimate.image_stage().expect("an image");
            assert_eq!(
                image.base,
                format!("s{}", analysis.estimate.stages.len() - 2)
            );
        }
        // Every stage's base is its own ARG, declared: no undefined-ARG finding.
        "arg_per_from" => assert!(
            !analysis
                .findings
                .iter()
                .any(|f| f.message.contains("is not declared")),
            "{name}"
        ),
        // One RUN with every package: one layer of apt-get, with the unknown names noted.
        "apt_get_many_packages" => {
            let image = analysis.estimate.image_stage().expect("an image");
            assert_eq!(image.layers.len(), 2, "{name}");
        }
        // Values that double or repeat past the limits are a note with their line.
        "arg_doubling" | "env_doubling" | "big_reference_fanout" => {
            assert!(
                has("STG014")
                    && analysis
                        .estimate
                        .notes
                        .iter()
                        .any(|n| n.starts_with("line ")
                            && n.contains("grows past the expansion limits")),
                "{name}: {:?}",
                analysis.estimate.notes
            )
        }
        // Lint says so too, on the line, and that deep nesting was not read to the end.
        "nested_command_substitution" | "nested_backticks" | "nested_quotes" => {
            assert!(has("STG014"), "{name}")
        }
        "large_requirements" => {
            assert!(input.requirements.lines().count() > input.requirements.len() / 50)
        }
        _ => {}
    }
}

macro_rules! hostile_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let shape = SHAPES
                    .iter()
                    .find(|s| s.name == stringify!($name))
                    .expect("a shape of that name");
                check(shape);
            }
        )*

        #[test]
        fn every_shape_has_a_test() {
            let tested = [$(stringify!($name)),*];
            for shape in SHAPES {
                assert!(tested.contains(&shape.name), "{} has no test", shape.name);
            }
        }
    };
}

hostile_tests!(
    nested_command_substitution,
    arg_doubling,
    env_doubling,
    copy_from_chain,
    arg_per_from,
    one_env_many_pairs,
    env_chain,
    many_mount_flags,
    heredoc_runs,
    pip_install_runs,
    mixed_install_runs,
    apt_get_many_packages,
    continuation_lines,
    nested_backticks,
    nested_subshells,
    nested_braces,
    nested_arithmetic,
    nested_parameter_defaults,
    nested_quotes,
    nested_json,
    nested_json_past_limit,
    long_pipeline,
    long_and_list,
    huge_label,
    huge_expose,
    many_onbuild,
    big_reference_fanout,
    large_dockerignore,
    large_requirements,
    from_chain,
);

/// Writes every shape at 1 MB (or `HOSTILE_SIZE` bytes) to `target/hostile/<shape>.Dockerfile`
/// (or `HOSTILE_DIR`), with its side files.
#[test]
#[ignore = "writes files for timing the CLI by hand"]
fn write_shapes() {
    let dir = std::env::var("HOSTILE_DIR").map_or_else(
        |_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/hostile"),
        std::path::PathBuf::from,
    );
    let size = std::env::var("HOSTILE_SIZE").map_or(1_000_000, |s| s.parse().expect("a size"));
    std::fs::create_dir_all(&dir).unwrap();
    for shape in SHAPES {
        let input = (shape.generate)(size);
        std::fs::write(
            dir.join(format!("{}.Dockerfile", shape.name)),
            &input.dockerfile,
        )
        .unwrap();
        if !input.dockerignore.is_empty() {
            std::fs::write(
                dir.join(format!("{}.dockerignore", shape.name)),
                &input.dockerignore,
            )
            .unwrap();
        }
        if !input.requirements.is_empty() {
            std::fs::write(
                dir.join(format!("{}.requirements.txt", shape.name)),
                &input.requirements,
            )
            .unwrap();
        }
    }
    // The exact small shapes too: 64 doubling ARGs / ENVs.
    let args = (shapes::arg_doubling)(64 * 21);
    std::fs::write(dir.join("arg_doubling_64.Dockerfile"), args.dockerfile).unwrap();
    let envs = (shapes::env_doubling)(64 * 21);
    std::fs::write(dir.join("env_doubling_64.Dockerfile"), envs.dockerfile).unwrap();
}
