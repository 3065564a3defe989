//! What each instruction of a single-stage file does, for the multi-stage step to place it
//! in the builder, the runtime or both; and the package-manager tool a Python install RUN
//! starts by installing, which the builder runs before it makes the virtualenv.

use crate::syntax::{Connector, Dockerfile, Instruction};

/// What one instruction of the single stage does, for deciding where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Image settings (WORKDIR, ENV, ARG, LABEL, EXPOSE, USER, CMD...): builder and runtime.
    Setting,
    /// System packages: all in the builder, the runtime part in the runtime.
    SystemPackages,
    /// Creates the app's user: runtime only.
    UserSetup,
    /// Copies dependency manifests: builder only.
    Manifests,
    /// Installs dependencies: builder, replaced in the runtime by a copy of the result.
    Install,
    /// Copies the whole context.
    Source,
    /// Compiles or bundles the app: builder only.
    Build,
    /// Copies some other files from the context: stays in the runtime.
    OtherCopy,
    /// Runtime metadata that the builder does not need.
    RuntimeOnly,
}

pub(super) fn is_manifest(word: &str) -> bool {
    let name = word.rsplit('/').find(|s| !s.is_empty()).unwrap_or(word);
    let name = name.trim_end_matches('*');
    [
        "requirements",
        "requirements.txt",
        "pyproject.toml",
        "poetry.lock",
        "uv.lock",
        "Pipfile",
        "Pipfile.lock",
        "package.json",
        "package",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "go.mod",
        "go.sum",
        "pom.xml",
        "build.gradle",
        "settings.gradle",
        "Cargo.toml",
        "Cargo.lock",
        "setup.py",
        "setup.cfg",
    ]
    .iter()
    .any(|m| name == *m || name.starts_with("requirements"))
}

pub(super) fn run_role(run: &Instruction) -> Result<Role, String> {
    let script = run
        .shell_script()
        .ok_or_else(|| "is in exec form".to_string())?;
    let mut roles = Vec::new();
    for command in &script.commands {
        let name = command.name().unwrap_or("");
        let sub = command
            .operands()
            .next()
            .map(|w| w.text.as_str())
            .unwrap_or("");
        let role = match (name, sub) {
            ("apt-get" | "apt" | "apk", _) => Some(Role::SystemPackages),
            ("rm", _)
                if command.operands().all(|w| {
                    w.text.starts_with("/var/lib/apt")
                        || w.text.starts_with("/var/cache")
                        || w.text == "src"
                }) =>
            {
                None
            }
            ("useradd" | "groupadd" | "adduser" | "addgroup", _) => Some(Role::UserSetup),
            ("mkdir" | "chown" | "chmod" | "echo" | "true" | "cd", _) => None,
            ("pip" | "pip3" | "poetry" | "pipenv", _) => Some(Role::Install),
            // `python -m pip install ...` (the operands skip `-m`, so it is read here).
            ("python" | "python3", _)
                if command.arguments().first().is_some_and(|w| w.text == "-m")
                    && command.arguments().get(1).is_some_and(|w| w.text == "pip") =>
            {
                Some(Role::Install)
            }
            ("uv", "pip" | "sync") => Some(Role::Install),
            ("npm" | "yarn" | "pnpm", "cache" | "config") => None,
            (
                "npm" | "yarn" | "pnpm" | "corepack",
                "install" | "ci" | "i" | "prune" | "enable" | "",
            ) => Some(Role::Install),
            ("npm" | "yarn" | "pnpm", "run" | "build") => Some(Role::Build),
            ("go", "mod") => Some(Role::Install),
            ("go", "build" | "install" | "generate" | "vet" | "test") => Some(Role::Build),
            ("mvn" | "./mvnw" | "gradle" | "./gradlew", _) => {
                if command
                    .arguments()
                    .iter()
                    .any(|w| w.text.contains("go-offline") || w.text == "dependencies")
                {
                    Some(Role::Install)
                } else {
                    Some(Role::Build)
                }
            }
            ("cargo", "fetch") => Some(Role::Install),
            ("cargo", "build" | "install") => Some(Role::Build),
            _ => {
                return Err(format!(
                    "runs `{name}`, which the engine cannot place in the builder or the runtime"
                ))
            }
        };
        roles.extend(role);
    }
    crate::order::sort_by_key(&mut roles, |r| *r as u8);
    roles.dedup();
    match roles.as_slice() {
        [] => {
            Err("only prepares directories; the engine cannot tell which stage needs them".into())
        }
        [one] => Ok(*one),
        // The Rust dependency prefetch builds a placeholder: it is the install.
        [Role::Install, Role::Build] => Ok(Role::Build),
        _ => Err("mixes system packages, dependencies and build commands in one RUN".into()),
    }
}

/// Tools that install a Python app's dependencies, which the app itself does not import,
/// and that install into the virtualenv the builder activates even when they run from the
/// image's own Python: Poetry and uv read `VIRTUAL_ENV` (uv also `UV_PROJECT_ENVIRONMENT`),
/// and `pipenv install --system` the `python` first on `PATH` (since pipenv 2022.8.15).
pub(super) const PYTHON_TOOLS: [&str; 3] = ["poetry", "uv", "pipenv"];

/// A Python install RUN that starts by installing its package-manager tool with pip
/// (`pip install poetry && poetry install ...`): in the builder the virtualenv's `bin` comes
/// first on `PATH`, so that pip would put the tool into the virtualenv and the runtime would
/// receive it (Poetry and what it needs are about 75 MB). The builder runs the tool install
/// before it makes the virtualenv instead, with the image's own pip; the tool still finds
/// the virtualenv through `VIRTUAL_ENV`/`UV_PROJECT_ENVIRONMENT`.
pub(super) struct ToolInstall {
    /// The RUN it starts.
    pub(super) index: usize,
    /// The pip command as written, and the tools it installs.
    pub(super) command: String,
    pub(super) tools: Vec<String>,
    /// Where the rest of the RUN's script starts, when there is a rest.
    pub(super) rest: Option<usize>,
}

pub(super) fn tool_install(file: &Dockerfile, index: usize) -> Option<ToolInstall> {
    let instruction = &file.instructions()[index];
    let script = instruction.shell_script()?;
    let first = script.commands.first()?;
    let name = first.name().filter(|n| matches!(*n, "pip" | "pip3"))?;
    let mut operands = first.operands();
    if operands.next().is_none_or(|w| w.text != "install") {
        return None;
    }
    let tools: Vec<String> = operands
        .map(|w| {
            let end = w.text.find(['=', '<', '>', '~', '!', '[']);
            w.text[..end.unwrap_or(w.text.len())].to_ascii_lowercase()
        })
        .collect();
    let only_tools = !tools.is_empty()
        && tools.iter().all(|t| PYTHON_TOOLS.contains(&t.as_str()))
        && first.words.first().is_some_and(|w| w.text == name)
        && first.redirects.is_empty()
        // `-r`, `-e`, `--target`, `--user`... install something else, or somewhere else.
        && first.arguments().iter().all(|w| {
            !w.text.starts_with('-')
                || matches!(
                    w.text.as_str(),
                    "--no-cache-dir" | "-U" | "--upgrade" | "-q" | "--quiet"
                        | "--disable-pip-version-check" | "--root-user-action=ignore"
                )
        });
    let rest = match script.commands.get(1) {
        None => None,
        Some(next) if next.connector == Some(Connector::And) => Some(next.span.start),
        Some(_) => return None,
    };
    only_tools.then(|| ToolInstall {
        index,
        command: first.span.text(file.source()).replace("\\\r\n", "\\\n"),
        tools,
        rest,
    })
}
