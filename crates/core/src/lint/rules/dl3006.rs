use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `FROM image` without a tag or digest (other than `scratch`, an earlier stage,
    /// or an image given by a variable).
    ///
    /// ## Why is this bad?
    /// An untagged image means `:latest`, which moves whenever the publisher pushes. The same
    /// Dockerfile then builds on a different base from one week to the next.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which version you build on is your choice (display-only).
    RULE = {
        code: "DL3006",
        name: "tag-base-image",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3006"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for (index, stage) in model.stages.iter().enumerate() {
        let raw = &stage.image.raw;
        // Asked first: a reference that starts with a variable is never reported, and needs
        // no split.
        if raw.is_empty() || raw.starts_with('$') {
            continue;
        }
        // The model's parts: the parts are compared, never kept.
        let plain = stage.image.written();
        // The names of the stages before, read where they are: a file has a few, and a list
        // of them was an allocation per file with a named stage.
        let alias = || {
            model.stages[..index]
                .iter()
                .any(|s| s.name.as_ref().is_some_and(|n| n.text.as_str() == raw.as_str()))
        };
        if plain.tag.is_none()
            && plain.digest.is_none()
            && plain.registry_and_path().1 != "scratch"
            && !alias()
        {
            let instr = &model.instructions[stage.from];
            // Joined with `concat`, not `format!`, which cost more than the texts.
            ck.report(
                instr,
                [
                    "Tag the base image with a version (`",
                    raw,
                    ":<version>`); untagged means `latest`, which moves",
                ]
                .concat(),
            )
            .add_fix(Fix::display_only(["Write `", raw, ":<version>`"].concat(), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12\n",
        "FROM scratch\n",
        "FROM golang:1.22 AS build\nFROM build\n",
        "ARG BASE=python:3\nFROM ${BASE}\n",
        "FROM python@sha256:abc\n",
    ],
    fail: &["FROM python\n", "FROM localhost:5000/app\n"],
    fix: &[],
};
