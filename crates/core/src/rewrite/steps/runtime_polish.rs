use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Language, Outcome, StepChange};
use crate::size::knowledge::knowledge;
use crate::syntax::{json_array, InstructionKind};

/// The path probed when the caller gives none (`--health-path`).
const DEFAULT_PATH: &str = "/health";

declare_step! {
    /// ## What it does
    /// Writes the start command in exec form (`CMD ["gunicorn", "app:app"]`) when it is one
    /// plain command, sets `PYTHONUNBUFFERED=1` and `PYTHONDONTWRITEBYTECODE=1` for Python
    /// and `NODE_ENV=production` for Node, and adds the `EXPOSE` the command's `--port` or
    /// `--bind` names when it is missing. It also applies the lint fixes for how the image
    /// describes itself: `MAINTAINER` (deprecated) becomes `LABEL
    /// org.opencontainers.image.authors=...`, and `ENV key value` becomes `ENV key=value`.
    ///
    /// When the runtime serves a port (`EXPOSE`, or the command's `--port`/`--bind`) and has
    /// something to make an HTTP request with, it adds a `HEALTHCHECK` of
    /// `http://localhost:PORT/health` (`--health-path` names another path): `curl` or `wget`
    /// installed by the stage or in the base image's package set, busybox `wget` on Alpine,
    /// or the interpreter of the official python or node image (`urllib`, `http`). A
    /// distroless or scratch runtime has no shell and no such tool, and an image without one
    /// gets none; the step says so.
    ///
    /// ## Why
    /// In shell form `/bin/sh` is PID 1 and does not pass `docker stop`'s SIGTERM on, so
    /// the app is killed after 10 seconds instead of shutting down cleanly. Buffered Python
    /// output is lost when the container dies. Without a health check a container whose app
    /// hangs still shows as running; with one, Docker marks it unhealthy, Swarm replaces it
    /// and Compose waits for it. The cost: a path the app does not serve fails every check.
    ///
    /// ## Example
    /// `CMD python app.py` → `CMD ["python", "app.py"]`; with `EXPOSE 8000` on `python:3.12-slim`,
    /// `HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["python", "-c",
    /// "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=3)"]`
    STEP = {
        id: "runtime-polish",
        title: "Polish the runtime: exec form, environment, ports, health check",
        stacks: [],
        run: run,
    }
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
    // A CMD and an ENTRYPOINT together pass the CMD to the ENTRYPOINT as arguments, which a
    // `sh -c` script would not read: only a lone command is wrapped.
    let alone = start.entrypoint.is_none() || start.cmd.is_none();
    for command in start.entrypoint.iter().chain(&start.cmd) {
        if command.exec_form {
            continue;
        }
        let instruction = &file.instructions()[command.index];
        if command.simple {
            edits.push(Edit::replace(
                instruction.arguments_span,
                json_array(command.words.iter().map(String::as_str)),
            ));
            did.push(format!("{} in exec form", instruction.kind()));
            changes.push("the app is PID 1 without a shell in front, so it receives SIGTERM itself on `docker stop`");
        } else if command.expands_only && alone {
            let script = instruction.arguments.trim();
            let script = if script.starts_with("exec ") {
                script.to_string()
            } else {
                format!("exec {script}")
            };
            edits.push(Edit::replace(
                instruction.arguments_span,
                json_array(["/bin/sh", "-c", &script]),
            ));
            did.push(format!(
                "{} in exec form through `/bin/sh -c \"exec ...\"`, which still expands its `$` variables",
                instruction.kind()
            ));
            changes.push("the shell expands the variables, then `exec` replaces it with the app, so the app is PID 1 and receives SIGTERM itself on `docker stop`");
        }
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
        .flat_map(|(_, i)| i.key_values().map(|(k, _)| k.to_string()))
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
    if let Some(p) = port.clone().filter(|p| !exposed.contains(p)) {
        inserted.push_str(&format!("EXPOSE {p}\n"));
        did.push(format!("`EXPOSE {p}` (the port the command listens on)"));
    }
    // The port a health check can reach: the first one exposed, else the command's.
    let health_port = exposed
        .iter()
        .find(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        .cloned()
        .or(port);
    let mut assumptions = Vec::new();
    let no_health_check = match health_check(cx, &stage, health_port.as_deref()) {
        Ok(check) => {
            inserted.push_str(&check.line);
            did.push(format!(
                "a HEALTHCHECK that asks {} for `http://localhost:{}{}` every 30 s",
                check.tool, check.port, check.path
            ));
            changes.push("Docker now marks the container unhealthy when that request fails three times in a row; Swarm replaces unhealthy tasks and Compose's `depends_on: condition: service_healthy` waits for healthy");
            assumptions.push(format!(
                "the app answers a plain HTTP GET of {} on port {} with a 2xx or 3xx status once it is ready{}",
                check.path,
                check.port,
                if cx.options.health_path.is_some() {
                    " (the path you gave)"
                } else {
                    cx.options.surface.pick(
                        "; if its health route is another one, pass it with `--health-path` (a path that does not exist makes every check fail)",
                        "; if its health route is another one, change the path in the HEALTHCHECK line after applying (a path that does not exist makes every check fail)",
                    )
                }
            ));
            None
        }
        Err(Skip::Quiet) => None,
        Err(Skip::Because(reason)) => Some(reason),
    };
    if !inserted.is_empty() {
        edits.push(Edit::insert(at, cx.style.lines(&inserted)));
    }
    let metadata = metadata_fixes(cx);
    if !metadata.edits.is_empty() {
        edits.extend(metadata.edits);
        did.push(metadata.did.join(" and "));
        changes.extend(metadata.changes);
    }
    if edits.is_empty() {
        let mut reason = String::from("the start command is already in exec form (or is a shell script that must stay one) and the runtime environment is set");
        if let Some(why) = no_health_check {
            reason.push_str(&format!("; no HEALTHCHECK was added: {why}"));
        }
        return Outcome::NotApplicable(reason);
    }
    let mut summary = format!("Added {}.", did.join(", "));
    if let Some(why) = no_health_check {
        summary.push_str(&format!(" No HEALTHCHECK was added: {why}."));
    }
    let mut change = if changes.is_empty() {
        StepChange::safe(edits, summary)
    } else {
        StepChange::changing(edits, summary, changes.join("; "))
    };
    change.assumptions = assumptions;
    Outcome::Applied(change)
}

/// The lint fixes for how the image describes itself, which the steps before leave as they
/// found them: `MAINTAINER` (deprecated, DL4000, an error) becomes the OCI authors label,
/// and `ENV key value` (LegacyKeyValueFormat) becomes `ENV key=value`.
const METADATA: &[&str] = &["DL4000", "LegacyKeyValueFormat"];

struct MetadataFixes {
    edits: Vec<Edit>,
    did: Vec<&'static str>,
    changes: Vec<&'static str>,
}

fn metadata_fixes(cx: &Context) -> MetadataFixes {
    let mut out = MetadataFixes {
        edits: Vec::new(),
        did: Vec::new(),
        changes: Vec::new(),
    };
    if !cx.codes.iter().any(|c| METADATA.contains(c)) {
        return out;
    }
    // Past `MEASURE_EVERY_STEP_UP_TO` the walk keeps no findings, and linting a megabyte
    // file again for two metadata fixes would undo what that limit saves: they are left.
    let Some(findings) = cx.findings else {
        return out;
    };
    // A file that already labels its authors keeps its MAINTAINER line rather than gain a
    // second label that may say something else.
    let authors_labelled = cx.file.instructions().iter().any(|i| {
        i.kind() == InstructionKind::Label
            && i.key_values()
                .any(|(k, _)| k == "org.opencontainers.image.authors")
    });
    for finding in findings
        .iter()
        .filter(|f| METADATA.contains(&f.code) && !(f.code == "DL4000" && authors_labelled))
    {
        // The first fix that edits anything (a value with spaces only gets a display-only one).
        let Some(fix) = finding.fixes.iter().find(|f| !f.edits.is_empty()) else {
            continue;
        };
        out.edits.extend(fix.edits.iter().cloned());
        if finding.code == "DL4000" {
            if !out
                .did
                .contains(&"`LABEL org.opencontainers.image.authors` for `MAINTAINER`")
            {
                out.did
                    .push("`LABEL org.opencontainers.image.authors` for `MAINTAINER`");
                out.changes.push("the address is a label now: `docker inspect` shows it under Labels, and the image's deprecated Author field is empty");
            }
        } else if !out
            .did
            .contains(&"`ENV key=value` for the legacy `ENV key value`")
        {
            out.did
                .push("`ENV key=value` for the legacy `ENV key value`");
        }
    }
    out
}

/// Why no health check is written: said when it would help, quiet when the file already
/// has one or serves nothing.
enum Skip {
    Quiet,
    Because(String),
}

/// A HEALTHCHECK line and what it uses.
struct HealthCheck {
    line: String,
    tool: &'static str,
    port: String,
    path: String,
}

/// What in the final stage can make an HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    Curl,
    Wget,
    /// Alpine's busybox `wget` (`--spider` without GNU's extras).
    BusyboxWget,
    Python,
    Node,
}

/// The probe tools the final stage has: installed by its RUNs, in its base image's package
/// set (from the size model's data), busybox on Alpine, or the interpreter of the official
/// python or node image.
fn probe(cx: &Context, stage: &crate::syntax::Stage) -> Option<Probe> {
    let installed = facts::stage_packages(cx.file, stage);
    let (image, tag) = split_image(&stage.base);
    let name = short_name(image);
    // The base image's package set, resolved once (its closure is hundreds of packages).
    let base_set = {
        let k = knowledge();
        k.find_base(&stage.base)
            .row
            .and_then(|row| row.packages)
            .map(|set| k.base_package_set(set))
            .unwrap_or_default()
    };
    let in_base = |tool: &str| base_set.contains(tool);
    let alpine = name == "alpine" || tag.contains("alpine");
    if installed.contains("curl") || in_base("curl") {
        Some(Probe::Curl)
    } else if installed.contains("wget") || in_base("wget") {
        Some(Probe::Wget)
    } else if alpine {
        Some(Probe::BusyboxWget)
    } else if name == "python" {
        Some(Probe::Python)
    } else if name == "node" {
        Some(Probe::Node)
    } else {
        None
    }
}

fn health_check(
    cx: &Context,
    stage: &crate::syntax::Stage,
    port: Option<&str>,
) -> Result<HealthCheck, Skip> {
    let has_one = facts::stage_instructions(cx.file, stage)
        .any(|(_, i)| i.kind() == InstructionKind::Healthcheck);
    if has_one {
        return Err(Skip::Quiet);
    }
    let Some(port) = port else {
        // Workers and scripts serve nothing to probe.
        return Err(Skip::Quiet);
    };
    let name = short_name(split_image(&stage.base).0);
    if name.contains("distroless") || name == "scratch" {
        return Err(Skip::Because(format!(
            "the runtime `{}` has no shell and no curl or wget to probe with; a health check there must be a binary of its own (`HEALTHCHECK CMD [\"/app/server\", \"-healthcheck\"]`)",
            stage.base
        )));
    }
    if let Some(image) = super::distroless::will_move(cx) {
        return Err(Skip::Because(format!(
            "the runtime moves to `{image}` in the distroless step you asked for, which has no shell and no curl or wget to probe with; a health check there must be a binary of the app's own"
        )));
    }
    let Some(probe) = probe(cx, stage) else {
        if crate::size::image_ref::is_windows_image(&stage.base) {
            return Err(Skip::Because(format!(
                "the runtime `{}` is a Windows image, and the engine writes health checks for Linux images; Windows Server 2019 and later images have `curl.exe` and PowerShell's `Invoke-WebRequest` to write one with",
                stage.base
            )));
        }
        let install = if name.contains("alpine") || stage.base.contains("alpine") {
            "apk add --no-cache curl"
        } else {
            "apt-get install -y --no-install-recommends curl"
        };
        return Err(Skip::Because(format!(
            "the runtime `{}` has neither curl nor wget nor an interpreter to make the request; install one (`{install}`) or write a HEALTHCHECK that runs the app's own client",
            stage.base
        )));
    };
    let path = cx
        .options
        .health_path
        .clone()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let p = p.trim().to_string();
            if p.starts_with('/') {
                p
            } else {
                format!("/{p}")
            }
        })
        .unwrap_or_else(|| DEFAULT_PATH.to_string());
    if path.contains(['"', '\'', '\\', ' ', '$', '`']) {
        return Err(Skip::Because(format!(
            "the health path `{path}` has quotes, spaces or `$`, which the engine does not write into a command; write the HEALTHCHECK by hand"
        )));
    }
    let url = format!("http://localhost:{port}{path}");
    let (tool, command) = match probe {
        // Exec form, like the start command: no shell is needed to run the probe, and lint
        // (DL3025) has nothing to say about the line this step writes. Docker counts any
        // non-zero exit as a failed check, so curl's 22 or wget's 8 need no `|| exit 1`.
        Probe::Curl => (
            "curl",
            format!("[\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"{url}\"]"),
        ),
        Probe::Wget => (
            "wget",
            format!("[\"wget\", \"-q\", \"-O\", \"/dev/null\", \"{url}\"]"),
        ),
        Probe::BusyboxWget => (
            "busybox wget",
            format!("[\"wget\", \"-q\", \"--spider\", \"{url}\"]"),
        ),
        Probe::Python => (
            "Python's urllib",
            format!(
                "[\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('{url}', timeout=3)\"]"
            ),
        ),
        Probe::Node => (
            "Node's http module",
            format!(
                "[\"node\", \"-e\", \"require('http').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\"]"
            ),
        ),
    };
    Ok(HealthCheck {
        line: format!(
            "HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD {command}\n"
        ),
        tool,
        port: port.to_string(),
        path,
    })
}
