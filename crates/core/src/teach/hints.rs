//! Short hints a good guide gives when the file calls for them, beyond the lint rules:
//! Python packages on Alpine (musl: no manylinux wheels), and a base image pinned to one CPU
//! architecture.

use crate::rewrite::facts;
use crate::size::wheels::{self, source_build, Libc};
use crate::syntax::Dockerfile;

/// One hint, tied to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Stable id (`python-on-alpine`, `pinned-platform`).
    pub id: &'static str,
    /// The line it is about (1-based).
    pub line: usize,
    /// Cause, effect on this file, what to do.
    pub message: String,
    /// Glossary term ids the message uses.
    pub terms: Vec<&'static str>,
}

/// What is known about a Python package's prebuilt wheels for Linux.
pub trait WheelFacts {
    /// `Some(true)` when a musllinux wheel (or a pure-Python one) exists for CPython
    /// `python` (the newest known when `None`), `Some(false)` when none does (pip compiles
    /// it on Alpine), `None` when not known.
    fn musllinux_wheel(&self, package: &str, python: Option<(u32, u32)>) -> Option<bool>;
}

/// The wheel table the size model reads (`data/pypi_wheels.tsv`, read from PyPI's JSON API
/// per package and CPython version): only what was measured is claimed.
pub struct KnownWheels;

impl WheelFacts for KnownWheels {
    fn musllinux_wheel(&self, package: &str, python: Option<(u32, u32)>) -> Option<bool> {
        if source_build(package, python, Libc::Musl).is_some() {
            Some(false)
        } else {
            wheels::known(package).then_some(true)
        }
    }
}

/// The hints for `file`; `requirements` is the requirements.txt or pyproject text, if given.
pub fn hints(file: &Dockerfile, requirements: Option<&str>, wheels: &dyn WheelFacts) -> Vec<Hint> {
    let mut out = Vec::new();
    for stage in file.stages() {
        let base = stage.base.to_ascii_lowercase();
        let line = file
            .instructions()
            .get(stage.from)
            .map_or(1, |i| i.start_line);
        if let Some(hint) = pinned_platform(&base, stage.platform.as_deref(), line) {
            out.push(hint);
        }
        let (image, tag) = facts::split_image(&base);
        let on_alpine = facts::short_name(image) == "alpine" || tag.contains("alpine");
        if !on_alpine {
            continue;
        }
        let python = if facts::short_name(image) == "python" {
            wheels::python_of_tag(tag)
        } else {
            None
        };
        let Some((run_line, named)) = pip_installs(file, &stage) else {
            continue;
        };
        let mut packages = named;
        if packages.iter().any(|p| p.starts_with("-r")) {
            packages.retain(|p| !p.starts_with("-r"));
            if let Some(text) = requirements {
                packages.extend(crate::size::requirements_names(text));
            }
        }
        let source_only: Vec<String> = packages
            .iter()
            .filter(|p| wheels.musllinux_wheel(p, python) == Some(false))
            .cloned()
            .collect();
        let which = if source_only.is_empty() {
            "any package without a musllinux wheel".to_string()
        } else {
            format!(
                "{} (no musllinux wheel for this Python) and any other package without one",
                source_only
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        // Some packages compile on every base (no wheel at all for this Python); the others
        // only on musl, so a `-slim` base installs them from wheels.
        let (everywhere, musl_only): (Vec<&String>, Vec<&String>) = source_only
            .iter()
            .partition(|p| source_build(p, python, Libc::Glibc).is_some());
        let quoted = |list: &[&String]| {
            list.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let instead = if everywhere.is_empty() {
            "Unless the image must be Alpine, a `-slim` base installs the same packages from wheels.".to_string()
        } else {
            let twin = if everywhere
                .iter()
                .any(|p| p.eq_ignore_ascii_case("psycopg2"))
            {
                " (or use `psycopg2-binary`, which ships wheels)"
            } else {
                ""
            };
            let others = if musl_only.is_empty() {
                "the others".to_string()
            } else {
                quoted(&musl_only)
            };
            format!(
                "A `-slim` base installs {others} from wheels; {} compiles on any base, so build it in a builder stage that has gcc and the headers{twin}.",
                quoted(&everywhere)
            )
        };
        out.push(Hint {
            id: "python-on-alpine",
            line: run_line,
            message: format!(
                "This pip install runs on Alpine, which uses musl instead of glibc, so the usual prebuilt packages (manylinux wheels) do not fit: {which} is compiled from source. That needs gcc, musl-dev and the library's headers in the image, takes far longer than unpacking a wheel, and sometimes fails. {instead}"
            ),
            terms: vec!["alpine", "musl", "wheel"],
        });
    }
    out
}

/// The first RUN of the stage that runs `pip install`, with the words after `install`.
fn pip_installs(
    file: &Dockerfile,
    stage: &crate::syntax::stages::Stage,
) -> Option<(usize, Vec<String>)> {
    for (index, command) in facts::run_commands(file, stage) {
        let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
        let pip = words.iter().position(|w| {
            matches!(
                w.rsplit('/').next().unwrap_or(w),
                "pip" | "pip3" | "pip3.12" | "pip3.13" | "pip3.11"
            )
        });
        let pip = pip.or_else(|| {
            words
                .windows(2)
                .position(|w| w == ["-m", "pip"])
                .map(|i| i + 1)
        });
        let Some(pip) = pip else { continue };
        if words.get(pip + 1) != Some(&"install") {
            continue;
        }
        let mut named = Vec::new();
        let mut rest = words[pip + 2..].iter();
        while let Some(word) = rest.next() {
            if *word == "-r" || *word == "--requirement" {
                rest.next();
                named.push("-r".to_string());
            } else if word.starts_with("-r") || word.starts_with("--requirement=") {
                named.push("-r".to_string());
            } else if !word.starts_with('-') && !word.starts_with('.') && !word.contains('/') {
                let name = word
                    .split(['=', '<', '>', '~', '!', '[', ';'])
                    .next()
                    .unwrap_or(word);
                named.push(name.to_string());
            }
        }
        let line = file.instructions().get(index).map_or(1, |i| i.start_line);
        return Some((line, named));
    }
    None
}

/// Docker Hub's per-architecture namespaces (`arm64v8/python`, `amd64/node`).
const ARCH_NAMESPACES: &[&str] = &[
    "amd64",
    "arm32v5",
    "arm32v6",
    "arm32v7",
    "arm64v8",
    "i386",
    "ppc64le",
    "s390x",
    "riscv64",
    "mips64le",
    "windows-amd64",
];

fn pinned_platform(base: &str, platform: Option<&str>, line: usize) -> Option<Hint> {
    let base = base.strip_prefix("docker.io/").unwrap_or(base);
    let namespace = base.split_once('/').map(|(ns, _)| ns);
    let pinned = match (platform, namespace) {
        // `$BUILDPLATFORM`/`$TARGETPLATFORM` follow the build; only a written value pins.
        (Some(p), _) if !p.contains('$') => format!("`--platform={p}`"),
        (_, Some(ns)) if ARCH_NAMESPACES.contains(&ns) => format!("the `{ns}/` image"),
        _ => return None,
    };
    Some(Hint {
        id: "pinned-platform",
        line,
        message: format!(
            "{pinned} ties this stage to one CPU architecture: on a machine of another kind (an Apple silicon Mac, an ARM server) Docker runs it under emulation, several times slower, and the image runs only on that architecture. Use the plain image name and no `--platform` to build for the machine you build on; to publish for several, build with `docker buildx build --platform linux/amd64,linux/arm64`."
        ),
        terms: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, requirements: Option<&str>) -> Vec<(&'static str, usize, String)> {
        hints(&crate::parse(text), requirements, &KnownWheels)
            .into_iter()
            .map(|h| (h.id, h.line, h.message))
            .collect()
    }

    #[test]
    fn python_on_alpine_names_the_packages_that_will_compile() {
        let found = ids(
            "FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
            Some("Django==5.0\npsycopg2==2.9.9\n"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), ("python-on-alpine", 3));
        assert!(
            found[0]
                .2
                .contains("`psycopg2` (no musllinux wheel for this Python)"),
            "{}",
            found[0].2
        );
        // From the measured wheel table: scikit-learn has manylinux wheels but no musllinux
        // one, so it compiles on Alpine; numpy has both, so it is not named.
        let measured = ids(
            "FROM python:3.12-alpine\nRUN pip install numpy scikit-learn\n",
            None,
        );
        assert!(
            measured[0].2.contains("`scikit-learn` (no musllinux"),
            "{}",
            measured[0].2
        );
        assert!(!measured[0].2.contains("`numpy`"), "{}", measured[0].2);
        assert!(
            measured[0]
                .2
                .contains("a `-slim` base installs the same packages from wheels"),
            "{}",
            measured[0].2
        );
        // Without the requirements: the neutral wording.
        let neutral = ids("FROM python:3.12-alpine\nRUN pip install flask\n", None);
        assert!(neutral[0]
            .2
            .contains("any package without a musllinux wheel is compiled"));
        // Not on slim, and not on Alpine without pip.
        assert!(ids("FROM python:3.12-slim\nRUN pip install psycopg2\n", None).is_empty());
        assert!(ids("FROM alpine:3.20\nRUN apk add curl\n", None).is_empty());
    }

    #[test]
    fn a_pinned_architecture_suggests_buildx() {
        let found = ids("FROM --platform=linux/amd64 python:3.12-slim\n", None);
        assert_eq!(found[0].0, "pinned-platform");
        assert!(
            found[0].2.starts_with("`--platform=linux/amd64` ties"),
            "{}",
            found[0].2
        );
        assert!(found[0].2.contains("docker buildx build --platform"));
        let ns = ids("FROM arm64v8/node:22\n", None);
        assert!(ns[0].2.starts_with("the `arm64v8/` image"), "{}", ns[0].2);
        assert!(ids(
            "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n",
            None
        )
        .is_empty());
        assert!(ids("FROM myorg/app:1\n", None).is_empty());
    }
}
