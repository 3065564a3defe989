use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::{expand, global_args, has_byte, shorten, valid_reference};
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Expands each `FROM` image that uses variables with the global `ARG` defaults only
    /// (as a build without `--build-arg` would) and reports it when the result is empty or
    /// not a valid image name, such as `busybox:` from `ARG TAG` with no default. Built-in
    /// arguments take the values of a linux/amd64 build. This is BuildKit's
    /// `InvalidDefaultArgInFrom` build check; unlike BuildKit, a literal invalid name
    /// (with no variable) is left to the build's own error.
    ///
    /// ## Why is this bad?
    /// The file cannot be built unless someone knows which `--build-arg` to pass; a plain
    /// `docker build .` fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=1.37
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// (`FROM busybox:${TAG:-1.37}` works too.)
    ///
    /// ## Fix safety
    /// No automatic fix: the default value is yours to choose (display-only).
    RULE = {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("InvalidDefaultArgInFrom"),
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let Some(base) = from.args().first() else {
            continue;
        };
        // A byte search: a char pattern's searcher cost more to set up than the search.
        if !has_byte(base.text.as_bytes(), b'$') {
            continue;
        }
        // Read (once per model) only for a FROM that names a variable: most files have none,
        // and then reading the global ARGs here was most of this check.
        let args = global_args(model);
        let result = expand(&base.text, &|name| args.default_value(name));
        if valid_reference(&result) {
            continue;
        }
        let shown = if result.is_empty() {
            "an empty name".to_string()
        } else {
            format!("`{}`", shorten(&result))
        };
        ck.report_span(
            from.line,
            base.span.clone(),
            format!(
                "With the ARG defaults, `{}` gives {shown}, which is not a valid image; give the ARG a default",
                shorten(&base.text)
            ),
        )
        .add_fix(Fix::display_only("Give the ARG a default value", vec![]));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "ARG TAG=latest\nFROM busybox:${TAG}\n",
        "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
        "ARG TAG\nFROM alpine:${TAG:-3.14}\n",
        "FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6 AS xx\nFROM golang-${TARGETARCH}\n",
        "ARG BASE=python\nARG IMAGE=${BASE}:3.12\nFROM ${IMAGE}\n",
    ],
    fail: &[
        "ARG TAG\nFROM busybox:${TAG}\n",
        "ARG IMAGE\nFROM ${IMAGE}\n",
        "ARG REGISTRY=Docker.IO\nFROM ${REGISTRY}/library/Alpine\n",
    ],
    fix: &[],
};
