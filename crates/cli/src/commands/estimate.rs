//! `stagecraft estimate [FILE...|-]`: per-layer and total image size before building.
//!
//! The text form is a table (layer, instruction, size, share of the image); `--format json`
//! prints an array with one `{"file", "image": {"stage", "bytes"}, "stages": [...]}` per
//! file, so scripts read `.[0].image.bytes.expected` (`jsonl`: one object a line).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use stagecraft_core::size::{self, Bytes, EstimateInputs, SizeEstimate};

use crate::format::{print_results, ResultFormat};
use crate::input::{read_all, Input};

const EXAMPLES: &str = "\
Examples:
  stagecraft estimate Dockerfile
  stagecraft estimate --requirements requirements.txt --context-size 40MB Dockerfile
  stagecraft estimate --format json Dockerfile | jq '.[0].image.bytes.expected'
  stagecraft estimate --format jsonl api/Dockerfile worker/Dockerfile

Sizes are ranges (low, expected, high) from the knowledge base of base images and
packages; a layer the model cannot size says why in a note.";

/// Estimate the image size per layer and in total, before building anything.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Dockerfiles to estimate; `-` reads standard input
    #[arg(value_name = "FILE", default_value = "Dockerfile")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// `json` is one array with an object per file, `jsonl` one object per line
    #[arg(short, long, value_enum, default_value_t = ResultFormat::Text)]
    pub format: ResultFormat,
}

/// What the Dockerfile alone does not say; shared by `estimate` and `cache`.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// A requirements.txt, for sizing `pip install -r`
    #[arg(long, value_name = "FILE", conflicts_with = "pyproject")]
    pub requirements: Option<PathBuf>,
    /// A pyproject.toml, read for its runtime dependencies (sizes `pip install .`)
    #[arg(long, value_name = "FILE")]
    pub pyproject: Option<PathBuf>,
    /// A package.json, for sizing `npm install`, `npm ci` and `yarn`
    #[arg(long, value_name = "FILE")]
    pub package_json: Option<PathBuf>,
    /// The build context's size without .git, for `COPY . .` (e.g. 40MB, 1.2GB, 512k)
    #[arg(long, value_name = "SIZE", value_parser = parse_context_size)]
    pub context_size: Option<u64>,
    /// Whether a .dockerignore keeps .git out of the context; default: read the one beside
    /// each Dockerfile
    #[arg(long, value_name = "YES|NO", value_parser = parse_yes_no)]
    pub dockerignore: Option<bool>,
    /// The stage to build, as `docker build --target`; default: the last stage
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
    /// A build argument, as `docker build --build-arg` (repeatable)
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_build_arg)]
    pub build_arg: Vec<(String, String)>,
}

fn parse_context_size(text: &str) -> Result<u64, String> {
    size::parse_size(text).ok_or_else(|| format!("`{text}` is not a size (try 40MB, 1.2GB, 512k)"))
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text {
        "yes" | "true" => Ok(true),
        "no" | "false" => Ok(false),
        other => Err(format!("`{other}` is not yes or no")),
    }
}

fn parse_build_arg(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE"))
}

impl InputArgs {
    /// The estimate's inputs for one Dockerfile: the flags, plus the `.dockerignore` beside
    /// it when `--dockerignore` is not given.
    pub fn for_file(&self, path: &str) -> Result<EstimateInputs, String> {
        let manifest = self.requirements.as_ref().or(self.pyproject.as_ref());
        let mut inputs = EstimateInputs {
            requirements: manifest.map(|p| read_text(p)).transpose()?,
            package_json: self
                .package_json
                .as_ref()
                .map(|p| read_text(p))
                .transpose()?,
            context_bytes: self.context_size,
            dockerignore: self.dockerignore,
            target: self.target.clone(),
            build_args: self.build_arg.iter().cloned().collect(),
            surface: stagecraft_core::Surface::Cli,
        };
        // A .dockerignore beside the Dockerfile keeps .git out of the context (when it says so).
        if inputs.dockerignore.is_none() && path != "-" {
            let ignore = Path::new(path)
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
        Ok(inputs)
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| {
            format!(
                "stagecraft: cannot read {} ({e}); nothing was estimated. Check the path.",
                path.display()
            )
        })
}

/// Reads the files and each one's inputs, or says why not.
pub fn read_inputs(
    files: &[String],
    flags: &InputArgs,
) -> Result<Vec<(Input, EstimateInputs)>, String> {
    read_all(files)?
        .into_iter()
        .map(|input| {
            let inputs = flags.for_file(&input.path)?;
            Ok((input, inputs))
        })
        .collect()
}

pub fn run(args: Args) -> ExitCode {
    let inputs = match read_inputs(&args.files, &args.inputs) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let estimates: Vec<(String, SizeEstimate)> = inputs
        .into_iter()
        .map(|(input, inputs)| {
            let file = stagecraft_core::parse(&input.text);
            let estimate = size::estimate(&file, &inputs);
            crate::format::leave_to_exit(file);
            (input.path, estimate)
        })
        .collect();
    print_results(args.format, &estimates, to_json, |_, e| to_table(e));
    crate::format::leave_to_exit(estimates);
    ExitCode::SUCCESS
}

/// A size range as JSON. The records below are written straight to the output (no
/// `serde_json::Value` tree, which cost more than the estimate on a file with 40,000 layers);
/// their fields are in alphabetical order, the order `Value` objects print in.
#[derive(Serialize)]
pub struct BytesJson {
    expected: u64,
    high: u64,
    low: u64,
}

impl From<Bytes> for BytesJson {
    fn from(bytes: Bytes) -> Self {
        BytesJson {
            expected: bytes.expected,
            high: bytes.high,
            low: bytes.low,
        }
    }
}

#[derive(Serialize)]
struct ImageJson<'a> {
    base: Option<&'a str>,
    bytes: BytesJson,
    download_bytes: BytesJson,
    stage: Option<String>,
}

#[derive(Serialize)]
struct BaseImageJson<'a> {
    #[serde(rename = "match")]
    matched: &'static str,
    row: Option<&'a str>,
}

#[derive(Serialize)]
struct LayerJson<'a> {
    bytes: BytesJson,
    end_line: usize,
    instruction: &'a str,
    line: usize,
    notes: &'a [String],
    sources: &'a [String],
    text: &'a str,
}

#[derive(Serialize)]
struct StageJson<'a> {
    base: &'a str,
    /// How the base image was sized: `exact`, `alias`, `nearest` or `unknown`, and the table
    /// row used; null when the stage builds on another stage.
    base_image: Option<BaseImageJson<'a>>,
    bytes: BytesJson,
    download_bytes: BytesJson,
    index: usize,
    layers: Vec<LayerJson<'a>>,
    name: Option<&'a str>,
}

#[derive(Serialize)]
pub struct EstimateJson<'a> {
    file: &'a str,
    image: ImageJson<'a>,
    notes: &'a [String],
    stages: Vec<StageJson<'a>>,
}

pub fn to_json<'a>(path: &'a str, estimate: &'a SizeEstimate) -> EstimateJson<'a> {
    let image = estimate.image_stage();
    EstimateJson {
        file: path,
        image: ImageJson {
            base: image.map(|s| s.base.as_str()),
            bytes: estimate.image.into(),
            download_bytes: estimate.download.into(),
            stage: image.map(|s| s.label()),
        },
        notes: &estimate.notes,
        stages: estimate
            .stages
            .iter()
            .map(|stage| StageJson {
                base: &stage.base,
                base_image: stage.base_image.as_ref().map(|b| BaseImageJson {
                    matched: b.matched.as_str(),
                    row: b.row.as_deref(),
                }),
                bytes: stage.total.into(),
                download_bytes: stage.download.into(),
                index: stage.index,
                layers: stage
                    .layers
                    .iter()
                    .map(|layer| LayerJson {
                        bytes: layer.bytes.into(),
                        end_line: layer.end_line,
                        instruction: &layer.instruction,
                        line: layer.line,
                        notes: &layer.notes,
                        sources: &layer.sources,
                        text: &layer.text,
                    })
                    .collect(),
                name: stage.name.as_deref(),
            })
            .collect(),
    }
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
        if let Some(reason) = stagecraft_core::teach::ranges::upper_bound_reason(estimate) {
            out.push_str(&format!("  {reason}\n"));
        }
    }
    out
}
