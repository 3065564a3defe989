//! `cargo xtask data --only wheels`: which Python packages install from a prebuilt wheel and
//! which build from source (and so need a compiler the `-slim` and Alpine images lack).
//!
//! For each name, PyPI's JSON API (`https://pypi.org/pypi/<name>/json`, fetched with `curl`)
//! gives the latest release's files; their wheel file names (PEP 427:
//! `name-version[-build]-python-abi-platform.whl`) say which CPython versions have a
//! manylinux and a musllinux x86_64 wheel, and whether a pure-Python wheel exists. The build
//! requirements of the packages that build from source are curated from each package's own
//! install documentation (named per row) and written out with the measurement, so one run
//! regenerates the whole file.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::Command;

/// CPython versions the table answers for: the ones docker-library's `python` images ship.
const PYTHONS: &[(u32, u32)] = &[(3, 10), (3, 11), (3, 12), (3, 13), (3, 14)];

/// Packages that need more than a compiler to build from source, with the Debian packages
/// the build needs, the runtime libraries the built module links to, a prebuilt alternative,
/// and where this is stated. Packages not listed here that lack a wheel need `gcc` alone.
pub const BUILD_NEEDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "psycopg2",
        "gcc,libpq-dev",
        "libpq5",
        "psycopg2-binary",
        "https://www.psycopg.org/docs/install.html#build-prerequisites",
    ),
    (
        "mysqlclient",
        "gcc,pkg-config,default-libmysqlclient-dev",
        "libmariadb3",
        "",
        "https://github.com/PyMySQL/mysqlclient#linux",
    ),
    (
        "python-ldap",
        "gcc,libldap2-dev,libsasl2-dev",
        "libldap-2.5-0,libsasl2-2",
        "",
        "https://www.python-ldap.org/en/latest/installing.html#debian",
    ),
    (
        "uwsgi",
        "gcc",
        "",
        "pyuwsgi",
        "https://uwsgi-docs.readthedocs.io/en/latest/Install.html",
    ),
    (
        "pycairo",
        "gcc,pkg-config,libcairo2-dev",
        "libcairo2",
        "",
        "https://pycairo.readthedocs.io/en/latest/getting_started.html",
    ),
    (
        "mariadb",
        "gcc,libmariadb-dev",
        "libmariadb3",
        "",
        "https://mariadb-corporation.github.io/mariadb-connector-python/install.html",
    ),
    (
        "pygraphviz",
        "gcc,graphviz-dev",
        "libcgraph6,libgvc6",
        "",
        "https://pygraphviz.github.io/documentation/stable/install.html",
    ),
    (
        "dbus-python",
        "gcc,pkg-config,libdbus-1-dev,libglib2.0-dev",
        "libdbus-1-3,libglib2.0-0",
        "",
        "https://dbus.freedesktop.org/doc/dbus-python/",
    ),
];

/// Names measured besides the ones `pypi.tsv` measures: packages often written in
/// requirements files that may ship no wheel. Bounded: a measurement, not a crawl.
const EXTRA_NAMES: &[&str] = &[
    "psycopg", "pymysql", "pyuwsgi", "pyodbc", "psutil", "bcrypt", "cffi", "grpcio", "ujson",
    "regex",
];

/// What a release's wheel file names say.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Wheels {
    pub version: String,
    pub pure: bool,
    pub manylinux: BTreeSet<(u32, u32)>,
    pub musllinux: BTreeSet<(u32, u32)>,
    pub sdist: bool,
}

/// Whether a wheel's python and abi tags load on CPython `minor`: `cp312-cp312`, the stable
/// ABI from an older version (`cp38-abi3`), or a Python-3-generic binary (`py3-none`).
fn loads_on(python: &str, abi: &str, version: (u32, u32)) -> bool {
    python.split('.').any(|tag| {
        if tag == "py3" || tag == "py2.py3" {
            return abi == "none";
        }
        let Some(digits) = tag.strip_prefix("cp") else {
            return false;
        };
        let Some(minor) = digits.strip_prefix('3').and_then(|m| m.parse::<u32>().ok()) else {
            return false;
        };
        abi.split('.').any(|a| {
            (a == format!("cp3{minor}") && minor == version.1)
                || (a == "abi3" && minor <= version.1)
        })
    })
}

/// Reads the release's file names into [`Wheels`].
pub fn read_files(version: &str, files: &[String]) -> Wheels {
    let mut wheels = Wheels {
        version: version.to_string(),
        ..Wheels::default()
    };
    for file in files {
        let Some(stem) = file.strip_suffix(".whl") else {
            if file.ends_with(".tar.gz") || file.ends_with(".zip") {
                wheels.sdist = true;
            }
            continue;
        };
        let parts: Vec<&str> = stem.split('-').collect();
        if parts.len() < 5 {
            continue;
        }
        let (python, abi, platform) = (
            parts[parts.len() - 3],
            parts[parts.len() - 2],
            parts[parts.len() - 1],
        );
        if platform == "any" && abi == "none" {
            wheels.pure = true;
            continue;
        }
        let x86 = platform.split('.').filter(|p| p.ends_with("x86_64"));
        for plat in x86 {
            let table = if plat.starts_with("manylinux") {
                &mut wheels.manylinux
            } else if plat.starts_with("musllinux") {
                &mut wheels.musllinux
            } else {
                continue;
            };
            for &v in PYTHONS {
                if loads_on(python, abi, v) {
                    table.insert(v);
                }
            }
        }
    }
    wheels
}

fn fetch(name: &str) -> Result<Wheels, String> {
    let url = format!("https://pypi.org/pypi/{name}/json");
    let out = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--fail",
            "--location",
            "--max-time",
            "60",
        ])
        .arg(&url)
        .output()
        .map_err(|e| format!("curl: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{url}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("{url}: {e}"))?;
    let version = json["info"]["version"].as_str().unwrap_or("").to_string();
    let files: Vec<String> = json["urls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["filename"].as_str().map(str::to_string))
        .collect();
    Ok(read_files(&version, &files))
}

fn versions(set: &BTreeSet<(u32, u32)>) -> String {
    if set.is_empty() {
        return "-".into();
    }
    set.iter()
        .map(|(a, b)| format!("{a}.{b}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The names to measure: `pypi.tsv`'s requested names without extras, the curated
/// source-build packages and [`EXTRA_NAMES`].
pub fn names(pypi_requested: &[&str]) -> Vec<String> {
    let mut set = BTreeSet::new();
    for name in pypi_requested {
        set.insert(name.split('[').next().unwrap_or(name).to_ascii_lowercase());
    }
    set.extend(BUILD_NEEDS.iter().map(|b| b.0.to_string()));
    set.extend(EXTRA_NAMES.iter().map(|n| n.to_string()));
    set.into_iter().collect()
}

pub fn generate(pypi_requested: &[&str], today: &str) -> Result<String, String> {
    let mut out = format!(
        "# Python packages: whether the latest release on PyPI ships a prebuilt x86_64 wheel per\n\
         # CPython version (manylinux for glibc images such as python:*-slim, musllinux for Alpine).\n\
         # A package with neither a wheel for the image's Python nor a pure-Python wheel builds from\n\
         # source: pip needs a C compiler (gcc) and the B row's build packages.\n\
         # source: https://pypi.org/pypi/<name>/json (latest release's file names) read {today};\n\
         # B rows curated from each package's install documentation (the URL in the row).\n\
         # columns: W\tname\tversion\tpure (yes|no)\tmanylinux CPython versions\tmusllinux CPython versions\tsdist (yes|no)\n\
         # columns: B\tname\tDebian build packages\tDebian runtime packages\tprebuilt alternative\tsource\n"
    );
    for name in names(pypi_requested) {
        match fetch(&name) {
            Ok(w) => {
                let _ = writeln!(
                    out,
                    "W\t{name}\t{}\t{}\t{}\t{}\t{}",
                    w.version,
                    if w.pure { "yes" } else { "no" },
                    versions(&w.manylinux),
                    versions(&w.musllinux),
                    if w.sdist { "yes" } else { "no" }
                );
            }
            Err(e) => eprintln!("xtask data: {e}; {name} left out"),
        }
    }
    for (name, build, runtime, alternative, source) in BUILD_NEEDS {
        let dash = |s: &str| {
            if s.is_empty() {
                "-".to_string()
            } else {
                s.to_string()
            }
        };
        let _ = writeln!(
            out,
            "B\t{name}\t{build}\t{}\t{}\t{source}",
            dash(runtime),
            dash(alternative)
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wheel_tags_as_pip_does() {
        let w = read_files(
            "2.9.10",
            &[
                "psycopg2-2.9.10.tar.gz".into(),
                "psycopg2-2.9.10-cp312-cp312-win_amd64.whl".into(),
            ],
        );
        assert!(w.sdist && !w.pure && w.manylinux.is_empty() && w.musllinux.is_empty());
        let w = read_files(
            "44.0.0",
            &[
                "cryptography-44.0.0-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
                    .into(),
                "cryptography-44.0.0-cp39-abi3-musllinux_1_2_aarch64.whl".into(),
            ],
        );
        assert_eq!(w.manylinux.len(), PYTHONS.len());
        assert!(w.musllinux.is_empty(), "aarch64 is not x86_64");
        let w = read_files(
            "2.0.0",
            &[
                "numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl".into(),
                "numpy-2.0.0-cp313-cp313t-manylinux_2_17_x86_64.whl".into(),
                "numpy-2.0.0-cp312-cp312-musllinux_1_1_x86_64.whl".into(),
            ],
        );
        assert_eq!(
            versions(&w.manylinux),
            "3.12",
            "free-threaded cp313t is not cp313"
        );
        assert_eq!(versions(&w.musllinux), "3.12");
        let w = read_files("1", &["flask-3.0.0-py3-none-any.whl".into()]);
        assert!(w.pure);
    }
}
