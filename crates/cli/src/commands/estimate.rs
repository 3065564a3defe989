//! `stagecraft estimate FILE`: per-layer and total image size before building.
//!
//! The tty form is a table (layer, instruction, size, share of the image); `--format json`
//! prints `{"image": {"stage", "bytes"}, "stages": [...]}` so scripts can read
//! `image.bytes.expected`.

use std::path::Path;
use std::process::ExitCode;

use serde_json::{json, Value};
use stagecraft_core::size::{self, Bytes, EstimateInputs, SizeEstimate};

use crate::input::read_dockerfile;

const USAGE: &str = "usage: stagecraft estimate FILE|- [--requirements F|--pyproject F] [--package-json F] \
[--context-size SIZE] [--dockerignore yes|no] [--target STAGE] [--build-arg K=V] [--format tty|json]";

/// Options shared by `estimate` and `cache`.
pub struct Options {
    pub path: String,
    pub inputs: EstimateInputs,
    pub json: bool,
    pub changed: Option<String>,
}

/// Reads the shared options; `allow_changed` accepts `--changed` (for `cache`).
pub fn read_options(args: &[String], usage: &str, allow_changed: bool) -> Result<Options, String> {
    let mut path = None;
    let mut inputs = EstimateInputs::default();
    let mut json = false;
    let mut changed = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("{name} needs a value\n{usage}"))
        };
        match flag {
            // A pyproject.toml is read for its runtime dependencies, like a requirements.txt.
            "--requirements" | "--pyproject" => {
                let file = value(flag)?;
                inputs.requirements = Some(read_text(&file)?);
            }
            "--package-json" => {
                let file = value(flag)?;
                inputs.package_json = Some(read_text(&file)?);
            }
            "--context-size" => {
                let text = value(flag)?;
                inputs.context_bytes = Some(size::parse_size(&text).ok_or_else(|| {
                    format!("--context-size: `{text}` is not a size (try 40MB, 1.2GB, 512k)")
                })?);
            }
            "--dockerignore" => {
                inputs.dockerignore = match value(flag)?.as_str() {
                    "yes" | "true" => Some(true),
                    "no" | "false" => Some(false),
                    other => return Err(format!("--dockerignore: `{other}` is not yes or no")),
                }
            }
            "--target" => inputs.target = Some(value(flag)?),
            "--build-arg" => {
                let pair = value(flag)?;
                let (k, v) = pair
                    .split_once('=')
                    .ok_or_else(|| format!("--build-arg: `{pair}` is not NAME=VALUE"))?;
                inputs.build_args.insert(k.to_string(), v.to_string());
            }
            "--changed" if allow_changed => changed = Some(value(flag)?),
            "--format" => match value(flag)?.as_str() {
                "json" => json = true,
                "tty" | "text" => json = false,
                other => return Err(format!("--format: `{other}` is not tty or json")),
            },
            "-h" | "--help" => return Err(usage.to_string()),
            f if f.starts_with("--") => return Err(format!("unknown option `{f}`\n{usage}")),
            _ if path.is_none() => path = Some(arg.clone()),
            _ => return Err(format!("one Dockerfile at a time\n{usage}")),
        }
    }
    let path = path.ok_or_else(|| usage.to_string())?;
    // A .dockerignore beside the Dockerfile keeps .git out of the context (when it says so).
    if inputs.dockerignore.is_none() && path != "-" {
        let ignore = Path::new(&path)
            .parent()
            .unwrap_or(Path::new("."))
            .join(".dockerignore");
        if let Ok(text) = std::fs::read_to_string(ignore) {
            inputs.dockerignore = Some(
                text.lines()
                    .any(|l| l.trim().trim_start_matches("**/").starts_with(".git")),
            );
        }
    }
    Ok(Options {
        path,
        inputs,
        json,
        changed,
    })
}

fn read_text(path: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| format!("stagecraft: {path}: {e}"))
}

pub fn run(args: &[String]) -> ExitCode {
    let options = match read_options(args, USAGE, false) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let text = match read_dockerfile(&options.path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let file = stagecraft_core::parse(&text);
    let estimate = size::estimate(&file, &options.inputs);
    if options.json {
        print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&estimate)).unwrap_or_default()
        ));
    } else {
        print_out(&to_table(&estimate));
    }
    ExitCode::SUCCESS
}

/// Writes to standard output; a closed pipe (`| head`) ends the output quietly instead of
/// panicking.
pub fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub fn bytes_json(bytes: Bytes) -> Value {
    json!({"low": bytes.low, "expected": bytes.expected, "high": bytes.high})
}

pub fn to_json(estimate: &SizeEstimate) -> Value {
    let image = estimate.image_stage();
    json!({
        "image": {
            "stage": image.map(|s| s.label()),
            "base": image.map(|s| s.base.clone()),
            "bytes": bytes_json(estimate.image),
            "download_bytes": bytes_json(estimate.download),
        },
        "stages": estimate.stages.iter().map(|stage| json!({
            "name": stage.name,
            "index": stage.index,
            "base": stage.base,
            // How the base image was sized: `exact`, `alias`, `nearest` or `unknown`, and the
            // table row used; null when the stage builds on another stage.
            "base_image": stage.base_image.as_ref().map(|b| json!({
                "match": b.matched.as_str(),
                "row": b.row,
            })),
            "bytes": bytes_json(stage.total),
            "download_bytes": bytes_json(stage.download),
            "layers": stage.layers.iter().map(|layer| json!({
                "line": layer.line,
                "end_line": layer.end_line,
                "instruction": layer.instruction,
                "text": layer.text,
                "bytes": bytes_json(layer.bytes),
                "sources": layer.sources,
                "notes": layer.notes,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "notes": estimate.notes,
    })
}

fn to_table(estimate: &SizeEstimate) -> String {
    let mut out = String::new();
    for note in &estimate.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    let image_index = estimate.image_stage;
    for stage in &estimate.stages {
        let shipped = Some(stage.index) == image_index;
        out.push_str(&format!(
            "\nstage {} ({}){}: {}\n",
            stage.label(),
            stage.base,
            if shipped { " — the image" } else { "" },
            stage.total
        ));
        if let Some(base) = &stage.base_image {
            out.push_str(&format!("base: {}\n", base.describe(&stage.base)));
        }
        out.push_str(&format!(
            "{:>5}  {:<8} {:>10}  {:>6}  {}\n",
            "line", "", "size", "share", "range / instruction"
        ));
        for layer in &stage.layers {
            let share = if stage.total.expected > 0 {
                format!(
                    "{:.0}%",
                    layer.bytes.expected as f64 * 100.0 / stage.total.expected as f64
                )
            } else {
                "-".into()
            };
            out.push_str(&format!(
                "{:>5}  {:<8} {:>10}  {:>6}  {}\n",
                layer.line,
                layer.instruction,
                size::human(layer.bytes.expected),
                share,
                layer.text
            ));
            if layer.bytes.low != layer.bytes.high {
                out.push_str(&format!(
                    "{:>27}  range {} – {}\n",
                    "",
                    size::human(layer.bytes.low),
                    size::human(layer.bytes.high)
                ));
            }
            for note in &layer.notes {
                out.push_str(&format!("{:>27}  ! {note}\n", ""));
            }
        }
    }
    if let Some(stage) = estimate.image_stage() {
        out.push_str(&format!(
            "\nimage (stage {}): {} on disk, about {} to download\n",
            stage.label(),
            estimate.image,
            size::human(estimate.download.expected)
        ));
    }
    out
}
