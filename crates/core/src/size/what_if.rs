//! "What if": this file's shipped image on a slim, an Alpine and a distroless base, each sized
//! by the same model as the file itself, so the Layers tab can compare bases before anyone
//! rewrites a line.
//!
//! The final stage's `FROM` is swapped for the other base and the whole file estimated again:
//! every layer of the final stage is sized on the new base (its packages, its Python), not a
//! base-for-base difference. What would break on that base (no shell, no apt-get) is said in
//! the row's note, next to the figure.

use super::image_ref::ImageRef;
use super::knowledge::{base_knowledge, version_of, BaseMatch};
use super::{estimate, Bytes, EstimateInputs, SizeEstimate};
use crate::syntax::{self, Dockerfile, InstructionKind};

/// The shipped image on another kind of base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherBase {
    /// `slim`, `alpine` or `distroless`.
    pub kind: &'static str,
    /// What the final stage's `FROM` would name (`python:3.12-slim`).
    pub image: String,
    /// The image's size on that base; `None` when the base table has no such image.
    pub image_bytes: Option<Bytes>,
    /// `true` when this is the base the file already uses.
    pub current: bool,
    /// What a person should know: why there is no figure, or what would break on that base.
    pub note: Option<String>,
}

/// The shipped image of `parsed` on a slim, an Alpine and a distroless base, in that order.
/// Empty when the final stage builds on an earlier stage or its base cannot be read (a
/// variable): there is no one base to swap. Never panics.
pub fn other_bases(
    parsed: &Dockerfile,
    inputs: &EstimateInputs,
    current: &SizeEstimate,
) -> Vec<OtherBase> {
    let Some(index) = current.image_stage else {
        return Vec::new();
    };
    let (Some(stage), Some(sized)) = (
        parsed.stages().get(index).cloned(),
        current.stages.get(index),
    ) else {
        return Vec::new();
    };
    if sized.base_image.is_none() {
        return Vec::new();
    }
    let Some(reference) = ImageRef::parse(&sized.base) else {
        return Vec::new();
    };
    let name = short_name(&reference);
    let tag = reference.tag.clone().unwrap_or_default();
    let version = version_text(&tag);
    let runs: Vec<&syntax::Instruction> = parsed.instructions()[stage.instructions.clone()]
        .iter()
        .filter(|i| i.kind() == InstructionKind::Run)
        .collect();
    let uses_apt = runs
        .iter()
        .any(|i| parsed.text(i.span).contains("apt-get") || parsed.text(i.span).contains("apt "));
    let variant = |suffix: &str| match &version {
        Some(version) => format!("{name}:{version}-{suffix}"),
        None => format!("{name}:{suffix}"),
    };
    let candidates = [
        ("slim", variant("slim"), None),
        (
            "alpine",
            variant("alpine"),
            uses_apt.then(|| {
                "Alpine has no apt-get: this stage's packages would be installed with apk, under other names".to_string()
            }),
        ),
        (
            "distroless",
            distroless_for(&name, version.as_deref()),
            (!runs.is_empty()).then(|| {
                format!(
                    "distroless has no shell and no package manager: the final stage's {} RUN step{} would fail; run {} in an earlier stage and copy the result (the Rewrite tab's multi-stage step)",
                    runs.len(),
                    if runs.len() == 1 { "" } else { "s" },
                    if runs.len() == 1 { "it" } else { "them" },
                )
            }),
        ),
    ];
    let source = parsed.source();
    candidates
        .into_iter()
        .map(|(kind, image, breaks)| {
            let is_current = same_image(&image, &sized.base);
            let known = base_knowledge().find_base(&image);
            if known.matched == BaseMatch::Unknown || known.row.is_none() {
                return OtherBase {
                    kind,
                    image: image.clone(),
                    image_bytes: None,
                    current: is_current,
                    note: Some(format!(
                        "the base image table has no size for {image}, so it is not compared"
                    )),
                };
            }
            let image_bytes = if is_current {
                current.image
            } else {
                let span = stage.base_span;
                let text = format!("{}{image}{}", &source[..span.start], &source[span.end..]);
                estimate(&syntax::parse(&text), inputs).image
            };
            OtherBase {
                kind,
                image,
                image_bytes: Some(image_bytes),
                current: is_current,
                note: breaks,
            }
        })
        .collect()
}

/// `python` for Docker Hub's official images, the whole repository path otherwise.
fn short_name(reference: &ImageRef) -> String {
    let repository = reference
        .repository
        .strip_prefix("library/")
        .unwrap_or(&reference.repository);
    if reference.registry == "docker.io" {
        repository.to_string()
    } else {
        format!("{}/{repository}", reference.registry)
    }
}

/// The version a tag starts with (`3.12` of `3.12-slim-bookworm`), if it starts with one.
fn version_text(tag: &str) -> Option<String> {
    let version: String = tag
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.');
    (!version.is_empty()).then(|| version.to_string())
}

/// The distroless image for a language's official image: its runtime where distroless ships
/// one, `static` for Go's static binaries, `cc` for Rust's, `base` (glibc) otherwise.
fn distroless_for(name: &str, version: Option<&str>) -> String {
    let major = version.map(version_of).and_then(|v| v.first().copied());
    let image = match name {
        "python" | "pypy" => "python3-debian12",
        "node" => "nodejs22-debian12",
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "maven" | "gradle" => {
            if major == Some(17) {
                "java17-debian12"
            } else {
                "java21-debian12"
            }
        }
        "golang" => "static-debian12",
        "rust" | "gcc" => "cc-debian12",
        _ => "base-debian12",
    };
    format!("gcr.io/distroless/{image}")
}

/// Whether two references name the same image (Docker Hub's aliases and `library/` alike).
fn same_image(a: &str, b: &str) -> bool {
    match (ImageRef::parse(a), ImageRef::parse(b)) {
        (Some(a), Some(b)) => {
            a.registry == b.registry && a.repository == b.repository && a.tag == b.tag
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(text: &str) -> (SizeEstimate, Vec<OtherBase>) {
        let parsed = syntax::parse(text);
        let inputs = EstimateInputs::default();
        let current = estimate(&parsed, &inputs);
        let others = other_bases(&parsed, &inputs, &current);
        (current, others)
    }

    #[test]
    fn a_full_python_image_is_compared_on_slim_alpine_and_distroless() {
        let (current, others) =
            other("FROM python:3.12\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n");
        let kinds: Vec<_> = others.iter().map(|o| (o.kind, o.image.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("slim", "python:3.12-slim"),
                ("alpine", "python:3.12-alpine"),
                ("distroless", "gcr.io/distroless/python3-debian12")
            ]
        );
        for o in &others {
            let bytes = o.image_bytes.unwrap_or_else(|| panic!("{o:?}"));
            assert!(
                bytes.expected < current.image.expected,
                "{o:?} vs {:?}",
                current.image
            );
            assert!(!o.current && o.note.is_none(), "{o:?}");
        }
        let alpine = others[1].image_bytes.unwrap().expected;
        let slim = others[0].image_bytes.unwrap().expected;
        assert!(alpine < slim, "alpine {alpine} < slim {slim}");
    }

    #[test]
    fn what_breaks_on_each_base_is_said_and_the_files_own_base_is_marked() {
        let (current, others) = other(
            "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n",
        );
        assert!(others[0].current, "{:?}", others[0]);
        assert_eq!(others[0].image_bytes, Some(current.image));
        assert!(
            others[1].note.as_deref().unwrap().contains("apk"),
            "{:?}",
            others[1]
        );
        let distroless = others[2].note.as_deref().unwrap();
        assert!(
            distroless.contains("2 RUN steps would fail"),
            "{distroless}"
        );
    }

    #[test]
    fn a_final_stage_on_an_earlier_stage_or_a_variable_has_no_comparison() {
        assert!(other("FROM python:3.12 AS build\nFROM build\n")
            .1
            .is_empty());
        assert!(other("ARG BASE\nFROM $BASE\n").1.is_empty());
        assert!(other("").1.is_empty());
    }

    #[test]
    fn an_image_without_slim_or_alpine_rows_says_so() {
        let (_, others) = other("FROM nosuchvendor/thing:1.0\n");
        assert_eq!(others.len(), 3);
        for o in &others[..2] {
            assert!(o.image_bytes.is_none(), "{o:?}");
            assert!(o.note.as_deref().unwrap().contains("no size for"), "{o:?}");
        }
        // glibc's distroless image stands in for an image the table does not know.
        assert_eq!(others[2].image, "gcr.io/distroless/base-debian12");
        assert!(others[2].image_bytes.is_some(), "{:?}", others[2]);
    }
}
