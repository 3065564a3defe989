use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `FROM image:latest` (without a digest).
    ///
    /// ## Why is this bad?
    /// `latest` is whatever the publisher pushed last. Builds stop being reproducible, and a
    /// new major version can arrive without any change to your files.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3007",
        name: "no-latest-tag",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3007"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        // A `latest` tag without a digest ends the reference as written: the others (most)
        // are not split.
        if !stage.image.raw.ends_with(":latest") {
            continue;
        }
        let plain = stage.image.written();
        if plain.tag == Some("latest") && plain.digest.is_none() {
            ck.report(
                &model.instructions[stage.from],
                "`latest` moves with every release; pin a version tag",
            )
            .add_fix(Fix::display_only(format!("Write `{}:<version>`", plain.registry_and_path().1), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM node:22\n", "FROM node:latest@sha256:abc\n"],
    fail: &["FROM node:latest\n"],
    fix: &[],
};
