use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::{global_args, has_byte, variables, BUILTIN_ARGS};
use crate::suggest::suggest;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a variable in a `FROM` image or `--platform` value that no `ARG` before the
    /// first `FROM` declares and that is not one of BuildKit's built-in arguments
    /// (`BUILDPLATFORM`, `TARGETARCH`...). As in BuildKit, this holds even when the variable
    /// has a `:-default`. It suggests a declared name when the variable looks like a typo.
    /// This is BuildKit's `UndefinedArgInFrom` build check.
    ///
    /// ## Why is this bad?
    /// `FROM` only sees global `ARG`s. An undeclared variable is always empty, even when
    /// the build passes `--build-arg` for it, so the image silently differs from the one
    /// intended (`node:22${VARIANT}` is always `node:22`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VARIANT=-alpine
    /// FROM node:22${VARIANT} AS build
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. When the name is close to a declared one, the fix uses that name, which
    /// changes the base image. Otherwise it declares `ARG NAME` above the first `FROM`:
    /// a plain build gives the same image, but `--build-arg NAME=...` now takes effect.
    RULE = {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("UndefinedArgInFrom"),
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Most files name no variable in any FROM: then there is no name to look up.
    // Looked for as a byte: a char pattern's searcher cost more to set up than the search.
    let written = |span: &std::ops::Range<usize>| has_byte(model.source.get(span.clone()).unwrap_or("").as_bytes(), b'$');
    let names_a_variable = model.stages.iter().any(|stage| {
        let from = &model.instructions[stage.from];
        from.args().first().is_some_and(|w| written(&w.span))
            || from.flag("platform").is_some_and(|f| written(&f.span))
    });
    if !names_a_variable {
        return;
    }
    // The global ARGs are looked up by name where they are kept: no set of them is built for
    // the few names the FROMs use.
    let globals = global_args(model);
    let known = |name: &str| globals.contains(name) || BUILTIN_ARGS.contains(&name);
    let options = || globals.names().chain(BUILTIN_ARGS.iter().copied());
    let Some(first_from) = model.stages.first().map(|s| &model.instructions[s.from]) else {
        return;
    };
    let insert_at = model.lines.line_range(model.source, first_from.line).start;
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let mut spans = Vec::new();
        if let Some(base) = from.args().first() {
            spans.push(base.span.clone());
        }
        if let Some(platform) = from.flag("platform") {
            spans.push(platform.span.clone());
        }
        let mut reported: Vec<&str> = Vec::new();
        for span in spans {
            for var in variables(model.source, span, model.escape) {
                if known(var.name) || reported.contains(&var.name) {
                    continue;
                }
                reported.push(var.name);
                let hint = suggest(var.name, options());
                let message = match &hint {
                    Some(s) => format!(
                        "FROM argument `{}` is not declared (did you mean `{s}`?)",
                        var.name
                    ),
                    None => format!(
                        "FROM argument `{}` is not declared; add `ARG {}` before the first FROM",
                        var.name, var.name
                    ),
                };
                let finding = ck.report_span(from.line, var.span.clone(), message);
                if let Some(s) = hint {
                    let text = &model.source[var.span.clone()];
                    let renamed = text.replacen(var.name, &s, 1);
                    finding.add_fix(Fix::unsafe_(
                        format!("Use `{s}`"),
                        vec![Edit::replace(var.span.clone(), renamed)],
                    ));
                }
                finding.add_fix(Fix::unsafe_(
                    format!("Declare `ARG {}`", var.name),
                    vec![Edit::insert(insert_at, format!("ARG {}\n", var.name))],
                ));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "ARG VARIANT=-alpine\nFROM node:22${VARIANT} AS js\n",
        "ARG TAG\nFROM --platform=$BUILDPLATFORM golang:${TAG}\nFROM js AS x\n",
        "FROM alpine\nARG LATER\nRUN echo $LATER\n",
    ],
    fail: &[
        "FROM node:22${VARIANT} AS js\n",
        "ARG GO_VERSION=1.23\nFROM golang:${GO_VERSOIN}\n",
        "FROM --platform=$BUILDPLATFROM alpine\n",
        "FROM alpine:${TAG:-3.20}\n",
    ],
    fix: &[
        (
            "# syntax=docker/dockerfile:1\nFROM node:22${VARIANT}\n",
            "# syntax=docker/dockerfile:1\nARG VARIANT\nFROM node:22${VARIANT}\n",
        ),
        (
            "ARG GO_VERSION=1.23\nFROM golang:${GO_VERSOIN}-alpine\n",
            "ARG GO_VERSION=1.23\nFROM golang:${GO_VERSION}-alpine\n",
        ),
    ],
};
