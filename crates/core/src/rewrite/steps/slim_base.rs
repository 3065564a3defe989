use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::{declare_step, for_stack};
use crate::rewrite::{Context, Outcome, StepChange};
use crate::size::image_ref::WrittenRef;
use crate::syntax::{InstructionKind, Stage};

declare_step! {
    /// ## What it does
    /// Moves a Python or Node image from the full Debian variant to `-slim`
    /// (`python:3.12` → `python:3.12-slim`, `node:22` → `node:22-slim`), and installs what
    /// the slim image lacks for the commands the file runs (compilers when it builds native
    /// packages, `curl`, `git`).
    ///
    /// ## Why
    /// The full images carry compilers, headers and tools (about 900 MB) that a running app
    /// does not use; `-slim` is the same Debian and the same interpreter without them.
    ///
    /// ## Example
    /// `FROM python:3.12` → `FROM python:3.12-slim`
    STEP = {
        id: "slim-base",
        title: "Use the slim variant of the base image",
        stacks: [Python, Node],
        run: run,
    }
}

/// Programs the full images have and `-slim` lacks, with the package that brings each.
const MISSING_IN_SLIM: &[(&str, &str)] = &[
    ("curl", "curl"),
    ("wget", "wget"),
    ("git", "git"),
    ("gcc", "build-essential"),
    ("g++", "build-essential"),
    ("make", "build-essential"),
];

/// Python packages that compile against a system library when no wheel fits, with the
/// packages that build them.
const NATIVE_PYTHON: &[(&str, &[&str])] = &[
    ("psycopg2", &["build-essential", "libpq-dev"]),
    (
        "mysqlclient",
        &[
            "build-essential",
            "default-libmysqlclient-dev",
            "pkg-config",
        ],
    ),
    (
        "python-ldap",
        &["build-essential", "libldap2-dev", "libsasl2-dev"],
    ),
];

fn run(cx: &Context) -> Outcome {
    if let Err(skip) = for_stack(&STEP, cx) {
        return *skip;
    }
    let file = cx.file;
    let Some(stage) = facts::final_stage(file) else {
        return Outcome::NotApplicable("the file has no FROM".into());
    };
    let (image, tag) = split_image(&stage.base);
    let name = short_name(image);
    if matches!(name, "ubuntu" | "debian") {
        return from_distribution(cx, &stage, name, tag);
    }
    if !matches!(name, "python" | "node") {
        return Outcome::NotApplicable(format!(
            "`{}` is not the official python or node image; the runtime base is chosen in the multi-stage step",
            stage.base
        ));
    }
    // `split_image` gives the digest of `python:3.14-slim@sha256:...`; the tag written
    // before it says which variant that digest is.
    let written = WrittenRef::split(&stage.base);
    let variant = written.tag.unwrap_or(tag);
    if variant.contains("slim") || variant.contains("alpine") || variant.contains('$') {
        return Outcome::NotApplicable(format!("`{}` is already a small variant", stage.base));
    }
    if written.digest.is_some() {
        return Outcome::CannotApply {
            reason: format!("`{}` is pinned by digest, and the slim variant is another image with a digest of its own", stage.base),
            todo: format!("look up the digest of `{}`'s slim tag and write it in place of this one", written.name),
        };
    }
    if tag.is_empty() {
        return Outcome::NotApplicable("the base has no tag yet; pin it first".into());
    }
    // `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`.
    let slim = match tag.split_once('-') {
        Some((version, suite)) if matches!(suite, "bookworm" | "bullseye" | "trixie") => {
            if name == "node" {
                format!("{version}-{suite}-slim")
            } else {
                format!("{version}-slim-{suite}")
            }
        }
        Some(_) => {
            return Outcome::NotApplicable(format!(
                "`{}` is a variant the slim images do not mirror",
                stage.base
            ))
        }
        None => format!("{tag}-slim"),
    };
    let mut edits = vec![Edit::replace(stage.base_span, format!("{image}:{slim}"))];
    let mut added: Vec<&str> = Vec::new();
    let installed = facts::stage_packages(file, &stage);
    for (_, command) in facts::run_commands(file, &stage) {
        let Some(program) = command.name() else {
            continue;
        };
        if let Some((_, package)) = MISSING_IN_SLIM.iter().find(|(p, _)| *p == program) {
            added.push(package);
        }
    }
    if let Some(requirements) = &cx.manifests.requirements {
        for dist in crate::size::requirements_names(requirements) {
            if let Some((_, packages)) = NATIVE_PYTHON.iter().find(|(n, _)| *n == dist) {
                added.extend(packages.iter());
            }
        }
    }
    crate::order::sort(&mut added);
    added.dedup();
    // gcc and make come with build-essential, and build-essential brings them.
    let has_compiler = installed
        .iter()
        .any(|p| matches!(p.as_str(), "gcc" | "build-essential"));
    added.retain(|p| !(installed.contains(p) || *p == "build-essential" && has_compiler));
    let mut summary = format!(
        "`{}` becomes `{image}:{slim}`: the same Debian and interpreter without the compilers, headers and tools a running app does not use.",
        stage.base
    );
    if !added.is_empty() {
        // Added to the file's own `apt-get install`, so no second unpinned install appears.
        let install = facts::stage_instructions(file, &stage)
            .filter(|(_, i)| i.kind() == InstructionKind::Run)
            .flat_map(|(_, i)| i.shell_script().unwrap_or_default().commands)
            .find(|c| {
                matches!(c.name(), Some("apt-get" | "apt"))
                    && c.operands().next().is_some_and(|w| w.text == "install")
            });
        let Some(last_word) = install.as_ref().and_then(|c| c.words.last()) else {
            return Outcome::CannotApply {
                reason: format!(
                    "the slim image lacks {}, which this file needs, and the file has no `apt-get install` to add them to",
                    added.join(", ")
                ),
                todo: format!(
                    "switch to the slim image and install {} with `apt-get install --no-install-recommends` (pinned versions)",
                    added.join(" ")
                ),
            };
        };
        edits.push(Edit::insert(
            last_word.span.end,
            format!(" {}", added.join(" ")),
        ));
        summary.push_str(&format!(
            " The slim image lacks {}, which this file uses, so the existing `apt-get install` now names them.",
            added.join(", ")
        ));
    }
    Outcome::Applied(StepChange::changing(
        edits,
        summary,
        "tools the full image had and this file does not install (compilers, git, curl, ImageMagick...) are no longer in the image",
    ))
}

/// The Python each distribution release installs as `python3`, so the official image keeps
/// the same minor version.
const DISTRIBUTION_PYTHON: &[(&str, &str, &str)] = &[
    ("ubuntu", "20.04", "3.8"),
    ("ubuntu", "22.04", "3.10"),
    ("ubuntu", "24.04", "3.12"),
    ("debian", "bullseye", "3.9"),
    ("debian", "11", "3.9"),
    ("debian", "bookworm", "3.11"),
    ("debian", "12", "3.11"),
    ("debian", "trixie", "3.13"),
    ("debian", "13", "3.13"),
];

/// The packages that only bring Python itself, which the official image already has.
const PYTHON_PACKAGES: &[&str] = &[
    "python3",
    "python3-pip",
    "python3-venv",
    "python3-dev",
    "python-is-python3",
];

/// `ubuntu` or `debian` with Python installed by apt → the official slim Python image of the
/// same minor version, without the apt Python.
fn from_distribution(cx: &Context, stage: &Stage, name: &str, tag: &str) -> Outcome {
    let file = cx.file;
    if cx.stack.language == crate::rewrite::Language::Node {
        return Outcome::CannotApply {
            reason: format!("`{}` installs Node with apt, whose version depends on the release and any added repository", stage.base),
            todo: "check `node --version` in the image and move to `node:<major>-slim`".into(),
        };
    }
    let installs_python = facts::stage_packages(file, stage)
        .iter()
        .any(|p| p == "python3");
    if !installs_python {
        return Outcome::NotApplicable(format!(
            "`{}` does not install Python or Node with apt",
            stage.base
        ));
    }
    let tag = if tag.is_empty() { "latest" } else { tag };
    let Some((_, _, version)) = DISTRIBUTION_PYTHON
        .iter()
        .find(|(d, t, _)| *d == name && *t == tag)
    else {
        return Outcome::CannotApply {
            reason: format!(
                "the engine does not know which Python `{}` installs",
                stage.base
            ),
            todo: "check `python3 --version` in the image and move to `python:<that version>-slim`"
                .into(),
        };
    };
    let mut edits = vec![Edit::replace(
        stage.base_span,
        format!("python:{version}-slim"),
    )];
    for (_, run) in
        facts::stage_instructions(file, stage).filter(|(_, i)| i.kind() == InstructionKind::Run)
    {
        let Some(script) = run.shell() else {
            continue;
        };
        for command in &script.commands {
            if !matches!(command.name(), Some("apt-get" | "apt"))
                || command
                    .operands()
                    .next()
                    .is_none_or(|w| w.text != "install")
            {
                continue;
            }
            let packages: Vec<_> = command.operands().skip(1).collect();
            let python: Vec<_> = packages
                .iter()
                .filter(|w| PYTHON_PACKAGES.contains(&w.text.as_str()))
                .collect();
            if python.is_empty() {
                continue;
            }
            if python.len() == packages.len() {
                let only_apt = script
                    .commands
                    .iter()
                    .all(|c| matches!(c.name(), Some("apt-get" | "apt" | "rm")));
                if !only_apt {
                    return Outcome::CannotApply {
                        reason: format!("line {}: the RUN installs only Python with apt but also does other work", run.start_line),
                        todo: "remove the apt Python packages by hand after moving to the python image".into(),
                    };
                }
                edits.push(Edit::delete(facts::lines_of(file, run)));
                break;
            }
            for word in python {
                let mut span = word.span;
                while span.start > 0 && file.source().as_bytes()[span.start - 1] == b' ' {
                    span.start -= 1;
                }
                edits.push(Edit::delete(span));
            }
        }
    }
    Outcome::Applied(
        StepChange::changing(
            edits,
            format!(
                "`{}` with Python from apt becomes `python:{version}-slim`: the same Python minor version, maintained by the Python image, on a smaller Debian base.",
                stage.base
            ),
            format!("the base distribution changes from {name} to Debian; other apt packages keep their names but may differ in version"),
        )
        .assuming("the other apt packages exist under the same names in Debian"),
    )
}
