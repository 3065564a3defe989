//! The build-cache model: given what changed, which layers BuildKit rebuilds and which it takes
//! from cache, and roughly what the rebuild costs.
//!
//! BuildKit reuses a layer while the instruction and everything before it in the stage are
//! unchanged, and, for `COPY`/`ADD`, while the copied files are unchanged. The first invalid
//! layer invalidates the rest of its stage, and every stage built on it (`FROM stage`,
//! `COPY --from=stage`, `RUN --mount=from=stage`). Stages the built image does not need are
//! skipped altogether.

use std::fmt;

use super::copy::is_dependency_manifest;
use super::steps::{steps, Step};
use super::walk::{estimate_steps, estimate_steps_with, short};
use super::{Bytes, EstimateInputs, Seconds, SizeEstimate};
use crate::syntax::{Dockerfile, MountType};

/// What changed since the last build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Application source (the default scenario): files in the context other than
    /// dependency manifests, lock files and `.env` files.
    Code,
    /// A dependency manifest or its lock file: requirements.txt, package.json, go.mod,
    /// poetry.lock, package-lock.json...
    Deps,
    /// A `.env` file (`.env`, `.env.production`...): runtime settings, which an image should
    /// not carry at all (STG006), so a change to them is its own kind.
    Env,
    /// The base image (a new tag digest).
    Base,
    /// The instruction on this 1-based line was edited.
    Line(usize),
}

/// `--changed` text that is not a change the model knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeError {
    pub message: String,
}

impl std::str::FromStr for Change {
    type Err = ChangeError;
    fn from_str(text: &str) -> Result<Change, ChangeError> {
        match text.trim() {
            "code" => Ok(Change::Code),
            "deps" | "dependencies" => Ok(Change::Deps),
            "env" | ".env" => Ok(Change::Env),
            "base" => Ok(Change::Base),
            other => other
                .strip_prefix("line:")
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .map(Change::Line)
                .ok_or_else(|| ChangeError {
                    message: format!(
                        "`{other}` is not a change: use code, deps, env, base or line:N (N from 1)"
                    ),
                }),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Code => write!(f, "code"),
            Change::Deps => write!(f, "deps"),
            Change::Env => write!(f, "env"),
            Change::Base => write!(f, "base"),
            Change::Line(n) => write!(f, "line:{n}"),
        }
    }
}

/// A kind of change the cache model knows, with the files it covers in words, for the CLI's
/// output and the page's rebuild choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeKind {
    pub change: Change,
    /// What `--changed` takes.
    pub name: &'static str,
    /// The files (or event) the kind covers.
    pub covers: &'static str,
}

/// Every kind of change but `line:N`, in the order a person meets them.
pub const CHANGE_KINDS: &[ChangeKind] = &[
    ChangeKind {
        change: Change::Code,
        name: "code",
        covers: "application source: every file in the build context except dependency manifests, lock files and .env files",
    },
    ChangeKind {
        change: Change::Deps,
        name: "deps",
        covers: "dependency manifests and lock files: requirements*.txt, pyproject.toml, poetry.lock, Pipfile(.lock), uv.lock, setup.py, package.json, package-lock.json, yarn.lock, pnpm-lock.yaml, go.mod, go.sum, Cargo.toml, Cargo.lock, pom.xml, build.gradle, Gemfile(.lock), composer.json/.lock, mix.exs/.lock",
    },
    ChangeKind {
        change: Change::Env,
        name: "env",
        covers: ".env and .env.* files (not .env.example): runtime settings, which belong outside the image and are passed with docker run --env-file",
    },
    ChangeKind {
        change: Change::Base,
        name: "base",
        covers: "a new build of the base image behind the same tag",
    },
];

impl Change {
    /// Which files this change covers, in words (`line:N`: that instruction's text).
    pub fn covers(&self) -> String {
        match self {
            Change::Line(n) => format!("the instruction on line {n} was edited"),
            other => CHANGE_KINDS
                .iter()
                .find(|k| k.change == *other)
                .map_or(String::new(), |k| k.covers.to_string()),
        }
    }
}

/// Whether a context path is a `.env` file (`.env`, `.env.production`; not `.env.example`,
/// which is a template that is meant to be shared).
pub(crate) fn is_env_file(name: &str) -> bool {
    let name = name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    name == ".env"
        || (name.starts_with(".env.")
            && ![".example", ".sample", ".template", ".dist"]
                .iter()
                .any(|t| name.ends_with(t)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// Taken from the build cache.
    Cached,
    /// Built again.
    Rebuilt,
    /// Not built at all: the image does not need this stage.
    Skipped,
}

impl CacheStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            CacheStatus::Cached => "cached",
            CacheStatus::Rebuilt => "rebuilt",
            CacheStatus::Skipped => "skipped",
        }
    }
}

/// One layer's fate.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheStep {
    pub stage: usize,
    pub line: usize,
    pub instruction: String,
    pub text: String,
    pub status: CacheStatus,
    /// Why it is rebuilt (or skipped); empty when cached.
    pub reason: String,
    pub bytes: Bytes,
    pub seconds: Seconds,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CachePlan {
    pub change: Change,
    pub steps: Vec<CacheStep>,
    /// Bytes written again by rebuilt layers (a proxy for work and for what is pushed).
    pub rebuilt_bytes: Bytes,
    /// Rough rebuild time in seconds.
    pub rebuild_seconds: Seconds,
    /// The first rebuilt line, if anything is rebuilt.
    pub first_rebuilt_line: Option<usize>,
    pub notes: Vec<String>,
}

impl CachePlan {
    pub fn rebuilt(&self) -> impl Iterator<Item = &CacheStep> {
        self.steps
            .iter()
            .filter(|s| s.status == CacheStatus::Rebuilt)
    }
}

/// Works out what `change` rebuilds, using the size estimate for the per-layer figures.
pub fn cache_plan(file: &Dockerfile, inputs: &EstimateInputs, change: Change) -> CachePlan {
    // One read of the steps for both: the estimate is most of the plan's work.
    let all_steps = steps(file, &inputs.build_args);
    let mut estimate = estimate_steps(&all_steps, inputs);
    // The plan shows the file's notes only; the layers' are left as the walk wrote them.
    super::plain_words_in(estimate.notes.iter_mut());
    let mut plan = plan_from_steps(change, &all_steps, &estimate, Keep::AllUnlabelled).0;
    // One step per layer, in order: the plan takes the labels of an estimate it drops, where
    // copying them was two strings per instruction of a file's plan.
    let layers = estimate.stages.into_iter().flat_map(|stage| stage.layers);
    for (step, layer) in plan.steps.iter_mut().zip(layers) {
        step.instruction = layer.instruction;
        step.text = layer.text;
    }
    plan
}

/// The file's estimate (as [`super::estimate`] gives it) and its cache plan, from one
/// reading of the file's steps: a caller that wants both (the rewrite plan, once per step)
/// does not read them twice.
pub fn estimate_and_cache_plan(
    file: &Dockerfile,
    inputs: &EstimateInputs,
    change: Change,
) -> (SizeEstimate, CachePlan) {
    let all_steps = steps(file, &inputs.build_args);
    let mut estimate = estimate_steps(&all_steps, inputs);
    super::plain_words(&mut estimate);
    let plan = plan_from_steps(change, &all_steps, &estimate, Keep::All).0;
    (estimate, plan)
}

/// What a change rebuilds, in the figures a rewrite step and a lesson's costs show: how many
/// layers, their bytes and seconds, and the rebuilt layers that write files.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebuilt {
    /// Every rebuilt layer, metadata ones included.
    pub layers: usize,
    pub bytes: Bytes,
    pub seconds: Seconds,
    /// The rebuilt layers expected to write bytes, in file order, as the cache plan lists them.
    pub writes: Vec<CacheStep>,
}

/// The image's size and what `change` rebuilds: the figures [`estimate_and_cache_plan`]
/// gives, without what only a whole estimate or plan shows. The rewrite plan measures every
/// version of the file this way, and labelling each of its hundred layers (and giving every
/// cached one a step with its reason) was a third of what each measure allocated; only the
/// rebuilt layers that write files are labelled, from their step.
pub fn image_and_rebuilt(
    file: &Dockerfile,
    inputs: &EstimateInputs,
    change: Change,
) -> (Bytes, Rebuilt) {
    let all_steps = steps(file, &inputs.build_args);
    let estimate = estimate_steps_with(&all_steps, inputs, false);
    let (plan, layers) = plan_from_steps(change, &all_steps, &estimate, Keep::RebuiltWrites);
    let rebuilt = Rebuilt {
        layers,
        bytes: plan.rebuilt_bytes,
        seconds: plan.rebuild_seconds,
        writes: plan.steps,
    };
    (estimate.image, rebuilt)
}

/// Which layers a cache plan lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Every layer, with its status and reason, and the file's notes.
    All,
    /// [`Keep::All`] with the steps' instruction and text left empty, for a caller that moves
    /// them in from the estimate afterwards.
    AllUnlabelled,
    /// Only the rebuilt layers that write bytes, labelled from their steps (the estimate's
    /// layers are not labelled), and no notes.
    RebuiltWrites,
}

/// Why the layers after an invalid one are rebuilt: its own reason, or "after line N", kept
/// as the line until a step that is listed needs the words.
enum Invalid {
    Reason(String),
    After(usize),
}

impl Invalid {
    fn words(&self) -> String {
        match self {
            Invalid::Reason(reason) => reason.clone(),
            Invalid::After(line) => format!("after line {line}, which is rebuilt"),
        }
    }
}

/// [`cache_plan`] for a caller that already has the file's estimate (the same `inputs`),
/// so it is not computed twice.
pub fn cache_plan_with(
    file: &Dockerfile,
    inputs: &EstimateInputs,
    change: Change,
    estimate: &SizeEstimate,
) -> CachePlan {
    plan_from_steps(
        change,
        &steps(file, &inputs.build_args),
        estimate,
        Keep::All,
    )
    .0
}

/// The cache plan, with the layers `keep` asks for, and how many layers it rebuilds.
fn plan_from_steps(
    change: Change,
    all_steps: &[Step],
    estimate: &SizeEstimate,
    keep: Keep,
) -> (CachePlan, usize) {
    // One step per layer: sized ahead, where doubling held up to twice a large plan's steps.
    let layers = match keep {
        Keep::All | Keep::AllUnlabelled => estimate.stages.iter().map(|s| s.layers.len()).sum(),
        Keep::RebuiltWrites => 0,
    };
    let mut plan = CachePlan {
        change,
        steps: Vec::with_capacity(layers),
        rebuilt_bytes: Bytes::ZERO,
        rebuild_seconds: Seconds::default(),
        first_rebuilt_line: None,
        notes: match keep {
            Keep::All | Keep::AllUnlabelled => estimate.notes.clone(),
            Keep::RebuiltWrites => Vec::new(),
        },
    };
    let mut rebuilt_layers = 0;
    if let Change::Line(n) = change {
        let found = estimate
            .stages
            .iter()
            .flat_map(|s| &s.layers)
            .any(|l| l.line <= n && n <= l.end_line);
        if !found {
            plan.notes.push(format!(
                "line {n} is not part of an instruction: nothing is invalidated by it"
            ));
        }
    }
    // Steps by line, to read flags (COPY --from, RUN --mount=from) the estimate does not keep.
    // Keys borrow the stage names (most are written lower-case already): a chain of
    // thousands of stages made a string for each.
    let mut first_named: std::collections::HashMap<std::borrow::Cow<str>, usize> =
        std::collections::HashMap::with_capacity(estimate.stages.len());
    for (i, stage) in estimate.stages.iter().enumerate() {
        if let Some(name) = &stage.name {
            first_named
                .entry(super::walk::lower_case(name))
                .or_insert(i);
        }
    }
    let stage_index = |reference: &str, before: usize| -> Option<usize> {
        first_named
            .get(super::walk::lower_case(reference).as_ref())
            .copied()
            .filter(|&i| i < before)
            .or_else(|| reference.parse::<usize>().ok().filter(|i| *i < before))
    };

    // Which stages the image needs.
    let count = estimate.stages.len();
    let mut needed = vec![false; count];
    if let Some(image) = estimate.image_stage {
        needed[image] = true;
    }
    // `(stage, a stage it uses)`, in stage order: one list, not a vector per stage.
    let mut deps: Vec<(usize, usize)> = Vec::with_capacity(count);
    let mut steps = StepsByLine::new(all_steps);
    let mut step_at = |line| steps.at(line);
    for (i, stage) in estimate.stages.iter().enumerate() {
        if let Some(parent) = stage_index(&stage.base, i) {
            deps.push((i, parent));
        }
        for layer in &stage.layers {
            if let Some(step) = step_at(layer.line) {
                let froms = step
                    .flag("from")
                    .into_iter()
                    .chain(step.mounts.iter().filter_map(|m| m.from.as_deref()));
                for from in froms {
                    if let Some(dep) = stage_index(from, i) {
                        deps.push((i, dep));
                    }
                }
            }
        }
    }
    // A stage only uses earlier ones, so walking the list backwards settles whether a stage
    // is needed before its own uses are read.
    for &(i, dep) in deps.iter().rev() {
        if needed[i] {
            needed[dep] = true;
        }
    }

    let mut stage_rebuilt = vec![false; count];
    let mut steps = StepsByLine::new(all_steps);
    let mut step_at = |line| steps.at(line);
    for (i, stage) in estimate.stages.iter().enumerate() {
        let mut invalid: Option<Invalid> = None;
        for (position, layer) in stage.layers.iter().enumerate() {
            let step = step_at(layer.line);
            if invalid.is_none() && needed[i] {
                invalid = reason_for(change, layer.line, layer.end_line, step, position == 0)
                    .or_else(|| {
                        // Built on, or copying from, a stage that was rebuilt.
                        let from_stage = if position == 0 {
                            stage_index(&stage.base, i)
                        } else {
                            step.and_then(|s| {
                                s.flag("from")
                                    .or_else(|| s.mounts.iter().find_map(|m| m.from.as_deref()))
                                    .and_then(|f| stage_index(f, i))
                            })
                        };
                        from_stage.filter(|s| stage_rebuilt[*s]).map(|s| {
                            format!("stage `{}` it uses was rebuilt", estimate.stages[s].label())
                        })
                    })
                    .map(Invalid::Reason);
            }
            let status = if !needed[i] {
                CacheStatus::Skipped
            } else if invalid.is_some() {
                CacheStatus::Rebuilt
            } else {
                CacheStatus::Cached
            };
            if status == CacheStatus::Rebuilt {
                rebuilt_layers += 1;
                stage_rebuilt[i] = true;
                // A rebuilt FROM is a pull, not written bytes of ours.
                if position > 0 || change == Change::Base {
                    plan.rebuilt_bytes += layer.bytes;
                }
                plan.rebuild_seconds = plan.rebuild_seconds + layer.rebuild_seconds;
                plan.first_rebuilt_line = Some(
                    plan.first_rebuilt_line
                        .map_or(layer.line, |l| l.min(layer.line)),
                );
            }
            let reason = || match (status, &invalid) {
                (CacheStatus::Skipped, _) => "the image does not need this stage".to_string(),
                (CacheStatus::Rebuilt, Some(invalid)) => invalid.words(),
                _ => String::new(),
            };
            match keep {
                Keep::All | Keep::AllUnlabelled => plan.steps.push(CacheStep {
                    stage: i,
                    line: layer.line,
                    instruction: match keep {
                        Keep::All => layer.instruction.clone(),
                        _ => String::new(),
                    },
                    text: match keep {
                        Keep::All => layer.text.clone(),
                        _ => String::new(),
                    },
                    status,
                    reason: reason(),
                    bytes: layer.bytes,
                    seconds: layer.rebuild_seconds,
                }),
                // The layer is the step on its line: its label is that step's, as the walk
                // would have written it.
                Keep::RebuiltWrites
                    if status == CacheStatus::Rebuilt && layer.bytes.expected > 0 =>
                {
                    plan.steps.push(CacheStep {
                        stage: i,
                        line: layer.line,
                        instruction: layer.instruction.clone(),
                        text: step.map_or_else(String::new, |s| short(s.text)),
                        status,
                        reason: reason(),
                        bytes: layer.bytes,
                        seconds: layer.rebuild_seconds,
                    })
                }
                Keep::RebuiltWrites => {}
            }
            // Later layers in the stage follow the first invalid one.
            if let Some(Invalid::Reason(reason)) = &invalid {
                if !reason.starts_with("after line") {
                    invalid = Some(Invalid::After(layer.line));
                }
            }
        }
    }
    (plan, rebuilt_layers)
}

/// The first step on a line, for lines asked in file order as the layers are: a cursor that
/// moves forward, so each lookup reads the next steps in memory. A scan per layer would make a
/// file of thousands of stages quadratic, and a hash map or a binary search of every step was
/// a cache miss or several per layer on a large file. A line asked out of order is found by a
/// binary search (the steps are in line order).
struct StepsByLine<'s, 'a> {
    steps: &'s [Step<'a>],
    next: usize,
}

impl<'s, 'a> StepsByLine<'s, 'a> {
    fn new(steps: &'s [Step<'a>]) -> Self {
        debug_assert!(steps.is_sorted_by_key(|step| step.line));
        StepsByLine { steps, next: 0 }
    }

    fn at(&mut self, line: usize) -> Option<&'s Step<'a>> {
        let behind = self.next > 0 && self.steps[self.next - 1].line >= line;
        if behind {
            self.next = self.steps.partition_point(|step| step.line < line);
        }
        while self
            .steps
            .get(self.next)
            .is_some_and(|step| step.line < line)
        {
            self.next += 1;
        }
        self.steps.get(self.next).filter(|step| step.line == line)
    }
}

/// Why this instruction itself is invalidated by `change`, if it is.
fn reason_for(
    change: Change,
    line: usize,
    end_line: usize,
    step: Option<&Step>,
    is_from: bool,
) -> Option<String> {
    match change {
        Change::Line(n) if line <= n && n <= end_line => Some(format!("line {n} was edited")),
        Change::Line(_) => None,
        Change::Base if is_from && step.is_some() => Some("the base image changed".to_string()),
        Change::Base => None,
        Change::Code | Change::Deps | Change::Env => {
            let step = step?;
            // `RUN --mount=type=bind` (without from=) reads context files just like COPY.
            let bind_sources: Vec<String> = if step.keyword == "RUN" {
                step.mounts
                    .iter()
                    .filter(|m| m.kind == MountType::Bind && m.from.is_none())
                    .map(|m| m.source.clone().unwrap_or_else(|| ".".to_string()))
                    .collect()
            } else {
                Vec::new()
            };
            let copies = matches!(&*step.keyword, "COPY" | "ADD") && step.flag("from").is_none();
            if !copies && bind_sources.is_empty() {
                return None;
            }
            let sources: &[String] = if copies {
                match step.words.split_last() {
                    Some((_, sources)) => sources,
                    None => return None,
                }
            } else {
                &bind_sources
            };
            let hit = sources.iter().find(|source| {
                if source.starts_with("http://")
                    || source.starts_with("https://")
                    || source.starts_with("<<")
                {
                    return false;
                }
                let name = source
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or(source);
                let whole = matches!(source.trim_start_matches("./"), "" | "." | "*" | "/");
                let manifest = is_dependency_manifest(name) || name.contains("requirements");
                let env = is_env_file(name);
                let env_pattern = name.starts_with(".env") && name.contains('*');
                match change {
                    Change::Deps => whole || manifest || !name.contains('.') || name.contains('*'),
                    Change::Env => whole || env || env_pattern,
                    _ => !manifest && !env,
                }
            })?;
            let whole = matches!(hit.trim_start_matches("./"), "" | "." | "*" | "/");
            Some(match change {
                Change::Deps => {
                    format!("copies {hit}, which includes the changed dependency manifest")
                }
                Change::Env if whole => {
                    format!("copies {hit}, which includes the changed .env file")
                }
                Change::Env => format!("copies {hit}, the changed .env file"),
                _ => format!("copies {hit}, which includes the changed code"),
            })
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn estimate_and_cache_plan_together_are_the_two_apart() {
        let file = crate::parse(
            "FROM python:3.12 AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build /app /app\nCMD [\"python\", \"app.py\"]\n",
        );
        let inputs = EstimateInputs::default();
        let (estimate, plan) = estimate_and_cache_plan(&file, &inputs, Change::Code);
        let apart = crate::size::estimate(&file, &inputs);
        assert_eq!(format!("{estimate:?}"), format!("{apart:?}"));
        let plan_apart = cache_plan_with(&file, &inputs, Change::Code, &apart);
        assert_eq!(format!("{plan:?}"), format!("{plan_apart:?}"));
    }
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn image_and_rebuilt_are_the_estimate_and_plan_figures() {
        let texts = [
            "FROM python:3.12 AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build /app /app\nCMD [\"python\", \"app.py\"]\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    git   build-essential && rm -rf /var/lib/apt/lists/*\nENV A=1 B=2\nCOPY . /src\nRUN --mount=type=bind,target=/x make -C /src all install everything that is long enough to be cut\nFROM alpine AS unused\nRUN apk add gcc\nFROM debian:12\nCOPY --from=0 /usr/local /usr/local\nCOPY .env /app/.env\nUSER app\n",
            "ARG V=3\nFROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n",
        ];
        for text in texts {
            let file = parse(text);
            let inputs = EstimateInputs::default();
            for change in [
                Change::Code,
                Change::Deps,
                Change::Env,
                Change::Base,
                Change::Line(3),
                Change::Line(7),
            ] {
                let (estimate, plan) = estimate_and_cache_plan(&file, &inputs, change);
                let (image, rebuilt) = image_and_rebuilt(&file, &inputs, change);
                assert_eq!(image, estimate.image);
                assert_eq!(rebuilt.layers, plan.rebuilt().count(), "{change:?} {text}");
                assert_eq!(rebuilt.bytes, plan.rebuilt_bytes);
                assert_eq!(rebuilt.seconds, plan.rebuild_seconds);
                let writes: Vec<CacheStep> = plan
                    .rebuilt()
                    .filter(|s| s.bytes.expected > 0)
                    .cloned()
                    .collect();
                assert_eq!(rebuilt.writes, writes, "{change:?} {text}");
            }
        }
    }

    fn statuses(text: &str, change: Change) -> Vec<(usize, CacheStatus)> {
        let plan = cache_plan(&parse(text), &EstimateInputs::default(), change);
        plan.steps.iter().map(|s| (s.line, s.status)).collect()
    }

    #[test]
    fn copying_everything_before_installing_rebuilds_the_install_on_a_code_change() {
        let naive =
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
        let s = statuses(naive, Change::Code);
        assert_eq!(s[2], (3, CacheStatus::Rebuilt));
        assert_eq!(s[3], (4, CacheStatus::Rebuilt));
        let ordered = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n\
                       RUN pip install -r requirements.txt\nCOPY . .\n";
        let s = statuses(ordered, Change::Code);
        assert_eq!(s[3], (4, CacheStatus::Cached));
        assert_eq!(s[4], (5, CacheStatus::Rebuilt));
        let s = statuses(ordered, Change::Deps);
        assert_eq!(s[2], (3, CacheStatus::Rebuilt));
    }

    #[test]
    fn rebuilt_stages_carry_over_and_unused_stages_are_skipped() {
        let text = "FROM golang:1.24 AS build\nCOPY . .\nRUN go build -o /app\n\
                    FROM alpine AS unused\nRUN echo hi\n\
                    FROM alpine\nCOPY --from=build /app /app\n";
        let plan = cache_plan(&parse(text), &EstimateInputs::default(), Change::Code);
        let by_line = |line| plan.steps.iter().find(|s| s.line == line).unwrap().status;
        assert_eq!(by_line(3), CacheStatus::Rebuilt);
        assert_eq!(by_line(5), CacheStatus::Skipped);
        assert_eq!(by_line(6), CacheStatus::Cached);
        assert_eq!(by_line(7), CacheStatus::Rebuilt);
        let plan = cache_plan(&parse(text), &EstimateInputs::default(), Change::Line(6));
        assert_eq!(plan.first_rebuilt_line, Some(6));
    }

    #[test]
    fn bind_mounts_of_the_context_follow_the_files_they_read() {
        let text = "FROM python:3.12-slim\n\
                    RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt\n\
                    RUN --mount=type=bind,target=/src make -C /src\n";
        let code = statuses(text, Change::Code);
        assert_eq!(code[1], (2, CacheStatus::Cached));
        assert_eq!(code[2], (3, CacheStatus::Rebuilt));
        let deps = statuses(text, Change::Deps);
        assert_eq!(deps[1], (2, CacheStatus::Rebuilt));
    }

    #[test]
    fn an_env_file_is_not_code() {
        let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n\
                    RUN pip install -r requirements.txt\nCOPY .env .\nCOPY . .\n";
        let code = statuses(text, Change::Code);
        assert_eq!(
            code[4],
            (5, CacheStatus::Cached),
            "a code edit leaves COPY .env alone"
        );
        assert_eq!(code[5], (6, CacheStatus::Rebuilt));
        let env = statuses(text, Change::Env);
        assert_eq!(env[3], (4, CacheStatus::Cached));
        assert_eq!(env[4], (5, CacheStatus::Rebuilt));
        let deps = statuses(text, Change::Deps);
        assert_eq!(deps[4], (5, CacheStatus::Rebuilt), "after the reinstall");
        assert!(is_env_file("config/.env.production"));
        assert!(!is_env_file(".env.example"));
        for kind in CHANGE_KINDS {
            assert_eq!(kind.name.parse::<Change>(), Ok(kind.change));
            assert!(!kind.change.covers().is_empty());
        }
    }

    #[test]
    fn reads_changes() {
        assert_eq!("line:7".parse::<Change>(), Ok(Change::Line(7)));
        assert_eq!("code".parse::<Change>(), Ok(Change::Code));
        assert!("line:0".parse::<Change>().is_err());
        assert!("everything".parse::<Change>().is_err());
    }
}
