use crate::dockerignore::{clean_path, Dockerignore};
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Language, Outcome, StepChange};
use crate::syntax::{InstructionKind, MountType};

declare_step! {
    /// ## What it does
    /// Writes a `.dockerignore` for the detected stack (`.git`, `.env`, caches, build
    /// output, virtualenvs, `node_modules`...), merged with the existing one: every line the
    /// person wrote stays, and only missing patterns are appended.
    ///
    /// ## Why
    /// `COPY . .` sends the whole folder to the builder: the repository history, local
    /// secrets, and dependencies installed on the host, which then shadow the ones the image
    /// installs. Each of those also invalidates the cache when it changes.
    ///
    /// ## Example
    /// (no `.dockerignore`) → `.git`, `.env`, `__pycache__/`, `.venv/` ...
    STEP = {
        id: "dockerignore",
        title: "Keep the build context small with .dockerignore",
        stacks: [],
        run: run,
    }
}

const COMMON: &[&str] = &[
    ".git",
    ".gitignore",
    ".env",
    ".env.*",
    "*.log",
    "Dockerfile*",
    ".dockerignore",
    ".idea/",
    ".vscode/",
    ".DS_Store",
];

fn patterns(language: Language) -> &'static [&'static str] {
    match language {
        Language::Python => &[
            "__pycache__/",
            "*.py[cod]",
            ".venv/",
            "venv/",
            ".pytest_cache/",
            ".mypy_cache/",
            ".ruff_cache/",
            ".tox/",
            "build/",
            "dist/",
            "*.egg-info/",
        ],
        Language::Node => &[
            "node_modules/",
            "npm-debug.log*",
            "yarn-error.log",
            ".npm/",
            ".next/cache/",
            "coverage/",
        ],
        Language::Go => &["bin/", "vendor/", "*.test", "coverage.out"],
        Language::Java => &["target/", "build/", ".gradle/", "*.class"],
        Language::Rust => &["target/"],
        Language::Unknown => &[],
    }
}

fn run(cx: &Context) -> Outcome {
    let existing = cx.dockerignore.unwrap_or("");
    let has: Vec<&str> = existing.lines().map(str::trim).collect();
    let covered = |p: &str| {
        let bare = p.trim_end_matches('/');
        has.iter().any(|h| {
            let h = h.trim_start_matches('/');
            h == p || h.trim_end_matches('/') == bare || h == format!("**/{bare}")
        })
    };
    // An exclude-everything file (`*` with `!` exceptions) already decides what goes in.
    if has.iter().any(|h| *h == "*" || *h == "**") {
        return Outcome::NotApplicable(
            "the .dockerignore excludes everything and lists what goes in; it is left as written"
                .into(),
        );
    }
    // BuildKit sends the builder only what the Dockerfile reads from the context: a file
    // that copies nothing from it and bind-mounts none of it is not changed by a
    // .dockerignore.
    let mut copies_context = false;
    let mut copies_all = false;
    let mut mounts_context = false;
    for instruction in cx.file.instructions() {
        match instruction.kind() {
            InstructionKind::Copy | InstructionKind::Add if instruction.flag("from").is_none() => {
                let sources = &instruction.values[..instruction.values.len().saturating_sub(1)];
                // URLs and heredocs (`COPY <<EOF /app/x`) come from elsewhere.
                for source in sources
                    .iter()
                    .filter(|w| !w.text.contains("://") && !w.text.starts_with("<<"))
                {
                    copies_context = true;
                    copies_all |= matches!(clean_path(&source.text).as_str(), "" | ".");
                }
            }
            InstructionKind::Run => {
                let (options, _) = instruction.run_options();
                mounts_context |= options
                    .mounts
                    .iter()
                    .any(|m| m.kind == MountType::Bind && m.from.is_none());
            }
            _ => {}
        }
    }
    if !copies_context && !mounts_context {
        return Outcome::NotApplicable(
            "nothing in the Dockerfile reads the build context (no `COPY` or `ADD` from it, no bind mount), so BuildKit sends none of it and a .dockerignore would change nothing".into(),
        );
    }
    // What the Dockerfile copies from the context by name (`COPY Dockerfile1 /`,
    // `COPY .env.production .`) stays in it: a pattern that would leave it out is not added.
    let named: Vec<String> = cx
        .file
        .instructions()
        .iter()
        .filter(|i| {
            matches!(i.kind(), InstructionKind::Copy | InstructionKind::Add)
                && i.flag("from").is_none()
        })
        .flat_map(|i| &i.values[..i.values.len().saturating_sub(1)])
        .map(|w| clean_path(&w.text))
        .filter(|path| !path.is_empty() && path != "." && !path.contains("://"))
        .collect();
    let mut kept_in: Vec<&str> = Vec::new();
    let missing: Vec<&str> = COMMON
        .iter()
        .chain(patterns(cx.stack.language))
        .copied()
        .filter(|p| !covered(p))
        .filter(|p| {
            let ignore = Dockerignore::parse(p);
            let copies = named.iter().any(|path| ignore.excludes(path));
            if copies {
                kept_in.push(p);
            }
            !copies
        })
        .collect();
    if missing.is_empty() {
        return Outcome::NotApplicable(
            "the .dockerignore already covers the stack's usual clutter".into(),
        );
    }
    let mut text = existing.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push_str("\n# Added by Stagecraft's rewrite\n");
    }
    for p in &missing {
        text.push_str(p);
        text.push('\n');
    }
    let summary = if existing.is_empty() {
        let listed = missing
            .iter()
            .take(4)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if copies_all {
            format!(
                "A new .dockerignore keeps {listed} out of the build context, so `COPY . .` sends only the source and a change to them no longer invalidates the cache."
            )
        } else if copies_context {
            format!(
                "A new .dockerignore keeps {listed} out of the build context. The Dockerfile copies named paths, not the whole folder, so this only keeps such files out where they sit inside those paths: a small gain, and a guard for the day someone writes `COPY . .`."
            )
        } else {
            format!(
                "A new .dockerignore keeps {listed} out of the build context, so the RUN steps that mount it no longer see them and a change to them no longer invalidates those steps' cache."
            )
        }
    } else {
        format!(
            "The .dockerignore gains {} pattern(s) ({}); every existing line stays.",
            missing.len(),
            missing
                .iter()
                .take(4)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut summary = summary;
    if !kept_in.is_empty() {
        summary.push_str(&format!(
            " It does not add {}: the Dockerfile copies a file it would leave out.",
            kept_in
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Outcome::Applied(StepChange {
        dockerignore: Some(text),
        ..StepChange::changing(
            Vec::new(),
            summary,
            "files matching these patterns are no longer copied into the image; an app that reads `.env` inside the container must get it at run time instead",
        )
    })
}
