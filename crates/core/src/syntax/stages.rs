//! Build stages (the runs of instructions between FROMs), global ARGs and the lookups later
//! code needs: which stage a name means and what a stage's base image resolves to.
//!
//! Rules from the Dockerfile reference: ARGs before the first FROM are global and usable only
//! in FROM lines; stage names are case-insensitive; a FROM naming an earlier stage builds on it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::expand::{expand_budgeted, expand_with_escape, ExpandError, ExpansionBudget};
use super::span::Span;
use super::tree::{Dockerfile, Instruction, InstructionKind};

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// 0-based position among the stages (what `COPY --from=0` refers to).
    pub index: usize,
    /// The name after `AS`, as written.
    pub name: Option<String>,
    /// Where the name is.
    pub name_span: Option<Span>,
    /// The base image or stage as written, variables not yet expanded.
    pub base: String,
    /// Where the base is.
    pub base_span: Span,
    /// `--platform=`, as written.
    pub platform: Option<String>,
    /// Index of the FROM in [`Dockerfile::instructions`].
    pub from: usize,
    /// Indices of the stage's instructions in [`Dockerfile::instructions`], FROM included.
    pub instructions: Range<usize>,
}

impl Stage {
    /// Whether `reference` (a `--from` value or a FROM base) names this stage: by name,
    /// case-insensitively, or by index.
    pub fn is_named(&self, reference: &str) -> bool {
        self.name
            .as_deref()
            .is_some_and(|name| name.eq_ignore_ascii_case(reference))
            || reference.parse::<usize>() == Ok(self.index)
    }
}

/// An ARG declaration: `ARG NAME` or `ARG NAME=default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    /// The variable name.
    pub name: String,
    /// The default as written (quotes kept; pass it through [`crate::syntax::expand`]).
    pub default: Option<String>,
    /// The `NAME[=default]` word.
    pub span: Span,
}

impl Instruction {
    /// The declarations of an ARG instruction (empty for other instructions).
    pub fn arg_decls(&self) -> Vec<ArgDecl> {
        if self.kind() != InstructionKind::Arg {
            return Vec::new();
        }
        self.values
            .iter()
            .map(|word| match word.text.split_once('=') {
                Some((name, default)) => ArgDecl {
                    name: name.to_string(),
                    default: Some(default.to_string()),
                    span: word.span,
                },
                None => ArgDecl {
                    name: word.text.clone(),
                    default: None,
                    span: word.span,
                },
            })
            .collect()
    }

    /// The `(key, value)` pairs of ENV or LABEL, as written (values keep their quotes), read
    /// in place: the size model and the rewrite walk read them on every measure.
    pub fn key_values(&self) -> impl Iterator<Item = (&str, &str)> {
        let pairs = if matches!(self.kind(), InstructionKind::Env | InstructionKind::Label) {
            &self.values[..]
        } else {
            &[]
        };
        pairs
            .chunks_exact(2)
            .map(|pair| (pair[0].text.as_str(), pair[1].text.as_str()))
    }
}

/// What [`Dockerfile`]'s stage lookups compute once: without it, a lookup per stage rescans
/// every stage and every global ARG, quadratic in a file of thousands of stages.
#[derive(Debug, Clone, Default)]
pub(crate) struct StageMemo {
    stages: OnceLock<Vec<Stage>>,
    /// Lower-cased stage name → indexes of the stages with that name, in order.
    names: OnceLock<HashMap<String, Vec<usize>>>,
    global_args: OnceLock<HashMap<String, String>>,
}

/// A cache is not part of what a file is: two equal files compare equal whatever was looked up.
impl PartialEq for StageMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for StageMemo {}

impl Dockerfile {
    fn stage_list(&self) -> &[Stage] {
        self.memo.stages.get_or_init(|| self.compute_stages())
    }

    fn stage_names(&self) -> &HashMap<String, Vec<usize>> {
        self.memo.names.get_or_init(|| {
            let mut names: HashMap<String, Vec<usize>> = HashMap::new();
            for stage in self.stage_list() {
                if let Some(name) = &stage.name {
                    names
                        .entry(name.to_ascii_lowercase())
                        .or_default()
                        .push(stage.index);
                }
            }
            names
        })
    }

    /// The last stage before `before` named `name` (case-insensitively).
    fn last_named(&self, name: &str, before: usize) -> Option<usize> {
        let indexes = self.stage_names().get(&name.to_ascii_lowercase())?;
        let at = indexes.partition_point(|&i| i < before);
        at.checked_sub(1).map(|at| indexes[at])
    }

    /// The build stages in order. Instructions before the first FROM (global ARGs) belong to
    /// no stage.
    pub fn stages(&self) -> Vec<Stage> {
        self.stage_list().to_vec()
    }

    fn compute_stages(&self) -> Vec<Stage> {
        let froms: Vec<usize> = self
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, instruction)| instruction.kind() == InstructionKind::From)
            .map(|(i, _)| i)
            .collect();
        froms
            .iter()
            .enumerate()
            .map(|(index, &from)| {
                let end = froms
                    .get(index + 1)
                    .copied()
                    .unwrap_or(self.instructions.len());
                let instruction = &self.instructions[from];
                let options = instruction.from_options();
                Stage {
                    index,
                    name: options.as_ref().and_then(|o| o.name.clone()),
                    name_span: options.as_ref().and_then(|o| o.name_span),
                    base: options
                        .as_ref()
                        .map(|o| o.image.clone())
                        .unwrap_or_default(),
                    base_span: options
                        .as_ref()
                        .map_or(instruction.arguments_span, |o| o.image_span),
                    platform: options.and_then(|o| o.platform),
                    from,
                    instructions: from..end,
                }
            })
            .collect()
    }

    /// The stage instruction `index` belongs to; `None` before the first FROM.
    pub fn stage_of(&self, index: usize) -> Option<Stage> {
        let stages = self.stage_list();
        let after = stages.partition_point(|stage| stage.from <= index);
        let stage = &stages[after.checked_sub(1)?];
        stage.instructions.contains(&index).then(|| stage.clone())
    }

    /// The ARGs declared before the first FROM, usable in FROM lines.
    pub fn global_args(&self) -> Vec<ArgDecl> {
        self.instructions
            .iter()
            .take_while(|instruction| instruction.kind() != InstructionKind::From)
            .flat_map(Instruction::arg_decls)
            .collect()
    }

    /// The global ARGs' values from their defaults (each default expanded with the ARGs before
    /// it); ARGs without a default are unset.
    ///
    /// A default that grows past the expansion limits (ARGs that double each other) leaves
    /// its ARG unset rather than holding megabytes; a default that does not lex is kept as
    /// written.
    pub fn global_arg_values(&self) -> HashMap<String, String> {
        self.global_arg_map().clone()
    }

    fn global_arg_map(&self) -> &HashMap<String, String> {
        self.memo.global_args.get_or_init(|| {
            let budget = ExpansionBudget::for_source(self.source.len());
            let mut values = HashMap::new();
            for arg in self.global_args() {
                let Some(default) = arg.default else {
                    continue;
                };
                let expanded = expand_budgeted(
                    &default,
                    self.escape,
                    &|name: &str| values.get(name).cloned(),
                    &budget,
                );
                match expanded {
                    Ok(value) => {
                        values.insert(arg.name, value);
                    }
                    Err(e) if e.is_too_large() => {
                        values.remove(&arg.name);
                    }
                    Err(_) => {
                        values.insert(arg.name, default);
                    }
                }
            }
            values
        })
    }

    /// A stage's base with global ARGs expanded (`FROM ${BASE}:${TAG}` → `python:3.12`).
    pub fn resolve_base(&self, stage: &Stage) -> Result<String, ExpandError> {
        let values = self.global_arg_map();
        expand_with_escape(&stage.base, self.escape, &|name: &str| {
            values.get(name).cloned()
        })
    }

    /// The earlier stage a stage builds on, if its (expanded) base names one.
    pub fn base_stage(&self, stage: &Stage) -> Option<usize> {
        let base = self.resolve_base(stage).ok()?;
        self.last_named(&base, stage.index)
    }

    /// The stage a `--from` reference or FROM base names: the last earlier stage with that
    /// name, or the stage with that index.
    pub fn stage_named(&self, reference: &str) -> Option<Stage> {
        let stages = self.stage_list();
        let by_name = self.last_named(reference, usize::MAX);
        let by_index = reference
            .parse::<usize>()
            .ok()
            .filter(|&i| i < stages.len());
        let index = by_name.max(by_index)?;
        Some(stages[index].clone())
    }
}
