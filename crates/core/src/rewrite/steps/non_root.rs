use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Outcome, StepChange};
use crate::syntax::{Dockerfile, InstructionKind, Stage};

declare_step! {
    /// ## What it does
    /// Makes the app run as an unprivileged user with a fixed id (10001): creates it with
    /// the distribution's own tool (`useradd` on Debian and Ubuntu, busybox `adduser -D` on
    /// Alpine), gives it the files it was copied and its working directory (`COPY --chown`,
    /// one `chown` of the directory itself), and switches with `USER 10001` after the last
    /// build command. Distroless and scratch images get their built-in `65532`.
    ///
    /// ## Why
    /// A process running as root in a container is root on the files it can reach: an
    /// exploited app can rewrite its own code and anything mounted in. A fixed numeric id also
    /// lets Kubernetes' `runAsNonRoot` verify it.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .
    /// CMD ["python", "app.py"]
    /// ```
    /// becomes
    /// ```dockerfile
    /// RUN useradd --system --uid 10001 --no-log-init --create-home app
    /// COPY --chown=10001:10001 . .
    /// USER 10001
    /// CMD ["python", "app.py"]
    /// ```
    STEP = {
        id: "non-root",
        title: "Run as a non-root user",
        stacks: [],
        run: run,
    }
}

pub(crate) const UID: &str = "10001";

/// Whether `USER value` is root.
fn is_root(value: &str) -> bool {
    let user = value.split(':').next().unwrap_or(value).trim();
    user == "root" || user == "0"
}

/// Where a new RUN goes without sitting next to another RUN (which lint reports as
/// consecutive RUNs): after the first instruction of the stage that has no RUN beside it,
/// and never between the stage's `FROM` and the `MAINTAINER` or `LABEL` lines that describe
/// it (a reader expects the image's description right under its base).
fn quiet_spot(file: &Dockerfile, stage: &Stage) -> Option<usize> {
    let instructions = file.instructions();
    let describes = |i: usize| {
        matches!(
            instructions[i].kind(),
            InstructionKind::Maintainer | InstructionKind::Label
        )
    };
    for i in stage.instructions.clone() {
        let next = i + 1;
        let run_here = instructions[i].kind() == InstructionKind::Run;
        let run_next =
            stage.instructions.contains(&next) && instructions[next].kind() == InstructionKind::Run;
        if !run_here && !run_next && stage.instructions.contains(&next) && !describes(next) {
            // Above the comments that describe the instruction, not between them and it.
            return Some(facts::with_leading_comments(file, next).start);
        }
    }
    None
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let Some(stage) = facts::final_stage(file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    if let Some(user) = facts::last_value(file, InstructionKind::User) {
        if !is_root(&user) {
            return Outcome::NotApplicable(format!("the final stage already runs as `{user}`"));
        }
    }
    // Below 1024 only root may listen (outside Docker's own sysctl default, e.g. Kubernetes).
    let low_port = facts::stage_instructions(file, &stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Expose)
        .flat_map(|(_, i)| i.exposed_ports())
        .find_map(|p| p.port.map(u32::from).filter(|n| *n < 1024));
    if let Some(port) = low_port {
        return Outcome::CannotApply {
            reason: format!("the app listens on port {port}, which only root may open on most hosts (Kubernetes included)"),
            todo: format!("make the app listen on a port above 1023 (say {}), EXPOSE that, and publish it as {port} (`-p {port}:{}`); then run again", port + 8000, port + 8000),
        };
    }
    let (image, tag) = split_image(&stage.base);
    let name = short_name(image);
    let distroless = name.contains("distroless") || name == "scratch";
    // distroless's `:nonroot` tags set `USER 65532` themselves.
    if distroless && tag.contains("nonroot") {
        return Outcome::NotApplicable(format!(
            "the base `{}` already runs as the non-root user 65532",
            stage.base
        ));
    }
    let instructions = file.instructions();
    let body: Vec<usize> = stage.instructions.clone().skip(1).collect();
    // USER goes after the last command that builds (RUN, COPY, ADD), so they still run as root.
    let last_build = body
        .iter()
        .rev()
        .find(|&&i| {
            matches!(
                instructions[i].kind(),
                InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
            )
        })
        .copied()
        .unwrap_or(stage.from);
    // Where USER goes, and the line break it needs first when the file's last line has none.
    let (user_at, lead) = match body.iter().find(|&&i| i > last_build) {
        Some(&next) => (facts::line_start(file, &instructions[next]), ""),
        None => {
            let end = facts::lines_of(file, &instructions[last_build]).end;
            if file.source()[..end].ends_with('\n') {
                (end, "")
            } else {
                (end, cx.style.newline)
            }
        }
    };
    // `USER root` after the last build (the author switched back to root for the app): the
    // step's own USER takes its place, or the image would still start as root.
    let back_to_root: Vec<usize> = body
        .iter()
        .copied()
        .filter(|&i| {
            i > last_build
                && instructions[i].kind() == InstructionKind::User
                && is_root(instructions[i].arguments.trim())
        })
        .collect();
    let root_lines = back_to_root
        .last()
        .map(|&i| facts::lines_of(file, &instructions[i]));
    let mut edits: Vec<Edit> = back_to_root
        .iter()
        .rev()
        .skip(1)
        .map(|&i| Edit::delete(facts::lines_of(file, &instructions[i])))
        .collect();
    let uid = if distroless { "65532" } else { UID };
    if !distroless {
        // Debian and Ubuntu always hold `passwd` (useradd; Priority: required); Alpine and
        // the busybox image create users with busybox's adduser and addgroup.
        let family = crate::size::family_of_base(&stage.base);
        let alpine = cx.stack.alpine
            || name.contains("alpine")
            || stage.base.contains("alpine")
            || family == Some("alpine")
            || name.rsplit('/').next() == Some("busybox");
        let known = alpine
            || matches!(family, Some("debian" | "ubuntu"))
            || matches!(
                name.rsplit('/').next().unwrap_or(name),
                "python"
                    | "node"
                    | "golang"
                    | "rust"
                    | "debian"
                    | "ubuntu"
                    | "eclipse-temurin"
                    | "maven"
                    | "gradle"
                    | "openjdk"
                    | "amazoncorretto"
                    | "fedora"
                    | "centos"
                    | "rockylinux"
                    | "almalinux"
                    | "pypy"
                    | "buildpack-deps"
            );
        if crate::size::image_ref::is_windows_image(&stage.base) {
            return Outcome::CannotApply {
                reason: format!(
                    "`{}` is a Windows image: it runs as `ContainerAdministrator`, and the engine writes users for Linux images only",
                    stage.base
                ),
                todo: "add `USER ContainerUser` (the unprivileged user Windows images ship) before the start command, and give it write access (`icacls`) to the folders the app writes".into(),
            };
        }
        if !known {
            return Outcome::CannotApply {
                reason: format!("the engine does not know which tool creates users in `{}`", stage.base),
                todo: "create a user with a fixed id (useradd or adduser), then add `USER <id>` before the start command".into(),
            };
        }
        let workdir = facts::last_value(file, InstructionKind::Workdir);
        let own = match &workdir {
            Some(dir) if !dir.contains('$') && dir != "/" => {
                format!(" \\\n && mkdir -p {dir} && chown {UID}:{UID} {dir}")
            }
            _ => String::new(),
        };
        // A user or group the file already creates: `useradd app` a second time fails, and
        // the build with it.
        let taken = created_names(file);
        let user = ["app", "appuser", "runner", "service"]
            .into_iter()
            .find(|n| !taken.iter().any(|t| t == n))
            .unwrap_or("stagecraft");
        let create = if alpine {
            format!("RUN addgroup -S -g {UID} {user} \\\n && adduser -S -D -u {UID} -G {user} {user}{own}\n")
        } else {
            format!("RUN groupadd --system --gid {UID} {user} \\\n && useradd --system --uid {UID} --gid {user} --no-log-init --create-home {user}{own}\n")
        };
        let at = quiet_spot(file, &stage).unwrap_or_else(|| {
            instructions
                .get(stage.from + 1)
                .filter(|_| stage.instructions.len() > 1)
                .map_or(user_at, |_| {
                    facts::with_leading_comments(file, stage.from + 1).start
                })
        });
        // The user must exist before USER switches to it.
        let at = at.min(user_at);
        if let Some(root) = root_lines {
            if at == root.start {
                let text = cx.style.lines(&format!("{create}USER {uid}\n"));
                edits.push(Edit::replace(root, text));
            } else {
                edits.push(Edit::insert(at, cx.style.lines(&create)));
                edits.push(Edit::replace(
                    root,
                    cx.style.lines(&format!("USER {uid}\n")),
                ));
            }
        } else if at == user_at {
            edits.push(Edit::insert(
                at,
                format!("{lead}{}", cx.style.lines(&format!("{create}USER {uid}\n"))),
            ));
        } else {
            edits.push(Edit::insert(at, cx.style.lines(&create)));
            edits.push(Edit::insert(
                user_at,
                format!("{lead}{}", cx.style.lines(&format!("USER {uid}\n"))),
            ));
        }
        for &i in &body {
            let copy = &instructions[i];
            if matches!(copy.kind(), InstructionKind::Copy | InstructionKind::Add)
                && copy.flag("chown").is_none()
                && copy.flag("from").is_none()
            {
                edits.push(Edit::insert(
                    copy.keyword_span.end,
                    format!(" --chown={UID}:{UID}"),
                ));
            }
        }
    } else if let Some(root) = root_lines {
        edits.push(Edit::replace(
            root,
            cx.style.lines(&format!("USER {uid}\n")),
        ));
    } else {
        edits.push(Edit::insert(
            user_at,
            format!("{lead}{}", cx.style.lines(&format!("USER {uid}\n"))),
        ));
    }
    let switched_back = match back_to_root.last() {
        Some(&i) => format!(
            " Line {} switched back to root for the app; its `USER` now names {uid}: check that the app needs no root at run time.",
            instructions[i].start_line
        ),
        None => String::new(),
    };
    Outcome::Applied(StepChange::changing(
        edits,
        format!("The app now runs as user {uid} instead of root, so an exploited process cannot rewrite its own code or the system; the files it was copied (and its working directory) belong to it.{switched_back}"),
        format!("the process runs as uid {uid}: it cannot bind ports below 1024, install packages at run time, or write outside its own files and directory"),
    ))
}

/// The names the file's RUNs give users and groups they create (`useradd ... app`,
/// `adduser -D -G web web`, `addgroup -S app`): every operand that is not a path or a number.
fn created_names(file: &crate::syntax::Dockerfile) -> Vec<String> {
    file.instructions()
        .iter()
        .filter(|i| i.kind() == InstructionKind::Run)
        .filter_map(|i| i.shell_script())
        .flat_map(|script| {
            script
                .commands
                .iter()
                .filter(|c| {
                    matches!(
                        c.name(),
                        Some("useradd" | "adduser" | "groupadd" | "addgroup")
                    )
                })
                .flat_map(|c| c.operands())
                .filter(|w| !w.text.contains('/') && !w.text.chars().all(|c| c.is_ascii_digit()))
                .map(|w| w.text.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}
