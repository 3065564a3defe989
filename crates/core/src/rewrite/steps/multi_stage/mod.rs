use crate::dockerignore::Dockerignore;
use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::{declare_step, jlink};
use crate::rewrite::{Context, Language, Outcome, PackageManager, StepChange};
use crate::syntax::{json_array, Dockerfile, Instruction, InstructionKind, Span};

mod roles;
use roles::{is_manifest, run_role, tool_install, Role};

declare_step! {
    /// ## What it does
    /// Splits the build into a `builder` stage that has the compilers, headers and
    /// toolchain, and a runtime stage that receives only what the app runs:
    /// - Python: dependencies install into a virtualenv (`/opt/venv`) copied whole, its
    ///   `bin` on `PATH`; builder and runtime share the same image, so the interpreter's
    ///   version and path match. Where pip does the installing and the image's pip knows
    ///   `--python` (pip 22.3: every 3.11+ tag, any floating 3.7+ tag), the venv is made
    ///   `--without-pip` and the image's own pip fills it (`PIP_PYTHON`), so the runtime
    ///   does not receive a second copy of pip (about 15 MB). A RUN that starts by
    ///   installing Poetry, uv or pipenv with pip has that install moved ahead of the
    ///   virtualenv, so the tool (Poetry: about 75 MB) stays in the builder.
    /// - Node: `node_modules` installed in the builder and pruned of development
    ///   dependencies. Without a build, the runtime receives only `node_modules` and copies
    ///   the source from the context after it, so a code edit rewrites the source layer and
    ///   not the modules (when `.dockerignore` keeps the context's own `node_modules` out);
    ///   with a build, the app and its build output are copied from the builder whole.
    /// - Go: `CGO_ENABLED=0` into `gcr.io/distroless/static-debian12`.
    /// - Java: built with the JDK; from Java 11 the builder links a runtime of only the
    ///   modules the jar uses (`jdeps --print-module-deps`, then `jlink --strip-debug
    ///   --no-man-pages --no-header-files --compress`), copied onto `debian:bookworm-slim`
    ///   (`alpine:3.22` after an Alpine JDK). The cost: jdeps cannot see modules loaded by
    ///   reflection or the jars nested in a Spring Boot fat jar, so `jdk.unsupported` (and up
    ///   to Java 21 `jdk.crypto.ec`) are always added and a Spring app may need more
    ///   (java.desktop, java.instrument, java.management, java.naming, java.sql):
    ///   `--java-modules` gives the list. Java 8 runs on the matching `eclipse-temurin` JRE.
    /// - Rust: built with cargo on Debian 12, run on `gcr.io/distroless/cc-debian12`.
    ///
    /// Every system package is classified from the package data: compilers and `-dev`
    /// headers stay in the builder; the runtime stage installs the libraries those headers
    /// were for (`libpq-dev` → `libpq5`).
    ///
    /// ## Why
    /// Compilers, headers, package caches and the source of compiled apps are needed to
    /// build, not to run: in a single stage they ship with every pull and every node.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.26
    /// WORKDIR /app
    /// COPY . .
    /// RUN go build -o server .
    /// CMD ["./server"]
    /// ```
    /// becomes
    /// ```dockerfile
    /// FROM golang:1.26 AS builder
    /// WORKDIR /app
    /// ENV CGO_ENABLED=0
    /// COPY . .
    /// RUN go build -o server .
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// WORKDIR /app
    /// COPY --from=builder /app/server /app/server
    /// CMD ["./server"]
    /// ```
    STEP = {
        id: "multi-stage",
        title: "Split into builder and runtime stages",
        stacks: [Python, Node, Go, Java, Rust],
        run: run,
    }
}

/// An instruction's text for the builder, with `\n` line ends (the style is applied once
/// for the whole builder) and without the runtime user's `--chown`, which a builder has no
/// use for.
fn text_with_newline(file: &Dockerfile, span: Span) -> String {
    text_with_newline_of(span.text(file.source()))
}

/// [`text_with_newline`] of text already cut from the file.
fn text_with_newline_of(text: &str) -> String {
    let mut text = text.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let chown = format!(" --chown={}:{}", super::non_root::UID, super::non_root::UID);
    text.replace("\r\n", "\n").replace(&chown, "")
}

fn java_version(tag: &str) -> String {
    for key in ["temurin-", "jdk", "openjdk-", "corretto-"] {
        if let Some(rest) = tag.split(key).nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                return digits;
            }
        }
    }
    let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        "21".into()
    } else {
        digits
    }
}

fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let path = path.trim_start_matches("./");
    format!("{}/{}", dir.trim_end_matches('/'), path)
}

/// Where the compiled program is in the builder, found from the start command and the
/// build's `-o`.
/// The binary a compiled stack (Go, Rust) copies into its runtime stage. The stage must
/// install no system packages (`packages` says why not and what to do instead) and the start
/// command must name the binary (`build` says how to make it).
fn binary(
    cx: &Context,
    stage: &crate::syntax::Stage,
    workdir: &str,
    builds: &[&Instruction],
    packages: (&str, &str),
    build: &str,
) -> Result<String, Box<Outcome>> {
    if !facts::stage_packages(cx.file, stage).is_empty() {
        return Err(Box::new(Outcome::CannotApply {
            reason: packages.0.into(),
            todo: packages.1.into(),
        }));
    }
    artifact(cx, workdir, builds).map_err(|reason| {
        Box::new(Outcome::CannotApply {
            reason,
            todo: build.into(),
        })
    })
}

fn artifact(cx: &Context, workdir: &str, builds: &[&Instruction]) -> Result<String, String> {
    let start = facts::start_command(cx.file).ok_or("the final stage has no start command")?;
    let words = start.words();
    if cx.stack.language == Language::Java {
        let at = words
            .iter()
            .position(|w| *w == "-jar")
            .ok_or("the start command does not run `java -jar`, so the engine cannot tell which file the runtime needs")?;
        let jar = words.get(at + 1).ok_or("`-jar` names no file")?;
        if jar.contains(['*', '$', '?']) {
            return Err(format!(
                "the start command names the jar with a pattern (`{jar}`); name the file"
            ));
        }
        return Ok(join(workdir, jar));
    }
    let program = start.program().ok_or("the start command is empty")?;
    if matches!(program, "go" | "cargo") {
        return Err(format!(
            "the app starts with `{program}`, which needs the whole toolchain at run time"
        ));
    }
    if program.contains('$') {
        return Err("the start command's program is a variable".into());
    }
    if program.contains('/') {
        return Ok(join(workdir, program));
    }
    for run in builds {
        for command in run.shell().map_or(&[][..], |s| &s.commands) {
            let args: Vec<&str> = command
                .arguments()
                .iter()
                .map(|w| w.text.as_str())
                .collect();
            if let Some(i) = args.iter().position(|a| *a == "-o") {
                if let Some(out) = args.get(i + 1) {
                    if out.rsplit('/').next() == Some(program) {
                        return Ok(join(workdir, out));
                    }
                }
            }
            if command.name() == Some("cargo") && args.first() == Some(&"install") {
                return Ok(format!("/usr/local/cargo/bin/{program}"));
            }
            if command.name() == Some("go") && args.first() == Some(&"install") {
                return Ok(format!("/go/bin/{program}"));
            }
        }
    }
    Err(format!("the engine cannot tell where the build puts `{program}`; build it with `-o` or start it by its path"))
}

/// Whether the pip of an official python image with this tag has `--python` (pip 22.3,
/// October 2022): Python 3.11.0 shipped with it, and a floating tag (`3.10`, `3-slim`,
/// `slim`) of a Python still built after 2022 carries a newer pip. An older patch release
/// (`3.10.4`) may not, nor the last builds of 3.6 and 2.7.
fn pip_knows_python_option(tag: &str) -> bool {
    let version = tag.split('-').next().unwrap_or("");
    let parts: Vec<&str> = version.split('.').collect();
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        // `slim`, `latest`, `bookworm`: today's build.
        return true;
    }
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    match (number(0), number(1), number(2)) {
        (Some(major), Some(minor), Some(_)) => major > 3 || (major == 3 && minor >= 11),
        // The last builds of 3.6 and 2.7 (2021, 2020) kept a pip older than 22.3; 3.7's
        // last (June 2023) has 23.0.1.
        (Some(major), Some(minor), None) => major > 3 || (major == 3 && minor >= 7),
        (Some(major), None, None) => major >= 3,
        _ => true,
    }
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let stages = file.stages();
    if stages.len() != 1 {
        return Outcome::NotApplicable(if stages.len() > 1 {
            "already multi-stage".into()
        } else {
            "the file has no FROM".into()
        });
    }
    let language = cx.stack.language;
    if language == Language::Unknown {
        return Outcome::NotApplicable(
            "the engine could not tell the stack (Python, Node, Go, Java or Rust) from the base image or the install commands".into(),
        );
    }
    let stage = &stages[0];
    if stage.base.contains('$') {
        return Outcome::CannotApply {
            reason: "the base image is a build argument, so the runtime base cannot be chosen"
                .into(),
            todo: "write the base image out, or split the stages by hand".into(),
        };
    }
    let Some(start) = facts::start_command(file) else {
        return Outcome::CannotApply {
            reason: "the file has no CMD or ENTRYPOINT, so the engine cannot check that the runtime stage can still start the app".into(),
            todo: cx
                .options
                .surface
                .pick(
                    "add a `CMD` that starts the app and run again (or give it as `stagecraft rewrite --start-command`)",
                    "add a `CMD` that starts the app: the steps follow as you type",
                )
                .into(),
        };
    };
    let Some(workdir) = facts::expanded_workdir(file) else {
        return Outcome::CannotApply {
            reason: "the stage has no WORKDIR whose path the file spells out, so the engine cannot tell where the app's files are".into(),
            todo: "add `WORKDIR /app` before copying the app and run again".into(),
        };
    };
    let (image, tag) = split_image(&stage.base);
    let name = short_name(image);
    let instructions = file.instructions();
    let mut roles = Vec::new();
    for i in stage.instructions.clone().skip(1) {
        let instruction = &instructions[i];
        let role = match instruction.kind() {
            InstructionKind::Workdir | InstructionKind::Env | InstructionKind::Arg | InstructionKind::Shell => Role::Setting,
            InstructionKind::Label | InstructionKind::Expose | InstructionKind::User | InstructionKind::Cmd
            | InstructionKind::Entrypoint | InstructionKind::Healthcheck | InstructionKind::Stopsignal
            | InstructionKind::Volume | InstructionKind::Maintainer => Role::RuntimeOnly,
            InstructionKind::Copy | InstructionKind::Add => {
                let sources = &instruction.values[..instruction.values.len().saturating_sub(1)];
                if instruction.flag("from").is_some() || sources.is_empty() {
                    return Outcome::CannotApply {
                        reason: format!("line {}: the COPY is already from another stage or image", instruction.start_line),
                        todo: "split the stages by hand".into(),
                    };
                } else if sources.iter().any(|w| w.text == "." || w.text == "./") {
                    Role::Source
                } else if sources.iter().all(|w| is_manifest(&w.text)) {
                    Role::Manifests
                } else {
                    Role::OtherCopy
                }
            }
            InstructionKind::Run => match run_role(instruction) {
                Ok(role) => role,
                Err(why) => {
                    return Outcome::CannotApply {
                        reason: format!("line {}: the RUN {why}", instruction.start_line),
                        todo: "move that command to the stage that needs it by hand, or split the stages yourself".into(),
                    }
                }
            },
            other => {
                return Outcome::CannotApply {
                    reason: format!("line {}: {other} is not something the engine splits", instruction.start_line),
                    todo: "split the stages by hand".into(),
                }
            }
        };
        roles.push((i, role));
    }
    let builds: Vec<&Instruction> = roles
        .iter()
        .filter(|(_, r)| *r == Role::Build)
        .map(|(i, _)| &instructions[*i])
        .collect();
    let installs = roles.iter().any(|(_, r)| *r == Role::Install);
    // A Node app with nothing to build needs only node_modules from the builder: the source
    // comes from the build context in the runtime stage, after the modules, so a code edit
    // rewrites the source layer and not node_modules. That holds when the manifests are
    // copied and installed before the source, and `.dockerignore` keeps the context's own
    // node_modules from landing on top of the installed one.
    let first = |role: Role| roles.iter().position(|(_, r)| *r == role);
    let last_install = roles.iter().rposition(|(_, r)| *r == Role::Install);
    let node_source = first(Role::Source).map(|at| &instructions[roles[at].0]);
    let node_deps_only = language == Language::Node
        && builds.is_empty()
        && matches!(
            (first(Role::Manifests), first(Role::Install), last_install, first(Role::Source)),
            (Some(manifests), Some(install), Some(last), Some(source))
                if manifests < install && last < source
        )
        && roles
            .iter()
            .filter(|(_, r)| *r == Role::Install)
            .all(|(i, _)| {
                !instructions[*i]
                    .arguments
                    .split_whitespace()
                    .any(|w| w == "-g" || w == "--global")
            })
        && cx
            .dockerignore
            .is_some_and(|text| Dockerignore::parse(text).excludes_top_level("node_modules"));

    // The runtime base, and what the runtime receives from the builder.
    let mut builder_base = stage.base.clone();
    let mut assumptions = Vec::new();
    // The builder's last RUN when the Java runtime is linked with jlink.
    let mut java_link = None;
    let (runtime_base, received, what_changes): (String, String, String) = match language {
        Language::Python if name != "python" => {
            return Outcome::CannotApply {
                reason: format!("the base `{}` is not the official python image, so the engine cannot promise a runtime stage with the same interpreter at the same path", stage.base),
                todo: "move to the official python image first (`python:3.x-slim`), then split the stages".into(),
            };
        }
        Language::Node if name != "node" => {
            return Outcome::CannotApply {
                reason: format!("the base `{}` is not the official node image, so the engine cannot promise the same Node at run time", stage.base),
                todo: "move to the official node image first (`node:22-slim`), then split the stages".into(),
            };
        }
        Language::Python => {
            if !installs {
                return Outcome::NotApplicable(
                    "nothing installs Python dependencies, so a builder stage would hold nothing"
                        .into(),
                );
            }
            if cx.stack.package_manager == PackageManager::Uv
                && builds.is_empty()
                && roles.iter().any(|(i, r)| {
                    *r == Role::Install && instructions[*i].arguments.contains("--system")
                })
            {
                return Outcome::CannotApply {
                    reason: "`uv pip install --system` installs outside a virtualenv the runtime could receive".into(),
                    todo: "install into a virtualenv (`uv venv /opt/venv`) or use `uv sync`".into(),
                };
            }
            assumptions.push("the app imports its dependencies from the virtualenv and writes nothing into site-packages at run time".to_string());
            (
                stage.base.clone(),
                "COPY --from=builder /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\" VIRTUAL_ENV=/opt/venv\n".to_string(),
                "compilers and header packages are no longer in the image; the dependencies live in /opt/venv".to_string(),
            )
        }
        Language::Node => {
            if !installs {
                return Outcome::NotApplicable(
                    "nothing installs Node dependencies, so a builder stage would hold nothing"
                        .into(),
                );
            }
            // The runtime gets the node image's own tools (node, npm, npx, yarn), not what
            // the builder installed globally.
            if let Some(program) = start.program().filter(|p| {
                !matches!(*p, "node" | "npm" | "npx" | "yarn" | "docker-entrypoint.sh")
                    && !p.contains('/')
            }) {
                return Outcome::CannotApply {
                    reason: format!("the app starts with `{program}`, which the runtime stage would not have (it was installed in the build)"),
                    todo: format!("start the app with node (`CMD [\"node\", \"server.js\"]`) or install `{program}` in the runtime stage, then split the stages"),
                };
            }
            if node_deps_only {
                let flags: String = node_source
                    .map(|source| {
                        source
                            .flags
                            .iter()
                            .map(|f| format!("{} ", f.to_buildkit()))
                            .collect()
                    })
                    .unwrap_or_default();
                let modules = join(&workdir, "node_modules");
                (
                    stage.base.clone(),
                    format!("COPY --from=builder {flags}{modules} {modules}\n"),
                    "the runtime receives node_modules from the builder without development dependencies; the source is copied from the build context after it".to_string(),
                )
            } else {
                (
                    stage.base.clone(),
                    String::new(),
                    "development dependencies are pruned from node_modules after the build"
                        .to_string(),
                )
            }
        }
        Language::Go => {
            let path = match binary(
                cx,
                stage,
                &workdir,
                &builds,
                (
                    "the stage installs system packages, so the binary may need cgo and the libraries at run time",
                    "build with CGO_ENABLED=0 if nothing needs C, then split into golang and distroless/static stages",
                ),
                "build the binary with `go build -o <name>` and start it by that name",
            ) {
                Ok(path) => path,
                Err(outcome) => return *outcome,
            };
            assumptions.push(
                "nothing needs cgo, and the app reads no files from the source tree at run time"
                    .to_string(),
            );
            (
                "gcr.io/distroless/static-debian12:nonroot".to_string(),
                format!("COPY --from=builder {path} {path}\n"),
                "the runtime is distroless: no shell, no package manager; the binary is built without cgo".to_string(),
            )
        }
        Language::Rust => {
            let path = match binary(
                cx,
                stage,
                &workdir,
                &builds,
                (
                    "the stage installs system packages the binary may link against at run time",
                    "split into a cargo builder and a debian:bookworm-slim runtime that installs the matching runtime libraries",
                ),
                "build with `cargo build --release` and start `./target/release/<name>`",
            ) {
                Ok(path) => path,
                Err(outcome) => return *outcome,
            };
            // The builder must not have a newer C library than the runtime's Debian 12.
            if name == "rust" && !tag.contains("bookworm") {
                let version = tag
                    .split('-')
                    .next()
                    .filter(|v| !v.is_empty())
                    .unwrap_or("1");
                let slim = if tag.contains("slim") { "-slim" } else { "" };
                builder_base = format!("{image}:{version}{slim}-bookworm");
            }
            assumptions.push("the binary links only glibc, libgcc, libstdc++ and OpenSSL (what distroless/cc has), and reads no files from the source tree".to_string());
            (
                "gcr.io/distroless/cc-debian12:nonroot".to_string(),
                format!("COPY --from=builder {path} {path}\n"),
                "the runtime is distroless: no shell, no package manager, no cargo".to_string(),
            )
        }
        Language::Java => {
            let path = match artifact(cx, &workdir, &builds) {
                Ok(p) => p,
                Err(why) => {
                    return Outcome::CannotApply {
                        reason: why,
                        todo: "start the app with `java -jar <path of the jar>`".into(),
                    }
                }
            };
            let version = java_version(tag);
            if jlink::links(&version) {
                let modules = cx.options.java_modules.as_deref();
                assumptions.push(jlink::assumption(&version, modules, cx.options.surface));
                java_link = Some(jlink::builder_run(&version, &path, modules));
                (
                    jlink::runtime_base(tag).to_string(),
                    jlink::runtime_lines(&path),
                    format!("the runtime is a Java {version} runtime that jlink links from the modules the app uses, on {}: no JDK, no build tool, and a module loaded only by reflection must be added by hand", jlink::runtime_base(tag)),
                )
            } else {
                assumptions.push(format!("the app runs on the Java {version} runtime it was built with, and needs no JDK tool (javac, jcmd) at run time"));
                (
                    format!("eclipse-temurin:{version}-jre"),
                    format!("COPY --from=builder {path} {path}\n"),
                    format!(
                        "the runtime is the Java {version} JRE without the JDK and the build tool"
                    ),
                )
            }
        }
        Language::Unknown => unreachable!("returned above"),
    };
    let distroless = runtime_base.contains("distroless");
    if distroless {
        if let Some(cmd) = start
            .entrypoint
            .iter()
            .chain(&start.cmd)
            .find(|c| !c.exec_form && !c.simple)
        {
            return Outcome::CannotApply {
                reason: format!(
                    "line {}: the start command needs a shell, which distroless images do not have",
                    instructions[cmd.index].start_line
                ),
                todo: "write the start command in exec form (`CMD [\"./app\", \"--flag\"]`)".into(),
            };
        }
    }

    // The builder: the same settings, the system packages, the manifests, the install and
    // (for compiled apps and Node) the source and the build.
    let mut builder = format!("FROM {builder_base} AS builder\n");
    let mut edits = Vec::new();
    let mut received_placed = received.is_empty();
    let mut runtime_packages: Vec<String> = Vec::new();
    let source_at = roles
        .iter()
        .find(|(_, r)| *r == Role::Source)
        .map(|(i, _)| *i);
    let source_in_builder = (language == Language::Node && !node_deps_only)
        || matches!(language, Language::Go | Language::Java | Language::Rust)
        || roles.iter().any(|(i, r)| {
            matches!(r, Role::Install | Role::Build) && source_at.is_some_and(|s| s < *i)
        })
        || roles.iter().any(|(i, r)| {
            *r == Role::Install && {
                let args = &instructions[*i].arguments;
                args.contains("install .")
                    || args.contains("install -e")
                    || args.contains("poetry install") && !args.contains("--no-root")
            }
        });
    // A virtualenv without its own pip, filled by the image's pip through `PIP_PYTHON`:
    // only where pip installs (poetry and pipenv use the virtualenv's pip) and never
    // through `python -m pip`, which would look for pip inside the virtualenv.
    let lean_venv = language == Language::Python
        && cx.stack.package_manager == PackageManager::Pip
        && pip_knows_python_option(tag)
        && !roles.iter().any(|(i, _)| {
            instructions[*i].kind() == InstructionKind::Run
                && instructions[*i].arguments.contains("-m pip")
        });
    let mut venv_ready = false;
    // The package-manager tool the builder installs before it makes the virtualenv.
    let bootstrap = (language == Language::Python && !lean_venv)
        .then(|| {
            roles
                .iter()
                .find(|(_, r)| *r == Role::Install)
                .and_then(|(i, _)| tool_install(file, *i))
        })
        .flatten();
    for &(i, role) in &roles {
        let instruction = &instructions[i];
        let span = facts::with_leading_comments(file, i);
        let text = text_with_newline(file, span);
        let before_builder_step = |builder: &mut String, venv_ready: &mut bool| {
            if language == Language::Python && !*venv_ready {
                if let Some(tool) = &bootstrap {
                    builder.push_str(&format!("RUN {} \\\n && ", tool.command));
                } else {
                    builder.push_str("RUN ");
                }
                builder.push_str(if lean_venv {
                    "python -m venv --without-pip /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\" VIRTUAL_ENV=/opt/venv PIP_PYTHON=/opt/venv/bin/python\n"
                } else {
                    "python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\" VIRTUAL_ENV=/opt/venv UV_PROJECT_ENVIRONMENT=/opt/venv\n"
                });
                *venv_ready = true;
            }
            if language == Language::Go && !*venv_ready {
                builder.push_str("ENV CGO_ENABLED=0\n");
                *venv_ready = true;
            }
        };
        match role {
            Role::Setting if instruction.kind() == InstructionKind::Env => {
                // The parser keeps each value as written, quotes and escapes in it, as
                // BuildKit does until the build expands it: `KEY=value` pairs are copied as
                // written. A legacy `ENV KEY value` becomes `KEY=value` when its value is
                // one word, so the builder does not repeat the legacy form; a value with
                // spaces is kept as written, since no quotes carry its spaces.
                let key = instruction.values.first().map_or("", |w| w.text.as_str());
                let legacy = instruction.values.len() == 2
                    && !instruction
                        .arguments
                        .get(key.len()..)
                        .is_some_and(|rest| rest.starts_with('='));
                match instruction.key_values().next() {
                    Some((k, v)) if legacy && !v.is_empty() && !v.contains(char::is_whitespace) => {
                        builder.push_str(&format!("ENV {k}={v}\n"));
                    }
                    // The instruction alone: the builder does not repeat its comments.
                    _ => builder.push_str(&text_with_newline(file, instruction.span)),
                }
            }
            Role::Setting => builder.push_str(&text),
            Role::RuntimeOnly | Role::OtherCopy => {
                if distroless
                    && instruction.kind() == InstructionKind::Healthcheck
                    && instruction.is_shell_form()
                {
                    return Outcome::CannotApply {
                        reason: format!("line {}: the HEALTHCHECK needs a shell, which distroless images do not have", instruction.start_line),
                        todo: "write the health check in exec form, or drop it".into(),
                    };
                }
            }
            Role::UserSetup => {
                if distroless {
                    // Distroless has no shell to run useradd; the numeric USER works without it.
                    edits.push(Edit::delete(span));
                }
            }
            Role::SystemPackages => {
                builder.push_str(&text);
                let installs = facts::system_installs(instruction);
                let apk = installs.iter().any(|s| s.apk);
                for install in installs {
                    for package in install.packages {
                        if facts::is_build_only(&package) {
                            runtime_packages.extend(
                                facts::runtime_libraries(&package)
                                    .into_iter()
                                    .map(String::from),
                            );
                        } else {
                            runtime_packages.push(package);
                        }
                    }
                }
                crate::order::sort(&mut runtime_packages);
                runtime_packages.dedup();
                if distroless || runtime_packages.is_empty() {
                    edits.push(Edit::delete(span));
                } else {
                    let line = if apk {
                        format!("RUN apk add --no-cache {}\n", runtime_packages.join(" "))
                    } else {
                        format!(
                            "RUN apt-get update \\\n && apt-get install -y --no-install-recommends {} \\\n && rm -rf /var/lib/apt/lists/*\n",
                            runtime_packages.join(" ")
                        )
                    };
                    let lines = facts::lines_of(file, instruction);
                    edits.push(Edit::replace(lines, cx.style.lines(&line)));
                }
            }
            Role::Manifests => {
                before_builder_step(&mut builder, &mut venv_ready);
                builder.push_str(&text);
                edits.push(Edit::delete(span));
            }
            Role::Install => {
                before_builder_step(&mut builder, &mut venv_ready);
                match bootstrap.as_ref().filter(|tool| tool.index == i) {
                    // The tool install went ahead of the virtualenv: the builder keeps the
                    // rest of the RUN, with its flags.
                    Some(tool) => {
                        if let Some(rest) = tool.rest {
                            let head = instruction.arguments_span.start;
                            let source = file.source();
                            builder.push_str(&text_with_newline_of(&format!(
                                "{}{}",
                                &source[span.start..head],
                                &source[rest..span.end]
                            )));
                        }
                    }
                    None => builder.push_str(&text),
                }
                if received_placed {
                    edits.push(Edit::delete(span));
                } else {
                    edits.push(Edit::replace(span, cx.style.lines(&received)));
                    received_placed = true;
                }
            }
            Role::Source => {
                if source_in_builder {
                    before_builder_step(&mut builder, &mut venv_ready);
                    builder.push_str(&text);
                }
                if language == Language::Node && !node_deps_only {
                    let flags: String = instruction
                        .flags
                        .iter()
                        .map(|f| format!("{} ", f.to_buildkit()))
                        .collect();
                    let line = format!("COPY --from=builder {flags}{workdir} {workdir}\n");
                    edits.push(Edit::replace(
                        facts::lines_of(file, instruction),
                        cx.style.lines(&line),
                    ));
                } else if language != Language::Python && language != Language::Node {
                    edits.push(Edit::delete(span));
                }
            }
            Role::Build => {
                before_builder_step(&mut builder, &mut venv_ready);
                builder.push_str(&text);
                if received_placed {
                    edits.push(Edit::delete(span));
                } else {
                    edits.push(Edit::replace(span, cx.style.lines(&received)));
                    received_placed = true;
                }
            }
        }
    }
    if !received_placed {
        return Outcome::CannotApply {
            reason:
                "the engine found no install or build step whose result the runtime could receive"
                    .into(),
            todo: "split the stages by hand".into(),
        };
    }
    if language == Language::Node {
        let installs_dev = roles.iter().any(|(i, r)| {
            *r == Role::Install
                && !instructions[*i].arguments.contains("--omit=dev")
                && !instructions[*i].arguments.contains("--production")
        });
        let prune = match cx.stack.package_manager {
            PackageManager::Pnpm => "pnpm prune --prod",
            PackageManager::Yarn => {
                "yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline"
            }
            _ => "npm prune --omit=dev",
        };
        if installs_dev {
            // Joined to the builder's last RUN when it ends with one: two RUNs in a row are
            // a lint finding of their own.
            let last_is_run = roles
                .iter()
                .rev()
                .find(|(_, r)| {
                    !matches!(r, Role::RuntimeOnly | Role::OtherCopy | Role::UserSetup)
                        && (source_in_builder || *r != Role::Source)
                })
                .is_some_and(|(_, r)| matches!(r, Role::Install | Role::Build));
            if last_is_run {
                let trimmed = builder.trim_end().len();
                builder.truncate(trimmed);
                builder.push_str(&format!(" \\\n && {prune}\n"));
            } else {
                builder.push_str(&format!("RUN {prune}\n"));
            }
        }
    }
    if let Some(link) = &java_link {
        builder.push_str(link);
    }
    builder.push('\n');
    let from = &instructions[stage.from];
    edits.push(Edit::insert(
        facts::line_start(file, from),
        cx.style.lines(&builder),
    ));
    if runtime_base != stage.base {
        edits.push(Edit::replace(stage.base_span, runtime_base.clone()));
    }
    if distroless {
        // No shell at run time: the start command must be in exec form.
        for command in start.entrypoint.iter().chain(&start.cmd) {
            if !command.exec_form {
                edits.push(Edit::replace(
                    instructions[command.index].arguments_span,
                    json_array(command.words.iter().map(String::as_str)),
                ));
            }
        }
    }
    let mut summary = format!(
        "The build now happens in a `builder` stage on `{builder_base}`; the image is `{runtime_base}` with only what the app runs."
    );
    if let Some(tool) = &bootstrap {
        summary.push_str(&format!(
            " The builder installs {} with the image's own pip before it makes the virtualenv, so the tool stays in the builder and the virtualenv the runtime receives holds only the app's dependencies.",
            tool.tools.join(" and ")
        ));
    }
    if lean_venv {
        summary.push_str(" The virtualenv is made without pip of its own: the image's pip fills it (`PIP_PYTHON`), so the runtime receives only the dependencies.");
    }
    if !runtime_packages.is_empty() {
        summary.push_str(&format!(
            " The runtime installs {} (the libraries the build's headers were for) instead of the compilers and headers.",
            runtime_packages.join(", ")
        ));
    }
    if java_link.is_some() {
        summary.push_str(&format!(
            " The builder links a Java runtime of only the modules the jar uses into {} (jdeps lists them, jlink links them without debug symbols, man pages or headers), in place of a whole JRE; the cost is that a module the app loads only by reflection is missing until it is added to `--add-modules`.",
            jlink::RUNTIME_DIR
        ));
    }
    let mut change = StepChange::changing(edits, summary, what_changes);
    change.assumptions = assumptions;
    change.repeats_findings = true;
    Outcome::Applied(change)
}
