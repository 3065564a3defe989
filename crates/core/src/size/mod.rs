//! Image size and build-cache model: per-layer size ranges before anything is built, and which
//! layers a change rebuilds.
//!
//! Every figure is a range (`low`/`expected`/`high`) with the data rows it came from
//! ([`Layer::sources`]) and what a person should know about it ([`Layer::notes`]). Where the
//! knowledge base has no answer the range widens and a note says so, instead of inventing
//! precision. The knowledge base is in [`knowledge`]; the shell-level reading of each instruction
//! in [`steps`].

mod base;
mod cache;
mod copy;
pub mod image_ref;
mod install;
pub mod knowledge;
pub mod needs_compiler;
mod packages;
mod run;
mod stage;
pub mod stated;
pub mod steps;
mod walk;
pub mod what_if;
pub mod wheels;

use std::collections::HashMap;
use std::fmt;
use std::ops::{Add, AddAssign};

pub(crate) use base::family_of_base;
pub use cache::{
    cache_plan, cache_plan_with, estimate_and_cache_plan, image_and_rebuilt, CachePlan,
    CacheStatus, CacheStep, Change, ChangeError, ChangeKind, Rebuilt, CHANGE_KINDS,
};
pub use knowledge::BaseMatch;
pub use packages::{package_json_dependencies, requirements_names};

/// Estimates every stage's layers and the shipped image's size ([`walk`]), with its notes in
/// plain words. Never panics.
pub fn estimate(file: &crate::syntax::Dockerfile, inputs: &EstimateInputs) -> SizeEstimate {
    let mut estimate = walk::estimate(file, inputs);
    plain_words(&mut estimate);
    estimate
}

/// Release codenames in notes get their number ("trixie (Debian 13)"): a beginner has not
/// memorised Debian's release names.
pub(crate) fn plain_words(estimate: &mut SizeEstimate) {
    let notes = estimate.notes.iter_mut().chain(
        estimate
            .stages
            .iter_mut()
            .flat_map(|s| s.layers.iter_mut().flat_map(|l| l.notes.iter_mut())),
    );
    plain_words_in(notes);
}

/// [`plain_words`] for some notes only (the cache plan shows the file's notes, not the layers').
pub(crate) fn plain_words_in<'a>(notes: impl Iterator<Item = &'a mut String>) {
    for note in notes.filter(|note| names_a_release(note)) {
        *note = crate::teach::glossary::with_release_numbers(note);
    }
}

/// Whether a run of ASCII letters and digits in `note` is a release codename: the only notes
/// [`crate::teach::glossary::with_release_numbers`] changes. Most notes name none, and
/// rebuilding each of them cost a quarter of an estimate with a note per package.
fn names_a_release(note: &str) -> bool {
    // Codenames are ASCII words of three to eight letters, so a run of another length or
    // with a digit (package names, versions, sizes) skips the table. One pass over the
    // bytes: a note per package made an iterator of runs a tenth of an estimate.
    let bytes = note.as_bytes();
    let mut start = 0;
    let mut letters = true;
    for i in 0..=bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if b.is_ascii_alphabetic() {
            continue;
        }
        if b.is_ascii_digit() {
            letters = false;
            continue;
        }
        // Bytes, not a str slice: `start` may sit inside a multi-byte character.
        let run = &bytes[start..i];
        if letters
            && (3..=8).contains(&run.len())
            && crate::teach::glossary::is_release_codename(run)
        {
            return true;
        }
        start = i + 1;
        letters = true;
    }
    false
}

/// A size range in bytes. `low <= expected <= high` always holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Bytes {
    pub low: u64,
    pub expected: u64,
    pub high: u64,
}

impl Bytes {
    pub const ZERO: Bytes = Bytes {
        low: 0,
        expected: 0,
        high: 0,
    };

    pub fn exact(bytes: u64) -> Bytes {
        Bytes {
            low: bytes,
            expected: bytes,
            high: bytes,
        }
    }

    pub fn new(low: u64, expected: u64, high: u64) -> Bytes {
        let expected = expected.max(low);
        Bytes {
            low,
            expected,
            high: high.max(expected),
        }
    }

    /// Scales by a fraction given in per mille, so no floats leak into the figures.
    pub fn per_mille(self, low: u64, expected: u64, high: u64) -> Bytes {
        Bytes::new(
            self.low.saturating_mul(low) / 1000,
            self.expected.saturating_mul(expected) / 1000,
            self.high.saturating_mul(high) / 1000,
        )
    }

    /// `count` of the same range together.
    pub fn times(self, count: u64) -> Bytes {
        Bytes::new(
            self.low.saturating_mul(count),
            self.expected.saturating_mul(count),
            self.high.saturating_mul(count),
        )
    }

    /// The part of a range that stays when `other` is taken away (never below zero).
    pub fn minus(self, other: Bytes) -> Bytes {
        Bytes::new(
            self.low.saturating_sub(other.high),
            self.expected.saturating_sub(other.expected),
            self.high.saturating_sub(other.low),
        )
    }

    pub fn is_zero(&self) -> bool {
        self.high == 0
    }
}

impl Add for Bytes {
    type Output = Bytes;
    fn add(self, other: Bytes) -> Bytes {
        Bytes {
            low: self.low.saturating_add(other.low),
            expected: self.expected.saturating_add(other.expected),
            high: self.high.saturating_add(other.high),
        }
    }
}

impl AddAssign for Bytes {
    fn add_assign(&mut self, other: Bytes) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Bytes {
    fn sum<I: Iterator<Item = Bytes>>(iter: I) -> Bytes {
        iter.fold(Bytes::ZERO, Add::add)
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.low == self.high {
            write!(f, "{}", human(self.expected))
        } else {
            write!(
                f,
                "{} ({}–{})",
                human(self.expected),
                human(self.low),
                human(self.high)
            )
        }
    }
}

/// Decimal units, as `docker images` prints them.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        let places = if value < 10.0 {
            2
        } else if value < 100.0 {
            1
        } else {
            0
        };
        format!("{} {}", crate::number::decimal(value, places), UNITS[unit])
    }
}

/// Reads a size a person typed: `250MB`, `1.5 GB`, `300k`, `12MiB`, `4096`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = crate::number::parse_decimal(number)?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    (number >= 0.0).then_some((number * factor) as u64)
}

/// Rough time ranges in seconds, for rebuild cost.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Seconds {
    pub low: f64,
    pub expected: f64,
    pub high: f64,
}

impl Add for Seconds {
    type Output = Seconds;
    fn add(self, o: Seconds) -> Seconds {
        Seconds {
            low: self.low + o.low,
            expected: self.expected + o.expected,
            high: self.high + o.high,
        }
    }
}

/// What the model knows besides the Dockerfile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EstimateInputs {
    /// requirements.txt text (or any `name==version` list), for `pip install -r`.
    pub requirements: Option<String>,
    /// package.json text, for `npm install` / `npm ci` / `yarn`.
    pub package_json: Option<String>,
    /// The build context's size in bytes, as the person states it (without `.git`).
    pub context_bytes: Option<u64>,
    /// Whether a `.dockerignore` keeps `.git` and friends out of the context. `None` = not known.
    pub dockerignore: Option<bool>,
    /// The stage to build (`--target`); the last stage when `None`.
    pub target: Option<String>,
    /// `--build-arg` values.
    pub build_args: HashMap<String, String>,
    /// Where the estimate's notes are read: they name the CLI's flags or the page's inputs.
    pub surface: crate::Surface,
}

/// What kind of layer an instruction makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// `FROM`: the base image's (or base stage's) layers.
    Base,
    /// `RUN`: files written by commands.
    Run,
    /// `COPY`/`ADD`: files from the context, a URL or another stage.
    Files,
    /// `ENV`, `WORKDIR`, `USER`...: image metadata, no file bytes.
    Metadata,
}

/// One instruction's contribution to its stage's size.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// First line of the instruction, 1-based.
    pub line: usize,
    pub end_line: usize,
    /// `RUN`, `COPY`...
    pub instruction: String,
    /// The instruction's argument text, shortened for display.
    pub text: String,
    pub kind: LayerKind,
    pub bytes: Bytes,
    /// The data rows and heuristics the figure came from.
    pub sources: Vec<String>,
    /// What a person should know: caches left behind, unknowns, later `rm`s that do not help.
    pub notes: Vec<String>,
    /// Rough time to rebuild this layer when its cache is invalid.
    pub rebuild_seconds: Seconds,
}

/// One build stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageEstimate {
    pub index: usize,
    /// The `AS name`, if any.
    pub name: Option<String>,
    /// The `FROM` reference as written (variables expanded).
    pub base: String,
    /// How the base image was sized; `None` when the stage builds on another stage.
    pub base_image: Option<BaseImage>,
    pub layers: Vec<Layer>,
    /// Sum of the layers, base included.
    pub total: Bytes,
    /// Compressed size as pulled from a registry: the base image's measured download where the
    /// table has it, and a stated gzip ratio (0.25–0.8, expected 0.38) for everything else.
    pub download: Bytes,
}

/// Which base image table row a stage's `FROM` was sized by, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    pub matched: BaseMatch,
    /// `python:3.14-slim-trixie`: the row used, when one was.
    pub row: Option<String>,
}

impl BaseImage {
    /// The match in words, for the page and the CLI's table.
    pub fn describe(&self, reference: &str) -> String {
        match (self.matched, &self.row) {
            (BaseMatch::Exact, Some(row)) => format!("{reference}: exact row {row}"),
            (BaseMatch::Alias, Some(row)) => {
                format!("{reference}: the same image as {row} (a docker-library alias)")
            }
            (BaseMatch::Nearest, Some(row)) => {
                format!("{reference}: no row of its own; sized like {row}, with a wider range")
            }
            _ => format!("{reference}: not in the base image table; a wide default range"),
        }
    }
}

impl StageEstimate {
    /// `name` or the stage's index, as BuildKit accepts it in `--from`.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.index.to_string())
    }
}

/// The whole estimate: every stage, and the image that is shipped.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeEstimate {
    pub stages: Vec<StageEstimate>,
    /// Index into `stages` of the image that is built (final stage or target).
    pub image_stage: Option<usize>,
    /// The image's size on disk (what `docker images` shows).
    pub image: Bytes,
    /// The image's compressed size, as pulled (see [`StageEstimate::download`]).
    pub download: Bytes,
    /// Notes about the whole file (target not found, no FROM...).
    pub notes: Vec<String>,
}

impl SizeEstimate {
    pub fn image_stage(&self) -> Option<&StageEstimate> {
        self.image_stage.and_then(|i| self.stages.get(i))
    }

    /// The layer of the instruction that covers `line` (1-based), for gutters and findings.
    pub fn layer_at(&self, line: usize) -> Option<&Layer> {
        self.stages
            .iter()
            .flat_map(|s| &s.layers)
            .find(|l| l.line <= line && line <= l.end_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_that_name_a_release_are_found_by_their_words() {
        assert!(names_a_release("package lists are from trixie"));
        assert!(names_a_release("python:3.12-Bookworm, the full image"));
        assert!(names_a_release("×1 → bookworm"));
        assert!(!names_a_release("`trixie2` is not in the apt table"));
        assert!(!names_a_release(
            "pip's cache stays in the layer — add --no-cache-dir"
        ));
        assert!(!names_a_release("é"));
        assert!(!names_a_release(""));
    }

    #[test]
    fn ranges_add_and_subtract_without_going_negative() {
        let a = Bytes::new(10, 20, 30);
        let b = Bytes::new(5, 25, 40);
        assert_eq!(a + b, Bytes::new(15, 45, 70));
        assert_eq!(a.minus(b), Bytes::new(0, 0, 25));
        assert_eq!(Bytes::new(5, 1, 0), Bytes::new(5, 5, 5));
    }

    #[test]
    fn only_notes_naming_a_release_are_rewritten() {
        let notes = [
            "package sizes are from Debian 12; those of trixie are close",
            "python:3.12-slim is python:3.12-slim-bookworm",
            "`pkg0` is not in the apt table: range widened",
            "FROM ubuntu:NOBLE here",
            "jammy_x and sid.",
            "no codename, only é and bookworms",
            "trixie2 and bookworm",
            "debian:bookworm-slim",
        ];
        for note in notes {
            let rewritten = crate::teach::glossary::with_release_numbers(note);
            assert_eq!(names_a_release(note), rewritten != note, "{note}");
        }
    }

    #[test]
    fn reads_and_prints_sizes() {
        assert_eq!(parse_size("250MB"), Some(250_000_000));
        assert_eq!(parse_size("1.5 GB"), Some(1_500_000_000));
        assert_eq!(parse_size("2MiB"), Some(2 * 1024 * 1024));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(human(119_420_000), "119 MB");
        assert_eq!(human(43_188_023), "43.2 MB");
    }
}
