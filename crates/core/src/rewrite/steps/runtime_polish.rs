use crate::edit::Edit;
use crate::rewrite::facts;
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Language, Outcome, StepChange};
use crate::syntax::InstructionKind;

declare_step! {
    /// ## What it does
    /// Writes the start command in exec form (`CMD ["gunicorn", "app:app"]`) when it is one
    /// plain command, sets `PYTHONUNBUFFERED=1` and `PYTHONDONTWRITEBYTECODE=1` for Python
    /// and `NODE_ENV=production` for Node, and adds the `EXPOSE` the command's `--port` or
    /// `--bind` names when it is missing.
    ///
    /// ## Why
    /// In shell form `/bin/sh` is PID 1 and does not pass `docker stop`'s SIGTERM on, so
    /// the app is killed after 10 seconds instead of shutting down cleanly. Buffered Python
    /// output is lost when the container dies.
    ///
    /// ## Example
    /// `CMD python app.py` → `CMD ["python", "app.py"]`
    STEP = {
        id: "runtime-polish",
        title: "Polish the runtime: exec form, environment, ports",
        stacks: [],
        run: run,
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let Some(stage) = facts::final_stage(file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    let Some(start) = facts::start_command(file) else {
        return Outcome::NotApplicable("the final stage has no CMD or ENTRYPOINT to polish".into());
    };
    let mut edits = Vec::new();
    let mut did = Vec::new();
    let mut changes = Vec::new();
    for command in start.entrypoint.iter().chain(&start.cmd) {
        if command.exec_form || !command.simple {
            continue;
        }
        let instruction = &file.instructions()[command.index];
        let json: Vec<String> = command.words.iter().map(|w| json_string(w)).collect();
        edits.push(Edit::replace(
            instruction.arguments_span,
            format!("[{}]", json.join(", ")),
        ));
        did.push(format!("{} in exec form", instruction.kind()));
        changes.push("the app is PID 1 without a shell in front, so it receives SIGTERM itself on `docker stop`");
    }
    let first_start = start
        .entrypoint
        .iter()
        .chain(&start.cmd)
        .map(|c| c.index)
        .min()
        .unwrap_or(stage.from);
    let env: Vec<String> = facts::stage_instructions(file, &stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Env)
        .flat_map(|(_, i)| i.key_values().into_iter().map(|(k, _)| k.to_string()))
        .collect();
    let wanted: &[(&str, &str)] = match cx.stack.language {
        Language::Python => &[("PYTHONUNBUFFERED", "1"), ("PYTHONDONTWRITEBYTECODE", "1")],
        Language::Node => &[("NODE_ENV", "production")],
        _ => &[],
    };
    let missing: Vec<String> = wanted
        .iter()
        .filter(|(k, _)| !env.iter().any(|e| e == k))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let at = facts::line_start(file, &file.instructions()[first_start]);
    let mut inserted = String::new();
    if !missing.is_empty() && first_start != stage.from {
        inserted.push_str(&format!("ENV {}\n", missing.join(" ")));
        did.push(format!("`ENV {}`", missing.join(" ")));
        if missing.iter().any(|m| m.starts_with("NODE_ENV")) {
            changes
                .push("NODE_ENV=production makes libraries such as Express run in production mode");
        }
    }
    // A port the command listens on without EXPOSE.
    let words = start.words();
    let exposed: Vec<String> = facts::stage_instructions(file, &stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Expose)
        .flat_map(|(_, i)| {
            i.value_texts()
                .into_iter()
                .map(|p| p.split('/').next().unwrap_or(p).to_string())
        })
        .collect();
    let mut port = None;
    for (i, w) in words.iter().enumerate() {
        let value = match *w {
            "--port" | "-p" | "--bind" | "-b" => words.get(i + 1).copied(),
            _ => w
                .strip_prefix("--port=")
                .or_else(|| w.strip_prefix("--bind=")),
        };
        if let Some(v) = value {
            let p = v.rsplit(':').next().unwrap_or(v);
            if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) {
                port = Some(p.to_string());
            }
        }
    }
    if let Some(p) = port.filter(|p| !exposed.contains(p)) {
        inserted.push_str(&format!("EXPOSE {p}\n"));
        did.push(format!("`EXPOSE {p}` (the port the command listens on)"));
    }
    if !inserted.is_empty() {
        edits.push(Edit::insert(at, cx.style.lines(&inserted)));
    }
    if edits.is_empty() {
        return Outcome::NotApplicable(
            "the start command is already in exec form (or is a shell script that must stay one) and the runtime environment is set".into(),
        );
    }
    let summary = format!("Added {}.", did.join(", "));
    Outcome::Applied(if changes.is_empty() {
        StepChange::safe(edits, summary)
    } else {
        StepChange::changing(edits, summary, changes.join("; "))
    })
}
