//! The layer model: walks the stages in order and sizes every instruction from the knowledge
//! base, keeping per stage what is installed and what was written where (so `COPY --from` can
//! find it, and installing what the base already has adds nothing).

use std::collections::{HashMap, HashSet};

use super::image_ref::ImageRef;
use super::knowledge::{knowledge, variant_of, BaseImageRow, BaseMatch, Knowledge};
use super::packages::{normalize_python, package_json_dependencies, requirements_names};
use super::steps::{shell_commands, steps, Command, Step};
use super::BaseImage;
use super::{Bytes, EstimateInputs, Layer, LayerKind, Seconds, SizeEstimate, StageEstimate};
use crate::syntax::{Dockerfile, MountType};

/// Estimates every stage's layers and the shipped image's size. Never panics.
pub fn estimate(file: &Dockerfile, inputs: &EstimateInputs) -> SizeEstimate {
    estimate_steps(&steps(file, &inputs.build_args), inputs)
}

/// [`estimate`] from steps already read, so the cache plan reads the file's steps once.
pub(crate) fn estimate_steps(steps: &[Step], inputs: &EstimateInputs) -> SizeEstimate {
    let k = knowledge();
    let mut model = Model {
        k,
        inputs,
        stages: Vec::new(),
        states: Vec::new(),
        notes: Vec::new(),
        stage_names: std::collections::HashMap::new(),
    };
    for step in steps {
        model.step(step);
    }
    model.finish()
}

struct Model<'a> {
    k: &'static Knowledge,
    inputs: &'a EstimateInputs,
    stages: Vec<StageEstimate>,
    states: Vec<StageState>,
    notes: Vec<String>,
    /// Lower-cased stage name → the first stage with that name, for `FROM` and `--from`.
    stage_names: std::collections::HashMap<String, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Os {
    Debian,
    Ubuntu,
    Alpine,
    Rpm,
    Distroless,
    Scratch,
    #[default]
    Unknown,
}

/// Files a stage wrote, so `COPY --from` can find them.
#[derive(Debug, Clone)]
struct Output {
    path: String,
    bytes: Bytes,
    what: String,
    line: usize,
}

#[derive(Debug, Clone, Default)]
struct StageState {
    os: Os,
    apt_installed: HashSet<&'static str>,
    pip_dists: HashSet<&'static str>,
    npm_modules: HashSet<&'static str>,
    outputs: Vec<Output>,
    workdir: String,
    env: HashMap<String, String>,
    venvs: Vec<String>,
    go_modules: bool,
    /// What the stage added on top of its base.
    added: Bytes,
    base_bytes: Bytes,
    /// Lines whose layers left apt lists behind.
    apt_lists_line: Option<usize>,
}

/// One part of a RUN layer, tagged so a later `rm` in the same RUN can take it out again.
#[derive(Debug, Clone)]
struct Part {
    bytes: Bytes,
    source: Option<String>,
    note: Option<String>,
    /// Where the files land, for `rm` and cache mounts.
    path: Option<String>,
    /// Output recorded for `COPY --from`.
    output: Option<String>,
    /// apk `--virtual` group, apt packages installed here (for purge).
    group: Option<String>,
    seconds: f64,
}

impl Part {
    fn new(bytes: Bytes) -> Part {
        Part {
            bytes,
            source: None,
            note: None,
            path: None,
            output: None,
            group: None,
            seconds: 0.0,
        }
    }
    fn source(mut self, s: impl Into<String>) -> Part {
        self.source = Some(s.into());
        self
    }
    fn note(mut self, s: impl Into<String>) -> Part {
        self.note = Some(s.into());
        self
    }
    fn path(mut self, s: impl Into<String>) -> Part {
        self.path = Some(s.into());
        self
    }
    fn output(mut self, what: impl Into<String>) -> Part {
        self.output = Some(what.into());
        self
    }
    fn seconds(mut self, s: f64) -> Part {
        self.seconds = s;
        self
    }
}

const MB: u64 = 1_000_000;

fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 72 {
        let cut: String = one_line.chars().take(69).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

fn join_path(base: &str, path: &str) -> String {
    let path = path.trim();
    if path.starts_with('/') {
        normalize_path(path)
    } else {
        let base = if base.is_empty() { "/" } else { base };
        normalize_path(&format!("{}/{}", base.trim_end_matches('/'), path))
    }
}

fn normalize_path(path: &str) -> String {
    let path = path.replace("~/", "/root/").replace("$HOME", "/root");
    let path = if path == "~" {
        "/root".to_string()
    } else {
        path
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." | "*" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `inner` is `outer` or below it.
fn under(inner: &str, outer: &str) -> bool {
    let outer = outer.trim_end_matches('/');
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}/"))
}

fn seconds_for(bytes: Bytes, per_second: f64, fixed: f64) -> f64 {
    fixed + bytes.expected as f64 / per_second
}

impl Model<'_> {
    fn current(&mut self) -> Option<(&mut StageEstimate, &mut StageState)> {
        match (self.stages.last_mut(), self.states.last_mut()) {
            (Some(stage), Some(state)) => Some((stage, state)),
            _ => None,
        }
    }

    fn heuristic_part(&self, key: &str) -> Part {
        let h = self.k.heuristic(key);
        Part::new(h.bytes).source(format!("heuristics.tsv {key}: {}", h.note))
    }

    fn context(&self) -> (Bytes, String) {
        match self.inputs.context_bytes {
            Some(bytes) => (Bytes::exact(bytes), "the context size you gave".to_string()),
            None => {
                let h = self.k.heuristic("context-small-app");
                (
                    h.bytes,
                    format!(
                        "heuristics.tsv context-small-app: {} (give --context-size)",
                        h.note
                    ),
                )
            }
        }
    }

    fn step(&mut self, step: &Step) {
        if step.too_large {
            self.expansion_too_large(step.line);
        }
        if step.keyword == "FROM" {
            self.from(step);
            return;
        }
        if self.stages.is_empty() {
            // ARG before the first FROM, comments-only files, parser directives.
            return;
        }
        let layer = match step.keyword.as_str() {
            "RUN" => self.run(step),
            "COPY" | "ADD" => self.copy(step),
            "WORKDIR" => {
                if let Some((_, state)) = self.current() {
                    let dir = step.words.first().cloned().unwrap_or_default();
                    state.workdir = join_path(&state.workdir, &dir);
                }
                metadata(step)
            }
            "ENV" => {
                if let Some((_, state)) = self.current() {
                    let words = &step.words;
                    if words.len() >= 2 && !words[0].contains('=') {
                        state.env.insert(words[0].clone(), words[1..].join(" "));
                    } else {
                        for word in words {
                            if let Some((n, v)) = word.split_once('=') {
                                state.env.insert(n.to_string(), v.to_string());
                            }
                        }
                    }
                }
                metadata(step)
            }
            _ => metadata(step),
        };
        if let Some((stage, state)) = self.current() {
            state.added += layer.bytes;
            stage.total += layer.bytes;
            stage.download += layer.bytes.per_mille(250, 380, 800);
            stage.layers.push(layer);
        }
    }

    /// Notes the first few lines whose variables grew past the expansion limits; past those,
    /// one more note says how many lines followed, so notes stay few whatever the file.
    fn expansion_too_large(&mut self, line: usize) {
        const SHOWN: usize = 3;
        let prefix = "a variable here grows past";
        let count = self.notes.iter().filter(|n| n.contains(prefix)).count();
        if count < SHOWN {
            self.notes.push(format!(
                "line {line}: {prefix} the expansion limits (1 MiB per word, 1 MiB plus twice \
                 the file for all of them), so BuildKit would build a value of megabytes or \
                 more; the estimate reads the words as written. ARGs or ENVs here double or \
                 repeat each other: define the value directly"
            ));
        } else if count == SHOWN {
            self.notes.push(format!(
                "{prefix} the expansion limits on more lines after line {line} too; each is \
                 read as written"
            ));
        }
    }

    fn finish(mut self) -> SizeEstimate {
        let image_stage = match &self.inputs.target {
            Some(target) => {
                let found = self.find_stage(target, self.stages.len());
                if found.is_none() {
                    self.notes.push(format!(
                        "no stage named `{target}`; the last stage is used instead"
                    ));
                }
                found.or(self.stages.len().checked_sub(1))
            }
            None => self.stages.len().checked_sub(1),
        };
        if self.stages.is_empty() {
            self.notes
                .push("no FROM instruction: there is no image to estimate".to_string());
        }
        let image = image_stage
            .and_then(|i| self.stages.get(i))
            .map_or(Bytes::ZERO, |s| s.total);
        let download = image_stage
            .and_then(|i| self.stages.get(i))
            .map_or(Bytes::ZERO, |s| s.download);
        SizeEstimate {
            stages: self.stages,
            image_stage,
            image,
            download,
            notes: self.notes,
        }
    }

    /// A stage by `AS` name (case-insensitive) or index, among the first `before` stages.
    fn find_stage(&self, reference: &str, before: usize) -> Option<usize> {
        self.stage_names
            .get(&reference.to_ascii_lowercase())
            .copied()
            .filter(|&i| i < before.min(self.stages.len()))
            .or_else(|| {
                reference
                    .parse::<usize>()
                    .ok()
                    .filter(|i| *i < before.min(self.stages.len()))
            })
    }

    // -----------------------------------------------------------------------------------------
    // FROM

    fn from(&mut self, step: &Step) {
        let reference = step.words.first().cloned().unwrap_or_default();
        let name = match step.words.get(1) {
            Some(w) if w.eq_ignore_ascii_case("as") => step.words.get(2).cloned(),
            _ => None,
        };
        let index = self.stages.len();
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: "FROM".into(),
            text: short(&step.text),
            kind: LayerKind::Base,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let download;
        let mut base_image = None;
        let state = if let Some(parent) = self.find_stage(&reference, index) {
            let parent_state = self.states[parent].clone();
            layer.bytes = self.stages[parent].total;
            download = self.stages[parent].download;
            layer.sources.push(format!(
                "stage `{}` (line {})",
                self.stages[parent].label(),
                self.stages[parent].layers.first().map_or(0, |l| l.line)
            ));
            StageState {
                added: Bytes::ZERO,
                base_bytes: layer.bytes,
                ..parent_state
            }
        } else {
            let platform = step
                .flags
                .iter()
                .find(|(name, _)| name == "platform")
                .map(|(_, value)| value.as_str())
                .filter(|p| !p.contains('$'));
            let base = resolve_base(self.k, &reference, platform);
            base_image = Some(base.image.clone());
            layer.bytes = base.bytes;
            download = match base.compressed {
                Some(c) => Bytes::new(c * 97 / 100, c, c * 103 / 100),
                // repo-info's python:3.12-slim-trixie: 43.2 MB compressed of 119.4 MB on disk.
                None => base.bytes.per_mille(300, 362, 450),
            };
            layer.sources.extend(base.sources);
            layer.notes.extend(base.notes);
            let compressed = base
                .compressed
                .unwrap_or(base.bytes.expected.saturating_mul(36) / 100);
            // Pulling at ~30 MB/s plus unpacking.
            let pull = 2.0 + compressed as f64 / 30e6;
            layer.rebuild_seconds = Seconds {
                low: pull / 3.0,
                expected: pull,
                high: pull * 3.0,
            };
            // Ubuntu and other Debian-like images without a set of their own start from
            // Debian's minimal set, so `apt-get install curl` does not count libc again.
            let set = base.package_set.or(match base.os {
                Os::Debian | Os::Ubuntu => Some("debian"),
                _ => None,
            });
            let apt_installed = set
                .map(|set| self.k.base_package_set(set))
                .unwrap_or_default();
            StageState {
                os: base.os,
                apt_installed,
                base_bytes: layer.bytes,
                workdir: "/".into(),
                ..StageState::default()
            }
        };
        if let Some(name) = &name {
            self.stage_names
                .entry(name.to_ascii_lowercase())
                .or_insert(index);
        }
        self.stages.push(StageEstimate {
            index,
            name,
            base: reference,
            base_image,
            total: layer.bytes,
            download,
            layers: vec![layer],
        });
        self.states.push(state);
    }

    // -----------------------------------------------------------------------------------------
    // COPY / ADD

    fn copy(&mut self, step: &Step) -> Layer {
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: step.keyword.clone(),
            text: short(&step.text),
            kind: LayerKind::Files,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let heredoc = step.words.iter().any(|w| w.starts_with("<<"));
        let (sources, dest) = match step.words.split_last() {
            Some((dest, sources)) if !sources.is_empty() => (sources.to_vec(), dest.clone()),
            _ if heredoc => (Vec::new(), String::new()),
            _ => {
                layer
                    .notes
                    .push("COPY needs a source and a destination".to_string());
                return layer;
            }
        };
        let Some((_, state)) = self.current() else {
            return layer;
        };
        let dest = join_path(&state.workdir.clone(), &dest);
        if heredoc {
            layer.bytes = Bytes::new(10, 1_000, 100_000);
            layer.sources.push("an inline heredoc file".into());
            return layer;
        }
        if let Some(from) = step.flag("from").map(str::to_string) {
            self.copy_from(&from, &sources, &dest, &mut layer);
        } else {
            let mut total = Bytes::ZERO;
            for source in &sources {
                total += self.context_part(step, source, &mut layer);
            }
            layer.bytes = total;
        }
        layer.rebuild_seconds = Seconds {
            low: 0.2,
            expected: seconds_for(layer.bytes, 200e6, 0.5),
            high: seconds_for(layer.bytes, 50e6, 2.0),
        };
        if let Some((_, state)) = self.current() {
            state.outputs.push(Output {
                path: dest,
                bytes: layer.bytes,
                what: format!("files copied at line {}", step.line),
                line: step.line,
            });
        }
        layer
    }

    fn context_part(&self, step: &Step, source: &str, layer: &mut Layer) -> Bytes {
        if source.starts_with("http://") || source.starts_with("https://") {
            if step.keyword == "ADD" {
                let part = self.heuristic_part("download");
                layer.sources.extend(part.source);
                layer
                    .notes
                    .push(format!("ADD {source}: the download's size is not known"));
                return part.bytes;
            }
            layer
                .notes
                .push("COPY cannot fetch URLs; use ADD or curl".into());
            return Bytes::ZERO;
        }
        if source.starts_with("git@") || source.ends_with(".git") {
            let part = self.heuristic_part("download");
            layer.sources.extend(part.source);
            return part.bytes;
        }
        let (context, context_source) = self.context();
        let trimmed = source.trim_start_matches("./").trim_end_matches('/');
        let whole = trimmed.is_empty() || trimmed == "." || trimmed == "*" || source == "/";
        if whole {
            layer.sources.push(context_source);
            let mut bytes = context;
            if self.inputs.dockerignore != Some(true) {
                let git = self.k.heuristic("context-git");
                bytes += git.bytes;
                layer
                    .sources
                    .push(format!("heuristics.tsv context-git: {}", git.note));
                layer.notes.push(
                    "copies the whole context: without a .dockerignore, .git, local virtualenvs \
                     and node_modules come along too"
                        .into(),
                );
            }
            return bytes;
        }
        let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
        let is_file = name.contains('.') && !name.contains('*') && !name.starts_with('.')
            || is_manifest(name);
        let archive = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if archive && step.keyword == "ADD" {
            layer.notes.push(format!(
                "ADD unpacks {name}: the unpacked files are several times the archive"
            ));
            layer.sources.push(context_source);
            return context.per_mille(10, 500, 4000);
        }
        if is_file {
            layer
                .sources
                .push(format!("{name}: a single file from the context"));
            return Bytes::new(100, 5_000, 1_000_000.min(context.high.max(100)));
        }
        layer
            .sources
            .push(format!("{trimmed}: part of the context ({context_source})"));
        context.per_mille(10, 500, 1000)
    }

    fn copy_from(&mut self, from: &str, sources: &[String], dest: &str, layer: &mut Layer) {
        let index = self.stages.len().saturating_sub(1);
        let Some(stage) = self.find_stage(from, index) else {
            // An image reference: `COPY --from=nginx:alpine /etc/nginx/nginx.conf ...`.
            let base = resolve_base(self.k, from, None);
            let part = self.heuristic_part("download");
            layer.bytes = Bytes::new(0, part.bytes.expected, base.bytes.high);
            layer.sources.push(format!(
                "files from the image `{from}` (at most the whole image)"
            ));
            layer.notes.push(format!(
                "copies from the image `{from}`: how much depends on the paths"
            ));
            return;
        };
        let state = &self.states[stage];
        let label = self.stages[stage].label();
        let mut total = Bytes::ZERO;
        for source in sources {
            // `target/*.jar`: the files matching a pattern in a folder are what that folder's
            // outputs hold.
            let src = match source.rsplit_once('/') {
                Some((dir, last)) if last.contains(['*', '?']) => join_path(&state.workdir, dir),
                _ => join_path(&state.workdir, source),
            };
            let mut found = Bytes::ZERO;
            let mut hits = Vec::new();
            // Front-end builds write dist/, build/, out/ or .next/ depending on the tool.
            let build_dir = src.rsplit('/').next().is_some_and(|last| {
                matches!(
                    last,
                    "dist" | "build" | "out" | ".next" | "public" | "static" | "www"
                )
            });
            if build_dir && !state.outputs.iter().any(|o| o.path == src) {
                for output in state.outputs.iter().filter(|o| o.what == "build output") {
                    found += output.bytes;
                    hits.push(format!("{} (line {})", output.what, output.line));
                }
            }
            let exact = !hits.is_empty()
                || state
                    .outputs
                    .iter()
                    .any(|o| under(&o.path, &src) || python_site(&src, &o.path));
            let from_build = !hits.is_empty();
            for output in state.outputs.iter().filter(|_| !from_build) {
                if under(&output.path, &src) || python_site(&src, &output.path) {
                    found += output.bytes;
                    hits.push(format!("{} (line {})", output.what, output.line));
                } else if !exact && under(&src, &output.path) {
                    // A part of what that step wrote.
                    found += output.bytes.per_mille(10, 500, 1000);
                    hits.push(format!("part of {} (line {})", output.what, output.line));
                }
            }
            if hits.is_empty() {
                let base = if src == "/" {
                    state.base_bytes
                } else {
                    Bytes::ZERO
                };
                let guess = Bytes::new(0, state.added.expected / 10, state.added.high) + base;
                layer.notes.push(format!(
                    "nothing the model tracked in stage `{label}` was written under {src}: \
                     anywhere from nothing to all the stage added"
                ));
                layer.sources.push(format!("stage `{label}`: unknown part"));
                total += guess;
            } else {
                layer
                    .sources
                    .push(format!("stage `{label}` {src}: {}", hits.join(", ")));
                total += found;
            }
        }
        let _ = dest;
        // distroless/python3-debian12 runs Debian 12's Python 3.11: extension modules built
        // by another Python minor version do not import there.
        let here = self
            .stages
            .last()
            .map(|s| s.base.to_ascii_lowercase())
            .unwrap_or_default();
        let there = self.stages[stage].base.to_ascii_lowercase();
        if here.contains("distroless/python3") && !self.states[stage].pip_dists.is_empty() {
            let (name, tag) = split_reference(&there);
            if name == "python" && !tag.starts_with("3.11") {
                layer.notes.push(format!(
                    "{here} runs Python 3.11; packages installed with {there} may not import \
                     there (build them on python:3.11-slim)"
                ));
            }
        }
        layer.bytes = total;
        // The copied Python packages / node modules are now in this stage.
        let (pip, npm) = (
            self.states[stage].pip_dists.clone(),
            self.states[stage].npm_modules.clone(),
        );
        if let Some((_, state)) = self.current() {
            state.pip_dists.extend(pip);
            state.npm_modules.extend(npm);
        }
    }

    // -----------------------------------------------------------------------------------------
    // RUN

    fn run(&mut self, step: &Step) -> Layer {
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: "RUN".into(),
            text: short(&step.text),
            kind: LayerKind::Run,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let mounts: Vec<(&str, String)> = step
            .mounts
            .iter()
            .filter_map(|mount| {
                let kind = match mount.kind {
                    MountType::Cache => "cache",
                    MountType::Tmpfs => "tmpfs",
                    _ => return None,
                };
                Some((kind, normalize_path(mount.target.as_deref()?)))
            })
            .collect();
        let mut run = RunScan {
            parts: Vec::new(),
            removed: Vec::new(),
            unknown: Vec::new(),
            pip_cache_purged: false,
            npm_cache_cleaned: false,
            apt_installed_here: HashSet::new(),
            apt_marked_auto: false,
            env: HashMap::new(),
        };
        let commands = step.commands.clone();
        self.scan_commands(&commands, &mut run, 0);

        let k = self.k;
        let Some((_, state)) = self.current() else {
            return layer;
        };
        // Same-layer removals: these files never reach a layer.
        let mut kept = Vec::new();
        for part in run.parts {
            let removed_by = part.path.as_ref().and_then(|p| {
                run.removed.iter().find(|r| {
                    under(p, r) || (r.ends_with("/*") && under(p, r.trim_end_matches("/*")))
                })
            });
            let cached_by = part.path.as_ref().and_then(|p| {
                mounts
                    .iter()
                    .find(|(_, target)| under(p, target) || under(target, p))
            });
            if let Some(removed) = removed_by {
                layer.notes.push(format!(
                    "{} removed again in this RUN ({removed}): it never reaches a layer",
                    part.path.as_deref().unwrap_or("")
                ));
                continue;
            }
            if let Some((kind, target)) = cached_by {
                layer.notes.push(format!(
                    "{} lives in a {kind} mount at {target}, not in the layer",
                    part.path.as_deref().unwrap_or("")
                ));
                continue;
            }
            kept.push(part);
        }
        if run.pip_cache_purged {
            kept.retain(|p| p.path.as_deref() != Some("/root/.cache/pip"));
        }
        if run.npm_cache_cleaned {
            kept.retain(|p| p.path.as_deref() != Some("/root/.npm"));
        }
        // A later rm does not shrink what earlier layers hold: say so.
        for removed in &run.removed {
            let trimmed = removed.trim_end_matches("/*");
            for output in &state.outputs {
                if under(&output.path, trimmed) && output.line != step.line {
                    layer.notes.push(format!(
                        "`rm {removed}` does not shrink the image: {} from line {} stays in that \
                         layer; remove it in the RUN that creates it",
                        output.path, output.line
                    ));
                }
            }
            if under("/var/lib/apt/lists", trimmed) {
                if let Some(line) = state.apt_lists_line {
                    layer.notes.push(format!(
                        "the apt lists from line {line} stay in that layer: a later rm only hides \
                         them"
                    ));
                }
            }
        }
        let mut seconds = 0.0;
        // Sets beside the lists: one `apt-get install` of thousands of unknown packages makes
        // as many parts, and a scan of the list per part would be quadratic.
        let mut seen_sources: HashSet<String> = layer.sources.iter().cloned().collect();
        let mut seen_notes: HashSet<String> = layer.notes.iter().cloned().collect();
        for part in &kept {
            layer.bytes += part.bytes;
            seconds += part.seconds;
            if let Some(source) = &part.source {
                if seen_sources.insert(source.clone()) {
                    layer.sources.push(source.clone());
                }
            }
            if let Some(note) = &part.note {
                if seen_notes.insert(note.clone()) {
                    layer.notes.push(note.clone());
                }
            }
            if let Some(what) = &part.output {
                state.outputs.push(Output {
                    path: part.path.clone().unwrap_or_else(|| "/".into()),
                    bytes: part.bytes,
                    what: what.clone(),
                    line: step.line,
                });
            }
            if part.path.as_deref() == Some("/var/lib/apt/lists") {
                state.apt_lists_line = Some(step.line);
            }
        }
        if !run.unknown.is_empty() {
            run.unknown.sort();
            run.unknown.dedup();
            let h = k.heuristic("unknown-command");
            layer.bytes += h.bytes;
            seconds += 5.0;
            layer
                .sources
                .push(format!("heuristics.tsv unknown-command: {}", h.note));
            layer.notes.push(format!(
                "not modelled: {}; the range is widened for what they may write",
                run.unknown
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        state.apt_installed.extend(run.apt_installed_here);
        layer.rebuild_seconds = Seconds {
            low: (seconds / 3.0).max(0.1),
            expected: seconds.max(0.2),
            high: (seconds * 3.0).max(1.0),
        };
        layer
    }

    fn scan_commands(&mut self, commands: &[Command], run: &mut RunScan, depth: usize) {
        for (i, command) in commands.iter().enumerate() {
            let mut words: Vec<String> = command.words.clone();
            // Leading `VAR=value`, sudo and friends do not change what runs.
            while let Some(first) = words.first() {
                let wrapper = matches!(
                    first.as_str(),
                    "sudo" | "time" | "nice" | "exec" | "command" | "env" | "nohup" | "xargs"
                ) || (first.contains('=')
                    && !first.starts_with('-')
                    && !first.starts_with('='));
                if wrapper || first == "-E" || first == "-u" {
                    words.remove(0);
                } else {
                    break;
                }
            }
            let Some(program) = words.first().cloned() else {
                continue;
            };
            let base = program.rsplit('/').next().unwrap_or(&program).to_string();
            let next_is_shell = command.piped_into_next
                && commands
                    .get(i + 1)
                    .and_then(|c| c.words.first())
                    .is_some_and(|w| {
                        let w = w.rsplit('/').next().unwrap_or(w);
                        matches!(w, "sh" | "bash" | "zsh" | "python" | "python3" | "sudo")
                    });
            // `tool --version` checks print and write nothing.
            if words
                .get(1)
                .is_some_and(|w| matches!(w.as_str(), "--version" | "-V" | "version"))
                && words.len() == 2
            {
                continue;
            }
            match base.as_str() {
                "sh" | "bash" | "ash" | "dash" | "zsh"
                    if words
                        .get(1)
                        .is_some_and(|w| w == "-c" || w == "-xc" || w == "-ec" || w == "-exc") =>
                {
                    if depth < 3 {
                        if let Some(script) = words.get(2) {
                            let inner = shell_commands(script);
                            self.scan_commands(&inner, run, depth + 1);
                        }
                    }
                }
                "sh" | "bash" if i > 0 && commands[i - 1].piped_into_next => {}
                "apt-get" | "apt" | "aptitude" => self.apt(&words, run),
                "apt-mark" => {
                    if words.get(1).is_some_and(|w| w == "auto") {
                        run.apt_marked_auto = true;
                    }
                }
                "apk" => self.apk(&words, run),
                "yum" | "dnf" | "microdnf" | "tdnf" => self.dnf(&words, run),
                "pip" | "pip3" | "pip2" => self.pip(&program, &words[1..], run),
                b if b.starts_with("pip3.") => self.pip(&program, &words[1..], run),
                "python" | "python3" | "python2" | "py" => {
                    if words.get(1).map(String::as_str) == Some("-m") {
                        match words.get(2).map(String::as_str) {
                            Some("pip") => self.pip(&program, &words[3..], run),
                            Some("venv") | Some("virtualenv") => {
                                self.venv(words.iter().skip(3).find(|w| !w.starts_with('-')), run)
                            }
                            Some("compileall") => {}
                            _ => run.unknown.push(short(&words.join(" "))),
                        }
                    } else if words.len() > 1 {
                        run.unknown.push(short(&words[..2].join(" ")));
                    }
                }
                b if b.starts_with("python3.") => {
                    if words.get(1).map(String::as_str) == Some("-m")
                        && words.get(2).map(String::as_str) == Some("pip")
                    {
                        self.pip(&program, &words[3..], run);
                    }
                }
                "virtualenv" => self.venv(words.iter().skip(1).find(|w| !w.starts_with('-')), run),
                "uv" => self.uv(&words, run),
                "poetry" | "pipenv" | "pdm" | "conda" | "mamba" | "micromamba" => {
                    if words
                        .iter()
                        .any(|w| matches!(w.as_str(), "install" | "sync" | "create"))
                    {
                        self.project_install(&base, run);
                    }
                }
                "npm" | "yarn" | "pnpm" | "bun" => self.npm(&base, &words, run),
                "go" => self.go(&words, run),
                "cargo" => self.cargo(&words, run),
                "rustup-init" | "rustup" => {
                    let installs =
                        base == "rustup-init" || words.iter().any(|w| w == "install" || w == "add");
                    if installs {
                        let home = run
                            .env
                            .get("RUSTUP_HOME")
                            .or_else(|| self.state().env.get("RUSTUP_HOME"))
                            .map_or_else(|| "/usr/local/rustup".to_string(), |p| normalize_path(p));
                        run.parts.push(
                            self.heuristic_part("rust-toolchain")
                                .path(home)
                                .output("the Rust toolchain")
                                .seconds(60.0),
                        );
                    }
                }
                "mvn" | "mvnw" => self.java_build("maven-repo", "target", &words, run),
                "gradle" | "gradlew" => self.java_build("gradle-cache", "build/libs", &words, run),
                "curl" | "wget" => {
                    self.download(&words, next_is_shell, command.piped_into_next, run)
                }
                "tar" | "unzip" => {
                    if let Some(last) = run
                        .parts
                        .iter()
                        .rev()
                        .find(|p| p.group.as_deref() == Some("download"))
                    {
                        let unpacked = last.bytes.per_mille(500, 2500, 5000);
                        let workdir = self
                            .states
                            .last()
                            .map_or_else(|| "/".to_string(), |s| s.workdir.clone());
                        let dir = words
                            .iter()
                            .position(|w| w == "-C" || w == "--directory" || w == "-d")
                            .and_then(|i| words.get(i + 1))
                            .map(String::as_str)
                            .or_else(|| words.iter().find_map(|w| w.strip_prefix("--directory=")))
                            .map_or(workdir.clone(), |d| join_path(&workdir, d));
                        run.parts.push(
                            Part::new(unpacked)
                                .note("the unpacked archive is counted as 0.5–5× the download")
                                .source("heuristics.tsv download (unpacked)")
                                .path(dir),
                        );
                    }
                }
                "rm" => {
                    let state_workdir = self
                        .states
                        .last()
                        .map(|s| s.workdir.clone())
                        .unwrap_or_else(|| "/".into());
                    for target in words[1..].iter().filter(|w| !w.starts_with('-')) {
                        let glob = target.ends_with("/*");
                        let path = join_path(&state_workdir, target.trim_end_matches("/*"));
                        run.removed
                            .push(if glob { format!("{path}/*") } else { path });
                    }
                }
                "chown" | "chmod" | "chgrp" => {
                    if words.iter().any(|w| w == "-R" || w == "--recursive") {
                        self.recursive_touch(&words, run);
                    }
                }
                "make" | "gmake" if words.iter().any(|w| w == "install") => {
                    run.parts.push(
                        self.heuristic_part("make-install")
                            .note("software built from source: its installed size is not known")
                            .path("/usr/local")
                            .seconds(120.0),
                    );
                }
                "export" => {
                    for word in &words[1..] {
                        if let Some((name, value)) = word.split_once('=') {
                            run.env.insert(name.to_string(), value.to_string());
                        }
                    }
                }
                "cd"
                | "echo"
                | "printf"
                | "mkdir"
                | "ln"
                | "set"
                | "true"
                | "false"
                | "test"
                | "["
                | "[["
                | "useradd"
                | "adduser"
                | "groupadd"
                | "addgroup"
                | "usermod"
                | "id"
                | "whoami"
                | "touch"
                | "sed"
                | "mv"
                | "cat"
                | "ls"
                | "grep"
                | "find"
                | "which"
                | "command -v"
                | "update-ca-certificates"
                | "ldconfig"
                | "locale-gen"
                | "dpkg-reconfigure"
                | "ln -s"
                | "rmdir"
                | "sleep"
                | "exit"
                | "source"
                | "."
                | "if"
                | "then"
                | "fi"
                | "else"
                | "for"
                | "do"
                | "done"
                | "case"
                | "esac"
                | "while"
                | "until"
                | "gpg"
                | "gpgconf"
                | "sha256sum"
                | "md5sum"
                | "dpkg"
                | "dpkg-query"
                | "dpkg-architecture"
                | "savedAptMark"
                | "echo -e"
                | "cp"
                | "tee"
                | "wc"
                | "head"
                | "tail"
                | "awk"
                | "sort"
                | "uniq"
                | "tr"
                | "cut"
                | "git"
                | "npx"
                | "node"
                | "java"
                | "javac"
                | "nproc"
                | "uname"
                | "mktemp"
                | "basename"
                | "dirname"
                | "realpath"
                | "readlink"
                | "stat"
                | "du"
                | "df"
                | "env-update"
                | "a2enmod"
                | "a2dissite"
                | "a2ensite"
                | "update-alternatives"
                | "systemctl"
                | "service"
                | "su"
                | "gosu"
                | "su-exec"
                | "tini"
                | "pwd"
                | "umask"
                | "ulimit"
                | "trap"
                | "local"
                | "return"
                | "shift"
                | "unset"
                | "read"
                | "eval"
                | "wait"
                | "kill"
                | "date"
                | "hash"
                | "type"
                | "alias"
                | "getent"
                | "passwd"
                | "chpasswd"
                | "install" => {}
                // Case patterns, redirections and numbers are shell syntax, not programs.
                b if b.ends_with(')')
                    || b.contains(['<', '>', '$', '`', '='])
                    || b.starts_with('-')
                    || b.chars().all(|c| c.is_ascii_digit() || c == '.') => {}
                _ => run.unknown.push(base),
            }
        }
    }

    fn state(&self) -> &StageState {
        // `run` is only called with a current stage.
        self.states.last().expect("a RUN always follows a FROM")
    }

    fn apt(&mut self, words: &[String], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        let os = self.state().os;
        match sub.as_str() {
            // apt 3's `dist-clean` drops the lists as well as the archives.
            "dist-clean" => run.removed.push("/var/lib/apt/lists".into()),
            "update" => {
                let h = self.k.heuristic("apt-lists");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!("heuristics.tsv apt-lists: {}", h.note))
                        .note(
                            "apt lists stay in this layer: end the RUN with \
                             `rm -rf /var/lib/apt/lists/*`",
                        )
                        .path("/var/lib/apt/lists")
                        .seconds(5.0),
                );
            }
            "install" => {
                let mut recommends = true;
                let mut names: Vec<&str> = Vec::new();
                let mut unknown: Vec<String> = Vec::new();
                let mut skip_next = false;
                for word in words.iter().skip_while(|w| *w != "install").skip(1) {
                    if skip_next {
                        skip_next = false;
                        if word.contains("Install-Recommends")
                            && (word.ends_with("false") || word.ends_with('0'))
                        {
                            recommends = false;
                        }
                        continue;
                    }
                    match word.as_str() {
                        "--no-install-recommends" => recommends = false,
                        "-o" | "-t" | "--target-release" | "-c" => skip_next = true,
                        w if w.starts_with("-o") && w.contains("Install-Recommends") => {
                            if w.ends_with("false") || w.ends_with('0') {
                                recommends = false;
                            }
                        }
                        w if w.starts_with('-') => {}
                        w => {
                            let name = w.split('=').next().unwrap_or(w);
                            let name = name.trim_end_matches(['+', '-']);
                            match self.k.apt.get_key_value(name) {
                                Some((k, _)) => names.push(k),
                                None if name.is_empty() => {}
                                None => unknown.push(name.to_string()),
                            }
                        }
                    }
                }
                let mut installed = self.state().apt_installed.clone();
                installed.extend(run.apt_installed_here.iter().copied());
                let with = self.k.apt_closure(&names, recommends, &installed);
                let bytes = self.k.apt_bytes(&with);
                let mut part = Part::new(Bytes::new(bytes * 90 / 100, bytes, bytes * 115 / 100))
                    .path("/usr")
                    .seconds(seconds_for(Bytes::exact(bytes), 15e6, 3.0));
                part.group = Some("apt".into());
                if !names.is_empty() {
                    let shown: Vec<&str> = names.iter().take(4).copied().collect();
                    let more = if names.len() > 4 {
                        format!(" and {} more", names.len() - 4)
                    } else {
                        String::new()
                    };
                    part = part.source(format!(
                        "apt.tsv: {}{more} → {} new packages ({})",
                        shown.join(", "),
                        with.len(),
                        self.k.apt_source
                    ));
                }
                if recommends && !names.is_empty() {
                    let without = self.k.apt_closure(&names, false, &installed);
                    let without_bytes = self.k.apt_bytes(&without);
                    if without_bytes < bytes {
                        part = part.note(format!(
                            "Recommends add {} ({} packages): `--no-install-recommends` would \
                             install {} instead",
                            super::human(bytes - without_bytes),
                            with.len().saturating_sub(without.len()),
                            super::human(without_bytes)
                        ));
                    }
                }
                if names.is_empty() && unknown.is_empty() {
                    part = part.note("apt-get install with no package the model could read");
                }
                match os {
                    Os::Debian => {}
                    Os::Ubuntu => {
                        part.bytes = part.bytes.per_mille(700, 1000, 1400);
                        part =
                            part.note("sizes are Debian 12's; Ubuntu's packages differ a little");
                    }
                    Os::Unknown => {
                        part.bytes = part.bytes.per_mille(600, 1000, 1500);
                    }
                    _ => {
                        part = part.note(
                            "apt-get in an image that is not Debian-based: this RUN would fail",
                        );
                    }
                }
                run.apt_installed_here.extend(with);
                run.parts.push(part);
                for name in unknown {
                    let h = self.k.heuristic("apt-unknown-package");
                    run.parts.push(
                        Part::new(h.bytes)
                            .source(format!("heuristics.tsv apt-unknown-package: {}", h.note))
                            .note(format!("`{name}` is not in the apt table: range widened"))
                            .path("/usr"),
                    );
                }
            }
            "purge" | "remove" | "autoremove" => {
                let auto = sub == "autoremove"
                    || words
                        .iter()
                        .any(|w| w == "--auto-remove" || w == "--autoremove");
                let names: Vec<&'static str> = words
                    .iter()
                    .skip_while(|w| *w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .filter_map(|w| self.k.apt.get_key_value(w.as_str()).map(|(k, _)| *k))
                    .collect();
                let gone: HashSet<&'static str> = if auto && run.apt_marked_auto {
                    // The official images' pattern: `apt-mark auto '.*'`, `apt-mark manual` of
                    // what the result links against, then `purge --auto-remove`. Everything
                    // installed in this RUN goes except those runtime libraries; they are
                    // small, and left as a widened remainder below.
                    let all = std::mem::take(&mut run.apt_installed_here);
                    let bytes = self.k.apt_bytes(&all);
                    run.parts.push(
                        Part::new(Bytes::new(0, bytes / 20, bytes / 5))
                            .note("build dependencies marked auto and purged in this RUN; the runtime libraries kept (`apt-mark manual`) are counted as 0–20 % of them")
                            .path("/usr"),
                    );
                    all
                } else if auto && names.is_empty() {
                    HashSet::new()
                } else if auto {
                    self.k
                        .apt_closure(&names, true, &HashSet::new())
                        .intersection(&run.apt_installed_here)
                        .copied()
                        .collect()
                } else {
                    names
                        .iter()
                        .copied()
                        .filter(|n| run.apt_installed_here.contains(n))
                        .collect()
                };
                let earlier: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| {
                        self.state().apt_installed.contains(n)
                            && !run.apt_installed_here.contains(n)
                    })
                    .collect();
                if !gone.is_empty() {
                    let bytes = self.k.apt_bytes(&gone);
                    for name in &gone {
                        run.apt_installed_here.remove(name);
                    }
                    subtract(
                        run,
                        Bytes::exact(bytes),
                        format!(
                            "purged in the same RUN: {} packages, {} never reach the layer",
                            gone.len(),
                            super::human(bytes)
                        ),
                    );
                }
                if !earlier.is_empty() {
                    run.parts.push(Part::new(Bytes::ZERO).note(format!(
                        "purging {} here does not shrink the image: it was installed in an earlier layer",
                        earlier.join(", ")
                    )));
                }
            }
            "upgrade" | "dist-upgrade" | "full-upgrade" => {
                run.parts
                    .push(self.heuristic_part("upgrade").path("/usr").seconds(20.0));
            }
            _ => {}
        }
    }

    fn apk(&mut self, words: &[String], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        let no_cache = words.iter().any(|w| w == "--no-cache");
        match sub.as_str() {
            "add" => {
                let mut group = None;
                let mut skip = false;
                let mut names = Vec::new();
                for (i, word) in words
                    .iter()
                    .enumerate()
                    .skip_while(|(_, w)| *w != "add")
                    .skip(1)
                {
                    if skip {
                        skip = false;
                        continue;
                    }
                    match word.as_str() {
                        "--virtual" | "-t" => {
                            group = words.get(i + 1).cloned();
                            skip = true;
                        }
                        "--repository" | "-X" => skip = true,
                        w if w.starts_with('-') => {}
                        w => names.push(
                            w.split(['=', '<', '>', '~'])
                                .next()
                                .unwrap_or(w)
                                .to_string(),
                        ),
                    }
                }
                for name in names {
                    let key = format!("apk:{name}");
                    let (h, known) = match self.k.heuristics.get(key.as_str()) {
                        Some(h) => (h.clone(), true),
                        None => (self.k.heuristic("apk-unknown-package"), false),
                    };
                    let mut part = Part::new(h.bytes)
                        .source(format!(
                            "heuristics.tsv {}: {}",
                            if known {
                                key.as_str()
                            } else {
                                "apk-unknown-package"
                            },
                            h.note
                        ))
                        .path("/usr")
                        .seconds(seconds_for(h.bytes, 15e6, 1.0));
                    part.group = group.clone().or(Some("apk".into()));
                    run.parts.push(part);
                }
                if !no_cache {
                    let h = self.k.heuristic("apk-index");
                    run.parts.push(
                        Part::new(h.bytes)
                            .source(format!("heuristics.tsv apk-index: {}", h.note))
                            .note("apk's index stays in the layer: use `apk add --no-cache`")
                            .path("/var/cache/apk"),
                    );
                }
            }
            "del" => {
                for name in words
                    .iter()
                    .skip_while(|w| *w != "del")
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                {
                    let group_bytes: Bytes = run
                        .parts
                        .iter()
                        .filter(|p| p.group.as_deref() == Some(name.as_str()))
                        .map(|p| p.bytes)
                        .sum();
                    if !group_bytes.is_zero() {
                        run.parts
                            .retain(|p| p.group.as_deref() != Some(name.as_str()));
                        run.parts.push(Part::new(Bytes::ZERO).note(format!(
                            "`apk del {name}` in the same RUN: the build dependencies never reach the layer"
                        )));
                    }
                }
            }
            "update" if !no_cache => {
                let h = self.k.heuristic("apk-index");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!("heuristics.tsv apk-index: {}", h.note))
                        .path("/var/cache/apk"),
                );
            }
            "upgrade" => run.parts.push(self.heuristic_part("upgrade").path("/usr")),
            _ => {}
        }
    }

    fn dnf(&mut self, words: &[String], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        match sub.as_str() {
            "install" | "groupinstall" => {
                let count = words
                    .iter()
                    .skip_while(|w| *w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .count() as u64;
                let h = self.k.heuristic("dnf-unknown-package");
                run.parts.push(
                    Part::new(Bytes::new(
                        h.bytes.low * count,
                        h.bytes.expected * count,
                        h.bytes.high * count,
                    ))
                    .source(format!(
                        "heuristics.tsv dnf-unknown-package ×{count}: {}",
                        h.note
                    ))
                    .note("no RPM table is embedded: each package gets a wide default")
                    .path("/usr")
                    .seconds(10.0 + 5.0 * count as f64),
                );
                let cache = self.k.heuristic("dnf-cache");
                run.parts.push(
                    Part::new(cache.bytes)
                        .source(format!("heuristics.tsv dnf-cache: {}", cache.note))
                        .note("the package manager's cache stays unless `dnf clean all` runs in this RUN")
                        .path("/var/cache/dnf"),
                );
            }
            "clean" => run.removed.push("/var/cache/dnf".into()),
            _ => {}
        }
    }

    fn pip(&mut self, program: &str, args: &[String], run: &mut RunScan) {
        let Some(sub) = args.iter().find(|w| !w.starts_with('-')) else {
            return;
        };
        match sub.as_str() {
            "install" => {}
            "cache" => {
                if args.iter().any(|w| w == "purge" || w == "remove") {
                    run.pip_cache_purged = true;
                }
                return;
            }
            _ => return,
        }
        let mut no_cache = false;
        let mut requirements = Vec::new();
        let mut packages: Vec<String> = Vec::new();
        let mut location: Option<String> = None;
        let mut user = false;
        let mut upgrade = false;
        let mut local_project = false;
        let mut i = args
            .iter()
            .position(|w| w == "install")
            .map_or(0, |p| p + 1);
        while i < args.len() {
            let word = &args[i];
            let (flag, inline) = match word.split_once('=') {
                Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
                _ => (word.as_str(), None),
            };
            let mut value = || {
                inline.clone().or_else(|| {
                    i += 1;
                    args.get(i).cloned()
                })
            };
            match flag {
                "--no-cache-dir" | "--no-cache" => no_cache = true,
                "-r" | "--requirement" => requirements.extend(value()),
                "-c" | "--constraint" | "-i" | "--index-url" | "--extra-index-url" | "-f"
                | "--find-links" | "--trusted-host" | "--platform" | "--python-version"
                | "--implementation" | "--abi" | "--progress-bar" | "--src" | "--cache-dir"
                | "--root-user-action" | "--only-binary" | "--no-binary" | "--root" => {
                    let _ = value();
                }
                "-t" | "--target" | "--prefix" => location = value(),
                "-e" | "--editable" => {
                    let _ = value();
                    local_project = true;
                }
                "--user" => user = true,
                "-U" | "--upgrade" => upgrade = true,
                f if f.starts_with('-') => {}
                _ => {
                    if word == "."
                        || word.starts_with("./")
                        || word.starts_with('/')
                        || word.ends_with(".whl")
                        || word.ends_with(".tar.gz")
                    {
                        local_project = true;
                    } else {
                        packages.push(word.clone());
                    }
                }
            }
            i += 1;
        }
        let env = &self.state().env;
        if env
            .get("PIP_NO_CACHE_DIR")
            .is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no"))
        {
            no_cache = true;
        }
        let workdir = self.state().workdir.clone();
        let site = match (&location, user) {
            (Some(l), _) => join_path(&workdir, l),
            (None, true) => "/root/.local".to_string(),
            (None, false) => {
                let venv_from_program = program
                    .strip_suffix("/bin/pip")
                    .or_else(|| program.strip_suffix("/bin/pip3"))
                    .or_else(|| program.strip_suffix("/bin/python"))
                    .or_else(|| program.strip_suffix("/bin/python3"))
                    .map(str::to_string);
                let venv_from_env = self.state().env.get("VIRTUAL_ENV").cloned().or_else(|| {
                    let path = self.state().env.get("PATH").cloned().unwrap_or_default();
                    self.state()
                        .venvs
                        .iter()
                        .find(|v| path.contains(&format!("{v}/bin")))
                        .cloned()
                });
                venv_from_program
                    .or(venv_from_env)
                    .unwrap_or_else(|| "/usr/local/lib/python3/site-packages".to_string())
            }
        };
        let mut names: Vec<String> = packages.iter().map(|p| normalize_python(p)).collect();
        let mut sources = Vec::new();
        let mut unknown_bytes = Bytes::ZERO;
        let mut notes = Vec::new();
        for file in &requirements {
            match &self.inputs.requirements {
                Some(text) => {
                    names.extend(requirements_names(text));
                    sources.push(format!("{file}: the requirements you gave"));
                }
                None => {
                    let h = self.k.heuristic("pip-requirements-unknown");
                    unknown_bytes += h.bytes;
                    sources.push(format!(
                        "heuristics.tsv pip-requirements-unknown: {}",
                        h.note
                    ));
                    notes.push(format!(
                        "{file} was not given, so the packages are not known: range widened"
                    ));
                }
            }
        }
        if local_project {
            match &self.inputs.requirements {
                Some(text) if requirements.is_empty() => {
                    names.extend(requirements_names(text));
                    sources
                        .push("the project's dependencies, from the requirements you gave".into());
                }
                _ => {
                    let h = self.k.heuristic("pip-unknown-package");
                    unknown_bytes += h.bytes;
                    notes.push("installs a local project: its dependencies are not known".into());
                }
            }
        }
        let (bytes, measured, unknown, pip_upgrade) = self.python_closure(&names, upgrade);
        if !measured.is_empty() {
            sources.push(format!(
                "pypi.tsv: {} ({})",
                measured.join(", "),
                self.k.pypi.source
            ));
        }
        if pip_upgrade {
            let h = self.k.heuristic("pip-self-upgrade");
            unknown_bytes += h.bytes;
            sources.push(format!("heuristics.tsv pip-self-upgrade: {}", h.note));
        }
        for name in &unknown {
            let h = self.k.heuristic("pip-unknown-package");
            unknown_bytes += h.bytes;
            notes.push(format!(
                "`{name}` is not in the measured table: range widened"
            ));
        }
        if !unknown.is_empty() {
            sources.push(format!(
                "heuristics.tsv pip-unknown-package ×{}",
                unknown.len()
            ));
        }
        let installed = Bytes::new(bytes * 90 / 100, bytes, bytes * 115 / 100) + unknown_bytes;
        let mut part = Part::new(installed)
            .path(site.clone())
            .output("Python packages")
            .seconds(seconds_for(installed, 10e6, 3.0));
        part.source = Some(sources.join("; "));
        if !notes.is_empty() {
            part.note = Some(notes.join("; "));
        }
        run.parts.push(part);
        if !no_cache && !installed.is_zero() {
            let ratio = self.k.heuristic("pip-cache-ratio").bytes;
            let cache = installed.per_mille(ratio.low, ratio.expected, ratio.high);
            run.parts.push(
                Part::new(cache)
                    .source("heuristics.tsv pip-cache-ratio: pip's wheel cache")
                    .note("pip's cache stays in the layer: add --no-cache-dir (or a cache mount)")
                    .path("/root/.cache/pip"),
            );
        }
    }

    /// Bytes of the distributions `names` pull in that this stage does not have yet.
    fn python_closure(
        &mut self,
        names: &[String],
        upgrade: bool,
    ) -> (u64, Vec<String>, Vec<String>, bool) {
        let table = &self.k.pypi;
        let mut measured = Vec::new();
        let mut unknown = Vec::new();
        let mut bytes = 0;
        let mut pip_upgrade = false;
        let mut dists: Vec<&'static str> = Vec::new();
        for name in names {
            let lookup = match name.as_str() {
                // The source build of psycopg2 is the same module as the binary wheel, minus the
                // bundled libpq it then links from the system (libpq5).
                "psycopg2" => "psycopg2-binary",
                "psycopg" => "psycopg[binary]",
                n => n,
            };
            let bare = lookup.split('[').next().unwrap_or(lookup);
            if matches!(bare, "pip") {
                pip_upgrade |= upgrade;
                continue;
            }
            if let Some(members) = table
                .closures
                .get(lookup)
                .or_else(|| table.closures.get(bare))
            {
                dists.extend(members.iter().copied());
                measured.push(name.clone());
            } else if let Some((k, _)) = table.units.get_key_value(bare) {
                dists.push(k);
                measured.push(format!("{name} (alone)"));
            } else {
                unknown.push(name.clone());
            }
        }
        let Some(state) = self.states.last_mut() else {
            return (0, measured, unknown, pip_upgrade);
        };
        for dist in dists {
            if state.pip_dists.insert(dist) {
                bytes += table.units.get(dist).copied().unwrap_or(0);
            }
        }
        (bytes, measured, unknown, pip_upgrade)
    }

    fn venv(&mut self, path: Option<&String>, run: &mut RunScan) {
        let Some(path) = path else {
            return;
        };
        let workdir = self.state().workdir.clone();
        let path = join_path(&workdir, path);
        if let Some(state) = self.states.last_mut() {
            state.venvs.push(path.clone());
        }
        let h = self.k.heuristic("venv");
        run.parts.push(
            Part::new(h.bytes)
                .source(format!("heuristics.tsv venv: {}", h.note))
                .path(path)
                .output("a virtual environment"),
        );
    }

    fn uv(&mut self, words: &[String], run: &mut RunScan) {
        match words.get(1).map(String::as_str) {
            Some("pip") => {
                let mut args: Vec<String> = words[2..].to_vec();
                if self.state().env.contains_key("UV_NO_CACHE") {
                    args.push("--no-cache".into());
                }
                self.pip("uv", &args, run);
                // uv's cache is at ~/.cache/uv, not pip's.
                for part in run.parts.iter_mut() {
                    if part.path.as_deref() == Some("/root/.cache/pip") {
                        part.path = Some("/root/.cache/uv".into());
                        part.note = Some(
                            "uv's cache stays in the layer: add --no-cache or a cache mount".into(),
                        );
                    }
                }
            }
            Some("venv") => self.venv(words.iter().skip(2).find(|w| !w.starts_with('-')), run),
            Some("sync") => self.project_install("uv", run),
            _ => {}
        }
    }

    fn project_install(&mut self, tool: &str, run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        match self.inputs.requirements.clone() {
            Some(text) => {
                let names = requirements_names(&text);
                let (bytes, measured, unknown, _) = self.python_closure(&names, false);
                let mut extra = Bytes::ZERO;
                for _ in &unknown {
                    extra += self.k.heuristic("pip-unknown-package").bytes;
                }
                let total = Bytes::new(bytes * 90 / 100, bytes, bytes * 115 / 100) + extra;
                run.parts.push(
                    Part::new(total)
                        .source(format!(
                            "pypi.tsv: {} (from the requirements you gave)",
                            measured.join(", ")
                        ))
                        .path(join_path(&workdir, ".venv"))
                        .output("Python packages")
                        .seconds(seconds_for(total, 10e6, 5.0)),
                );
            }
            None => {
                let h = self.k.heuristic("pip-requirements-unknown");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!("heuristics.tsv pip-requirements-unknown: {}", h.note))
                        .note(format!("`{tool}` installs the project's dependencies: give --requirements to size them"))
                        .path(join_path(&workdir, ".venv"))
                        .output("Python packages")
                        .seconds(30.0),
                );
            }
        }
    }

    fn npm(&mut self, tool: &str, words: &[String], run: &mut RunScan) {
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let sub = args
            .iter()
            .find(|w| !w.starts_with('-'))
            .copied()
            .unwrap_or(if tool == "yarn" { "install" } else { "" });
        let workdir = self.state().workdir.clone();
        let production = args.iter().any(|w| {
            matches!(
                *w,
                "--production" | "--omit=dev" | "--only=prod" | "--only=production" | "--prod"
            )
        }) || self
            .state()
            .env
            .get("NODE_ENV")
            .is_some_and(|v| v == "production");
        let global = args.iter().any(|w| *w == "-g" || *w == "--global");
        match sub {
            "install" | "i" | "ci" | "add" => {
                let named: Vec<String> = args
                    .iter()
                    .skip_while(|w| **w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .map(|w| {
                        // `name@version`, keeping a leading scope `@org/name`.
                        let (scope, rest) = if let Some(stripped) = w.strip_prefix('@') {
                            ("@", stripped)
                        } else {
                            ("", *w)
                        };
                        format!("{scope}{}", rest.split('@').next().unwrap_or(rest))
                    })
                    .collect();
                let mut names = named.clone();
                let mut notes = Vec::new();
                let mut sources = Vec::new();
                let mut extra = Bytes::ZERO;
                if named.is_empty() {
                    match &self.inputs.package_json {
                        Some(text) => {
                            let (deps, dev) = package_json_dependencies(text);
                            names.extend(deps);
                            if !production {
                                names.extend(dev);
                            } else {
                                notes.push(
                                    "devDependencies left out (production install)".to_string(),
                                );
                            }
                            sources.push("package.json you gave".to_string());
                        }
                        None => {
                            let h = self.k.heuristic("npm-install-unknown");
                            extra += h.bytes;
                            sources.push(format!("heuristics.tsv npm-install-unknown: {}", h.note));
                            notes.push(
                                "package.json was not given, so the packages are not known: range widened"
                                    .to_string(),
                            );
                        }
                    }
                }
                let table = &self.k.npm;
                let mut modules: Vec<&'static str> = Vec::new();
                let mut measured = Vec::new();
                for name in &names {
                    if let Some(members) = table.closures.get(name.as_str()) {
                        modules.extend(members.iter().copied());
                        measured.push(name.clone());
                    } else if let Some((k, _)) = table.units.get_key_value(name.as_str()) {
                        modules.push(k);
                        measured.push(format!("{name} (alone)"));
                    } else {
                        extra += self.k.heuristic("npm-unknown-package").bytes;
                        notes.push(format!(
                            "`{name}` is not in the measured npm table: range widened"
                        ));
                    }
                }
                let mut bytes = 0;
                let mut counted: HashSet<&'static str> = HashSet::new();
                if let Some(state) = self.states.last_mut() {
                    for module in modules {
                        // `npm ci` deletes node_modules and writes every module again, so
                        // the new layer holds them all; `npm install` skips what is there.
                        let first_here = counted.insert(module);
                        let fresh = state.npm_modules.insert(module);
                        if first_here && (fresh || sub == "ci") {
                            bytes += table.units.get(module).copied().unwrap_or(0);
                        }
                    }
                }
                if !measured.is_empty() {
                    sources.push(format!(
                        "npm.tsv: {} ({})",
                        measured.join(", "),
                        table.source
                    ));
                }
                let path = if global {
                    "/usr/local/lib/node_modules".to_string()
                } else {
                    join_path(&workdir, "node_modules")
                };
                let installed = Bytes::new(bytes * 85 / 100, bytes, bytes * 120 / 100) + extra;
                let mut part = Part::new(installed)
                    .path(path)
                    .output("node modules")
                    .seconds(seconds_for(installed, 10e6, 5.0));
                part.source = Some(sources.join("; "));
                if !notes.is_empty() {
                    part.note = Some(notes.join("; "));
                }
                run.parts.push(part);
                let ratio = self.k.heuristic("npm-cache-ratio").bytes;
                let (cache_path, label) = match tool {
                    "yarn" => ("/usr/local/share/.cache/yarn", "yarn's cache stays in the layer: run `yarn cache clean` in this RUN or use a cache mount"),
                    "pnpm" => ("/root/.local/share/pnpm/store", "pnpm's store stays in the layer: use a cache mount"),
                    _ => ("/root/.npm", "npm's cache stays in the layer: run `npm cache clean --force` in this RUN or use a cache mount"),
                };
                run.parts.push(
                    Part::new(installed.per_mille(ratio.low, ratio.expected, ratio.high))
                        .source(format!(
                            "heuristics.tsv npm-cache-ratio: {tool}'s download cache"
                        ))
                        .note(label)
                        .path(cache_path),
                );
            }
            "cache" if args.contains(&"clean") => {
                run.npm_cache_cleaned = true;
                run.removed.push("/usr/local/share/.cache/yarn".into());
            }
            "run" | "build" | "run-script" => {
                let script = args
                    .iter()
                    .skip_while(|w| **w != sub)
                    .nth(1)
                    .copied()
                    .unwrap_or(sub);
                if script.contains("build") || sub == "build" {
                    run.parts.push(
                        self.heuristic_part("build-output")
                            .note("what the build writes (dist/, build/, .next/) is not known")
                            .path(join_path(&workdir, "dist"))
                            .output("build output")
                            .seconds(30.0),
                    );
                }
            }
            "prune" => {}
            _ => {}
        }
    }

    fn go(&mut self, words: &[String], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        let env = &self.state().env;
        let build_cache = env
            .get("GOCACHE")
            .map(|p| normalize_path(p))
            .unwrap_or_else(|| "/root/.cache/go-build".to_string());
        let module_cache = env
            .get("GOMODCACHE")
            .map(|p| normalize_path(p))
            .unwrap_or_else(|| {
                let gopath = env.get("GOPATH").map_or("/go", String::as_str);
                normalize_path(&format!("{gopath}/pkg/mod"))
            });
        match words.get(1).map(String::as_str) {
            Some("mod") if words.get(2).map(String::as_str) == Some("download") => {
                if let Some(s) = self.states.last_mut() {
                    s.go_modules = true;
                }
                run.parts.push(
                    self.heuristic_part("go-module-cache")
                        .path(module_cache)
                        .seconds(20.0),
                );
            }
            Some("build") | Some("install") => {
                let output = words
                    .iter()
                    .position(|w| w == "-o")
                    .and_then(|i| words.get(i + 1))
                    .map(|o| join_path(&workdir, o))
                    .unwrap_or_else(|| join_path(&workdir, "app"));
                let output = if words.get(1).map(String::as_str) == Some("install") {
                    "/go/bin".to_string()
                } else {
                    output
                };
                run.parts.push(
                    self.heuristic_part("go-binary")
                        .path(output)
                        .output("the Go binary")
                        .seconds(30.0),
                );
                run.parts.push(
                    self.heuristic_part("go-build-cache")
                        .note(format!("Go's build cache stays in the layer: use `--mount=type=cache,target={build_cache}`"))
                        .path(build_cache),
                );
                if !self.state().go_modules {
                    run.parts
                        .push(self.heuristic_part("go-module-cache").path(module_cache));
                }
            }
            Some("get") => run.parts.push(
                self.heuristic_part("go-module-cache")
                    .path("/go/pkg/mod")
                    .seconds(20.0),
            ),
            _ => {}
        }
    }

    fn cargo(&mut self, words: &[String], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        match words.get(1).map(String::as_str) {
            Some("build") => {
                run.parts.push(
                    self.heuristic_part("cargo-target")
                        .note("cargo's target/ directory stays in this layer; copy only the binary into the final stage")
                        .path(join_path(&workdir, "target"))
                        .output("cargo's target directory")
                        .seconds(180.0),
                );
                run.parts.push(
                    self.heuristic_part("cargo-registry")
                        .path("/usr/local/cargo/registry"),
                );
            }
            Some("install") => {
                run.parts.push(
                    self.heuristic_part("rust-binary")
                        .path("/usr/local/cargo/bin")
                        .output("installed Rust binaries")
                        .seconds(120.0),
                );
                run.parts.push(
                    self.heuristic_part("cargo-registry")
                        .path("/usr/local/cargo/registry"),
                );
            }
            Some("fetch") => run.parts.push(
                self.heuristic_part("cargo-registry")
                    .path("/usr/local/cargo/registry")
                    .seconds(30.0),
            ),
            _ => {}
        }
    }

    fn java_build(&mut self, cache_key: &str, out_dir: &str, words: &[String], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        let builds = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "package" | "install" | "build" | "bootJar" | "jar" | "assemble" | "shadowJar"
            )
        });
        let cache_path = if cache_key == "maven-repo" {
            "/root/.m2"
        } else {
            "/root/.gradle"
        };
        run.parts.push(
            self.heuristic_part(cache_key)
                .path(cache_path)
                .seconds(60.0),
        );
        if builds {
            run.parts.push(
                self.heuristic_part("java-jar")
                    .path(join_path(&workdir, out_dir))
                    .output("the application jar")
                    .seconds(30.0),
            );
        }
    }

    fn download(&mut self, words: &[String], into_shell: bool, piped: bool, run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        if into_shell && words.iter().any(|w| w.contains("rustup")) {
            run.parts.push(
                self.heuristic_part("rust-toolchain")
                    .note("rustup installs a whole Rust toolchain")
                    .path("/root/.rustup")
                    .output("the Rust toolchain")
                    .seconds(60.0),
            );
            return;
        }
        if into_shell {
            run.parts.push(
                self.heuristic_part("curl-pipe-shell")
                    .note("a downloaded script runs here: what it installs is unknown, so the range is wide")
                    .path("/usr/local")
                    .seconds(20.0),
            );
            return;
        }
        let output = words
            .iter()
            .position(|w| w == "-o" || w == "-O" || w == "--output" || w == "--output-document")
            .and_then(|i| words.get(i + 1))
            .filter(|w| !w.starts_with("http") && *w != "-");
        let remote_name =
            words.iter().any(|w| w == "-O" || w == "--remote-name") && words[0].ends_with("curl");
        let path = match output {
            Some(o) => join_path(&workdir, o),
            None if words[0].ends_with("wget") || remote_name => {
                let url = words
                    .iter()
                    .rev()
                    .find(|w| w.contains("://"))
                    .cloned()
                    .unwrap_or_default();
                join_path(&workdir, url.rsplit('/').next().unwrap_or("download"))
            }
            None if piped => {
                // `curl ... | tar -x`: only the unpacked files land.
                let mut part = self.heuristic_part("download").seconds(10.0);
                part.bytes = part.bytes.per_mille(500, 2500, 5000);
                run.parts.push(
                    part.note(
                        "a download unpacked in a pipe: counted as 0.5–5× a typical download",
                    )
                    .path("/usr/local"),
                );
                return;
            }
            None => return,
        };
        let mut part = self.heuristic_part("download").path(path).seconds(10.0);
        part.group = Some("download".into());
        run.parts.push(part);
    }

    fn recursive_touch(&mut self, words: &[String], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        let targets: Vec<String> = words[1..]
            .iter()
            .filter(|w| !w.starts_with('-'))
            .skip(1)
            .map(|w| join_path(&workdir, w))
            .collect();
        let mut copied = Bytes::ZERO;
        let mut from = Vec::new();
        for target in &targets {
            for output in &self.state().outputs {
                if under(&output.path, target) {
                    copied += output.bytes;
                    from.push(format!("line {}", output.line));
                }
            }
        }
        if !copied.is_zero() {
            run.parts.push(
                Part::new(copied)
                    .source(format!("files from {} copied again", from.join(", ")))
                    .note("changing owner or mode of files from an earlier layer copies them into this layer: use COPY --chown / --chmod instead"),
            );
        }
    }
}

struct RunScan {
    parts: Vec<Part>,
    removed: Vec<String>,
    unknown: Vec<String>,
    pip_cache_purged: bool,
    npm_cache_cleaned: bool,
    apt_installed_here: HashSet<&'static str>,
    /// `apt-mark auto` ran in this RUN, so a later `purge --auto-remove` removes its installs.
    apt_marked_auto: bool,
    /// Variables `export`ed earlier in this RUN.
    env: HashMap<String, String>,
}

/// Takes bytes back out of this RUN's apt parts (a purge in the same RUN).
fn subtract(run: &mut RunScan, bytes: Bytes, note: String) {
    let mut left = bytes.expected;
    for part in run
        .parts
        .iter_mut()
        .filter(|p| p.group.as_deref() == Some("apt"))
    {
        let take = left.min(part.bytes.expected);
        part.bytes = part.bytes.minus(Bytes::exact(take));
        left -= take;
    }
    run.parts.push(Part::new(Bytes::ZERO).note(note));
}

fn metadata(step: &Step) -> Layer {
    Layer {
        line: step.line,
        end_line: step.end_line,
        instruction: step.keyword.clone(),
        text: short(&step.text),
        kind: LayerKind::Metadata,
        bytes: Bytes::ZERO,
        sources: Vec::new(),
        notes: Vec::new(),
        rebuild_seconds: Seconds {
            low: 0.0,
            expected: 0.05,
            high: 0.2,
        },
    }
}

fn is_manifest(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains('*') || lower.contains('?') {
        // `package*.json`, `requirements*.txt`, `*.lock`: a pattern that names manifests.
        // The literal start must name the manifest (`*.py` matches setup.py but means code).
        let prefix = lower.split(['*', '?']).next().unwrap_or("");
        return prefix.len() >= 2 && MANIFESTS.iter().any(|m| glob_match(&lower, m));
    }
    lower.starts_with("requirements") || MANIFESTS.contains(&lower.as_str())
}

const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "npm-shrinkwrap.json",
    "pyproject.toml",
    "poetry.lock",
    "pipfile",
    "pipfile.lock",
    "uv.lock",
    "setup.py",
    "setup.cfg",
    "go.mod",
    "go.sum",
    "cargo.toml",
    "cargo.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "gemfile",
    "gemfile.lock",
    "composer.json",
    "composer.lock",
    "mix.exs",
    "mix.lock",
];

/// `*` matches any run of characters, `?` one character.
fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether `name` is a dependency manifest or lock file (for the cache model).
pub(crate) fn is_dependency_manifest(name: &str) -> bool {
    is_manifest(name.rsplit('/').next().unwrap_or(name))
}

/// `COPY --from=build /usr/local/lib/python3.12/site-packages` finds packages the model filed
/// under the generic site-packages path.
fn python_site(src: &str, output: &str) -> bool {
    output == "/usr/local/lib/python3/site-packages"
        && (src.contains("site-packages")
            || src.starts_with("/usr/local/lib/python")
            || src == "/usr/local"
            || src == "/usr/local/lib")
}

// ---------------------------------------------------------------------------------------------
// Base images

pub(crate) struct BaseResolution {
    pub bytes: Bytes,
    pub compressed: Option<u64>,
    pub sources: Vec<String>,
    pub notes: Vec<String>,
    pub image: BaseImage,
    os: Os,
    package_set: Option<&'static str>,
}

/// Splits `registry/name:tag@digest` into the name the table uses and the tag, the way Docker
/// reads the reference ([`ImageRef`]); text that is no image name stays as written.
pub(crate) fn split_reference(reference: &str) -> (String, String) {
    match ImageRef::parse(reference) {
        Some(image) => (image.table_name(), image.tag_or_latest().to_string()),
        None => (reference.trim().to_ascii_lowercase(), "latest".into()),
    }
}

fn os_guess(name: &str, tag: &str, row_os: Option<&str>) -> Os {
    match row_os {
        Some(os) if os.starts_with("debian") => return Os::Debian,
        Some(os) if os.starts_with("ubuntu") => return Os::Ubuntu,
        Some(os) if os.starts_with("alpine") => return Os::Alpine,
        Some(os)
            if ["centos", "fedora", "amazonlinux"]
                .iter()
                .any(|p| os.starts_with(p)) =>
        {
            return Os::Rpm
        }
        _ => {}
    }
    if name == "scratch" {
        Os::Scratch
    } else if name.contains("distroless") {
        Os::Distroless
    } else if name == "alpine" || tag.contains("alpine") {
        Os::Alpine
    } else if name == "ubuntu" || name.contains("temurin") {
        Os::Ubuntu
    } else if [
        "centos",
        "fedora",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "redhat",
        "ubi",
        "oraclelinux",
    ]
    .iter()
    .any(|n| name.contains(n))
    {
        Os::Rpm
    } else if [
        "python",
        "node",
        "debian",
        "golang",
        "rust",
        "nginx",
        "httpd",
        "buildpack-deps",
        "php",
        "ruby",
        "openjdk",
        "maven",
        "gradle",
    ]
    .iter()
    .any(|n| name == *n || name.ends_with(&format!("/{n}")))
    {
        Os::Debian
    } else {
        Os::Unknown
    }
}

fn resolve_base(k: &Knowledge, reference: &str, platform: Option<&str>) -> BaseResolution {
    let lookup = k.find_base(reference);
    let (name, tag) = (lookup.name.clone(), lookup.tag.clone());
    if lookup.image.is_none() && reference.contains('$') {
        return BaseResolution {
            bytes: Bytes::new(0, 200 * MB, 2_000 * MB),
            compressed: None,
            sources: vec![
                "no table row: the reference uses a variable the model cannot resolve".into(),
            ],
            notes: vec![format!(
                "`{reference}` depends on a build argument without a default: range widened"
            )],
            image: BaseImage {
                matched: BaseMatch::Unknown,
                row: None,
            },
            os: Os::Unknown,
            package_set: None,
        };
    }
    let spread = |row: &BaseImageRow, exact: bool| -> Bytes {
        let b = row.disk_bytes;
        match (row.measured, exact) {
            (true, true) => Bytes::new(b * 97 / 100, b, b * 103 / 100),
            (true, false) => Bytes::new(b * 85 / 100, b, b * 115 / 100),
            (false, true) => Bytes::new(b * 75 / 100, b, b * 125 / 100),
            (false, false) => Bytes::new(b * 65 / 100, b, b * 140 / 100),
        }
    };
    let describe = |row: &BaseImageRow| format!("base image {}: {}", row.name(), row.describe());
    if let Some(row) = lookup.row {
        let exact = matches!(lookup.matched, BaseMatch::Exact | BaseMatch::Alias);
        let mut notes = lookup.notes.clone();
        if exact && !row.measured {
            notes.push(format!("{} is an estimate, not a measured row", row.name()));
        }
        if row.packages.is_some() && row.os.is_some_and(|os| os != "debian12") {
            notes.push(format!(
                "package lists are Debian 12's ({} is {})",
                row.name(),
                row.os.unwrap_or("?")
            ));
        } else if row.os.is_none() && row.tag.contains("trixie") && row.packages.is_some() {
            notes.push("package sizes are from Debian 12; those of trixie are close".into());
        }
        let compressed = row.compressed_for(platform);
        if let (Some(p), None) = (platform, compressed) {
            if row.compressed_bytes.is_some() {
                notes.push(format!(
                    "the table has no {p} download for {}: the download is estimated",
                    row.name()
                ));
            }
        }
        return BaseResolution {
            bytes: spread(row, exact),
            compressed,
            sources: vec![describe(row)],
            notes,
            image: BaseImage {
                matched: lookup.matched,
                row: Some(row.name()),
            },
            os: os_guess(&name, &tag, row.os),
            package_set: row.packages,
        };
    }
    // Well-known images without rows map to a relative.
    let relative = match name.as_str() {
        "openjdk" | "amazoncorretto" | "adoptopenjdk" | "java" => Some((
            "eclipse-temurin",
            if tag.contains("jre") {
                "21-jre"
            } else {
                "21-jdk"
            },
        )),
        "buildpack-deps" => Some(("python", "3.12-bookworm")),
        _ => None,
    };
    if let Some(row) = relative.and_then(|(image, t)| k.base_row(image, t)) {
        return BaseResolution {
            bytes: spread(row, false).per_mille(700, 1000, 1300),
            compressed: None,
            sources: vec![describe(row)],
            notes: vec![format!(
                "no row for {name}; sized like {} (range widened)",
                row.name()
            )],
            image: BaseImage {
                matched: BaseMatch::Nearest,
                row: Some(row.name()),
            },
            os: os_guess(&name, &tag, None),
            package_set: None,
        };
    }
    let (range, what) = match (name.as_str(), variant_of(&tag)) {
        ("scratch", _) => (Bytes::ZERO, "empty"),
        (_, "alpine") => (
            Bytes::new(5 * MB, 60 * MB, 400 * MB),
            "an Alpine-based image",
        ),
        (_, "slim") => (
            Bytes::new(70 * MB, 180 * MB, 500 * MB),
            "a slim Debian-based image",
        ),
        _ => (
            Bytes::new(5 * MB, 400 * MB, 2_000 * MB),
            "an image the table does not know",
        ),
    };
    BaseResolution {
        bytes: range,
        compressed: None,
        sources: vec![format!("no table row: a stated default range for {what}")],
        notes: vec![format!(
            "{name}:{tag} is not in the base image table: range widened"
        )],
        image: BaseImage {
            matched: BaseMatch::Unknown,
            row: None,
        },
        os: os_guess(&name, &tag, None),
        package_set: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_image_references() {
        assert_eq!(
            split_reference("python:3.12-slim"),
            ("python".into(), "3.12-slim".into())
        );
        assert_eq!(
            split_reference("docker.io/library/node"),
            ("node".into(), "latest".into())
        );
        assert_eq!(
            split_reference("localhost:5000/app:1@sha256:ab"),
            ("localhost:5000/app".into(), "1".into())
        );
        assert_eq!(
            split_reference("public.ecr.aws/docker/library/centos:7"),
            ("centos".into(), "7".into())
        );
    }

    #[test]
    fn resolves_exact_alias_nearest_and_unknown_rows() {
        let k = knowledge();
        let exact = resolve_base(k, "python:3.12-slim-trixie", None);
        assert_eq!(exact.bytes.expected, 119_420_000);
        assert_eq!(exact.image.matched, BaseMatch::Exact);
        let alias = resolve_base(k, "node:22-slim", None);
        assert_eq!(
            alias.bytes,
            resolve_base(k, "node:22-bookworm-slim", None).bytes
        );
        assert_eq!(alias.image.matched, BaseMatch::Alias);
        assert_eq!(alias.image.row.as_deref(), Some("node:22-bookworm-slim"));
        assert_eq!(alias.notes, ["node:22-slim is node:22-bookworm-slim"]);
        // Mirrors of Docker Hub are the same image.
        let mirrored = resolve_base(k, "mirror.gcr.io/busybox", None);
        assert_eq!(mirrored.image, resolve_base(k, "busybox", None).image);
        assert_eq!(mirrored.image.matched, BaseMatch::Exact);
        let near = resolve_base(k, "python:3.2-slim", None);
        assert_eq!(near.image.matched, BaseMatch::Nearest);
        assert!(near.notes[0].contains("nearest"), "{:?}", near.notes);
        let row = k
            .base_row(
                "python",
                near.image
                    .row
                    .as_deref()
                    .unwrap()
                    .split_once(':')
                    .unwrap()
                    .1,
            )
            .unwrap();
        assert!(
            near.bytes.high > row.disk_bytes * 103 / 100,
            "a nearest row widens"
        );
        let unknown = resolve_base(k, "example/thing:1", None);
        assert_eq!(unknown.image.matched, BaseMatch::Unknown);
        assert!(unknown.bytes.high > unknown.bytes.expected);
    }

    #[test]
    fn a_digest_resolves_to_its_tag_or_widens() {
        let k = knowledge();
        let tagged = resolve_base(k, "ubuntu:24.04@sha256:7229", None);
        assert_eq!(tagged.image.matched, BaseMatch::Exact);
        assert_eq!(tagged.bytes, resolve_base(k, "ubuntu:24.04", None).bytes);
        let bare = resolve_base(k, "ubuntu@sha256:04d4", None);
        assert_eq!(bare.image.matched, BaseMatch::Nearest);
    }

    #[test]
    fn a_platform_picks_its_download() {
        let k = knowledge();
        let amd = resolve_base(k, "python:3.12-slim-trixie", Some("linux/amd64"));
        assert_eq!(amd.compressed, Some(43_188_023));
        let arm = resolve_base(k, "python:3.12-slim-trixie", Some("linux/arm64"));
        assert_eq!(
            arm.compressed, None,
            "no arm64 figure read: the model estimates it"
        );
    }

    #[test]
    fn manifest_patterns_match_manifests_only() {
        assert!(is_manifest("package*.json"));
        assert!(is_manifest("requirements*.txt"));
        assert!(is_manifest("go.*"));
        assert!(!is_manifest("*"));
        assert!(!is_manifest("*.py"));
        assert!(glob_match("a*b?d", "axxbcd"));
        assert!(!glob_match("a*b", "ac"));
    }

    #[test]
    fn paths_join_and_nest() {
        assert_eq!(join_path("/app", "./src/"), "/app/src");
        assert_eq!(join_path("/app", "/install"), "/install");
        assert!(under("/install/lib", "/install"));
        assert!(!under("/installer", "/install"));
    }
}
