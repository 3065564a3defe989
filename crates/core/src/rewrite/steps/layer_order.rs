use crate::edit::Edit;
use crate::rewrite::facts;
use crate::rewrite::steps::{declare_step, for_stack};
use crate::rewrite::{Context, Outcome, PackageManager, StepChange};
use crate::syntax::{Dockerfile, Instruction, InstructionKind, ShellCommand, Span, Stage};

declare_step! {
    /// ## What it does
    /// Copies the dependency manifests (the right ones for the package manager) and installs
    /// the dependencies before `COPY . .`, so the install layer only depends on the manifests.
    /// An install that needs only the manifests moves up whole; for tools that build the
    /// project itself (Go, Maven, Gradle, Cargo, Poetry, uv) a dependency-only download runs
    /// first and the original command stays where it was.
    ///
    /// ## Why
    /// BuildKit reuses a layer only while everything before it is unchanged. With the
    /// install after `COPY . .`, every code edit re-downloads and re-installs every dependency.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .
    /// RUN pip install -r requirements.txt
    /// ```
    /// becomes
    /// ```dockerfile
    /// COPY requirements.txt ./
    /// RUN pip install -r requirements.txt
    /// COPY . .
    /// ```
    STEP = {
        id: "layer-order",
        title: "Install dependencies before copying the source",
        stacks: [Python, Node, Go, Java, Rust],
        run: run,
    }
}

/// The first `COPY . <dest>` (or `ADD`) of the stage that copies the whole context.
pub(crate) fn source_copy<'f>(
    file: &'f Dockerfile,
    stage: &Stage,
) -> Option<(usize, &'f Instruction)> {
    facts::stage_instructions(file, stage).find(|(_, i)| {
        matches!(i.kind(), InstructionKind::Copy | InstructionKind::Add)
            && i.flag("from").is_none()
            && !i.json
            && i.values.len() >= 2
            && i.values[..i.values.len() - 1]
                .iter()
                .any(|w| matches!(w.text.as_str(), "." | "./"))
    })
}

/// What installs dependencies, and how it can move.
enum Install {
    /// The whole RUN needs only the manifests: it moves before the source.
    Move { manifests: Vec<String> },
    /// The RUN builds the project too: a dependency-only command goes first.
    Prefetch {
        manifests: Vec<String>,
        command: String,
        /// Commands before the install that move with it (installing poetry, configuring
        /// it), removed from the original RUN so they do not run twice.
        moved: Option<Span>,
    },
}

fn is_pip(c: &ShellCommand) -> bool {
    matches!(c.name(), Some("pip" | "pip3"))
        || (matches!(c.name(), Some("python" | "python3"))
            && c.arguments().first().is_some_and(|w| w.text == "-m")
            && c.arguments().get(1).is_some_and(|w| w.text == "pip"))
}

/// Reads one RUN: whether it installs dependencies, and whether it needs the source.
fn classify(run: &Instruction, manager: PackageManager, source: &str) -> Option<Install> {
    let script = run.shell()?;
    let mut manifests: Vec<String> = Vec::new();
    let mut needs_source = false;
    let mut installs = false;
    let mut prefetch: Option<String> = None;
    let mut moved = None;
    // Control flow (`if [ -f poetry.lock ]; then ...`) decides at build time what runs:
    // the engine does not move part of it.
    let control_flow = script.commands.iter().any(|c| {
        c.words.first().is_some_and(|w| {
            !w.quoted
                && matches!(
                    w.text.as_str(),
                    "if" | "then"
                        | "else"
                        | "elif"
                        | "fi"
                        | "for"
                        | "while"
                        | "do"
                        | "done"
                        | "case"
                )
        })
    });
    if control_flow {
        return None;
    }
    // Earlier commands move with the install only when they are joined to it by `&&`.
    let chained = |k: usize| {
        script.commands[1..=k]
            .iter()
            .all(|c| c.connector == Some(crate::syntax::Connector::And))
    };
    for (k, c) in script.commands.iter().enumerate() {
        let name = c.name().unwrap_or("");
        let args: Vec<&str> = c.arguments().iter().map(|w| w.text.as_str()).collect();
        let sub = c.operands().next().map(|w| w.text.as_str()).unwrap_or("");
        // `pip install poetry && poetry config ... && poetry install`: the dependency-only
        // install needs the commands before it, which then move instead of running twice.
        let with_earlier = |flag: &str| {
            let first = script.commands[0].span.start;
            let mut text = source.get(first..c.span.end).unwrap_or("").to_string();
            text.push(' ');
            text.push_str(flag);
            if k > 0 && !chained(k) {
                let mut text = source.get(c.span.range()).unwrap_or("").to_string();
                text.push(' ');
                text.push_str(flag);
                return (text, None);
            }
            let moved = (k > 0).then(|| Span::new(first, c.span.start));
            (text, moved)
        };
        if is_pip(c) {
            let mut requirement = false;
            for (i, a) in args.iter().enumerate() {
                if matches!(*a, "-r" | "--requirement" | "-c" | "--constraint") {
                    if let Some(f) = args.get(i + 1) {
                        manifests.push(f.to_string());
                        requirement = true;
                    }
                } else if let Some(f) = a.strip_prefix("--requirement=") {
                    manifests.push(f.to_string());
                    requirement = true;
                }
            }
            // A path installs a local project (`pip install .`, `/src/pkg`), except the file
            // `-r`/`-c` names (`-r /code/requirements.txt`), which is a manifest.
            let local = c.operands().any(|w| {
                (w.text.starts_with('.') || w.text.starts_with('/')) && !manifests.contains(&w.text)
            });
            if local || args.contains(&"-e") {
                needs_source = true;
            }
            let tool = c
                .operands()
                .any(|w| matches!(w.text.as_str(), "poetry" | "uv" | "pipenv"));
            installs |= requirement || (c.operands().count() > 1 && !tool);
            continue;
        }
        match (name, sub) {
            ("npm", _) if args.contains(&"-g") || args.contains(&"--global") => {}
            ("npm" | "pnpm", "install" | "ci" | "i") | ("yarn", "install" | "") => {
                installs = true;
                manifests.extend(manager.manifests().iter().map(|m| m.to_string()));
            }
            ("npm" | "yarn" | "pnpm", "cache") => {}
            ("poetry", "install") => {
                installs = true;
                if !args.contains(&"--no-root") {
                    let (cmd, m) = with_earlier("--no-root");
                    prefetch = Some(cmd);
                    moved = m;
                }
                manifests.extend(manager.manifests().iter().map(|m| m.to_string()));
            }
            ("uv", "sync") => {
                installs = true;
                if !args.contains(&"--no-install-project") {
                    let (cmd, m) = with_earlier("--no-install-project");
                    prefetch = Some(cmd);
                    moved = m;
                }
                manifests.extend(manager.manifests().iter().map(|m| m.to_string()));
            }
            ("pipenv", "install" | "sync") => {
                installs = true;
                manifests.extend(manager.manifests().iter().map(|m| m.to_string()));
            }
            ("poetry" | "uv" | "pipenv" | "corepack", _) => {}
            ("go", "build" | "install" | "test" | "vet" | "generate") => {
                prefetch.get_or_insert("go mod download".to_string());
                manifests.extend(["go.mod".to_string(), "go.sum".to_string()]);
                installs = true;
                needs_source = true;
            }
            ("go", "mod") if args.contains(&"download") => {
                installs = true;
                manifests.extend(["go.mod".to_string(), "go.sum".to_string()]);
            }
            ("mvn" | "./mvnw", _) => {
                prefetch.get_or_insert(format!("{name} -B dependency:go-offline"));
                manifests.push("pom.xml".into());
                installs = true;
                needs_source = true;
            }
            ("gradle" | "./gradlew", _) => {
                prefetch.get_or_insert(format!("{name} dependencies --no-daemon"));
                manifests.extend(["build.gradle".to_string(), "settings.gradle".to_string()]);
                installs = true;
                needs_source = true;
            }
            ("cargo", "build" | "install") => {
                prefetch.get_or_insert(
                    "mkdir -p src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src"
                        .to_string(),
                );
                manifests.extend(["Cargo.toml".to_string(), "Cargo.lock".to_string()]);
                installs = true;
                needs_source = true;
            }
            ("" | "cd" | "true" | "echo" | "set", _) => {}
            ("apt-get" | "apt" | "apk" | "rm", _) => {}
            _ => needs_source = true,
        }
    }
    if !installs {
        return None;
    }
    manifests.dedup();
    match (needs_source, prefetch) {
        (false, None) => Some(Install::Move { manifests }),
        (_, Some(command)) => Some(Install::Prefetch {
            manifests,
            command,
            moved,
        }),
        (true, None) => None,
    }
}

/// The COPY source for a manifest: optional lock files as a wildcard, so a missing lock
/// does not fail the build.
fn copy_source(manifest: &str) -> String {
    match manifest {
        "go.sum" | "Cargo.lock" | "poetry.lock" | "uv.lock" | "Pipfile.lock"
        | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml" | "settings.gradle" => {
            format!("{manifest}*")
        }
        _ => manifest.to_string(),
    }
}

fn run(cx: &Context) -> Outcome {
    if let Err(skip) = for_stack(&STEP, cx) {
        return *skip;
    }
    let file = cx.file;
    let Some(stage) = facts::final_stage(file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    let Some((copy_index, copy)) = source_copy(file, &stage) else {
        return Outcome::NotApplicable(
            "the final stage does not copy the whole context (`COPY . .`)".into(),
        );
    };
    let manager = cx.stack.package_manager;
    // Already done: an install before the source copy.
    let before_done = facts::stage_instructions(file, &stage)
        .filter(|(i, r)| *i < copy_index && r.kind() == InstructionKind::Run)
        .any(|(_, r)| classify(r, manager, file.source()).is_some());
    let after: Vec<(&Instruction, Install)> = facts::stage_instructions(file, &stage)
        .filter(|(i, r)| *i > copy_index && r.kind() == InstructionKind::Run)
        .filter_map(|(_, r)| classify(r, manager, file.source()).map(|k| (r, k)))
        .collect();
    if !before_done && after.is_empty() && cx.codes.contains(&"STG002") {
        // Lint sees an install after the source copy that this step cannot move: say so
        // rather than call the step not needed.
        return Outcome::CannotApply {
            reason: "the install after `COPY . .` also reads the source (a local package, an editable install or a build step), so it cannot simply move before it".into(),
            todo: "copy the dependency manifests first and install from them, then copy the source and install the project itself (`pip install --no-deps .`)".into(),
        };
    }
    if before_done || after.is_empty() {
        return Outcome::NotApplicable(
            "dependencies are already installed before the source is copied (or nothing installs them)".into(),
        );
    }
    let (install_run, kind) = &after[0];
    let dest = copy
        .values
        .last()
        .map(|w| w.text.clone())
        .unwrap_or_else(|| "./".into());
    let dest_dir = if dest.ends_with('/') {
        dest.clone()
    } else {
        format!("{dest}/")
    };
    let flags: String = copy
        .flags
        .iter()
        .map(|f| format!("{} ", f.to_buildkit()))
        .collect();
    let manifest_copy = |manifests: &[String]| {
        let mut sources: Vec<String> = Vec::new();
        for m in manifests {
            let relative = m.strip_prefix(&dest_dir).unwrap_or(m);
            if relative.starts_with('/') || relative.contains('$') {
                return None;
            }
            let source = match relative.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/"),
                None => copy_source(relative),
            };
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        // Files for the same folder go in one COPY; a subfolder keeps its place.
        let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
        for s in &sources {
            let target = if s.ends_with('/') {
                format!("{dest_dir}{s}")
            } else {
                dest_dir.clone()
            };
            match groups.iter_mut().find(|(t, _)| *t == target) {
                Some((_, list)) => list.push(s),
                None => groups.push((target, vec![s])),
            }
        }
        let lines: Vec<String> = groups
            .iter()
            .map(|(target, list)| format!("COPY {flags}{} {target}\n", list.join(" ")))
            .collect();
        Some(lines.concat())
    };
    // Before the comments above `COPY . .`: they describe it.
    let at = facts::with_leading_comments(file, copy_index).start;
    // The install runs where it ran: a WORKDIR between `COPY . .` and the install (`COPY .
    // /app` then `WORKDIR /app`) is set before the moved lines too, or they would run in
    // the directory before it, where the manifests are not.
    let install_at = file
        .instructions()
        .iter()
        .position(|i| std::ptr::eq(i, *install_run))
        .unwrap_or(copy_index);
    let workdir = match (
        facts::workdir_before(file, copy_index),
        facts::workdir_before(file, install_at),
    ) {
        (Some(here), Some(there)) if here == there => String::new(),
        (_, Some(there)) => format!("WORKDIR {there}\n"),
        (_, None) => {
            return Outcome::CannotApply {
                reason: "the install runs in a WORKDIR whose path is a variable the file gives no value".into(),
                todo: "copy the dependency manifests before `COPY . .` and install from them in the same directory".into(),
            }
        }
    };
    let only = |manifests: &[String]| {
        if manifests.is_empty() {
            "nothing from the context".to_string()
        } else {
            manifests.join(", ")
        }
    };
    let change = match kind {
        Install::Move { manifests } => {
            let Some(copies) = manifest_copy(manifests) else {
                return Outcome::CannotApply {
                    reason: "the install reads its manifest from a path outside the copied folder"
                        .into(),
                    todo: "copy the manifest before `COPY . .` and install from it there".into(),
                };
            };
            let run_lines = facts::lines_of(file, install_run);
            let mut run_text = run_lines.text(file.source()).to_string();
            if !run_text.ends_with('\n') {
                run_text.push_str(cx.style.newline);
            }
            let inserted = cx.style.lines(&format!("{workdir}{copies}")) + &run_text;
            StepChange::safe(
                vec![Edit::insert(at, inserted), Edit::delete(run_lines)],
                format!(
                    "The install (line {}) now runs after copying only {}, before `COPY . .`: editing code no longer re-runs it.",
                    install_run.start_line,
                    only(manifests)
                ),
            )
            .assuming("the install reads only the manifests (no post-install script reads the source)")
        }
        Install::Prefetch {
            manifests,
            command,
            moved,
        } => {
            let Some(copies) = manifest_copy(manifests) else {
                return Outcome::CannotApply {
                    reason: "the build reads its manifest from a path outside the copied folder"
                        .into(),
                    todo: "copy the manifest before `COPY . .` and download dependencies there"
                        .into(),
                };
            };
            let mut edits = vec![Edit::insert(
                at,
                cx.style.lines(&format!("{workdir}{copies}RUN {command}\n")),
            )];
            if let Some(span) = moved {
                edits.push(Edit::delete(*span));
            }
            StepChange::safe(
                edits,
                format!(
                    "Dependencies are now fetched by `{command}` after copying only {}, before `COPY . .`; the build at line {} stays where it was and finds them in the cache, so editing code no longer downloads or compiles them again.",
                    only(manifests),
                    install_run.start_line
                ),
            )
            .assuming("the dependency download needs only the manifests (no path dependencies inside the source)")
        }
    };
    Outcome::Applied(change)
}
