//! Build stages (the runs of instructions between FROMs), global ARGs and the lookups later
//! code needs: which stage a name means and what a stage's base image resolves to.
//!
//! Rules from the Dockerfile reference: ARGs before the first FROM are global and usable only
//! in FROM lines; stage names are case-insensitive; a FROM naming an earlier stage builds on it.

use std::collections::HashMap;
use std::ops::Range;

use super::expand::{expand_with_escape, ExpandError};
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

    /// The `(key, value)` pairs of ENV or LABEL, as written (values keep their quotes).
    pub fn key_values(&self) -> Vec<(&str, &str)> {
        if !matches!(self.kind(), InstructionKind::Env | InstructionKind::Label) {
            return Vec::new();
        }
        self.values
            .chunks(2)
            .filter_map(|pair| match pair {
                [key, value] => Some((key.text.as_str(), value.text.as_str())),
                _ => None,
            })
            .collect()
    }
}

impl Dockerfile {
    /// The build stages in order. Instructions before the first FROM (global ARGs) belong to
    /// no stage.
    pub fn stages(&self) -> Vec<Stage> {
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
        self.stages()
            .into_iter()
            .find(|stage| stage.instructions.contains(&index))
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
    pub fn global_arg_values(&self) -> HashMap<String, String> {
        let mut values = HashMap::new();
        for arg in self.global_args() {
            let Some(default) = arg.default else {
                continue;
            };
            let expanded = expand_with_escape(&default, self.escape, &|name: &str| {
                values.get(name).cloned()
            })
            .unwrap_or(default);
            values.insert(arg.name, expanded);
        }
        values
    }

    /// A stage's base with global ARGs expanded (`FROM ${BASE}:${TAG}` → `python:3.12`).
    pub fn resolve_base(&self, stage: &Stage) -> Result<String, ExpandError> {
        let values = self.global_arg_values();
        expand_with_escape(&stage.base, self.escape, &|name: &str| {
            values.get(name).cloned()
        })
    }

    /// The earlier stage a stage builds on, if its (expanded) base names one.
    pub fn base_stage(&self, stage: &Stage) -> Option<usize> {
        let base = self.resolve_base(stage).ok()?;
        self.stages()
            .into_iter()
            .take(stage.index)
            .rev()
            .find(|earlier| {
                earlier
                    .name
                    .as_deref()
                    .is_some_and(|name| name.eq_ignore_ascii_case(&base))
            })
            .map(|earlier| earlier.index)
    }

    /// The stage a `--from` reference or FROM base names: the last earlier stage with that
    /// name, or the stage with that index.
    pub fn stage_named(&self, reference: &str) -> Option<Stage> {
        self.stages()
            .into_iter()
            .rev()
            .find(|stage| stage.is_named(reference))
    }
}
