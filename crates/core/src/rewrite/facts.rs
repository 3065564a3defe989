//! What the steps read from a parsed file: the final stage, its start command, the system
//! packages it installs and what each one is for, all through the parser's views.

use std::collections::HashMap;

use crate::dockerignore::Dockerignore;
use crate::edit;
use crate::size::image_ref::WrittenRef;
use crate::size::knowledge::knowledge;
use crate::syntax::{
    Dockerfile, ElementKind, Instruction, InstructionKind, ShellCommand, Span, Stage,
};

/// Whether a `.dockerignore` keeps the repository's history out of the context.
pub fn keeps_git_out(dockerignore: &str) -> bool {
    Dockerignore::parse(dockerignore).keeps_git_out()
}

/// The stage the image is built from: the last one.
pub fn final_stage(file: &Dockerfile) -> Option<Stage> {
    file.stages().pop()
}

/// The first stage each name (case-insensitive, as BuildKit reads `--from` and FROM) and
/// each index names, so a file with thousands of stages asks by name in constant time.
pub struct FirstStages<'s> {
    stages: &'s [Stage],
    by_name: HashMap<String, usize>,
}

impl<'s> FirstStages<'s> {
    pub fn new(stages: &'s [Stage]) -> Self {
        let mut by_name = HashMap::new();
        for stage in stages {
            if let Some(name) = &stage.name {
                by_name
                    .entry(name.to_ascii_lowercase())
                    .or_insert(stage.index);
            }
        }
        FirstStages { stages, by_name }
    }

    /// The first stage that [`Stage::is_named`] `reference`, by name or by index.
    pub fn first(&self, reference: &str) -> Option<&'s Stage> {
        let by_name = self.by_name.get(&reference.to_ascii_lowercase()).copied();
        let by_index = reference
            .parse::<usize>()
            .ok()
            .filter(|&i| i < self.stages.len());
        let index = match (by_name, by_index) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        self.stages.get(index)
    }
}

/// The instructions of a stage, FROM included, with their indexes.
pub fn stage_instructions<'f>(
    file: &'f Dockerfile,
    stage: &Stage,
) -> impl Iterator<Item = (usize, &'f Instruction)> + 'f {
    let range = stage.instructions.clone();
    file.instructions()
        .iter()
        .enumerate()
        .skip(range.start)
        .take(range.len())
}

/// The whole lines of an instruction, line break included: what deleting it removes.
pub fn lines_of(file: &Dockerfile, instruction: &Instruction) -> Span {
    edit::whole_lines(
        file.source(),
        file.line_index(),
        instruction.start_line,
        instruction.end_line,
    )
}

/// An instruction's lines with the comment lines right above it (they describe it).
pub fn with_leading_comments(file: &Dockerfile, index: usize) -> Span {
    let lines = lines_of(file, &file.instructions()[index]);
    let elements = file.elements();
    // The elements are in text order, so the instruction's is found by its offset (a scan
    // per instruction would make a step over every instruction quadratic).
    let near = elements.partition_point(|e| e.span.end <= lines.start);
    let wanted = ElementKind::Instruction(index);
    let at = elements[near..]
        .iter()
        .take(2)
        .position(|e| e.kind == wanted)
        .map(|at| near + at)
        .or_else(|| elements.iter().position(|e| e.kind == wanted));
    let Some(at) = at else {
        return lines;
    };
    let mut start = lines.start;
    for element in elements[..at].iter().rev() {
        if element.kind == ElementKind::Comment {
            start = element.span.start;
        } else {
            break;
        }
    }
    Span::new(start, lines.end)
}

/// Where a new line goes before an instruction: the start of its first line.
pub fn line_start(file: &Dockerfile, instruction: &Instruction) -> usize {
    lines_of(file, instruction).start
}

/// What starts the app: the final stage's last ENTRYPOINT and CMD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand {
    pub entrypoint: Option<Command>,
    pub cmd: Option<Command>,
}

/// One CMD or ENTRYPOINT: its words, and whether it was written in exec form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
    pub exec_form: bool,
    /// Shell form that is one plain command: it can be written in exec form unchanged.
    pub simple: bool,
    /// Shell form that is one command whose only shell feature is `$VAR` expansion, on one
    /// line: `["/bin/sh", "-c", "exec ..."]` runs it the same way, with the app as PID 1.
    pub expands_only: bool,
    /// Index of the instruction.
    pub index: usize,
}

impl StartCommand {
    /// The command as one line, the same for shell and exec form, for comparing. A
    /// `["/bin/sh", "-c", "exec X"]` reads as `X` written in shell form, which it runs the
    /// same way.
    pub fn normalized(&self) -> String {
        let mut out = Vec::new();
        for command in self.entrypoint.iter().chain(&self.cmd) {
            match shell_wrapped(command) {
                Some(script) => out.push(script.to_string()),
                // A shell-form script kept whole: `exec X` starts the same command as `X`.
                None if !command.exec_form && !command.simple => {
                    let text = command.words.join(" ");
                    let text = text.trim_start();
                    out.push(
                        text.strip_prefix("exec ")
                            .unwrap_or(text)
                            .trim_start()
                            .to_string(),
                    );
                }
                None => out.push(command.words.join(" ")),
            }
        }
        out.join(" ")
    }

    /// The program that runs first (the entrypoint's, else the command's).
    pub fn program(&self) -> Option<&str> {
        self.entrypoint
            .as_ref()
            .or(self.cmd.as_ref())
            .and_then(|c| c.words.first())
            .map(String::as_str)
    }

    /// Every word, entrypoint first.
    pub fn words(&self) -> Vec<&str> {
        self.entrypoint
            .iter()
            .chain(&self.cmd)
            .flat_map(|c| c.words.iter().map(String::as_str))
            .collect()
    }
}

/// The script of an exec-form `["/bin/sh", "-c", "exec SCRIPT"]` (or `sh`), without its `exec`.
pub fn shell_wrapped(command: &Command) -> Option<&str> {
    match command.words.as_slice() {
        [shell, flag, script]
            if command.exec_form && (shell == "/bin/sh" || shell == "sh") && flag == "-c" =>
        {
            script.strip_prefix("exec ").map(str::trim_start)
        }
        _ => None,
    }
}

fn command_of(index: usize, instruction: &Instruction) -> Command {
    if instruction.json {
        return Command {
            words: instruction
                .value_texts()
                .into_iter()
                .map(String::from)
                .collect(),
            exec_form: true,
            simple: true,
            expands_only: false,
            index,
        };
    }
    // Brackets that are not JSON (`["python", 'app.py']`): Docker runs them in shell form,
    // which starts nothing, and `fix-build` writes the JSON they meant. The command is what
    // they meant, so the steps after it (and the guard) see the app the person wrote.
    let near = crate::syntax::near_string_array(&instruction.arguments);
    if let Some(words) = near.as_ref().and_then(|n| n.words.clone()) {
        return Command {
            words,
            exec_form: true,
            simple: true,
            expands_only: false,
            index,
        };
    }
    let bracketed = near.is_some();
    let none = crate::syntax::ShellScript::default();
    let script = instruction.shell().unwrap_or(&none);
    let plain = !bracketed
        && script.commands.len() == 1
        && script.commands[0].redirects.is_empty()
        && script.commands[0]
            .words
            .iter()
            .all(|w| !w.text.contains(['$', '`', '*', '?', '~']) && !w.text.is_empty());
    let expands_only = !plain
        && !bracketed
        && script.commands.len() == 1
        && script.commands[0].redirects.is_empty()
        && crate::syntax::expands_named_variables_only(&instruction.arguments);
    let words = if plain {
        // `CMD exec gunicorn app:app`: the shell's `exec` is not part of the command (the
        // exec form runs `gunicorn` itself).
        let words = &script.commands[0].words;
        let skip = usize::from(words.len() > 1 && words[0].text == "exec" && !words[0].quoted);
        words[skip..].iter().map(|w| w.text.clone()).collect()
    } else {
        vec![instruction.arguments.clone()]
    };
    Command {
        words,
        exec_form: false,
        simple: plain,
        expands_only,
        index,
    }
}

/// The start command of the final stage, if it has one.
pub fn start_command(file: &Dockerfile) -> Option<StartCommand> {
    let stage = final_stage(file)?;
    let mut start = StartCommand {
        entrypoint: None,
        cmd: None,
    };
    for (i, instruction) in stage_instructions(file, &stage) {
        match instruction.kind() {
            InstructionKind::Entrypoint => start.entrypoint = Some(command_of(i, instruction)),
            InstructionKind::Cmd => start.cmd = Some(command_of(i, instruction)),
            _ => {}
        }
    }
    (start.entrypoint.is_some() || start.cmd.is_some()).then_some(start)
}

/// A package-manager install command in a RUN: which manager and which packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemInstall {
    pub apk: bool,
    pub packages: Vec<String>,
}

/// The `apt-get install` / `apk add` commands of one RUN.
pub fn system_installs(instruction: &Instruction) -> Vec<SystemInstall> {
    let Some(script) = instruction.shell() else {
        return Vec::new();
    };
    script
        .commands
        .iter()
        .filter_map(|command| {
            let name = command.name()?;
            let apk = name == "apk";
            let verb = if apk { "add" } else { "install" };
            if !matches!(name, "apt-get" | "apt" | "apk") {
                return None;
            }
            let operands: Vec<&str> = command.operands().map(|w| w.text.as_str()).collect();
            let at = operands.iter().position(|w| *w == verb)?;
            Some(SystemInstall {
                apk,
                packages: operands[at + 1..]
                    .iter()
                    .filter(|p| !p.contains('$'))
                    .map(|p| p.split('=').next().unwrap_or(p).to_string())
                    .collect(),
            })
        })
        .collect()
}

/// Names sorted, each once: a set of package names, ports or variables. A sorted `Vec` read
/// by binary search rather than a `BTreeSet`, whose tree code is a few KB of the page's WASM
/// per element type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameSet(Vec<String>);

impl NameSet {
    pub fn contains(&self, name: &str) -> bool {
        self.0
            .binary_search_by(|held| held.as_str().cmp(name))
            .is_ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// The first name (in order) that `other` does not hold.
    fn first_missing_from(&self, other: &NameSet) -> Option<&String> {
        self.0.iter().find(|name| !other.contains(name))
    }
}

impl FromIterator<String> for NameSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> NameSet {
        let mut names: Vec<String> = names.into_iter().collect();
        crate::order::sort(&mut names);
        names.dedup();
        NameSet(names)
    }
}

/// Every system package the stage installs.
pub fn stage_packages(file: &Dockerfile, stage: &Stage) -> NameSet {
    stage_instructions(file, stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Run)
        .flat_map(|(_, i)| system_installs(i))
        .flat_map(|install| install.packages)
        .collect()
}

/// Tools that only build: they go to the builder stage and never to the runtime.
const BUILD_TOOLS: &[&str] = &[
    "build-essential",
    "gcc",
    "g++",
    "make",
    "cmake",
    "pkg-config",
    "pkgconf",
    "autoconf",
    "automake",
    "libtool",
    "python3-dev",
    "musl-dev",
    "build-base",
    "cargo",
    "rustc",
    "golang",
];

/// Whether a system package is only needed to build (a compiler or a header package).
pub fn is_build_only(package: &str) -> bool {
    BUILD_TOOLS.contains(&package) || is_headers(package)
}

fn is_headers(package: &str) -> bool {
    package.ends_with("-dev") || package.ends_with("-devel") || package.contains("-dev-")
}

/// The C library's own headers: what they were for is in every base image already.
const LIBC_HEADERS: &[&str] = &[
    "libc6-dev",
    "libc-dev",
    "libcrypt-dev",
    "libnsl-dev",
    "libtirpc-dev",
    "linux-libc-dev",
    "libc-dev-bin",
];

/// The runtime libraries a header package was for, read from the package data: the `lib*`
/// packages it depends on that are not headers themselves (`libpq-dev` → `libpq5`),
/// following header packages that point at other header packages
/// (`default-libmysqlclient-dev` → `libmariadb-dev-compat` → `libmariadb-dev` →
/// `libmariadb3`). Compilers and tools need nothing at run time.
pub fn runtime_libraries(dev: &str) -> Vec<&'static str> {
    let apt = &knowledge().apt;
    let mut out: Vec<&'static str> = Vec::new();
    if !is_headers(dev) || LIBC_HEADERS.contains(&dev) {
        return Vec::new();
    }
    // At most 65 names: a list is as quick as a set and smaller in the page's WASM.
    let mut seen: Vec<String> = Vec::new();
    let mut stack = vec![dev.to_string()];
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        if seen.len() > 64 {
            continue;
        }
        let Some(package) = apt.get(name.as_str()) else {
            continue;
        };
        for dep in &package.depends {
            if LIBC_HEADERS.contains(dep) || !dep.starts_with("lib") {
                continue;
            }
            if is_headers(dep) {
                stack.push(dep.to_string());
            } else if !matches!(*dep, "libc6" | "libgcc-s1" | "libstdc++6") {
                out.push(dep);
            }
        }
    }
    crate::order::sort(&mut out);
    out.dedup();
    out
}

/// The last value of an instruction kind in the final stage (WORKDIR, USER).
pub fn last_value(file: &Dockerfile, kind: InstructionKind) -> Option<String> {
    let stage = final_stage(file)?;
    stage_instructions(file, &stage)
        .filter(|(_, i)| i.kind() == kind)
        .last()
        .map(|(_, i)| i.arguments.trim().to_string())
}

/// The final stage's working directory at its end, as an absolute path: each WORKDIR with
/// the stage's own ENV values and ARG defaults expanded (`ENV APP_HOME=/app` then
/// `WORKDIR $APP_HOME` is `/app`), a relative one joined to the one before. `None` when the
/// stage sets none, or a variable has no value written in the stage.
pub fn expanded_workdir(file: &Dockerfile) -> Option<String> {
    workdir_walk(file, usize::MAX)
        .ok()
        .flatten()
        .filter(|w| w.starts_with('/') && !w.contains('$'))
}

/// The final stage's working directory in effect just before its instruction `index` (an
/// index into the file's instructions), expanded as [`expanded_workdir`] does: `/` when no
/// WORKDIR comes before it, `None` when a variable in one has no value written in the stage.
pub fn workdir_before(file: &Dockerfile, index: usize) -> Option<String> {
    workdir_walk(file, index)
        .ok()
        .map(|w| w.unwrap_or_else(|| "/".into()))
        .filter(|w| w.starts_with('/') && !w.contains('$'))
}

/// The WORKDIRs of the final stage before instruction `until`: `Ok(None)` for none, `Err`
/// for one whose variable has no value in the file.
fn workdir_walk(file: &Dockerfile, until: usize) -> Result<Option<String>, ()> {
    let Some(stage) = final_stage(file) else {
        return Ok(None);
    };
    let escape = file.escape();
    let mut values: HashMap<String, String> = HashMap::new();
    let mut workdir: Option<String> = None;
    let expand = |word: &str, values: &HashMap<String, String>| {
        crate::syntax::expand_known(word, escape, &|name| values.get(name).cloned()).ok()
    };
    for (_, instruction) in stage_instructions(file, &stage).take_while(|(i, _)| *i < until) {
        match instruction.kind() {
            InstructionKind::Env => {
                for (key, value) in instruction.key_values() {
                    if let Some(value) = expand(value, &values) {
                        values.insert(key.to_string(), value);
                    }
                }
            }
            InstructionKind::Arg => {
                for decl in instruction.arg_decls() {
                    match decl.default.as_deref().and_then(|d| expand(d, &values)) {
                        Some(value) if !value.is_empty() => {
                            values.insert(decl.name, value);
                        }
                        // A build argument without a default: its value is not in the file.
                        _ => {
                            values.remove(&decl.name);
                        }
                    }
                }
            }
            InstructionKind::Workdir => {
                let path = expand(instruction.arguments.trim(), &values).ok_or(())?;
                workdir = Some(if path.starts_with('/') {
                    path
                } else {
                    let base = workdir.as_deref().unwrap_or("/").trim_end_matches('/');
                    format!("{base}/{path}")
                });
            }
            _ => {}
        }
    }
    Ok(workdir)
}

/// The working directory of the final stage at its end (`/` when none is set).
pub fn workdir(file: &Dockerfile) -> String {
    last_value(file, InstructionKind::Workdir).unwrap_or_else(|| "/".into())
}

/// What the final stage gives the app at run time, read once per version of the file: the
/// plan compares each step's result with the file before it, and the "before" is the
/// previous step's "after", so each version is read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuntimeView {
    workdir: Option<String>,
    env: NameSet,
    ports: NameSet,
    user: bool,
    /// The final stage's base and the system packages it installs; `None` without a stage.
    stage: Option<(String, NameSet)>,
}

impl RuntimeView {
    pub fn of(file: &Dockerfile) -> RuntimeView {
        let Some(stage) = final_stage(file) else {
            return RuntimeView::default();
        };
        let mut view = RuntimeView::default();
        let (mut env, mut ports) = (Vec::new(), Vec::new());
        for (_, instruction) in stage_instructions(file, &stage) {
            match instruction.kind() {
                InstructionKind::Env => {
                    env.extend(instruction.key_values().map(|(k, _)| k.to_string()))
                }
                InstructionKind::Expose => {
                    ports.extend(instruction.value_texts().into_iter().map(String::from))
                }
                InstructionKind::User => view.user = true,
                InstructionKind::Workdir => {
                    view.workdir = Some(instruction.arguments.trim().to_string())
                }
                _ => {}
            }
        }
        view.env = env.into_iter().collect();
        view.ports = ports.into_iter().collect();
        view.stage = Some((stage.base.clone(), stage_packages(file, &stage)));
        view
    }

    /// The start of the final stage's `FROM`, for messages; empty without a stage.
    fn base(&self) -> &str {
        self.stage.as_ref().map_or("", |(base, _)| base.as_str())
    }
}

/// What the final stage of `after` lost that the app needs at run time compared with
/// `before`: its working directory, environment, ports, user, or a runtime library.
pub fn runtime_gaps(before: &Dockerfile, after: &Dockerfile) -> Option<String> {
    runtime_gaps_between(&RuntimeView::of(before), &RuntimeView::of(after))
}

/// [`runtime_gaps`] on views already read.
pub fn runtime_gaps_between(before: &RuntimeView, after: &RuntimeView) -> Option<String> {
    if before.workdir.is_some() && before.workdir != after.workdir {
        return Some(format!(
            "WORKDIR {} became {}",
            before.workdir.clone().unwrap_or_default(),
            after.workdir.clone().unwrap_or_else(|| "/".into())
        ));
    }
    if let Some(key) = before.env.first_missing_from(&after.env) {
        return Some(format!("ENV {key} is no longer set"));
    }
    if let Some(port) = before.ports.first_missing_from(&after.ports) {
        return Some(format!("EXPOSE {port} is gone"));
    }
    if before.user && !after.user {
        return Some("the USER line is gone".into());
    }
    let (Some((_, had)), Some((_, has))) = (&before.stage, &after.stage) else {
        return None;
    };
    let base_after = after.base();
    // What `has` pulls in, worked out only for a library `has` does not name: a step that
    // keeps the packages (most) never needs it.
    let mut has_closure = None;
    for package in had.iter() {
        let needed: Vec<String> = if is_build_only(package) {
            runtime_libraries(package)
                .into_iter()
                .map(String::from)
                .collect()
        } else {
            vec![package.clone()]
        };
        for lib in needed {
            if provided_by(base_after, &lib) {
                continue;
            }
            let k = knowledge();
            if !has.contains(&lib)
                && !k.apt_row(&lib).is_some_and(|row| {
                    has_closure
                        .get_or_insert_with(|| {
                            k.apt_closure_of(
                                &has.iter().map(String::as_str).collect::<Vec<_>>(),
                                false,
                                &Default::default(),
                            )
                        })
                        .contains(row)
                })
            {
                return Some(format!("the runtime package {lib} is no longer installed"));
            }
        }
    }
    None
}

/// Whether the official image `base` already has what a distribution package brought
/// (`python3` in `python:3.10-slim`).
fn provided_by(base: &str, package: &str) -> bool {
    let image = short_name(split_image(base).0);
    match image {
        "python" => matches!(
            package,
            "python3" | "python3-pip" | "python3-venv" | "python3-dev" | "python-is-python3"
        ),
        "node" => matches!(package, "nodejs" | "npm"),
        // Every distroless image carries certificates, time zones and /etc/services.
        _ if image.contains("distroless") => {
            matches!(package, "ca-certificates" | "tzdata" | "netbase")
        }
        _ => false,
    }
}

/// The RUN commands of `stage`, with the instruction index, borrowed from each RUN's shell
/// view (copying them was three allocations per command on every keystroke's hints).
pub fn run_commands<'f>(file: &'f Dockerfile, stage: &Stage) -> Vec<(usize, &'f ShellCommand)> {
    stage_instructions(file, stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Run)
        .flat_map(|(index, i)| {
            i.shell()
                .into_iter()
                .flat_map(|s| s.commands.iter())
                .map(move |c| (index, c))
        })
        .collect()
}

/// The image and tag of a reference (`python:3.12-slim` → (`python`, `3.12-slim`)); the tag
/// is empty when none is written. A digest counts as pinned and is returned as the tag.
pub fn split_image(reference: &str) -> (&str, &str) {
    let written = WrittenRef::split(reference);
    // `ubuntu:24.04@sha256:...`: the digest pins it; the name is still `ubuntu`.
    (written.name, written.digest.or(written.tag).unwrap_or(""))
}

/// The image name without registry and `library/` (`docker.io/library/python` → `python`).
pub fn short_name(image: &str) -> &str {
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    image.strip_prefix("library/").unwrap_or(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_packages_lead_to_their_runtime_libraries() {
        assert!(runtime_libraries("libpq-dev").contains(&"libpq5"));
        assert!(runtime_libraries("libxml2-dev").contains(&"libxml2"));
        let mysql = runtime_libraries("default-libmysqlclient-dev");
        assert!(
            mysql.iter().any(|l| l.starts_with("libmariadb")),
            "{mysql:?}"
        );
        assert!(runtime_libraries("build-essential").is_empty());
        assert!(runtime_libraries("pkg-config").is_empty());
        assert!(!mysql.iter().any(|l| l.contains("-dev")), "{mysql:?}");
    }

    #[test]
    fn the_workdir_is_read_through_the_stages_variables() {
        let workdir = |text: &str| expanded_workdir(&crate::parse(text));
        assert_eq!(
            workdir("FROM a\nENV APP_HOME /app\nWORKDIR $APP_HOME\n").as_deref(),
            Some("/app")
        );
        assert_eq!(
            workdir("FROM a\nARG BASE=/srv\nWORKDIR ${BASE}/api\nWORKDIR v1\n").as_deref(),
            Some("/srv/api/v1")
        );
        // A build argument without a default, or no WORKDIR at all: not known.
        assert_eq!(workdir("FROM a\nARG HOME_DIR\nWORKDIR $HOME_DIR\n"), None);
        assert_eq!(workdir("FROM a\nCOPY . .\n"), None);
    }

    #[test]
    fn the_start_command_is_the_same_in_shell_and_exec_form() {
        let shell = crate::parse("FROM a\nCMD python app.py\n");
        let exec = crate::parse("FROM a\nCMD [\"python\", \"app.py\"]\n");
        assert_eq!(
            start_command(&shell).unwrap().normalized(),
            start_command(&exec).unwrap().normalized()
        );
        // The shell's `exec` is not a program: `CMD exec python app.py` runs `python`.
        let exec = crate::parse("FROM a\nCMD exec python app.py\n");
        let exec = start_command(&exec).unwrap();
        assert_eq!(exec.cmd.as_ref().unwrap().words, ["python", "app.py"]);
        assert_eq!(exec.normalized(), "python app.py");
        let piped = crate::parse("FROM a\nCMD python app.py | tee log\n");
        let piped = start_command(&piped).unwrap().cmd.unwrap();
        assert!(!piped.simple && !piped.expands_only);
        // `$PORT` needs a shell; `sh -c "exec ..."` is the same command.
        let port = crate::parse("FROM a\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n");
        let port = start_command(&port).unwrap();
        assert!(port.cmd.as_ref().unwrap().expands_only);
        let wrapped = crate::parse(
            "FROM a\nCMD [\"/bin/sh\", \"-c\", \"exec gunicorn -b 0.0.0.0:$PORT app:app\"]\n",
        );
        assert_eq!(
            start_command(&wrapped).unwrap().normalized(),
            port.normalized()
        );
    }
}
