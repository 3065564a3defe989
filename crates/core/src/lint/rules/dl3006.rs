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
    // The stage names so far: a file has a few, looked through rather than hashed.
    let mut aliases: Vec<&str> = Vec::new();
    for stage in &model.stages {
        let instr = &model.instructions[stage.from];
        let raw = &stage.image.raw;
        // The model's parts: the parts are compared, never kept.
        let plain = stage.image.written();
        let untagged = plain.tag.is_none() && plain.digest.is_none();
        if untagged
            && !raw.is_empty()
            && plain.registry_and_path().1 != "scratch"
            && !raw.starts_with('$')
            && !aliases.contains(&raw.as_str())
        {
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
        if let Some(name) = &stage.name {
            aliases.push(&name.text);
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
