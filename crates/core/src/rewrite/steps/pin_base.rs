use crate::edit::Edit;
use crate::rewrite::facts::{self, short_name, split_image};
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Outcome, StepChange};
use crate::size::knowledge::{knowledge, BaseMatch};

declare_step! {
    /// ## What it does
    /// Gives every external base image a version tag: `python` and `python:latest` become
    /// the version `latest` points at today (from docker-library's tag list), keeping any
    /// variant the tag named (`python:slim` → `python:3.14-slim`).
    ///
    /// ## Why
    /// `latest` moves: the same Dockerfile builds a different Python next month, and the
    /// build cache is thrown away whenever it moves.
    ///
    /// ## Example
    /// `FROM python` → `FROM python:3.14`
    STEP = {
        id: "pin-base",
        title: "Pin the base image tag",
        stacks: [],
        run: run,
    }
}

/// Images without a docker-library `latest` alias in the data: the current release line.
const DEFAULTS: &[(&str, &str)] = &[
    ("eclipse-temurin", "21"),
    ("maven", "3-eclipse-temurin-21"),
    ("gradle", "jdk21"),
    ("amazoncorretto", "21"),
];

fn version_of(image: &str) -> Option<String> {
    let name = short_name(image);
    if let Some(alias) = knowledge().tag_alias(name, "latest") {
        let canonical = alias.canonical;
        let first = canonical.split('-').next().unwrap_or(canonical);
        let version = if first.starts_with(|c: char| c.is_ascii_digit()) {
            first
        } else {
            canonical
        };
        return Some(version.to_string());
    }
    DEFAULTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

/// Whether docker-library publishes `name` with versioned tags ending in `-variant`
/// (`3.12-slim` for `slim`), as `name:<version>-<variant>` assumes: `slim` and `alpine` are
/// variants, `lts`, `edge` and Node's release codenames (`argon`) are not.
fn published_with(name: &str, variant: &str) -> bool {
    let k = knowledge();
    let suffix = format!("-{variant}");
    let versioned =
        |tag: &str| tag.starts_with(|c: char| c.is_ascii_digit()) && tag.ends_with(&suffix);
    k.tag_aliases
        .get(name)
        .is_some_and(|tags| tags.keys().any(|t| versioned(t)))
        || k.base_images
            .iter()
            .any(|row| short_name(row.image) == name && versioned(row.tag))
}

fn run(cx: &Context) -> Outcome {
    let file = cx.file;
    let stages = file.stages();
    let named = facts::FirstStages::new(&stages);
    let mut edits = Vec::new();
    let mut pinned = Vec::new();
    let mut unknown = Vec::new();
    let mut unlisted = Vec::new();
    for stage in &stages {
        if stage.base.contains('$')
            || stage.base == "scratch"
            || named
                .first(&stage.base)
                .is_some_and(|s| s.index < stage.index)
        {
            continue;
        }
        let (image, tag) = split_image(&stage.base);
        // `slim`, `alpine`, `bookworm` name a variant, not a version (except for the
        // distributions and buildpack-deps, whose codenames are their versions).
        let variant_only = !tag.is_empty()
            && !tag.contains(|c: char| c.is_ascii_digit())
            && !tag.starts_with("latest")
            && !matches!(
                short_name(image),
                "debian" | "ubuntu" | "buildpack-deps" | "scratch"
            );
        if !tag.is_empty() && !variant_only && tag != "latest" && !tag.starts_with("latest-") {
            continue;
        }
        let Some(version) = version_of(image) else {
            unknown.push(stage.base.clone());
            continue;
        };
        let variant = if tag.is_empty() || tag == "latest" {
            String::new()
        } else if let Some(rest) = tag.strip_prefix("latest") {
            rest.to_string()
        } else {
            format!("-{tag}")
        };
        let mut wanted = format!("{image}:{version}{variant}");
        // A variant the current version is not published with (`node:argon` names Node 4's
        // release line, and there is no `node:26-argon`) would be a tag that does not exist.
        if !variant.is_empty()
            && !matches!(
                knowledge().find_base(&wanted).matched,
                BaseMatch::Exact | BaseMatch::Alias
            )
            && !published_with(short_name(image), variant.trim_start_matches('-'))
        {
            // A floating tag docker-library lists (`lts-alpine`) is pinned to the tag it
            // publishes the same image under today (`24-alpine3.24`).
            match knowledge().tag_alias(short_name(image), tag) {
                Some(alias) => wanted = format!("{image}:{}", alias.canonical),
                None => {
                    unlisted.push((stage.base.clone(), wanted));
                    continue;
                }
            }
        }
        // Three `FROM alpine` are said once.
        let said = format!("`{}` → `{wanted}`", stage.base);
        if !pinned.contains(&said) {
            pinned.push(said);
        }
        edits.push(Edit::replace(stage.base_span, wanted));
    }
    if edits.is_empty() {
        if let Some((base, wanted)) = unlisted.first() {
            return Outcome::CannotApply {
                reason: format!("docker-library's tag list has no `{wanted}`: the tag of `{base}` names a variant or release line that the current version is not published with"),
                todo: format!("look up the tags of `{}` and write the version you test with", split_image(base).0),
            };
        }
        if let Some(base) = unknown.first() {
            return Outcome::CannotApply {
                reason: format!("`{base}` has no version tag and the data does not say which version `latest` is today"),
                todo: format!("pick the version you test with and write it: `FROM {base}:<version>`"),
            };
        }
        return Outcome::NotApplicable("every base image already names a version".into());
    }
    Outcome::Applied(
        StepChange::changing(
            edits,
            format!(
                "Pinned {}: a rebuild next month gets the same base, and the build cache survives until you choose to move.",
                pinned.join(", ")
            ),
            "the base is the version `latest` points at today; if your last build pulled an older `latest`, the Python/Node/Go version may differ",
        )
        .assuming("the version `latest` points at in docker-library's tag list is the one you want"),
    )
}
