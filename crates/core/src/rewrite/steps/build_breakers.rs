use crate::edit::Edit;
use crate::rewrite::facts;
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Outcome, StepChange};
use crate::syntax::{json_array, InstructionKind, MountType};

declare_step! {
    /// ## What it does
    /// Fixes what stops a build or silently breaks it: a `# comment` written after an
    /// instruction other than RUN (Docker reads it as more arguments), and `pip
    /// --no-cache-dir` under a pip cache mount (the mount then caches nothing). A `COPY
    /// --from` naming a stage that does not exist is reported, since only the person knows
    /// which stage was meant. A `CMD` or `ENTRYPOINT` in brackets that are not JSON
    /// (`["python", 'app.py']`) is written as the JSON it meant: Docker runs it in shell form,
    /// and the shell looks for a program named `[python,`.
    ///
    /// ## Why
    /// `EXPOSE 8000 # web` exposes a port called `#` and one called `web`; `WORKDIR /app #
    /// code` creates a directory with spaces in its name.
    ///
    /// ## Example
    /// `EXPOSE 8000 # web` → `EXPOSE 8000`
    STEP = {
        id: "fix-build",
        title: "Fix what breaks the build",
        stacks: [],
        run: run,
    }
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let stages = file.stages();
    let named = facts::FirstStages::new(&stages);
    for (i, instruction) in file.instructions().iter().enumerate() {
        if instruction.kind() != InstructionKind::Copy {
            continue;
        }
        let Some(from) = instruction.flag("from").and_then(|f| f.value.clone()) else {
            continue;
        };
        let earlier = named.first(&from).is_some_and(|s| s.from < i);
        let image = from.contains(['/', ':', '.']) || from.contains('$');
        if !earlier && !image && from.parse::<usize>().is_err() {
            return Outcome::CannotApply {
                reason: format!(
                    "line {}: `COPY --from={from}` names no earlier stage; BuildKit will try to pull an image called `{from}`",
                    instruction.start_line
                ),
                todo: "name the stage `AS ` on its FROM line, or fix the name in --from".into(),
            };
        }
    }
    let mut edits = Vec::new();
    let mut what = Vec::new();
    for instruction in file.instructions() {
        let trailing_comment = matches!(
            instruction.kind(),
            InstructionKind::Expose
                | InstructionKind::Workdir
                | InstructionKind::User
                | InstructionKind::Copy
                | InstructionKind::Add
        ) && instruction.start_line == instruction.end_line
            && !instruction.json;
        if trailing_comment {
            if let Some(hash) = instruction
                .values
                .iter()
                .position(|w| w.text.starts_with('#'))
            {
                if hash > 0 || instruction.kind() != InstructionKind::Copy {
                    let start = instruction.values[..hash]
                        .last()
                        .map_or(instruction.arguments_span.start, |w| w.span.end);
                    edits.push(Edit::delete(start..instruction.arguments_span.end));
                    what.push(format!(
                        "line {}: the `#` comment after {}, which Docker would have read as more arguments",
                        instruction.start_line,
                        instruction.kind()
                    ));
                }
            }
        }
        if instruction.kind() == InstructionKind::Run {
            let (options, _) = instruction.run_options();
            let pip_cache = options.mounts.iter().any(|m| {
                m.kind == MountType::Cache
                    && m.target
                        .as_deref()
                        .is_some_and(|t| t.contains(".cache/pip") || t.ends_with(".cache"))
            });
            if pip_cache {
                for command in instruction.shell().map_or(&[][..], |s| &s.commands) {
                    for word in command.arguments() {
                        if word.text == "--no-cache-dir"
                            && matches!(command.name(), Some("pip" | "pip3"))
                        {
                            let mut span = word.span;
                            if file.source()[..span.start].ends_with(' ') {
                                span.start -= 1;
                            }
                            edits.push(Edit::delete(span));
                            what.push(format!(
                                "line {}: `--no-cache-dir` under a pip cache mount, which left the mount nothing to cache",
                                instruction.start_line
                            ));
                        }
                    }
                }
            }
        }
    }
    // `CMD ["python", 'app.py']`: brackets that are not JSON are shell form, and the shell
    // looks for a program named `[python,`; written as the JSON they meant, the app starts.
    let mut bracket_fixed = false;
    // Whether the stage so far, or later, has an ENTRYPOINT: a CMD is then its arguments.
    let mut stage_has_entrypoint = false;
    for (i, instruction) in file.instructions().iter().enumerate() {
        if instruction.kind() == InstructionKind::From {
            stage_has_entrypoint = file.instructions()[i + 1..]
                .iter()
                .take_while(|later| later.kind() != InstructionKind::From)
                .any(|later| later.kind() == InstructionKind::Entrypoint);
        }
        if !matches!(
            instruction.kind(),
            InstructionKind::Cmd | InstructionKind::Entrypoint
        ) || instruction.json
        {
            continue;
        }
        let Some(near) = crate::syntax::near_string_array(&instruction.arguments) else {
            continue;
        };
        let Some(words) = near.words else {
            continue;
        };
        edits.push(Edit::replace(
            instruction.arguments_span,
            json_array(words.iter().map(String::as_str)),
        ));
        let program = instruction
            .shell()
            .and_then(|script| script.commands.first())
            .and_then(|command| command.words.first())
            .map_or_else(String::new, |w| w.text.clone());
        let effect = if instruction.kind() == InstructionKind::Cmd && stage_has_entrypoint {
            "which the ENTRYPOINT would have received as the arguments `/bin/sh`, `-c` and the whole line".to_string()
        } else {
            format!("which the shell would have run as a program named `{program}`, so the container would have exited at once")
        };
        what.push(format!(
            "line {}: `{}` in brackets that are not JSON ({}), {effect}",
            instruction.start_line,
            instruction.kind(),
            near.mistake
        ));
        bracket_fixed = true;
    }
    let mut added_cmd = false;
    // A file without CMD or ENTRYPOINT runs whatever its base image runs; when the caller
    // said what starts the app, it is written down.
    if let (None, Some(given)) = (facts::start_command(file), &cx.options.start_command) {
        let source = file.source();
        if given.split_whitespace().next().is_some() && facts::final_stage(file).is_some() {
            let line = cx
                .style
                .lines(&format!("CMD {}\n", json_array(given.split_whitespace())));
            let at = source.len();
            let lead = if source.ends_with('\n') {
                ""
            } else {
                cx.style.newline
            };
            edits.push(Edit::insert(at, format!("{lead}{line}")));
            what.push(format!(
                "no start command: `CMD` for `{given}` (given with --start-command), where the container would have run the base image's default command"
            ));
            added_cmd = true;
        }
    }
    if edits.is_empty() {
        return Outcome::NotApplicable(
            "nothing in the file stops or silently breaks the build".into(),
        );
    }
    let summary = format!("Fixed {}.", what.join("; "));
    Outcome::Applied(if added_cmd {
        StepChange::changing(
            edits,
            summary,
            "the container starts the given command instead of the base image's default",
        )
    } else if bracket_fixed {
        StepChange::changing(
            edits,
            summary,
            "the container starts the command the brackets meant instead of exiting at once",
        )
    } else {
        StepChange::safe(edits, summary)
    })
}
