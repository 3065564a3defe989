//! How the corpus's `FROM` lines find their base image: every line that names a public image
//! (not a stage, not `scratch`, not a reference with an unresolved variable) resolves `exact`,
//! `alias`, `nearest` or `unknown`, and every `nearest` names the row it used and widens its
//! range.
//!
//! A line counts as naming a public image unless [`not_a_public_image`] gives the rule that
//! says no image by that name can be pulled from a public registry (a one-word name
//! docker-library never published, a tag Docker refuses, a host only a private network
//! reaches); the test prints the counts both over every such line and over the public ones.
//!
//! `cargo test -p stagecraft-core --test size_base_coverage -- --nocapture` prints the counts
//! and the most common references that still have no row of their own, then the same misses
//! grouped by image (registry and repository), largest group first.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use stagecraft_core::parse;
use stagecraft_core::size::image_ref::{valid_tag, ImageRef};
use stagecraft_core::size::knowledge::knowledge;
use stagecraft_core::size::{estimate, BaseMatch, EstimateInputs};

/// Every name docker-library ever published as an official image (`fixtures/official_images.txt`
/// says from which official-images commit).
fn official_images() -> HashSet<String> {
    include_str!("fixtures/official_images.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

/// Why no public registry serves an image by this reference, or `None` when one may.
///
/// - Docker reads a one-word name (`base`, `nowhere`, a 64-digit image ID) as
///   `docker.io/library/<name>`, which exists only for the official images: any other is an
///   image built on this machine (by another Dockerfile, a build script, or the test itself).
/// - A tag Docker's reference grammar refuses (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`, so no
///   `%%VERSION%%` template) cannot be pulled.
/// - `localhost`, a single-label host (`foo:443`), and the names RFC 2606 and RFC 6761 reserve
///   (`example.com`, `*.example`, `*.test`, `*.invalid`, `*.localhost`) are registries no one
///   outside a private network can reach.
fn not_a_public_image(reference: &str, official: &HashSet<String>) -> Option<&'static str> {
    let image = ImageRef::parse(reference)?;
    if let Some(name) = image.official_name() {
        if !official.contains(name) {
            return Some("a one-word name docker-library never published: a local image");
        }
    }
    if let Some(tag) = &image.tag {
        if !valid_tag(tag) {
            return Some("a tag Docker refuses");
        }
    }
    let host = image.registry.split(':').next().unwrap_or_default();
    let reserved = ["example", "test", "invalid", "localhost"]
        .iter()
        .any(|tld| host == *tld || host.ends_with(&format!(".{tld}")))
        || ["example.com", "example.net", "example.org"]
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    if image.registry != "docker.io" && (reserved || !host.contains('.')) {
        return Some("a registry only a private network reaches");
    }
    None
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap_or_else(|e| {
        panic!(
            "the shared corpus is missing: expected {} (a copy of shared/ beside the repository): {e}",
            dir.display()
        )
    });
    text.lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .map(|file| dir.join(file))
        .collect()
}

#[test]
fn corpus_base_images_resolve_and_every_nearest_says_so() {
    let mut counts: HashMap<BaseMatch, usize> = HashMap::new();
    let mut missing: HashMap<String, usize> = HashMap::new();
    // Exact or alias matches whose row is a labelled estimate, not a measured figure.
    let mut on_estimates = 0;
    let official = official_images();
    // Lines that name no public image, by rule; they stay in the first count.
    let mut private: HashMap<&'static str, usize> = HashMap::new();
    let mut private_resolved = 0;
    for path in corpus_files() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let e = estimate(&parse(&text), &EstimateInputs::default());
        for stage in &e.stages {
            let Some(base) = &stage.base_image else {
                continue; // built on another stage
            };
            if stage.base.eq_ignore_ascii_case("scratch") || stage.base.contains('$') {
                continue;
            }
            *counts.entry(base.matched).or_default() += 1;
            if let Some(rule) = not_a_public_image(&stage.base, &official) {
                *private.entry(rule).or_default() += 1;
                if matches!(base.matched, BaseMatch::Exact | BaseMatch::Alias) {
                    private_resolved += 1;
                }
            }
            let layer = &stage.layers[0];
            match base.matched {
                BaseMatch::Nearest => {
                    let row = base.row.as_deref().unwrap_or_else(|| {
                        panic!("{}: a nearest match names no row", path.display())
                    });
                    assert!(
                        layer.notes.iter().any(|n| n.contains(row)),
                        "{}: the note does not name {row}: {:?}",
                        path.display(),
                        layer.notes
                    );
                    let disk = knowledge()
                        .base_images
                        .iter()
                        .find(|r| r.name() == row)
                        .map(|r| r.disk_bytes)
                        .unwrap_or_else(|| panic!("{row} is not a row"));
                    // Exact rows get ±3 %; a nearest row is widened beyond that.
                    assert!(
                        layer.bytes.high > disk + disk * 3 / 100
                            && layer.bytes.low < disk - disk * 3 / 100,
                        "{}: {} is not widened around {row}: {:?}",
                        path.display(),
                        stage.base,
                        layer.bytes
                    );
                    *missing.entry(stage.base.clone()).or_default() += 1;
                }
                BaseMatch::Unknown => {
                    assert!(base.row.is_none());
                    assert!(layer.notes.iter().any(|n| n.contains("range widened")));
                    *missing.entry(stage.base.clone()).or_default() += 1;
                }
                BaseMatch::Exact | BaseMatch::Alias => {
                    let row = base.row.as_deref().unwrap_or_else(|| {
                        panic!("{}: an exact or alias match names no row", path.display())
                    });
                    let measured = knowledge()
                        .base_images
                        .iter()
                        .find(|r| r.name() == row)
                        .is_some_and(|r| r.measured);
                    if !measured {
                        on_estimates += 1;
                    }
                }
            }
        }
    }
    let count = |m| counts.get(&m).copied().unwrap_or(0);
    let total: usize = counts.values().sum();
    let resolved = count(BaseMatch::Exact) + count(BaseMatch::Alias);
    println!(
        "FROM lines naming an image (not a stage, scratch or a variable): {total}; exact {}, alias {}, nearest {}, unknown {} \
         ({:.1}% exact or alias; {on_estimates} of those on a labelled estimate row)",
        count(BaseMatch::Exact),
        count(BaseMatch::Alias),
        count(BaseMatch::Nearest),
        count(BaseMatch::Unknown),
        resolved as f64 * 100.0 / total.max(1) as f64
    );
    let excluded: usize = private.values().sum();
    let public = total - excluded;
    let public_resolved = resolved - private_resolved;
    println!(
        "of those, naming an image a public registry may serve: {public}; {public_resolved} exact or alias ({:.1}%)",
        public_resolved as f64 * 100.0 / public.max(1) as f64
    );
    let mut rules: Vec<_> = private.iter().collect();
    rules.sort();
    for (rule, n) in rules {
        println!("  left out: {n:>3} {rule}");
    }
    let mut top: Vec<_> = missing.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // `BASE_COVERAGE_ALL=1` lists every reference without a row of its own, not only the top.
    let shown = if std::env::var_os("BASE_COVERAGE_ALL").is_some() {
        top.len()
    } else {
        40
    };
    for (reference, n) in top.iter().take(shown) {
        println!("{n:>4}  {reference}");
    }
    // The same misses by image (registry and repository, any tag or digest), so the largest
    // groups show which rows or rules would raise the share most.
    let mut by_image: HashMap<String, usize> = HashMap::new();
    for (reference, n) in &top {
        let image = ImageRef::parse(reference)
            .map(|i| i.table_name())
            .unwrap_or_else(|| reference.clone());
        *by_image.entry(image).or_default() += n;
    }
    let mut groups: Vec<_> = by_image.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("misses by image ({} images):", groups.len());
    for (image, n) in groups.iter().take(shown) {
        println!("{n:>4}  {image}");
    }
    assert!(total > 1000, "the corpus has {total} such FROM lines");
    // The rules leave out a few dozen lines, not a share that could hide a coverage loss.
    assert!(
        excluded * 20 < total,
        "{excluded} of {total} lines left out"
    );
    // A floor at what the shipped table reaches, over the public lines, so a data or
    // resolution change that loses coverage fails here. The goal is 90 %.
    assert!(
        public_resolved * 1000 >= public * FLOOR_PER_MILLE,
        "{public_resolved} of {public} public FROM lines resolve exact or alias, below {FLOOR_PER_MILLE} per mille"
    );
}

/// 767 of 1,112 on 2026-12-01 (68.97 %).
const FLOOR_PER_MILLE: usize = 689;

#[test]
fn only_names_no_public_registry_serves_are_left_out() {
    let official = official_images();
    for private in [
        "base",
        "REPLACE-ME",
        "82ad5fa11820c2889c60f7f748d67aab04400700c581843db0d1e68735327443",
        "docker:%%VERSION%%",
        "localhost/foo",
        "localhost:5000/app:1",
        "foo:443/bar",
        "example.com/foo:bar",
        "registry.test/app",
    ] {
        assert!(
            not_a_public_image(private, &official).is_some(),
            "{private}"
        );
    }
    for public in [
        "python:3.12-slim",
        "docker.io/library/node:22",
        "mirror.gcr.io/busybox",
        "java:8-jdk-alpine",
        "diamol/base",
        "gcr.io/distroless/static-debian12",
        "mcr.microsoft.com/dotnet/sdk:8.0",
        "public.ecr.aws/amazonlinux/amazonlinux:2",
    ] {
        assert_eq!(not_a_public_image(public, &official), None, "{public}");
    }
}
