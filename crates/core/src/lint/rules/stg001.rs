use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::stage_chain;
use crate::lint::{Checker, Edit, Fix};
use crate::size::image_ref::{has_part, ImageRef, WrittenRef};
use crate::size::knowledge::{base_knowledge, BaseImageRow, BaseMatch};
use crate::size::needs_compiler::{
    missing_builds, pip_packages, pip_words, python_base, python_base_parsed, system_installs, MissingBuild,
};
use crate::size::wheels::and_list;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a final stage built on a full language image (`python:3.12`, `node:22`,
    /// `ruby:3.3`) where a `-slim` variant of the same image exists, or on a general
    /// distribution (`ubuntu`, `debian`) that then installs Python or Node with apt. The
    /// message names the smaller image and, when Stagecraft's size data has both, how much
    /// it saves. For Python it checks the packages the file installs with pip (and the
    /// requirements given with `--requirements`/`--pyproject`, or in the page's pane) against
    /// PyPI's wheels (`data/pypi_wheels.tsv`): a package with no prebuilt wheel for the image's
    /// Python builds from source, which slim cannot do without a compiler, so the message names
    /// it, what it needs (`psycopg2`: gcc and libpq-dev), and the two ways out: a builder stage
    /// with the runtime library in the final stage, or the `-binary` variant.
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
    /// builds from source may fail until the build moves to an earlier stage. When a package
    /// is known to build from source, the tag swap is not offered at all (only the
    /// suggestion), since it would break the build.
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

/// Whether `program` is one whose words [`system_installs`] or [`pip_words`] read: the words
/// of any other command (most) are not gathered for them.
fn installs_or_pips(program: &str) -> bool {
    matches!(program, "apt-get" | "apt" | "apk" | "pip" | "pip2" | "uv")
        || program.starts_with("pip3")
        || program.starts_with("python")
}

/// Whether `pip_words` may read `program` as pip.
fn may_pip(program: &str) -> bool {
    matches!(program, "pip" | "pip2" | "uv") || program.starts_with("pip3") || program.starts_with("python")
}

/// A command's words, its name first, borrowed: the readers below take any `str`s.
fn words_of(command: &crate::lint::shell::Command) -> Vec<&str> {
    let mut words = Vec::with_capacity(command.args.len() + 1);
    words.push(command.name.text.as_str());
    words.extend(command.arg_texts());
    words
}

/// The on-disk size of `reference` (`name:tag`, read as `image`) from the size model's base
/// image table, resolved the way the size estimate resolves it (aliases, then the nearest
/// row), with whether the row is the image itself (exact or an alias) and the row (its name
/// is written only when the message names it).
fn size_of(reference: &str, image: &ImageRef) -> Option<(u64, bool, &'static BaseImageRow)> {
    let (matched, row) = base_knowledge().find_base_parsed(reference, image);
    let row = row?;
    let same = matches!(matched, BaseMatch::Exact | BaseMatch::Alias);
    Some((row.disk_bytes, same, row))
}

/// The packages the final stage's chain installs with pip (the names on the line, and the
/// manifests given for `-r`) that would build from source on `slim`, which has no compiler,
/// and what the stage's own apt installs leave missing for that.
fn source_builds(ck: &Checker, chain: &[usize], slim: &str, slim_image: &ImageRef) -> Vec<MissingBuild> {
    let Some(base) = python_base_parsed(slim, slim_image) else { return Vec::new() };
    let model = ck.model;
    let requirements = ck.manifests.requirements.or(ck.manifests.pyproject);
    let mut installed = HashSet::new();
    let mut out: Vec<MissingBuild> = Vec::new();
    // The chain runs from the final stage back to its root: walk it root first.
    for &s in chain.iter().rev() {
        for instr in &model.instructions[model.stages[s].instructions.clone()] {
            if instr.kind != Kind::Run {
                continue;
            }
            for command in instr.commands().iter().filter(|c| installs_or_pips(c.program())) {
                let words = words_of(command);
                installed.extend(system_installs(&words));
                let Some(pip) = pip_words(&words) else { continue };
                for found in missing_builds(&pip_packages(pip, requirements), &base, &installed) {
                    if !out.iter().any(|o| o.build.package == found.build.package) {
                        out.push(found);
                    }
                }
            }
        }
    }
    out
}

/// Whether the chain runs `pip install -r`, whose packages only a manifest names.
fn reads_requirements(ck: &Checker, chain: &[usize]) -> bool {
    let model = ck.model;
    chain.iter().any(|&s| {
        model.instructions[model.stages[s].instructions.clone()].iter().any(|instr| {
            instr.commands().iter().filter(|c| may_pip(c.program())).any(|c| {
                let words = words_of(c);
                pip_words(&words).is_some_and(|w| w.iter().any(|a| *a == "-r" || a.starts_with("--requirement")))
            })
        })
    })
}

/// STG001's message when the slim image would fail to build the file's packages.
fn source_build_message(full: &str, slim: &str, builds: &[MissingBuild], saving: &str) -> String {
    let python = python_base(slim)
        .and_then(|b| b.python)
        .map_or("this Python".to_string(), |(a, b)| format!("Python {a}.{b}"));
    let names: Vec<String> = builds.iter().map(|b| format!("`{}`", b.build.package)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let needs: Vec<String> = builds
        .iter()
        .map(|b| format!("{} needs {}", b.build.package, and_list(&b.missing)))
        .collect();
    let runtime: Vec<&str> = builds.iter().flat_map(|b| b.build.runtime_packages.iter().copied()).collect();
    let runtime = if runtime.is_empty() {
        String::new()
    } else {
        format!(" that installs {}", and_list(&runtime))
    };
    let binaries: Vec<String> = builds
        .iter()
        .filter_map(|b| b.build.alternative.map(|a| format!("`{a}` for `{}`", b.build.package)))
        .collect();
    let binaries = if binaries.is_empty() {
        String::new()
    } else {
        let list: Vec<&str> = binaries.iter().map(String::as_str).collect();
        format!(", or swap in {} (a prebuilt wheel) and switch to slim directly", and_list(&list))
    };
    let smaller = match saving.trim_start_matches(", ") {
        "" => "smaller".to_string(),
        figures => figures.to_string(),
    };
    format!(
        "The final image is built on the full `{full}` image. `{slim}` is {smaller}, but it has no compiler, and {} {} no prebuilt wheel for {python} on PyPI: on slim, pip builds from source and the build fails ({}). Run the `pip install` in a first stage on `{full}`, which has the compiler, and copy the installed packages into a `{slim}` final stage{runtime}{binaries}",
        and_list(&names),
        if builds.len() == 1 { "has" } else { "have" },
        needs.join("; "),
    )
}

/// Whether `reference` may be an official image in `names`: the last part of its name, as
/// written, is one of them in any case. Every reference [`ImageRef::parse`] reads as such an
/// official image passes (it trims the text and the quotes around it, lower-cases the name,
/// and only drops a registry or mirror before the last `/`); others may pass too.
/// Whether the final stage's image may get advice: a language image not already slim or
/// alpine, or a distribution whose scripts run apt. Read from the reference as written (its
/// last path part, its tag), before it is read in full.
fn may_get_advice(model: &crate::lint::Model, image: &crate::lint::model::ImageRef) -> bool {
    let reference = image.resolved.as_str();
    let trimmed = reference.trim();
    // Nothing to trim (nearly always): the model's parts, not a split of its own.
    let written = if trimmed.len() == reference.len() {
        image.resolved_written()
    } else {
        WrittenRef::split(trimmed)
    };
    let name = written.name;
    // A byte search: a char pattern's searcher cost more to set up than the search.
    let last = &name[name.bytes().rposition(|b| b == b'/').map_or(0, |slash| slash + 1)..];
    let last = last.trim_matches(|c| c == '"' || c == '\'');
    let named = |names: &[&str]| names.iter().any(|n| last.eq_ignore_ascii_case(n));
    if named(SLIMMABLE) {
        // The tag read in full is this one without the quotes around the reference, so a
        // `slim` or `alpine` here is there too, and the language image is small already.
        // Searched only for these images: most files are on others.
        return !written.tag.is_some_and(|t| has_part(t, "slim") || has_part(t, "alpine"));
    }
    named(&["ubuntu", "debian"]) && (model.may_run("apt-get") || model.may_run("apt"))
}

/// `name:tag` as [`ImageRef::parse`] reads it, built from its parts, for an official image's
/// `name` (lower case, no `/`) and a `tag` read from a reference (no `:`, `@`, `/`, space or
/// quote, not empty) or made from one with `-slim`: nothing in them is read differently, so
/// the text need not be read again.
fn official_reading(name: &str, tag: &str) -> ImageRef {
    ImageRef {
        registry: "docker.io".to_string(),
        repository: ["library/", name].concat(),
        tag: Some(tag.to_string()),
        digest: None,
    }
}

/// `n` in decimal (as `{}` writes it) onto the end of `out`.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Byte by byte, not through `str::from_utf8`: its error's `Debug`, which an `expect`
    // would bring in, weighed more in the page's WASM than this loop.
    out.extend(digits[at..].iter().map(|&digit| char::from(digit)));
}

/// Bytes in whole megabytes, as the messages give them (`{} MB`).
fn megabytes(bytes: u64) -> u64 {
    (bytes as f64 / 1e6).round() as u64
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(last) = model.stages.last() else { return };
    // The final stage, or the earliest stage of its chain when it builds on a stage: found
    // walking the chain in place, listed below only for a file that may get advice.
    let root = std::iter::successors(Some(last.index), |&s| {
        model.parent_stage(s).filter(|&parent| parent < s)
    })
    .last()
    .expect("chain has the stage itself");
    let root = &model.stages[root];
    // Advice exists only for the images named below: a file on any other image returns
    // here, before the reference is read in full (most files, and most of this rule's time).
    if !may_get_advice(model, &root.image) {
        return;
    }
    let chain = stage_chain(model, last.index);
    // The reference as Docker reads it (what `find_base` reads too, asked below only for
    // the images this rule has advice on).
    let Some(image) = &ImageRef::parse(&root.image.resolved) else { return };
    // The name and tag borrowed from the reference read, not copied.
    let tag = image.tag.as_deref().unwrap_or("");
    let from = &model.instructions[root.from];
    // Docker Hub's official images, also when written through a mirror (`mirror.gcr.io/python`).
    let Some(name) = image.official_name() else {
        return;
    };
    if image.digest.is_some() {
        return;
    }
    if SLIMMABLE.contains(&name) && !has_part(tag, "slim") && !has_part(tag, "alpine") {
        let base_tag = if tag.is_empty() || tag == "latest" { "" } else { tag };
        // `3.12-bookworm` → `3.12-slim-bookworm`; `3.12` → `3.12-slim`; `latest` → `slim`.
        let slim_tag = match base_tag.split_once('-') {
            // Joined, not formatted, as the texts below: a finding in every file on a full
            // language image, where the formatting machinery cost more than the copies.
            Some((version, rest)) => [version, "-slim-", rest].concat(),
            None if base_tag.is_empty() => "slim".to_string(),
            None => [base_tag, "-slim"].concat(),
        };
        // The saving comes from Stagecraft's size data (docker-library/repo-info figures);
        // when the exact version is not in it, the message names the rows it used.
        // The base as the size model reads it: the same name, tag aliases and row.
        let full = [name, ":", if tag.is_empty() { "latest" } else { tag }].concat();
        let slim = [name, ":", &slim_tag].concat();
        let slim_image = official_reading(name, &slim_tag);
        // Looked up without the notes, which are not read here, and with the references
        // read already.
        let saving = match (size_of(&root.image.resolved, image), size_of(&slim, &slim_image)) {
            (Some((full, full_same, full_row)), Some((slim, slim_same, slim_row))) if full > slim => {
                let rows = if full_same && slim_same {
                    String::new()
                } else {
                    // The rows' names (`BaseImageRow::name`) written in place.
                    format!(
                        ", measured on `{}:{}` and `{}:{}`",
                        full_row.image, full_row.tag, slim_row.image, slim_row.tag
                    )
                };
                // The three figures written in place, not formatted: a finding in every file on
                // a full language image, where the formatting machinery cost more than the text.
                let mut saving = String::with_capacity(96 + rows.len());
                saving.push_str(", about ");
                push_number(&mut saving, megabytes(full - slim));
                saving.push_str(" MB smaller on disk (");
                push_number(&mut saving, megabytes(slim));
                saving.push_str(" MB instead of ");
                push_number(&mut saving, megabytes(full));
                saving.push_str(" MB");
                saving.push_str(&rows);
                saving.push(')');
                saving
            }
            _ => String::new(),
        };
        let language = match name {
            "python" => "Python",
            "node" => "Node.js",
            "ruby" => "Ruby",
            "openjdk" => "Java",
            _ => "Perl",
        };
        let builds = if name == "python" { source_builds(ck, &chain, &slim, &slim_image) } else { Vec::new() };
        let unchecked = name == "python"
            && ck.manifests.requirements.is_none()
            && ck.manifests.pyproject.is_none()
            && reads_requirements(ck, &chain);
        let message = if builds.is_empty() {
            let hint = if unchecked {
                "; a requirement without a prebuilt wheel would fail to build there (give the requirements file to check which)"
            } else {
                ""
            };
            [
                "The final image is built on the full `",
                &full,
                "` image; `",
                &slim,
                "` has the same ",
                language,
                " without the compilers and headers",
                &saving,
                hint,
            ]
            .concat()
        } else {
            source_build_message(&full, &slim, &builds, &saving)
        };
        let finding = ck.report(from, message);
        if !builds.is_empty() {
            // Swapping the tag alone would make the build fail; say what has to happen first.
            let what: Vec<&str> = builds.iter().map(|b| b.build.package.as_str()).collect();
            finding.add_fix(Fix::display_only(
                format!("Use `{slim}` once {} builds in an earlier stage or is replaced by a prebuilt variant", and_list(&what)),
                vec![],
            ));
            return;
        }
        // Rewrite the tag only when the image is written literally (no variables).
        if let Some(word) = from.args().first().filter(|w| !w.text.contains('$')) {
            let text = &model.source[word.span.clone()];
            if text == word.text {
                let replacement = [WrittenRef::split(&word.text).name, ":", &slim_tag].concat();
                finding.add_fix(Fix::unsafe_(
                    ["Use `", &slim, "`"].concat(),
                    vec![Edit::replace(word.span.clone(), replacement)],
                ));
            }
        }
        return;
    }
    // A general distribution with a language runtime installed by apt.
    if matches!(name, "ubuntu" | "debian") {
        for &s in &chain {
            let stage = &model.stages[s];
            for instr in &model.instructions[stage.instructions.clone()] {
                if instr.kind != Kind::Run {
                    continue;
                }
                // Each apt install's words read once for the three packages, where a pass per
                // package read every command three times.
                let (mut python, mut node) = (false, false);
                for c in instr.commands() {
                    if !((c.is("apt-get") || c.is("apt")) && c.has_arg("install")) {
                        continue;
                    }
                    for a in c.arg_texts() {
                        let is = |pkg: &str| a.strip_prefix(pkg).is_some_and(|r| r.is_empty() || r.starts_with('='));
                        python |= is("python3") || is("python3-pip");
                        node |= is("nodejs");
                    }
                }
                let alternative = if python {
                    Some(("Python", "python:3.12-slim"))
                } else if node {
                    Some(("Node.js", "node:22-slim"))
                } else {
                    None
                };
                if let Some((language, image)) = alternative {
                    let related = ck.related(instr.span.clone(), [language, " is installed here"].concat());
                    ck.report(
                        from,
                        [
                            "`",
                            name,
                            "` with ",
                            language,
                            " installed by apt is larger and older than `",
                            image,
                            "`, which ships ",
                            language,
                            " ready to use",
                        ]
                        .concat(),
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
        // Named on the line: no wheel for Python 3.12, so the message says what slim lacks.
        "FROM python:3.12\nRUN pip install --no-cache-dir psycopg2 flask\n",
        // The build tools are installed first: slim works once they are.
        "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip install psycopg2\n",
    ],
    fix: &[
        ("FROM python:3.12\n", "FROM python:3.12-slim\n"),
        ("FROM python:3.12-bookworm\n", "FROM python:3.12-slim-bookworm\n"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_formatted() {
        for n in [0, 7, 10, 99, 100, 1234, 1_000_000, u64::MAX] {
            let mut out = String::from("x");
            push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn an_official_reading_is_the_parse_of_its_text() {
        for name in SLIMMABLE {
            for tag in ["slim", "3.12-slim", "3.12-slim-bookworm", "22-Slim", "5.38.2-slim-trixie"] {
                let text = [*name, ":", tag].concat();
                assert_eq!(ImageRef::parse(&text), Some(official_reading(name, tag)), "{text}");
            }
        }
    }
}
