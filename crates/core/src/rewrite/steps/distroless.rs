use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::{declare_step, jlink};
use crate::rewrite::{Context, Language, Outcome, StepChange};
use crate::syntax::json_array;
use crate::syntax::{Instruction, InstructionKind, Stage};

declare_step! {
    /// ## What it does
    /// Offers, without forcing, a distroless runtime where the stack allows it, and moves
    /// the final stage there when asked (`stagecraft rewrite --distroless`, or
    /// `distroless: true` in the options):
    /// - Go: `gcr.io/distroless/static-debian12:nonroot` when the builder sets
    ///   `CGO_ENABLED=0`, else `base-debian12:nonroot` (glibc for a cgo binary).
    /// - Rust: `gcr.io/distroless/cc-debian12:nonroot` (glibc, libgcc, libstdc++, OpenSSL),
    ///   `static-debian12:nonroot` after an Alpine (musl, static) builder.
    /// - Java with the runtime the multi-stage step linked with jlink:
    ///   `gcr.io/distroless/java-base-debian12:nonroot` (glibc, zlib, fonts, no JRE).
    ///
    /// Python and Node are explained, not moved: the distroless Python is Debian's 3.11 at
    /// another path than the builder's, so the virtualenv would break, and the distroless
    /// Node image starts `node` itself, so the start command would change.
    ///
    /// The final stage's RUNs that only create the user or install `ca-certificates` /
    /// `tzdata` (distroless has both) are removed; any other RUN, a `SHELL`, a start command
    /// that needs a shell or a named user the image does not know stops the step with the
    /// reason. A HEALTHCHECK that needs a shell or curl is removed and said.
    ///
    /// ## Why
    /// Distroless images hold the runtime and its libraries only: no shell and no package
    /// manager, so a compromised app has no tools, and there is less to patch. The caveats:
    /// `docker exec sh` no longer works, RUN cannot be used in the final stage, CMD must be
    /// in exec form, and a HEALTHCHECK needs a binary of its own.
    ///
    /// ## Example
    /// `FROM alpine:3.22` with `RUN apk add --no-cache ca-certificates` and
    /// `CMD ["/app/server"]` → `FROM gcr.io/distroless/static-debian12:nonroot`, the RUN gone.
    STEP = {
        id: "distroless",
        title: "Offer a distroless runtime",
        stacks: [],
        run: run,
    }
}

/// How a person lets this step apply, where they read it.
fn opt_in(surface: crate::Surface) -> &'static str {
    surface.pick(
        "to apply it, run `stagecraft rewrite --distroless` (option `distroless: true`)",
        "to apply it, switch on Distroless runtime at the top of the Rewrite tab",
    )
}

/// Why the stage cannot move, and what the person can do.
struct Refusal {
    reason: String,
    todo: String,
}

fn refuse(reason: impl Into<String>, todo: impl Into<String>) -> Refusal {
    Refusal {
        reason: reason.into(),
        todo: todo.into(),
    }
}

/// What moving the final stage takes.
struct Move {
    image: &'static str,
    edits: Vec<Edit>,
    /// What no longer happens at run time, said in the step's safety.
    dropped: Vec<String>,
}

fn run(cx: &Context) -> Outcome {
    let Some(stage) = facts::final_stage(cx.file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    let name = short_name(split_image(&stage.base).0);
    if name.contains("distroless") || name == "scratch" {
        return Outcome::NotApplicable(format!("the runtime is already `{}`", stage.base));
    }
    let planned = plan_move(cx, &stage);
    if !cx.options.distroless {
        return Outcome::NotApplicable(match planned {
            Ok(move_) => format!(
                "offered, not applied: the runtime could move from `{}` to `{}`, which has no shell and no package manager (no `docker exec sh`, no RUN in the final stage, exec-form CMD only, a HEALTHCHECK needs a binary of its own); {}",
                stage.base,
                move_.image,
                opt_in(cx.options.surface)
            ),
            Err(refusal) => format!("not offered: {}", refusal.reason),
        });
    }
    let move_ = match planned {
        Ok(move_) => move_,
        Err(refusal) => {
            return Outcome::CannotApply {
                reason: refusal.reason,
                todo: refusal.todo,
            }
        }
    };
    let mut what = vec![format!(
        "the runtime is `{}`: no shell and no package manager, so `docker exec sh` and debugging tools no longer work",
        move_.image
    )];
    what.extend(move_.dropped.iter().cloned());
    let summary = format!(
        "The runtime stage now starts from `{}` instead of `{}`: the app's files and its start command stay, the shell, the package manager and the distribution's tools go.",
        move_.image, stage.base
    );
    Outcome::Applied(
        StepChange::changing(move_.edits, summary, what.join("; "))
            .assuming("the app runs no shell script and no system tool at run time (it only execs its own program)"),
    )
}

/// The distroless image the final stage will move to in this plan: the caller opted in
/// and nothing in the stage stops the move. Runtime polish asks, so it does not add a
/// health check this step would take out again.
pub(super) fn will_move(cx: &Context) -> Option<&'static str> {
    if !cx.options.distroless {
        return None;
    }
    let stage = facts::final_stage(cx.file)?;
    plan_move(cx, &stage).ok().map(|m| m.image)
}

/// The distroless image for this stack, or why there is none.
fn image_for(cx: &Context, stage: &Stage) -> Result<&'static str, Refusal> {
    let builders = &cx.file.stages()[..stage.index];
    if builders.is_empty() {
        return Err(refuse(
            "the app is built in the runtime stage itself, and a distroless stage can only receive a finished program",
            "split the build into builder and runtime stages first (the `multi-stage` step), then run again",
        ));
    }
    if facts::FirstStages::new(builders)
        .first(&stage.base)
        .is_some()
    {
        return Err(refuse(
            format!("the runtime stage builds on the earlier stage `{}`, so moving it would drop everything that stage holds", stage.base),
            "copy what the runtime needs from that stage with `COPY --from` onto a distroless `FROM`, by hand",
        ));
    }
    let source = cx.source();
    let builder_text = |needle: &str| {
        builders.iter().any(|b| {
            cx.file.instructions()[b.instructions.clone()]
                .iter()
                .any(|i| i.span.text(source).contains(needle))
        })
    };
    let alpine_builder = builders
        .iter()
        .any(|b| split_image(&b.base).1.contains("alpine") || b.base.starts_with("alpine"));
    match cx.stack.language {
        Language::Go => {
            if builder_text("CGO_ENABLED=0") {
                Ok("gcr.io/distroless/static-debian12:nonroot")
            } else if alpine_builder {
                Err(refuse(
                    "the Go binary is built on Alpine with cgo left on, so it may link musl, which no distroless image has",
                    "build with `ENV CGO_ENABLED=0` in the builder, then run again",
                ))
            } else {
                Ok("gcr.io/distroless/base-debian12:nonroot")
            }
        }
        Language::Rust => Ok(if alpine_builder {
            "gcr.io/distroless/static-debian12:nonroot"
        } else {
            "gcr.io/distroless/cc-debian12:nonroot"
        }),
        Language::Java => {
            let linked = facts::stage_instructions(cx.file, stage).any(|(_, i)| {
                i.kind() == InstructionKind::Copy
                    && i.flag("from").is_some()
                    && i.value_texts().first() == Some(&jlink::RUNTIME_DIR)
            });
            if linked && !alpine_builder {
                Ok("gcr.io/distroless/java-base-debian12:nonroot")
            } else if linked {
                Err(refuse(
                    "the Java runtime was linked from an Alpine (musl) JDK, and distroless images have glibc",
                    "link the runtime with a Debian- or Ubuntu-based JDK, then run again",
                ))
            } else {
                Err(refuse(
                    format!("the runtime is the whole JRE of `{}`; the distroless Java images start `java -jar` themselves (their ENTRYPOINT), so the start command would have to lose its `java -jar`", stage.base),
                    "switch by hand: `FROM gcr.io/distroless/java21-debian12`, `CMD [\"app.jar\"]`; or let the multi-stage step link a runtime with jlink and run again",
                ))
            }
        }
        Language::Python => Err(refuse(
            format!("`gcr.io/distroless/python3-debian12` has Debian's own Python 3.11 at /usr/bin/python3, while the app's packages were installed for the interpreter of `{}` (another version, under /usr/local), so a virtualenv or site-packages copied over would point at an interpreter that is not there", stage.base),
            "build the virtualenv on `debian:12-slim` with `python3-venv` (the same Python 3.11), copy it onto `gcr.io/distroless/python3-debian12` and start it with its `bin/python`, by hand",
        )),
        Language::Node => Err(refuse(
            "`gcr.io/distroless/nodejs22-debian12` starts `/nodejs/bin/node` itself (its ENTRYPOINT), so `CMD [\"node\", ...]` would have to lose its `node`, and the engine keeps start commands as written",
            "switch by hand: `FROM gcr.io/distroless/nodejs22-debian12` with `CMD [\"server.js\"]`",
        )),
        Language::Unknown => Err(refuse(
            "the engine could not tell the stack, so it cannot tell which distroless image has what the app needs",
            "pick the image by hand (static, base, cc, java-base) from what the program links",
        )),
    }
}

/// Packages a distroless image already has, so a RUN that only installs them can go.
const IN_DISTROLESS: &[&str] = &["ca-certificates", "tzdata", "netbase"];

/// Whether a RUN only prepares what distroless already has or needs no more: the user, its
/// directory, certificates and time zones.
fn removable(run: &Instruction) -> Result<(), String> {
    let script = run
        .shell_script()
        .ok_or_else(|| "is in exec form".to_string())?;
    for command in &script.commands {
        let name = command.name().unwrap_or("");
        match name {
            "useradd"
            | "groupadd"
            | "adduser"
            | "addgroup"
            | "mkdir"
            | "chown"
            | "chmod"
            | "update-ca-certificates"
            | "true" => {}
            "rm" if command.operands().all(|w| {
                w.text.starts_with("/var/lib/apt") || w.text.starts_with("/var/cache")
            }) => {}
            "apt-get" | "apt" | "apk" => {}
            other => return Err(format!("runs `{other}`")),
        }
    }
    for install in facts::system_installs(run) {
        if let Some(other) = install
            .packages
            .iter()
            .find(|p| !IN_DISTROLESS.contains(&p.as_str()))
        {
            return Err(format!("installs `{other}`"));
        }
    }
    Ok(())
}

fn plan_move(cx: &Context, stage: &Stage) -> Result<Move, Refusal> {
    let image = image_for(cx, stage)?;
    let file = cx.file;
    let mut edits = vec![Edit::replace(stage.base_span, image.to_string())];
    let mut dropped = Vec::new();
    // A removed RUN made the app's directories (its home, its WORKDIR) its own.
    let mut made_dirs = false;
    for (index, instruction) in facts::stage_instructions(file, stage).skip(1) {
        let line = instruction.start_line;
        match instruction.kind() {
            InstructionKind::Run => {
                if let Err(what) = removable(instruction) {
                    return Err(refuse(
                        format!("line {line}: the final stage's RUN {what}, and a distroless image has no shell to run it (nor the package manager)"),
                        "move that work into the builder and copy its result, then run again",
                    ));
                }
                made_dirs |= instruction.arguments.contains("mkdir")
                    || instruction.arguments.contains("--create-home");
                edits.push(Edit::delete(facts::with_leading_comments(file, index)));
            }
            InstructionKind::Shell => {
                return Err(refuse(
                    format!("line {line}: SHELL names a shell, and a distroless image has none"),
                    "drop the SHELL line (exec-form commands need none), then run again",
                ));
            }
            InstructionKind::User => {
                let user = instruction.arguments.trim();
                let known = user.split(':').all(|part| {
                    part.chars().all(|c| c.is_ascii_digit()) || matches!(part, "nonroot" | "root")
                });
                if !known {
                    return Err(refuse(
                        format!("line {line}: `USER {user}` names a user that only the removed `useradd` created; distroless knows `nonroot` (65532) and numeric ids"),
                        "write the user as a number (`USER 10001`) or `USER nonroot`, then run again",
                    ));
                }
            }
            InstructionKind::Healthcheck if !health_check_runs(instruction) => {
                edits.push(Edit::delete(facts::lines_of(file, instruction)));
                dropped.push(format!("the HEALTHCHECK at line {line} is removed: it needs a shell or a tool the image does not have, so Docker no longer reports the container's health (a health check there must be a binary of the app's own)"));
            }
            _ => {}
        }
    }
    let Some(start) = facts::start_command(file) else {
        return Err(refuse(
            "the final stage has no start command",
            "add a CMD in exec form, then run again",
        ));
    };
    if let Some(command) = start
        .entrypoint
        .iter()
        .chain(&start.cmd)
        .find(|c| facts::shell_wrapped(c).is_some())
    {
        return Err(refuse(
            format!(
                "line {}: the start command runs through `/bin/sh -c` to expand its variables, and a distroless image has no shell",
                file.instructions()[command.index].start_line
            ),
            "write the start command in exec form with the values themselves (`CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]`), then run again",
        ));
    }
    if let Some(program) = start
        .program()
        .filter(|p| p.ends_with(".sh") || matches!(p.rsplit('/').next(), Some("sh" | "bash")))
    {
        return Err(refuse(
            format!("the app starts through the shell script `{program}`, and a distroless image has no shell to run it"),
            "start the program itself in exec form (`CMD [\"/app/server\"]`), then run again",
        ));
    }
    for command in start.entrypoint.iter().chain(&start.cmd) {
        if command.exec_form {
            continue;
        }
        let instruction = &file.instructions()[command.index];
        if !command.simple {
            return Err(refuse(
                format!(
                    "line {}: the start command needs a shell, which a distroless image does not have",
                    instruction.start_line
                ),
                "write the start command in exec form (`CMD [\"./app\", \"--flag\"]`), then run again",
            ));
        }
        edits.push(Edit::replace(
            instruction.arguments_span,
            json_array(command.words.iter().map(String::as_str)),
        ));
    }
    if !facts::stage_instructions(file, stage).any(|(_, i)| i.kind() == InstructionKind::User) {
        dropped.push("the `:nonroot` image runs the app as uid 65532 instead of root".to_string());
    }
    if made_dirs {
        dropped.push("directories the removed RUN created are now made by WORKDIR or COPY and belong to root unless copied with `--chown`: an app that writes into its working directory needs a volume".to_string());
    }
    Ok(Move {
        image,
        edits,
        dropped,
    })
}

/// Whether a HEALTHCHECK still runs without a shell, curl, wget or an interpreter:
/// `NONE`, or exec form starting a program of the app's own.
fn health_check_runs(instruction: &Instruction) -> bool {
    let args = instruction.arguments.trim();
    if args.eq_ignore_ascii_case("none") {
        return true;
    }
    let Some((_, command)) = args.split_once("CMD") else {
        return false;
    };
    let Some(list) = command.trim().strip_prefix('[') else {
        return false;
    };
    let program = list
        .trim_start()
        .strip_prefix('"')
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("");
    let base = program.rsplit('/').next().unwrap_or(program);
    !program.is_empty()
        && !matches!(
            base,
            "curl" | "wget" | "sh" | "bash" | "python" | "python3" | "node"
        )
}
