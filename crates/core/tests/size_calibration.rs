//! Calibration: the model against published figures and its own data rows.
//!
//! The FastAPI figures come from our source material: a naive `python:3.12` image ~1.1 GB,
//! single-stage `python:3.12-slim` with psycopg2's build tools ~280 MB, multi-stage ~130 MB,
//! distroless ~80 MB. Where the model disagrees, the test asserts the model's figure and says
//! why, from the data rows.

use std::path::PathBuf;

use stagecraft_core::parse;
use stagecraft_core::size::{estimate, EstimateInputs, SizeEstimate};

const MB: f64 = 1e6;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/size")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fastapi(style: &str) -> SizeEstimate {
    let inputs = EstimateInputs {
        requirements: Some(fixture("requirements.txt")),
        context_bytes: Some(200_000),
        dockerignore: Some(true),
        ..EstimateInputs::default()
    };
    estimate(
        &parse(&fixture(&format!("fastapi-{style}.Dockerfile"))),
        &inputs,
    )
}

fn within(actual: u64, published_mb: f64, tolerance: f64) -> bool {
    let actual = actual as f64 / MB;
    (actual - published_mb).abs() <= published_mb * tolerance
}

#[test]
fn fastapi_styles_come_out_in_order_and_near_the_published_figures() {
    let naive = fastapi("naive").image.expected;
    let slim = fastapi("slim").image.expected;
    let multi = fastapi("multistage").image.expected;
    let distroless = fastapi("distroless").image.expected;
    eprintln!(
        "naive {:.0} MB, slim {:.0} MB, multi-stage {:.0} MB, distroless {:.0} MB",
        naive as f64 / MB,
        slim as f64 / MB,
        multi as f64 / MB,
        distroless as f64 / MB
    );
    assert!(naive > slim && slim > multi && multi > distroless);
    assert!(within(naive, 1100.0, 0.25), "naive: {naive}");
    assert!(within(multi, 130.0, 0.25), "multi-stage: {multi}");
    assert!(within(distroless, 80.0, 0.25), "distroless: {distroless}");
    // The published ~280 MB for single-stage slim is not what the data gives. python:3.12-slim
    // is 119.4 MB on disk (repo-info), and psycopg2's build prerequisites alone add ~200 MB
    // even with --no-install-recommends (apt.tsv Installed-Size: gcc-12 66 MiB, cpp-12 33 MiB,
    // binutils 27 MiB, libgcc-12-dev 13 MiB, the sanitizer runtimes 18 MiB, libssl-dev 11 MiB,
    // libc6-dev + linux-libc-dev ~20 MiB), then ~31 MB of Python packages (pypi.tsv). So the
    // honest figure is ~370 MB; 280 MB matches the compressed size or an older, smaller
    // toolchain, not today's on-disk image.
    assert!(within(slim, 370.0, 0.10), "slim: {slim}");
}

#[test]
fn the_python_packages_layer_matches_the_measured_rows() {
    let multi = fastapi("multistage");
    let build = &multi.stages[0];
    let pip = build
        .layers
        .iter()
        .find(|l| l.text.starts_with("pip install"))
        .expect("the pip layer");
    // fastapi 15.0 + uvicorn 1.9 + gunicorn 2.2 + psycopg2(-binary) 11.9 MB, shared
    // dependencies counted once.
    assert!(within(pip.bytes.expected, 31.0, 0.05), "{:?}", pip.bytes);
    assert!(pip.sources.iter().any(|s| s.contains("pypi.tsv")));
    let copied = multi.stages[1]
        .layers
        .iter()
        .find(|l| l.instruction == "COPY" && l.text.contains("/install"))
        .expect("the COPY --from layer");
    assert_eq!(
        copied.bytes, pip.bytes,
        "COPY --from carries what pip wrote under /install"
    );
}

#[test]
fn download_size_uses_the_measured_compressed_figure() {
    let e = single("python:3.12-slim");
    assert_eq!(e.download.expected, 43_188_023);
    let full = fastapi("multistage");
    assert!(full.download.expected < full.image.expected / 2);
    assert!(
        full.download.low <= full.download.expected && full.download.expected <= full.download.high
    );
}

fn single(from: &str) -> SizeEstimate {
    estimate(
        &parse(&format!("FROM {from}\n")),
        &EstimateInputs::default(),
    )
}

#[test]
fn base_images_match_their_table_rows() {
    for (from, bytes) in [
        ("python:3.12-slim-trixie", 119_420_000),
        ("python:3.12-slim", 119_420_000),
        ("python:3.12-bookworm", 1_020_000_000),
        ("python:3.12", 1_110_000_000),
        ("python:3.12-alpine3.23", 48_840_000),
        ("python:3.13-slim", 118_060_000),
        ("python:3.13-alpine3.23", 45_550_000),
        ("python:3.11-slim-bookworm", 130_010_000),
        ("node:22-bookworm-slim", 227_330_000),
        ("debian:bookworm-slim", 74_830_000),
        ("alpine:3.22", 8_300_000),
        ("ubuntu:24.04", 78_160_000),
        ("rust:1-slim-bookworm", 910_360_000),
        ("eclipse-temurin:21-jre", 318_140_000),
        ("scratch", 0),
    ] {
        let e = single(from);
        assert_eq!(e.image.expected, bytes, "{from}");
        // Measured rows get a narrow range: ±3 %.
        assert!(
            e.image.high <= bytes + bytes * 3 / 100,
            "{from}: {:?}",
            e.image
        );
    }
}

#[test]
fn tags_outside_the_table_resolve_to_their_family_with_a_wider_range() {
    let e = single("python:3.10-slim-bullseye");
    assert_eq!(
        e.image.expected, 122_900_000,
        "the nearest row is 3.7-slim, a 3.7.16-slim-bullseye build on the same Debian"
    );
    assert!(e.image.high >= 122_900_000 * 114 / 100);
    assert!(e.stages[0].layers[0].notes[0].contains("nearest"));
    let unknown = single("registry.example.com/team/app:7");
    assert!(
        unknown.image.high >= 1_000_000_000,
        "unknown images get a wide range"
    );
    assert!(unknown.stages[0].layers[0].notes[0].contains("not in the base image table"));
}

/// Every base image read from repo-info is sized at its "Virtual Size" (within 1 %), whichever
/// way it is written: its own tag, or the tags docker-library published for the same build.
#[test]
fn repo_info_rows_are_within_one_percent_of_their_virtual_size() {
    let k = stagecraft_core::size::knowledge::knowledge();
    let generated: Vec<_> = k.base_images.iter().filter(|r| r.generated).collect();
    assert!(
        generated.len() >= 25,
        "{} rows read from repo-info",
        generated.len()
    );
    for row in generated {
        let e = single(&row.name());
        let off = e.image.expected.abs_diff(row.disk_bytes);
        assert!(
            off * 100 <= row.disk_bytes,
            "{}: {} against repo-info's {}",
            row.name(),
            e.image.expected,
            row.disk_bytes
        );
    }
    for (image, tags) in &k.tag_aliases {
        for (alias, target) in tags {
            if target.curated {
                continue;
            }
            let row = k
                .base_row(image, target.canonical)
                .expect("generated aliases lead to rows");
            let e = single(&format!("{image}:{alias}"));
            // A curated alias may say the tag means a newer build today; otherwise the alias is
            // sized by the row it was published as.
            if k.tag_alias(image, alias).is_some_and(|a| a.curated) {
                continue;
            }
            assert!(
                e.image.expected.abs_diff(row.disk_bytes) * 100 <= row.disk_bytes,
                "{image}:{alias}"
            );
        }
    }
}
