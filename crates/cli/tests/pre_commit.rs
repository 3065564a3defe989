//! The pre-commit hooks end to end: pre-commit (from PyPI) installs this repository's hooks
//! with `language: rust` into a clean cache, then runs them on a temporary git repository
//! with a bad Dockerfile. `cargo xtask test` runs it in its own layer, with pre-commit
//! installed (it needs the network for crates.io and minutes to build, so plain `cargo test`
//! skips it).
//!
//! The hook repository is a snapshot of this working tree (tracked and new files, as git
//! sees them), so uncommitted changes to the hooks are what gets tested.

use std::path::{Path, PathBuf};
use std::process::Command;

const BAD: &str = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nUSER 10001\nCMD [\"python\", \"app.py\"]\n";

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// Runs `program` in `dir`: (exit status, stdout and stderr together).
fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> (i32, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
        .env("GIT_AUTHOR_NAME", "stagecraft test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "stagecraft test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let (code, out) = run(dir, "git", args, &[]);
    assert_eq!(code, 0, "git {args:?}: {out}");
    out
}

/// A git repository holding this working tree's files (not the ignored ones), committed.
fn snapshot_of_the_project(into: &Path) -> String {
    let root = project_root();
    let listed = git(
        &root,
        &[
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
        ],
    );
    for file in listed.split('\0').filter(|f| !f.is_empty()) {
        let from = root.join(file);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = into.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "-m", "snapshot"]);
    git(into, &["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
#[ignore = "needs pre-commit and crates.io; `cargo xtask test` runs it"]
fn the_hooks_install_from_a_clean_cache_and_lint_then_fix() {
    let pre_commit = std::env::var("STAGECRAFT_PRE_COMMIT").unwrap_or_else(|_| "pre-commit".into());
    let work = std::env::temp_dir().join(format!("stagecraft-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let (hooks, project, cache) = (work.join("hooks"), work.join("project"), work.join("cache"));
    for dir in [&hooks, &project, &cache] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let rev = snapshot_of_the_project(&hooks);

    std::fs::write(project.join("Dockerfile"), BAD).unwrap();
    for (name, hook) in [
        ("lint.yaml", "stagecraft-lint"),
        ("fix.yaml", "stagecraft-lint-fix"),
    ] {
        std::fs::write(
            project.join(name),
            format!(
                "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n",
                hooks.display()
            ),
        )
        .unwrap();
    }
    git(&project, &["init", "-q"]);
    git(&project, &["add", "Dockerfile"]);
    // A clean pre-commit cache; the cargo build directory is kept between runs of the suite
    // (under target/), so only the first run pays for compiling the release binary.
    let target = project_root().join("target").join("pre-commit-e2e");
    let env: [(&str, &Path); 2] = [("PRE_COMMIT_HOME", &cache), ("CARGO_TARGET_DIR", &target)];
    let pre_commit_run = |config: &str| {
        run(
            &project,
            &pre_commit,
            &["run", "--config", config, "--all-files", "--color", "never"],
            &env,
        )
    };

    let (code, out) = pre_commit_run("lint.yaml");
    assert_eq!(code, 1, "the lint hook fails on the bad Dockerfile:\n{out}");
    assert!(out.contains("stagecraft lint"), "{out}");
    assert!(
        out.contains("Dockerfile:4 DL3042"),
        "the finding is shown:\n{out}"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("Dockerfile")).unwrap(),
        BAD
    );

    let (code, out) = pre_commit_run("fix.yaml");
    assert_eq!(
        code, 1,
        "the fix hook changes the file, so it fails once:\n{out}"
    );
    assert!(out.contains("files were modified by this hook"), "{out}");
    let fixed = std::fs::read_to_string(project.join("Dockerfile")).unwrap();
    assert!(
        fixed.contains("RUN pip install --no-cache-dir -r requirements.txt"),
        "{fixed}"
    );

    git(&project, &["add", "Dockerfile"]);
    let (code, out) = pre_commit_run("fix.yaml");
    assert_eq!(code, 0, "nothing left to fix:\n{out}");
    let (code, out) = pre_commit_run("lint.yaml");
    assert_eq!(code, 0, "the fixed file passes:\n{out}");
    assert!(out.contains("Passed"), "{out}");
    // The clean cache was used: the hook environment was built in it.
    assert!(std::fs::read_dir(&cache).unwrap().count() > 0);
    let _ = std::fs::remove_dir_all(&work);
}
