use crate::lint::model::{ImageRef, Kind};
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::stage_chain;
use crate::lint::{Checker, Edit, Fix};
use crate::size::knowledge::embedded_files;

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

/// The closest row in the size data's base-image table: same image and kind (slim or
/// full, never alpine), with a tag starting with the requested version, else the image's
/// first row of that kind. Returns the row's tag and on-disk bytes.
///
/// Reads only `base_images.tsv` (image, tag, on-disk bytes), not the whole size knowledge
/// base: a one-file `stagecraft lint` stays around a millisecond.
fn size_of(image: &str, tag: &str, slim: bool) -> Option<(&'static str, u64)> {
    let table = embedded_files()
        .into_iter()
        .find(|(name, _)| *name == "base_images.tsv")?
        .1;
    let rows: Vec<(&'static str, u64)> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let (name, row_tag, bytes) = (cells.next()?, cells.next()?, cells.next()?);
            (name == image).then_some((row_tag, bytes.parse().ok()?))
        })
        .collect();
    let version = tag.split('-').next().unwrap_or("");
    let kind_ok = |t: &str| t.contains("slim") == slim && !t.contains("alpine");
    rows.iter()
        .filter(|(t, _)| kind_ok(t))
        .find(|(t, _)| !version.is_empty() && t.starts_with(version))
        .or_else(|| rows.iter().find(|(t, _)| kind_ok(t)))
        .copied()
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
    let image = ImageRef::parse(&root.image.resolved, &root.image.resolved);
    let name = image.short_name().to_string();
    let tag = image.tag.clone().unwrap_or_default();
    let from = &model.instructions[root.from];
    if image.digest.is_some() || image.registry.is_some() {
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
        let saving = match (size_of(&name, &tag, false), size_of(&name, &tag, true)) {
            (Some((full_tag, full)), Some((slim_tag_row, slim))) if full > slim => {
                let exact = !tag.is_empty() && full_tag.starts_with(tag.split('-').next().unwrap_or(""));
                let rows = if exact {
                    String::new()
                } else {
                    format!(", measured on `{name}:{full_tag}` and `{name}:{slim_tag_row}`")
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
                let replacement = format!(
                    "{}:{slim_tag}",
                    word.text.rsplit_once(':').map_or(word.text.as_str(), |(n, t)| if t.contains('/') { word.text.as_str() } else { n })
                );
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
