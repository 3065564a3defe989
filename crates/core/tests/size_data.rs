//! The embedded knowledge base: it parses without a single bad row, its files cross-reference
//! correctly, and it is exactly what `MANIFEST.tsv` (written by `cargo xtask data`) recorded —
//! so a hand edit that skipped the generator, or a stale embed, fails here.

use stagecraft_core::size::knowledge::{embedded_files, fnv1a64, knowledge, manifest};

#[test]
fn embedded_files_match_the_manifest() {
    let recorded = manifest();
    // Every file but apt.tsv, which is embedded packed (checked below).
    assert_eq!(
        recorded.len(),
        embedded_files().len() + 1,
        "manifest rows: {recorded:?}"
    );
    for (name, embedded) in embedded_files() {
        let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let (_, len, hash) = recorded
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is not in MANIFEST.tsv: run `cargo xtask data`"));
        assert_eq!(
            (text.len(), fnv1a64(text.as_bytes())),
            (*len, *hash),
            "{name} differs from MANIFEST.tsv: run `cargo xtask data` (or `--only manifest` after a curated edit)"
        );
        // Embedded: every row, in order, and the first `# source:` line; no other comment. The
        // measured tables' `P` rows are numbered (checked below) and `N` rows added.
        let numbered = matches!(name, "npm.tsv" | "pypi.tsv");
        let kept = |l: &&str| !(numbered && (l.starts_with("P\t") || l.starts_with("N\t")));
        let mut source = text.lines().filter(|l| l.starts_with("# source: "));
        let wanted: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') || Some(*l) == source.clone().next())
            .filter(kept)
            .collect();
        let got: Vec<&str> = embedded.lines().filter(kept).collect();
        assert_eq!(got, wanted, "{name} as embedded");
        assert!(source.next().is_some(), "{name} names its source");
    }
}

/// `npm.tsv` and `pypi.tsv` are embedded with each closure's members as row numbers: the
/// closures the engine decodes are exactly the files' `P` rows, members in order.
#[test]
fn the_measured_closures_are_the_files() {
    let k = knowledge();
    for (name, table) in [("npm.tsv", &k.npm), ("pypi.tsv", &k.pypi)] {
        let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let mut rows = 0;
        for line in text.lines() {
            let cells: Vec<&str> = line.split('\t').collect();
            if let ["P", package, members] = cells[..] {
                let members: Vec<&str> = members.split(',').filter(|m| !m.is_empty()).collect();
                assert_eq!(
                    table.closures.get(package),
                    Some(&members),
                    "{name}: {package}"
                );
                rows += 1;
            }
        }
        assert_eq!(table.closures.len(), rows, "{name}");
    }
}

/// `apt.tsv` is embedded packed (`build.rs`): the file itself must match the manifest, and
/// the table the engine decodes must be exactly the file's rows, relations in order.
#[test]
fn the_packed_debian_table_is_the_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/apt.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let (_, len, hash) = manifest()
        .into_iter()
        .find(|(n, _, _)| n == "apt.tsv")
        .expect("apt.tsv is in MANIFEST.tsv");
    assert_eq!((text.len(), fnv1a64(text.as_bytes())), (len, hash));
    let list = |cell: &str| -> Vec<String> {
        if cell == "-" {
            Vec::new()
        } else {
            cell.split(',').map(str::to_string).collect()
        }
    };
    let k = knowledge();
    let mut rows = 0;
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let cells: Vec<&str> = line.split('\t').collect();
        let [name, kib, depends, recommends] = cells[..] else {
            panic!("apt.tsv row {line}");
        };
        let package = &k.apt[name];
        assert_eq!(
            package.installed_bytes,
            kib.parse::<u64>().unwrap() * 1024,
            "{name}"
        );
        assert_eq!(package.depends, list(depends), "{name}");
        assert_eq!(package.recommends, list(recommends), "{name}");
        rows += 1;
    }
    assert_eq!(k.apt.len(), rows);
    assert!(
        k.apt_source.starts_with("apt-cache dumpavail"),
        "{}",
        k.apt_source
    );
}

#[test]
fn every_row_parses_and_every_reference_resolves() {
    let k = knowledge();
    assert!(k.problems.is_empty(), "{:#?}", k.problems);
    assert!(k.base_images.len() >= 30);
    assert!(k.apt.len() > 1000);
    assert!(k.pypi.closures.len() >= 40 && k.pypi.closures.len() <= 50);
    assert!(k.npm.closures.len() >= 15 && k.npm.closures.len() <= 20);
    for (_, text) in embedded_files() {
        assert!(
            text.lines().any(|l| l.starts_with("# source:")),
            "every file names its source"
        );
    }
}

#[test]
fn the_heuristics_the_model_asks_for_exist() {
    let k = knowledge();
    for key in [
        "apt-lists",
        "pip-cache-ratio",
        "npm-cache-ratio",
        "pip-unknown-package",
        "npm-unknown-package",
        "apt-unknown-package",
        "apk-unknown-package",
        "dnf-unknown-package",
        "pip-requirements-unknown",
        "npm-install-unknown",
        "pip-self-upgrade",
        "go-binary",
        "go-module-cache",
        "go-build-cache",
        "rust-binary",
        "cargo-target",
        "cargo-registry",
        "java-jlink-runtime",
        "java-jar",
        "maven-repo",
        "gradle-cache",
        "curl-pipe-shell",
        "download",
        "context-small-app",
        "context-git",
        "build-output",
        "apk-index",
        "dnf-cache",
        "venv",
        "upgrade",
        "unknown-command",
        "make-install",
        "rust-toolchain",
        "base-variable",
        "base-unknown",
        "base-unknown-alpine",
        "base-unknown-slim",
        "base-stand-in-ratio",
        "apt-on-ubuntu-ratio",
        "apt-on-unknown-os-ratio",
        "base-spread-measured-row",
        "base-spread-measured-nearest",
        "base-spread-stated-row",
        "base-spread-stated-nearest",
        "base-download-spread",
        "base-compressed-ratio",
        "layer-compressed-ratio",
        "unpacked-archive-ratio",
        "apt-table-spread",
        "pypi-table-spread",
        "npm-table-spread",
        "add-archive-ratio",
        "context-part-ratio",
        "stage-part-ratio",
    ] {
        let h = k
            .heuristics
            .get(key)
            .unwrap_or_else(|| panic!("heuristics.tsv lacks {key}"));
        assert!(
            h.bytes.low <= h.bytes.expected && h.bytes.expected <= h.bytes.high,
            "{key}"
        );
    }
}

#[test]
fn the_throughputs_the_model_asks_for_exist() {
    let k = knowledge();
    for key in [
        "pull",
        "apt-install",
        "apk-add",
        "pip-install",
        "project-install",
        "npm-install",
        "copy-expected",
        "copy-high",
        "apt-update",
        "apt-upgrade",
        "rust-toolchain-install",
        "curl-pipe-shell",
        "download",
        "go-mod-download",
        "go-build",
        "java-dependencies",
        "java-package",
        "java-jlink",
        "npm-run-build",
        "cargo-build",
        "cargo-install",
        "cargo-fetch",
        "project-install-unknown",
        "make-install",
        "unknown-command",
    ] {
        let t = k
            .stated
            .throughput
            .get(key)
            .unwrap_or_else(|| panic!("throughput.tsv lacks {key}"));
        assert!(t.bytes_per_second > 0.0 && t.fixed_seconds >= 0.0, "{key}");
    }
}

#[test]
fn base_package_sets_hold_what_the_images_install() {
    let k = knowledge();
    let slim = k.base_package_set("python-slim");
    for name in ["ca-certificates", "tzdata", "libssl3", "bash", "apt"] {
        assert!(slim.contains(name), "python-slim lacks {name}");
    }
    assert!(!slim.contains("gcc"));
    // Binary packages listed by repo-info for python:3.12-slim-bookworm (local@33cda30b) and
    // node:22-bookworm-slim (local@c788e908), first entries in order; node's slim image has no
    // ca-certificates.
    let listed = [
        "libacl1",
        "adduser",
        "apt",
        "libapt-pkg6.0",
        "libattr1",
        "libaudit-common",
        "libaudit1",
        "base-files",
        "base-passwd",
        "bash",
        "libbz2-1.0",
        "libdebconfclient0",
        "coreutils",
        "dash",
        "libdb5.3",
        "debconf",
    ];
    let node_slim = k.base_package_set("node-slim");
    for name in listed {
        assert!(slim.contains(name), "python-slim lacks {name}");
        assert!(node_slim.contains(name), "node-slim lacks {name}");
    }
    assert!(slim.contains("ca-certificates"));
    assert!(!node_slim.contains("ca-certificates"));
    let full = k.base_package_set("python");
    for name in ["gcc", "libpq-dev", "git", "curl", "make"] {
        assert!(full.contains(name), "python (full) lacks {name}");
    }
    assert!(
        full.len() > 300,
        "buildpack-deps holds hundreds of packages: {}",
        full.len()
    );
}

/// The base-images-only table a lint rule reads answers exactly as the whole knowledge base.
#[test]
fn the_base_only_table_resolves_like_the_whole_knowledge_base() {
    use stagecraft_core::size::knowledge::base_knowledge;
    let (full, bases) = (knowledge(), base_knowledge());
    assert_eq!(full.base_images, bases.base_images);
    assert_eq!(full.tag_aliases, bases.tag_aliases);
    for reference in [
        "python:3.12",
        "mirror.gcr.io/alpine",
        "node:8-alpine",
        "nope/none:1",
    ] {
        let (a, b) = (full.find_base(reference), bases.find_base(reference));
        assert_eq!((a.matched, a.row), (b.matched, b.row), "{reference}");
    }
}
