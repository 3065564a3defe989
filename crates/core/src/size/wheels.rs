//! Which Python packages build from source on a given image: the prebuilt-wheel table in
//! `data/pypi_wheels.tsv` (read from PyPI's JSON API by `cargo xtask data --only wheels`) and
//! what a source build needs there (a compiler, the `-dev` packages, the runtime library).
//!
//! A slim or Alpine image has no compiler, so a package without a wheel for that image's
//! Python and C library makes `pip install` fail there. STG001 (slim base), the size model
//! (a `pip install` with no compiler installed before it) and their messages read this table.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::packages::normalize_python;

pub(crate) const PYPI_WHEELS: &str = include_str!(concat!(env!("OUT_DIR"), "/pypi_wheels.tsv"));

/// The C library an image is built on: manylinux wheels are for glibc (Debian, Ubuntu,
/// `-slim`), musllinux wheels for musl (Alpine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Libc {
    Glibc,
    Musl,
}

#[derive(Debug, Clone)]
struct WheelRow {
    pure: bool,
    manylinux: Vec<(u32, u32)>,
    musllinux: Vec<(u32, u32)>,
}

#[derive(Debug, Clone)]
struct BuildRow {
    build: Vec<&'static str>,
    runtime: Vec<&'static str>,
    alternative: Option<&'static str>,
    source: &'static str,
}

#[derive(Debug, Default)]
struct Table {
    wheels: HashMap<String, WheelRow>,
    builds: HashMap<String, BuildRow>,
    /// The newest CPython any row names: the version assumed when a tag does not say.
    newest: (u32, u32),
}

/// A package that pip builds from source on the image in question, and what that takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceBuild {
    /// The package as the manifest or the `pip install` line names it (normalised).
    pub package: String,
    /// Debian packages the build needs (`gcc`, `libpq-dev`); `gcc` alone when the table
    /// knows no more.
    pub build_packages: Vec<&'static str>,
    /// Debian packages the built module loads at run time (`libpq5`): what the final stage
    /// needs when the build moves to an earlier stage.
    pub runtime_packages: Vec<&'static str>,
    /// A package with prebuilt wheels that provides the same module (`psycopg2-binary`).
    pub alternative: Option<&'static str>,
    /// Where the build requirements are stated.
    pub source: &'static str,
}

impl SourceBuild {
    /// `gcc and libpq-dev`.
    pub fn build_words(&self) -> String {
        and_list(&self.build_packages)
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn versions(cell: &str) -> Vec<(u32, u32)> {
    cell.split(',')
        .filter_map(|v| {
            let (a, b) = v.trim().split_once('.')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect()
}

fn list(cell: &'static str) -> Vec<&'static str> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
        .collect()
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table::default();
        for line in PYPI_WHEELS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cells: Vec<&'static str> = line.split('\t').collect();
            match cells[..] {
                ["W", name, _version, pure, manylinux, musllinux, _sdist] => {
                    let row = WheelRow {
                        pure: pure == "yes",
                        manylinux: versions(manylinux),
                        musllinux: versions(musllinux),
                    };
                    for v in row.manylinux.iter().chain(&row.musllinux) {
                        t.newest = t.newest.max(*v);
                    }
                    t.wheels.insert(name.to_string(), row);
                }
                ["B", name, build, runtime, alternative, source] => {
                    t.builds.insert(
                        name.to_string(),
                        BuildRow {
                            build: list(build),
                            runtime: list(runtime),
                            alternative: (alternative != "-").then_some(alternative),
                            source,
                        },
                    );
                }
                _ => {}
            }
        }
        t
    })
}

/// Rows the table could not read; the data tests require none.
pub fn problems() -> Vec<String> {
    PYPI_WHEELS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter(|l| {
            let n = l.split('\t').count();
            !((l.starts_with("W\t") && n == 7) || (l.starts_with("B\t") && n == 6))
        })
        .map(|l| format!("pypi_wheels.tsv: cannot read `{l}`"))
        .collect()
}

/// Whether `package` (a requirement name, extras allowed) builds from source on an image
/// with CPython `python` (the newest in the table when `None`) and `libc`. `None` when it
/// installs from a wheel there, or when the table does not know the package: only what
/// was measured is claimed.
pub fn source_build(package: &str, python: Option<(u32, u32)>, libc: Libc) -> Option<SourceBuild> {
    let t = table();
    let name = normalize_python(package);
    let name = name.split('[').next().unwrap_or(&name).to_string();
    let row = t.wheels.get(&name)?;
    let python = python.unwrap_or(t.newest);
    let wheels = match libc {
        Libc::Glibc => &row.manylinux,
        Libc::Musl => &row.musllinux,
    };
    if row.pure || wheels.contains(&python) {
        return None;
    }
    let build = t.builds.get(&name);
    Some(SourceBuild {
        package: name,
        build_packages: build.map_or_else(|| vec!["gcc"], |b| b.build.clone()),
        runtime_packages: build.map(|b| b.runtime.clone()).unwrap_or_default(),
        alternative: build.and_then(|b| b.alternative),
        source: build.map_or(
            "https://pypi.org (no wheel for this Python in the latest release)",
            |b| b.source,
        ),
    })
}

/// Whether the table has a row for `package` (a requirement name, extras allowed).
pub fn known(package: &str) -> bool {
    let name = normalize_python(package);
    let name = name.split('[').next().unwrap_or(&name);
    table().wheels.contains_key(name)
}

/// The CPython version a `python` image tag names (`3.12-slim` → 3.12), if it names one.
pub fn python_of_tag(tag: &str) -> Option<(u32, u32)> {
    let version = tag.split('-').next()?;
    let mut parts = version.split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_cleanly() {
        assert!(problems().is_empty(), "{:?}", problems());
        assert!(table().wheels.len() > 40);
        assert!(table().newest >= (3, 13));
    }

    #[test]
    fn psycopg2_builds_from_source_and_the_binary_variant_does_not() {
        let build = source_build("psycopg2", Some((3, 12)), Libc::Glibc).expect("no wheel");
        assert_eq!(build.build_packages, ["gcc", "libpq-dev"]);
        assert_eq!(build.runtime_packages, ["libpq5"]);
        assert_eq!(build.alternative, Some("psycopg2-binary"));
        assert_eq!(build.build_words(), "gcc and libpq-dev");
        assert_eq!(
            source_build("psycopg2-binary", Some((3, 12)), Libc::Glibc),
            None
        );
        assert_eq!(
            source_build("Flask", Some((3, 12)), Libc::Musl),
            None,
            "pure wheels install anywhere"
        );
        assert_eq!(
            source_build("not-measured-package", None, Libc::Glibc),
            None
        );
    }

    #[test]
    fn a_wheel_for_another_python_does_not_count() {
        // numpy's latest release has no cp310 wheels (the table says 3.12 onwards).
        assert!(source_build("numpy", Some((3, 10)), Libc::Glibc).is_some());
        assert_eq!(source_build("numpy", Some((3, 12)), Libc::Glibc), None);
        // scikit-learn ships no musllinux wheel: on Alpine it builds from source.
        assert!(source_build("scikit-learn", Some((3, 12)), Libc::Musl).is_some());
        assert_eq!(python_of_tag("3.12-slim-bookworm"), Some((3, 12)));
        assert_eq!(python_of_tag("slim"), None);
    }
}
