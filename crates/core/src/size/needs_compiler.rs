//! Whether a `pip install` can succeed where it runs: a package without a prebuilt wheel for
//! the image's Python ([`super::wheels`]) builds from source, which needs a compiler and
//! headers that `python:*-slim` and `python:*-alpine` do not have. The size model flags such a
//! `RUN` when no earlier layer of the stage installed them; STG001 asks the same question of
//! the slim image it suggests.

use std::collections::{HashMap, HashSet};

use super::image_ref::{has_part, ImageRef};
use super::packages::{normalize_python, requirements_names};
use super::steps::Step;
use super::wheels::{and_list, python_of_tag, source_build, Libc, SourceBuild};
use super::SizeEstimate;

/// The official `python` image a stage starts from, as far as a source build cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonBase {
    /// `python:3.12-slim`, as the file names it.
    pub image: String,
    pub python: Option<(u32, u32)>,
    pub libc: Libc,
    /// Whether the image ships gcc and the common `-dev` packages (the full, non-slim
    /// images are built on buildpack-deps, which has them).
    pub has_build_tools: bool,
}

/// Reads an official `python` image reference (also through a mirror); `None` for any other
/// image, where the model does not claim to know what is installed.
pub fn python_base(reference: &str) -> Option<PythonBase> {
    python_base_parsed(reference, &ImageRef::parse(reference)?)
}

/// [`python_base`] of `reference` when `parsed` is its [`ImageRef::parse`] (STG001 builds
/// the slim image's reading without parsing its text).
pub fn python_base_parsed(reference: &str, parsed: &ImageRef) -> Option<PythonBase> {
    if parsed.official_name()? != "python" {
        return None;
    }
    let tag = reference
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map_or("latest", |(_, t)| t)
        .split('@')
        .next()
        .unwrap_or("latest");
    // Tags are short: compared in place, where a substring searcher cost more to set up.
    let alpine = has_part(tag, "alpine");
    let slim = has_part(tag, "slim");
    Some(PythonBase {
        image: reference.to_string(),
        python: python_of_tag(tag),
        libc: if alpine { Libc::Musl } else { Libc::Glibc },
        has_build_tools: !alpine && !slim,
    })
}

/// The packages a `pip install` command line installs: the names it lists, and with `-r` the
/// requirements given beside the Dockerfile (when there are some). `words` starts after the
/// program (`install`, flags, names); `python -m pip` and `uv pip` callers drop their prefix.
pub fn pip_packages<S: AsRef<str>>(words: &[S], requirements: Option<&str>) -> Vec<String> {
    let Some(at) = words.iter().position(|w| w.as_ref() == "install") else {
        return Vec::new();
    };
    let mut names = Vec::new();
    let mut reads_requirements = false;
    let mut i = at + 1;
    while i < words.len() {
        let word = words[i].as_ref();
        let flag = word.split_once('=').map_or(word, |(f, _)| f);
        let inline = word.contains('=') && word.starts_with('-');
        match flag {
            "-r" | "--requirement" => {
                reads_requirements = true;
                if !inline {
                    i += 1;
                }
            }
            "-c" | "--constraint" | "-i" | "--index-url" | "--extra-index-url" | "-f"
            | "--find-links" | "--trusted-host" | "--platform" | "--python-version"
            | "--implementation" | "--abi" | "--progress-bar" | "--src" | "--cache-dir"
            | "--root-user-action" | "--only-binary" | "--no-binary" | "--root" | "-t"
            | "--target" | "--prefix" | "-e" | "--editable" => {
                if !inline {
                    i += 1;
                }
            }
            f if f.starts_with('-') => {}
            _ => {
                let local = word == "."
                    || word.starts_with("./")
                    || word.starts_with('/')
                    || word.ends_with(".whl")
                    || word.ends_with(".tar.gz")
                    || word.contains("://");
                if !local {
                    let end = word
                        .find(|c: char| "=<>!~ ,;".contains(c))
                        .unwrap_or(word.len());
                    if end > 0 {
                        names.push(normalize_python(&word[..end]));
                    }
                }
            }
        }
        i += 1;
    }
    if reads_requirements {
        names.extend(requirements.map(requirements_names).unwrap_or_default());
    }
    names
}

/// The words after `pip` when `command` runs pip (`pip`, `pip3`, `python -m pip`,
/// `uv pip`), else `None`.
pub fn pip_words<S: AsRef<str>>(command: &[S]) -> Option<&[S]> {
    let program = command.first()?.as_ref().rsplit('/').next()?;
    if program == "pip" || program.starts_with("pip3") || program == "pip2" {
        return Some(&command[1..]);
    }
    if program.starts_with("python")
        && command.get(1).is_some_and(|w| w.as_ref() == "-m")
        && command.get(2).is_some_and(|w| w.as_ref() == "pip")
    {
        return Some(&command[3..]);
    }
    if program == "uv" && command.get(1).is_some_and(|w| w.as_ref() == "pip") {
        return Some(&command[2..]);
    }
    None
}

/// A package that would build from source, with the build packages nothing installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingBuild {
    pub build: SourceBuild,
    /// The Debian packages (or, on Alpine, `build-base`) not installed before the install.
    pub missing: Vec<&'static str>,
}

/// Whether the packages the stage installed with apt or apk cover a build package.
fn covered(package: &str, installed: &HashSet<String>) -> bool {
    let compilers = ["build-essential", "build-base", "gcc", "g++", "clang"];
    installed.contains(package)
        || (package == "gcc" && compilers.iter().any(|c| installed.contains(*c)))
}

/// Of `packages`, the ones that build from source on `base` and what the earlier layers
/// (`installed`: names given to `apt-get install` / `apk add`) left missing for that.
pub fn missing_builds(
    packages: &[String],
    base: &PythonBase,
    installed: &HashSet<String>,
) -> Vec<MissingBuild> {
    if base.has_build_tools {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in packages {
        let Some(build) = source_build(name, base.python, base.libc) else {
            continue;
        };
        if !seen.insert(build.package.clone()) {
            continue;
        }
        let missing: Vec<&'static str> = match base.libc {
            Libc::Glibc => build
                .build_packages
                .iter()
                .copied()
                .filter(|p| !covered(p, installed))
                .collect(),
            // Alpine names its packages differently; the compiler is what can be checked.
            Libc::Musl => (!covered("gcc", installed))
                .then_some("build-base")
                .into_iter()
                .collect(),
        };
        if !missing.is_empty() {
            out.push(MissingBuild { build, missing });
        }
    }
    out
}

/// The names an `apt-get install` / `apt install` / `apk add` command installs.
pub fn system_installs<S: AsRef<str>>(command: &[S]) -> Vec<String> {
    let program = command
        .first()
        .map(|p| p.as_ref().rsplit('/').next().unwrap_or(p.as_ref()))
        .unwrap_or("");
    let sub = match program {
        "apt-get" | "apt" => "install",
        "apk" => "add",
        _ => return Vec::new(),
    };
    let Some(at) = command.iter().position(|w| w.as_ref() == sub) else {
        return Vec::new();
    };
    command[at + 1..]
        .iter()
        .map(AsRef::as_ref)
        .filter(|w| !w.starts_with('-'))
        .map(|w| w.split('=').next().unwrap_or(w).to_string())
        .collect()
}

/// `this RUN would fail: psycopg2 builds from source and needs gcc and libpq-dev, which no
/// earlier layer installs on python:3.12-slim; ...`
pub fn failure_note(missing: &[MissingBuild], base: &PythonBase) -> String {
    let what: Vec<String> = missing
        .iter()
        .map(|m| {
            format!(
                "{} builds from source and needs {}",
                m.build.package,
                and_list(&m.missing)
            )
        })
        .collect();
    let binaries: Vec<String> = missing
        .iter()
        .filter_map(|m| {
            m.build
                .alternative
                .map(|a| format!("{a} instead of {}", m.build.package))
        })
        .collect();
    // The runtime packages are Debian's names; Alpine's differ, so they are named only there.
    let runtime: Vec<&str> = match base.libc {
        Libc::Glibc => missing
            .iter()
            .flat_map(|m| m.build.runtime_packages.iter().copied())
            .collect(),
        Libc::Musl => Vec::new(),
    };
    let mut fix = String::from(
        "install them in an earlier builder stage and copy the installed packages over",
    );
    if !runtime.is_empty() {
        fix.push_str(&format!(
            " (this stage then needs only {} at run time)",
            and_list(&runtime)
        ));
    }
    if !binaries.is_empty() {
        fix.push_str(&format!(
            ", or use {}, which ships a prebuilt wheel",
            and_list(&binaries.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    let python = base.python.map_or("this Python".to_string(), |(a, b)| {
        format!("Python {a}.{b}")
    });
    format!(
        "this RUN would fail: {}, which no earlier layer installs on {} (PyPI has no prebuilt wheel of it for {python}); {fix}",
        what.join("; "),
        base.image
    )
}

/// Adds [`failure_note`] to every `RUN` layer whose `pip install` needs a compiler its stage
/// lacks. Stages that build on an earlier stage carry over what it installed.
/// Per stage, how many later `FROM`s build on it, found by name as [`annotate`] finds them.
fn stage_readers(steps: &[Step]) -> Vec<u32> {
    let mut readers: Vec<u32> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for step in steps.iter().filter(|step| step.keyword == "FROM") {
        let reference = step.words.first().map_or("", String::as_str);
        if let Some(&parent) = names.get(&reference.to_ascii_lowercase()) {
            readers[parent] += 1;
        }
        if let (Some(as_word), Some(name)) = (step.words.get(1), step.words.get(2)) {
            if as_word.eq_ignore_ascii_case("as") {
                names.insert(name.to_ascii_lowercase(), readers.len());
            }
        }
        readers.push(0);
    }
    readers
}

pub(crate) fn annotate(steps: &[Step], requirements: Option<&str>, estimate: &mut SizeEstimate) {
    struct Stage {
        base: Option<PythonBase>,
        installed: HashSet<String>,
    }
    let mut stages: Vec<Stage> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut notes: Vec<(usize, usize, String)> = Vec::new();
    let mut readers = stage_readers(steps);
    for step in steps {
        match &*step.keyword {
            "FROM" => {
                let reference = step.words.first().cloned().unwrap_or_default();
                let stage = match names.get(&reference.to_ascii_lowercase()) {
                    // Only a Python stage reads what was installed, and a stage built on
                    // another has its base: others carry nothing over. The last stage built
                    // on one takes its set: a chain of thousands of stages does not copy a
                    // growing set into each.
                    Some(&parent) => Stage {
                        base: stages[parent].base.clone(),
                        installed: {
                            readers[parent] = readers[parent].saturating_sub(1);
                            if stages[parent].base.is_none() {
                                HashSet::new()
                            } else if readers[parent] == 0 {
                                std::mem::take(&mut stages[parent].installed)
                            } else {
                                stages[parent].installed.clone()
                            }
                        },
                    },
                    None => Stage {
                        base: python_base(&reference),
                        installed: HashSet::new(),
                    },
                };
                if let (Some(as_word), Some(name)) = (step.words.get(1), step.words.get(2)) {
                    if as_word.eq_ignore_ascii_case("as") {
                        names.insert(name.to_ascii_lowercase(), stages.len());
                    }
                }
                stages.push(stage);
            }
            "RUN" => {
                let index = stages.len().wrapping_sub(1);
                let Some(stage) = stages.last_mut() else {
                    continue;
                };
                let Some(base) = &stage.base else { continue };
                for command in &step.commands {
                    stage.installed.extend(system_installs(&command.words));
                    let Some(words) = pip_words(&command.words) else {
                        continue;
                    };
                    let missing =
                        missing_builds(&pip_packages(words, requirements), base, &stage.installed);
                    if !missing.is_empty() {
                        notes.push((index, step.line, failure_note(&missing, base)));
                    }
                }
            }
            _ => {}
        }
    }
    for (stage, line, note) in notes {
        // Stage `i` is `stages[i]`, its layers in line order: found without a scan per note.
        let layers = estimate
            .stages
            .get_mut(stage)
            .filter(|s| s.index == stage)
            .map_or(&mut [][..], |s| &mut s.layers[..]);
        let at = layers.partition_point(|l| l.line < line);
        if let Some(layer) = layers.get_mut(at).filter(|l| l.line == line) {
            if !layer.notes.contains(&note) {
                layer.notes.push(note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_what_pip_installs() {
        assert_eq!(
            pip_packages(
                &words("install --no-cache-dir psycopg2==2.9.9 Flask -r req.txt"),
                Some("numpy\n")
            ),
            ["psycopg2", "flask", "numpy"]
        );
        assert_eq!(
            pip_packages(&words("install -e . --target=/x"), None),
            Vec::<String>::new()
        );
        assert_eq!(
            pip_words(&words("python3 -m pip install x")).map(<[String]>::len),
            Some(2)
        );
        assert_eq!(
            system_installs(&words(
                "apt-get install -y --no-install-recommends gcc libpq-dev=15"
            )),
            ["gcc", "libpq-dev"]
        );
    }

    #[test]
    fn slim_needs_what_full_images_have() {
        let slim = python_base("python:3.12-slim").unwrap();
        let full = python_base("docker.io/library/python:3.12").unwrap();
        assert!(python_base("ubuntu:24.04").is_none());
        let packages = vec!["psycopg2".to_string(), "flask".to_string()];
        let missing = missing_builds(&packages, &slim, &HashSet::new());
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].missing, ["gcc", "libpq-dev"]);
        assert!(missing_builds(&packages, &full, &HashSet::new()).is_empty());
        let installed: HashSet<String> =
            ["build-essential".to_string(), "libpq-dev".to_string()].into();
        assert!(missing_builds(&packages, &slim, &installed).is_empty());
        let gcc_only: HashSet<String> = ["gcc".to_string()].into();
        assert_eq!(
            missing_builds(&packages, &slim, &gcc_only)[0].missing,
            ["libpq-dev"]
        );
        let alpine = python_base("python:3.12-alpine").unwrap();
        let on_alpine = missing_builds(&packages, &alpine, &HashSet::new());
        assert_eq!(on_alpine[0].missing, ["build-base"]);
        let note = failure_note(&on_alpine, &alpine);
        assert!(
            note.contains("needs build-base") && !note.contains("libpq5"),
            "{note}"
        );
    }
}
