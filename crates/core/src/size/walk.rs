//! The layer walk: reads the steps in order, opens a stage at each `FROM`, hands every other
//! instruction to its sizer and adds the layers up into the stage and image totals.

use std::collections::HashMap;

use super::knowledge::{knowledge, Knowledge};
use super::run::Part;
use super::stage::{join_path, States};
use super::steps::{steps, Step};
use super::{Bytes, EstimateInputs, Layer, LayerKind, Seconds, SizeEstimate, StageEstimate};
use crate::syntax::Dockerfile;

/// Estimates every stage's layers and the shipped image's size. Never panics.
pub fn estimate(file: &Dockerfile, inputs: &EstimateInputs) -> SizeEstimate {
    estimate_steps(&steps(file, &inputs.build_args), inputs)
}

/// [`estimate`] from steps already read, so the cache plan reads the file's steps once.
pub(crate) fn estimate_steps(steps: &[Step], inputs: &EstimateInputs) -> SizeEstimate {
    estimate_steps_with(steps, inputs, true)
}

/// [`estimate_steps`], with each layer's label (its instruction's text on one line) left
/// empty unless `labels`: a caller that reads only totals does not build a label per layer.
pub(crate) fn estimate_steps_with(
    steps: &[Step],
    inputs: &EstimateInputs,
    labels: bool,
) -> SizeEstimate {
    let k = knowledge();
    let readers_left = stage_readers(steps);
    let mut model = Model {
        k,
        inputs,
        labels,
        stages: Vec::with_capacity(readers_left.len()),
        states: States::with_capacity(readers_left.len()),
        notes: Vec::new(),
        stage_names: HashMap::new(),
        readers_left,
        bases: HashMap::new(),
    };
    for step in steps {
        model.step(step);
    }
    let mut estimate = model.finish();
    super::needs_compiler::annotate(steps, inputs.requirements.as_deref(), &mut estimate);
    estimate
}

/// The walk's state: what every stage so far holds, and the notes on the whole file. Each
/// instruction's sizer is a method in the file named for it (`base.rs`, `copy.rs`, `run.rs`,
/// `install/*.rs`).
pub(super) struct Model<'a> {
    pub(super) k: &'static Knowledge,
    pub(super) inputs: &'a EstimateInputs,
    pub(super) stages: Vec<StageEstimate>,
    pub(super) states: States,
    pub(super) notes: Vec<String>,
    /// Lower-cased stage name → the first stage with that name, for `FROM` and `--from`.
    pub(super) stage_names: HashMap<String, usize>,
    /// Whether layers get their labels ([`Model::label`]).
    pub(super) labels: bool,
    /// Per stage, how many later instructions still read its state (a `FROM` on it, a
    /// `COPY --from` it; [`stage_readers`]). A closed stage no one reads any more drops its
    /// state, and the last `FROM` on a stage takes its state instead of copying it: a chain
    /// of thousands of stages then holds one state at a time, not one per stage.
    pub(super) readers_left: Vec<u32>,
    /// Base images resolved so far, by reference and platform ([`Model::base_resolution`]).
    pub(super) bases: HashMap<(String, Option<String>), super::base::BaseResolution>,
}

/// Per stage, how many instructions after it read its state: a `FROM` that builds on it and a
/// `COPY --from` that copies from it, found as the walk will find them ([`find_stage_in`]).
/// A count may be too high (a `COPY` the walk skips), never too low.
fn stage_readers(steps: &[Step]) -> Vec<u32> {
    let mut names = HashMap::new();
    let mut readers: Vec<u32> = Vec::new();
    for step in steps {
        if step.keyword == "FROM" {
            let index = readers.len();
            let reference = step.words.first().map_or("", String::as_str);
            if let Some(parent) = find_stage_in(&names, index, reference, index) {
                readers[parent] += 1;
            }
            if let (Some(as_), Some(name)) = (step.words.get(1), step.words.get(2)) {
                if as_.eq_ignore_ascii_case("as") {
                    names.entry(name.to_ascii_lowercase()).or_insert(index);
                }
            }
            readers.push(0);
        } else if matches!(&*step.keyword, "COPY" | "ADD") && !readers.is_empty() {
            let current = readers.len() - 1;
            if let Some(from) = step.flag("from") {
                if let Some(stage) = find_stage_in(&names, readers.len(), from, current) {
                    readers[stage] += 1;
                }
            }
        }
    }
    readers
}

/// A stage by `AS` name (case-insensitive) or index, among the first `before` of `count`
/// stages, `names` giving the first stage with each lower-cased name.
fn find_stage_in(
    names: &HashMap<String, usize>,
    count: usize,
    reference: &str,
    before: usize,
) -> Option<usize> {
    let before = before.min(count);
    names
        .get(lower_case(reference).as_ref())
        .copied()
        .filter(|&i| i < before)
        .or_else(|| reference.parse::<usize>().ok().filter(|i| *i < before))
}

/// An instruction's text on one line, cut to 72 characters, for a layer's label.
pub(super) fn short(text: &str) -> String {
    // Words are copied until the label is known to be cut: a long RUN costs its first
    // 73 characters, not a vector of all its words joined.
    let mut one_line = String::with_capacity(text.len().min(80));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
            chars += 1;
        }
        one_line.push_str(word);
        chars += word.chars().count();
        if chars > 72 {
            let cut = one_line
                .char_indices()
                .nth(69)
                .map_or(one_line.len(), |(i, _)| i);
            one_line.truncate(cut);
            one_line.push_str("...");
            return one_line;
        }
    }
    one_line
}

impl Model<'_> {
    /// A layer's label: its step's text on one line ([`short`]), or nothing when the
    /// caller reads no label.
    pub(super) fn label(&self, step: &Step) -> String {
        if self.labels {
            short(step.text)
        } else {
            String::new()
        }
    }

    /// The stage being walked, with its state; `None` before the first `FROM`.
    pub(super) fn current(
        &mut self,
    ) -> Option<(&mut StageEstimate, &mut super::stage::StageState)> {
        match (self.stages.last_mut(), self.states.last_mut()) {
            (Some(stage), Some(state)) => Some((stage, state)),
            _ => None,
        }
    }

    /// Seconds a step of this kind takes to write `bytes`, at its `throughput.tsv` rate.
    pub(super) fn seconds_for(&self, key: &str, bytes: Bytes) -> f64 {
        self.k.stated.throughput(key).seconds(bytes.expected)
    }

    /// Seconds a step of this kind takes whatever it writes (`throughput.tsv`, no rate).
    pub(super) fn duration(&self, key: &str) -> f64 {
        self.k.stated.throughput(key).fixed_seconds
    }

    /// A part sized by a heuristics.tsv row, with the row as its source.
    pub(super) fn heuristic_part(&self, key: &str) -> Part {
        let h = self.k.heuristic(key);
        Part::new(h.bytes).source(format!("heuristics.tsv {key}: {}", h.note))
    }

    /// The build context's size: the one given, or the stated small-app range.
    pub(super) fn context(&self) -> (Bytes, String) {
        match self.inputs.context_bytes {
            Some(bytes) => (Bytes::exact(bytes), "the context size you gave".to_string()),
            None => {
                let h = self.k.heuristic("context-small-app");
                (
                    h.bytes,
                    format!(
                        "heuristics.tsv context-small-app: {} ({})",
                        h.note,
                        self.inputs.surface.pick(
                            "give --context-size",
                            "type its size into the Build context box of the Layers tab"
                        )
                    ),
                )
            }
        }
    }

    pub(super) fn step(&mut self, step: &Step) {
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
        let layer = match &*step.keyword {
            "RUN" => self.run(step),
            "COPY" | "ADD" => self.copy(step),
            "WORKDIR" => {
                if let Some((_, state)) = self.current() {
                    let dir = step.words.first().cloned().unwrap_or_default();
                    state.workdir = join_path(&state.workdir, &dir);
                }
                metadata(step, self.label(step))
            }
            "ENV" => {
                if let Some((_, state)) = self.current() {
                    let words = &step.words;
                    if words.len() >= 2 && !words[0].contains('=') {
                        state.env.set(&words[0], || words[1..].join(" "));
                    } else {
                        for word in words {
                            if let Some((n, v)) = word.split_once('=') {
                                state.env.set(n, || v.to_string());
                            }
                        }
                    }
                }
                metadata(step, self.label(step))
            }
            _ => metadata(step, self.label(step)),
        };
        let download = self.k.scale("layer-compressed-ratio", layer.bytes);
        if let Some((stage, state)) = self.current() {
            state.added += layer.bytes;
            stage.total += layer.bytes;
            stage.download += download;
            stage.layers.push(layer);
        }
    }

    /// Notes the first few lines whose variables grew past the expansion limits; past those,
    /// one more note says how many lines followed, so notes stay few whatever the file.
    pub(super) fn expansion_too_large(&mut self, line: usize) {
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

    pub(super) fn finish(mut self) -> SizeEstimate {
        if let Some(last) = self.stages.len().checked_sub(1) {
            self.close_stage(last);
        }
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
    pub(super) fn find_stage(&self, reference: &str, before: usize) -> Option<usize> {
        find_stage_in(&self.stage_names, self.stages.len(), reference, before)
    }

    /// Counts one read of `stage`'s state done; true when it was the last one, so its
    /// state may be taken or dropped.
    pub(super) fn read_done(&mut self, stage: usize) -> bool {
        match self.readers_left.get_mut(stage) {
            Some(left) => {
                *left = left.saturating_sub(1);
                *left == 0
            }
            None => false,
        }
    }

    /// Drops the state of a closed stage that no later instruction reads, and the spare
    /// room of its layer list: what stays of it is what the estimate returns.
    pub(super) fn close_stage(&mut self, stage: usize) {
        if self.readers_left.get(stage) == Some(&0) {
            self.states.drop_state(stage);
        }
        if let Some(stage) = self.stages.get_mut(stage) {
            stage.layers.shrink_to_fit();
        }
    }
}

/// `text` in lower case, copied only when it has capitals: stage lookups run for every layer.
pub(super) fn lower_case(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn metadata(step: &Step, text: String) -> Layer {
    Layer {
        line: step.line,
        end_line: step.end_line,
        instruction: step.keyword.to_string(),
        text,
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

#[cfg(test)]
mod tests {
    #[test]
    fn short_labels_are_the_words_on_one_line_cut_at_72_characters() {
        let joined = |text: &str| {
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if one_line.chars().count() > 72 {
                format!("{}...", one_line.chars().take(69).collect::<String>())
            } else {
                one_line
            }
        };
        let long = "apt-get install -y ".repeat(10);
        let wide = "é".repeat(72);
        for text in [
            "",
            "   ",
            "ENV  A=1 \\\n    B=2",
            &long,
            &wide,
            &format!("{wide}x"),
            &format!("{wide} x"),
            &"a ".repeat(36),
            &"a ".repeat(37),
        ] {
            assert_eq!(super::short(text), joined(text), "{text:?}");
        }
    }
}
