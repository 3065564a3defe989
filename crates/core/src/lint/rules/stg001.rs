use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::stage_chain;
use crate::lint::{Checker, Edit, Fix};
use crate::size::image_ref::WrittenRef;
use crate::size::knowledge::{base_knowledge, BaseLookup, BaseMatch};

declare_rule! {
    /// ## What it does
    /// Reports a final stage built on a full language image (`python:3.12`, `node:22`,
    /// `ruby:3.3`) where a `-slim` variant of the same image exists, or on a general
    /// distribution (`ubuntu`, `debian`) that then installs Python or Node with apt. The
    /// message names the smaller image and, when Stagecraft's size data has both, how much
    /// it saves.
    ///
    /// ## Why is this bad?
    /// Full language images carry compilers, headers and hundreds of Debian packages so that
    /// anything can be built on them: around 1 GB on disk, against ~120 MB for
    /// `python:3.12-slim` (docker-library/repo-info). The running application rarely needs
    /// them; they cost pull time, disk and attack surface on every deploy.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    /// (and build wheels that need a compiler in an earlier stage, see STG005)
    ///
    /// ## Fix safety
    /// Unsafe: the slim image lacks compilers and some libraries; a `pip install` that
    /// builds from source may fail until the build moves to an earlier stage.
    RULE = {
        code: "STG001",
        name: "heavy-final-base",
        severity: Warning,
        category: Size,
        hadolint: None,
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

/// Images with a `-slim` twin, and the row family the size data uses for them.
const SLIMMABLE: &[&str] = &["python", "node", "ruby", "openjdk", "perl"];

/// The on-disk size of `name:tag` from the size model's base image table, resolved the way
/// the size estimate resolves it (aliases, then the nearest row), with whether the row is the
/// image itself (exact or an alias) and the row's name.
fn size_of(name: &str, tag: &str) -> Option<(u64, bool, String)> {
    size_of_lookup(&base_knowledge().find_base(&format!("{name}:{tag}")))
}

fn size_of_lookup(lookup: &BaseLookup) -> Option<(u64, bool, String)> {
    let row = lookup.row?;
    let same = matches!(lookup.matched, BaseMatch::Exact | BaseMatch::Alias);
    Some((row.disk_bytes, same, row.name()))
}

fn mb(bytes: u64) -> String {
    format!("{} MB", (bytes as f64 / 1e6).round() as u64)
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(last) = model.stages.last() else { return };
    // The final stage, or the earliest stage of its chain when it builds on a stage.
    let chain = stage_chain(model, last.index);
    let root = &model.stages[*chain.last().expect("chain has the stage itself")];
    // The base as the size model reads it: the same name, tag aliases and row.
    let base = base_knowledge().find_base(&root.image.resolved);
    let Some(image) = &base.image else { return };
    let tag = image.tag.clone().unwrap_or_default();
    let from = &model.instructions[root.from];
    // Docker Hub's official images, also when written through a mirror (`mirror.gcr.io/python`).
    let Some(name) = image.official_name().map(str::to_string) else {
        return;
    };
    if image.digest.is_some() {
        return;
    }
    if SLIMMABLE.contains(&name.as_str()) && !tag.contains("slim") && !tag.contains("alpine") {
        let base_tag = if tag.is_empty() || tag == "latest" { String::new() } else { tag.clone() };
        // `3.12-bookworm` → `3.12-slim-bookworm`; `3.12` → `3.12-slim`; `latest` → `slim`.
        let slim_tag = match base_tag.split_once('-') {
            Some((version, rest)) => format!("{version}-slim-{rest}"),
            None if base_tag.is_empty() => "slim".to_string(),
            None => format!("{base_tag}-slim"),
        };
        // The saving comes from Stagecraft's size data (docker-library/repo-info figures);
        // when the exact version is not in it, the message names the rows it used.
        let saving = match (size_of_lookup(&base), size_of(&name, &slim_tag)) {
            (Some((full, full_same, full_row)), Some((slim, slim_same, slim_row))) if full > slim => {
                let rows = if full_same && slim_same {
                    String::new()
                } else {
                    format!(", measured on `{full_row}` and `{slim_row}`")
                };
                format!(", about {} smaller on disk ({} instead of {}{rows})", mb(full - slim), mb(slim), mb(full))
            }
            _ => String::new(),
        };
        let finding = ck.report(
            from,
            format!("The final image is built on the full `{name}:{}` image; `{name}:{slim_tag}` has the same runtime{saving}", if tag.is_empty() { "latest" } else { &tag }),
        );
        // Rewrite the tag only when the image is written literally (no variables).
        if let Some(word) = from.args.first().filter(|w| !w.text.contains('$')) {
            let text = &model.source[word.span.clone()];
            if text == word.text {
                let replacement = format!("{}:{slim_tag}", WrittenRef::split(&word.text).name);
                finding.fixes.push(Fix::unsafe_(
                    format!("Use `{name}:{slim_tag}`"),
                    vec![Edit::replace(word.span.clone(), replacement)],
                ));
            }
        }
        return;
    }
    // A general distribution with a language runtime installed by apt.
    if matches!(name.as_str(), "ubuntu" | "debian") {
        for &s in &chain {
            let stage = &model.stages[s];
            for instr in &model.instructions[stage.instructions.clone()] {
                if instr.kind != Kind::Run {
                    continue;
                }
                let installs = |pkg: &str| {
                    instr.commands().iter().any(|c| {
                        (c.is("apt-get") || c.is("apt"))
                            && c.has_arg("install")
                            && c.arg_texts().any(|a| a == pkg || a.starts_with(&format!("{pkg}=")))
                    })
                };
                let alternative = if installs("python3") || installs("python3-pip") {
                    Some(("Python", "python:3.12-slim"))
                } else if installs("nodejs") {
                    Some(("Node.js", "node:22-slim"))
                } else {
                    None
                };
                if let Some((language, image)) = alternative {
                    let related = ck.related(instr.span.clone(), format!("{language} is installed here"));
                    ck.report(
                        from,
                        format!("`{name}` with {language} installed by apt is larger and older than `{image}`, which ships {language} ready to use"),
                    )
                    .related
                    .push(related);
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12-slim\n",
        "FROM python:3.12 AS build\nFROM python:3.12-slim\n",
        "FROM node:22-alpine\n",
    ],
    fail: &[
        "FROM python:3.12\nCMD [\"python\"]\n",
        "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\n",
        "FROM node:22 AS base\nFROM base\n",
    ],
    fix: &[
        ("FROM python:3.12\n", "FROM python:3.12-slim\n"),
        ("FROM python:3.12-bookworm\n", "FROM python:3.12-slim-bookworm\n"),
    ],
};
