//! `cargo xtask data`: regenerates the size model's knowledge base in `crates/core/data/`.
//!
//! Each generated file is a small TSV whose header says where its rows came from and when:
//! - `apt.tsv`: Debian packages (Installed-Size, Depends, Recommends) from apt's own package
//!   lists on this machine (`apt-cache dumpavail`, no package downloads), for the packages named
//!   in the corpus's `apt-get install` lines, the base images' package seeds, and their closures.
//! - `base_packages.tsv`: which packages each official base image already holds, as seed lists
//!   (the packages the image's own Dockerfile installs) whose closure the model computes.
//! - `pypi.tsv`: installed bytes of a bounded list of named Python packages, measured by
//!   `pip install --target` into a temporary folder, per distribution, with each package's closure.
//! - `npm.tsv`: the same for a bounded list of npm packages, via `npm install` into a temp folder.
//! - `pypi_wheels.tsv`: which of those Python packages ship prebuilt wheels per CPython version
//!   (PyPI's JSON API), and what the ones that build from source need (`pypi_wheels.rs`).
//! - `MANIFEST.tsv`: the length and FNV-1a hash of every data file, so a hand edit that was not
//!   regenerated (or a stale embed) is caught by `--check` and by the core test suite.
//!
//! - `base_images.tsv`: official base images read from a docker-library/repo-info checkout
//!   (`--only base --repo-info DIR [--official-images DIR]`, see `base_images.rs`); without
//!   `--repo-info` the committed file is only checked.
//! - `base_images_repo_info/` (not embedded): `--only excerpts --copy-of DIR --copy OWNER/NAME`
//!   adds the repo-info excerpts of the corpus's official tags without a row from a git copy of
//!   repo-info (see `repo_info_excerpts.rs`); `--only base` then turns them into rows.
//!
//! `base_images_stated.tsv` (labelled estimates and other vendors' stated sizes), `heuristics.tsv`,
//! `tag_aliases.tsv`, `image_families.tsv`, `stand_ins.tsv` and `throughput.tsv` are curated by hand from stated public sources; the generator only
//! validates them and records them in the manifest.
//!
//! Usage: `cargo xtask data [--check] [--only apt|pypi|npm|wheels|base|excerpts|manifest]
//! [--corpus DIR] [--repo-info DIR] [--official-images DIR] [--copy-of DIR --copy OWNER/NAME]`.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use stagecraft_core::size::knowledge::fnv1a64;

/// Python packages measured: the ones web, worker and data apps in the corpus and our examples
/// install most. Bounded on purpose (at most 50): this is a measurement, not a registry crawl.
const PYPI_PACKAGES: &[&str] = &[
    "fastapi",
    "uvicorn",
    "uvicorn[standard]",
    "gunicorn",
    "django",
    "djangorestframework",
    "flask",
    "flask-cors",
    "celery",
    "redis",
    "psycopg2-binary",
    "psycopg[binary]",
    "sqlalchemy",
    "alembic",
    "pydantic",
    "requests",
    "httpx",
    "aiohttp",
    "boto3",
    "awscli",
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "pillow",
    "lxml",
    "cryptography",
    "pyyaml",
    "jinja2",
    "python-dotenv",
    "gevent",
    "uwsgi",
    "whitenoise",
    "pytest",
    "flake8",
    "pylint",
    "setuptools",
    "wheel",
    "six",
    "urllib3",
    "poetry",
    "pipenv",
    "uv",
    "google-cloud-storage",
    "h5py",
    "pymongo",
    "openai",
    "streamlit",
];

/// `psycopg2` (the source distribution) needs a compiler and libpq headers to build; its
/// installed size is the same extension module as the binary wheel minus the bundled libraries,
/// which the model handles with a note. It is therefore not measured separately.
///
/// npm packages measured (at most 20).
const NPM_PACKAGES: &[&str] = &[
    "express",
    "next",
    "react",
    "react-dom",
    "typescript",
    "prisma",
    "@prisma/client",
    "nodemon",
    "pm2",
    "axios",
    "lodash",
    "vite",
    "webpack",
    "jest",
    "eslint",
    "mongoose",
    "pg",
    "redis",
    "knex",
    "morgan",
];

/// The packages each Debian-based official image installs on top of its parent, read from the
/// images' own Dockerfiles (docker-library/python, docker-library/buildpack-deps,
/// nodejs/docker-node). The closure (without Recommends, as those Dockerfiles install) is what
/// the image holds. `debian` is special: its seeds are every `Priority: required` package plus
/// apt, which is what the debuerreotype "minbase" variant that builds `debian:*` installs.
const BASE_SEEDS: &[(&str, &str, &str)] = &[
    ("debian", "", "@required apt"),
    (
        "python-slim",
        "debian",
        // ca-certificates netbase tzdata, plus the runtime libraries the build step keeps
        // (`apt-mark manual` of what the compiled interpreter links against).
        "ca-certificates netbase tzdata libbz2-1.0 libffi8 libgdbm6 libgdbm-compat4 liblzma5 \
         libncursesw6 libreadline8 libsqlite3-0 libssl3 libuuid1 zlib1g libdb5.3 libexpat1 \
         libtinfo6",
    ),
    (
        "node-slim",
        "debian",
        // node's slim Dockerfile purges its download tools again and keeps libatomic1.
        "libatomic1",
    ),
    (
        "buildpack-curl",
        "debian",
        "ca-certificates curl gnupg netbase wget",
    ),
    (
        "buildpack-scm",
        "buildpack-curl",
        "git mercurial openssh-client subversion procps",
    ),
    (
        "buildpack",
        "buildpack-scm",
        "autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick \
         libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev \
         libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev \
         libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev \
         libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt1-dev \
         libyaml-dev make patch unzip xz-utils zlib1g-dev",
    ),
    ("python", "buildpack", "libbluetooth-dev tk-dev uuid-dev"),
    ("node", "buildpack", ""),
];

/// Packages the model must know even when the corpus does not name them: the build tools the
/// rewrite steps and examples talk about.
const EXTRA_APT: &[&str] = &[
    "build-essential",
    "libpq-dev",
    "libpq5",
    "gcc",
    "python3",
    "python3-pip",
    "python3-dev",
    "default-jre-headless",
    "openjdk-17-jre-headless",
    "nodejs",
    "npm",
    "postgresql-client",
    "default-mysql-client",
    "ffmpeg",
    "chromium",
];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut only: Option<String> = None;
    let mut corpus: Option<PathBuf> = None;
    let mut repo_info: Option<PathBuf> = None;
    let mut official_images: Option<PathBuf> = None;
    let mut copy_of: Option<PathBuf> = None;
    let mut copy: Option<String> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--only" => only = Some(rest.next().ok_or("--only needs a value")?.clone()),
            "--corpus" => corpus = Some(PathBuf::from(rest.next().ok_or("--corpus needs a path")?)),
            "--repo-info" => {
                repo_info = Some(PathBuf::from(
                    rest.next().ok_or("--repo-info needs a path")?,
                ))
            }
            "--official-images" => {
                official_images = Some(PathBuf::from(
                    rest.next().ok_or("--official-images needs a path")?,
                ))
            }
            "--copy-of" => {
                copy_of = Some(PathBuf::from(rest.next().ok_or("--copy-of needs a path")?))
            }
            "--copy" => copy = Some(rest.next().ok_or("--copy needs OWNER/NAME")?.clone()),
            other => return Err(format!("xtask data: unknown argument `{other}`")),
        }
    }
    let root = workspace_root()?;
    let data = root.join("crates/core/data");
    if check {
        return check_data(&data);
    }
    let corpus = corpus.unwrap_or_else(|| root.join("../shared/corpus"));
    if only.as_deref() == Some("excerpts") {
        let (Some(dir), Some(copy)) = (&copy_of, &copy) else {
            return Err("--only excerpts needs --copy-of DIR (a git copy of docker-library/repo-info) and --copy OWNER/NAME (where it was read)".into());
        };
        let wanted = crate::repo_info_excerpts::wanted_from_corpus(&corpus)?;
        let out = data.join("base_images_repo_info");
        let added = crate::repo_info_excerpts::harvest(dir, copy, &wanted, &out)?;
        println!(
            "xtask data: {} of {} missing tags copied from {copy} into {}",
            added.len(),
            wanted.len(),
            out.display()
        );
        return Ok(());
    }
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if wants("apt") {
        let (apt, bases) = generate_apt(&corpus)?;
        write(&data.join("apt.tsv"), &apt)?;
        write(&data.join("base_packages.tsv"), &bases)?;
    }
    if wants("pypi") {
        write(&data.join("pypi.tsv"), &generate_pypi()?)?;
    }
    if wants("npm") {
        write(&data.join("npm.tsv"), &generate_npm()?)?;
    }
    if wants("wheels") {
        let text = crate::pypi_wheels::generate(PYPI_PACKAGES, &today())?;
        write(&data.join("pypi_wheels.tsv"), &text)?;
    }
    match (&repo_info, only.as_deref()) {
        (Some(dir), None | Some("base")) => {
            let stated =
                crate::base_images::stated_tags(&read(&data.join("base_images_stated.tsv"))?);
            let text = crate::base_images::generate(dir, official_images.as_deref(), &stated)?;
            write(&data.join("base_images.tsv"), &text)?;
        }
        (None, Some("base")) => {
            return Err(
                "--only base needs --repo-info DIR (a docker-library/repo-info checkout)".into(),
            )
        }
        _ => crate::base_images::check(&read(&data.join("base_images.tsv"))?)?,
    }
    for curated in [
        "base_images.tsv",
        "base_images_stated.tsv",
        "heuristics.tsv",
        "tag_aliases.tsv",
    ] {
        let text = read(&data.join(curated))?;
        validate_tsv(curated, &text)?;
    }
    write(&data.join("MANIFEST.tsv"), &manifest(&data)?)?;
    println!("xtask data: wrote {}", data.display());
    Ok(())
}

fn workspace_root() -> Result<PathBuf, String> {
    let start = std::env::current_dir().map_err(|e| e.to_string())?;
    start
        .ancestors()
        .find(|dir| dir.join("crates/core/Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| "xtask data: run it from inside the Stagecraft workspace".to_string())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

const DATA_FILES: &[&str] = &[
    "apt.tsv",
    "base_images.tsv",
    "base_images_stated.tsv",
    "base_packages.tsv",
    "heuristics.tsv",
    "image_families.tsv",
    "npm.tsv",
    "pypi.tsv",
    "pypi_wheels.tsv",
    "stand_ins.tsv",
    "tag_aliases.tsv",
    "throughput.tsv",
];

fn manifest(data: &Path) -> Result<String, String> {
    let mut out = String::from(
        "# Every embedded data file with its length and FNV-1a 64 hash.\n\
         # Written by `cargo xtask data`; the core tests fail when a file no longer matches.\n\
         # columns: file\tbytes\tfnv1a64\n",
    );
    for name in DATA_FILES {
        let bytes = std::fs::read(data.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let _ = writeln!(out, "{name}\t{}\t{:016x}", bytes.len(), fnv1a64(&bytes));
    }
    Ok(out)
}

fn check_data(data: &Path) -> Result<(), String> {
    let recorded = read(&data.join("MANIFEST.tsv"))?;
    let fresh = manifest(data)?;
    if recorded != fresh {
        return Err(format!(
            "xtask data --check: crates/core/data no longer matches MANIFEST.tsv; \
             run `cargo xtask data` (or `--only manifest` after a curated edit).\n\
             recorded:\n{recorded}\nnow:\n{fresh}"
        ));
    }
    for name in DATA_FILES {
        validate_tsv(name, &read(&data.join(name))?)?;
    }
    let base_images = read(&data.join("base_images.tsv"))?;
    crate::base_images::check(&base_images)?;
    let excerpts = data.join("base_images_repo_info");
    if excerpts.join("COMMITS.tsv").is_file() {
        let compared = crate::base_images::check_excerpts(&excerpts, &base_images)?;
        println!("xtask data --check: {compared} base image rows match their repo-info excerpts");
    }
    println!(
        "xtask data --check: {} files match MANIFEST.tsv",
        DATA_FILES.len()
    );
    Ok(())
}

/// Every data file starts with `#` lines that name a source, and every row has the same number
/// of columns as its `# columns:` line (rows starting with a record kind may have their own).
fn validate_tsv(name: &str, text: &str) -> Result<(), String> {
    if !text.lines().any(|l| l.starts_with("# source:")) {
        return Err(format!("{name}: no `# source:` header line"));
    }
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line.split('\t').any(|cell| cell.is_empty()) {
            return Err(format!("{name}:{}: empty cell (use `-`)", number + 1));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// apt

struct AptPackage {
    installed_kib: u64,
    /// Each dependency is a list of alternatives; the first one apt can install wins.
    depends: Vec<Vec<String>>,
    recommends: Vec<Vec<String>>,
    required: bool,
}

fn parse_relation(field: &str) -> Vec<Vec<String>> {
    field
        .split(',')
        .map(|group| {
            group
                .split('|')
                .filter_map(|alt| {
                    let name = alt.split_whitespace().next()?;
                    let name = name.split(':').next()?;
                    (!name.is_empty()).then(|| name.to_string())
                })
                .collect::<Vec<_>>()
        })
        .filter(|alts: &Vec<String>| !alts.is_empty())
        .collect()
}

fn generate_apt(corpus: &Path) -> Result<(String, String), String> {
    let output = Command::new("apt-cache")
        .arg("dumpavail")
        .output()
        .map_err(|e| {
            format!("apt-cache dumpavail: {e} (needs a Debian machine after apt-get update)")
        })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut packages: HashMap<String, AptPackage> = HashMap::new();
    let mut providers: HashMap<String, Vec<String>> = HashMap::new();
    for stanza in text.split("\n\n") {
        let mut name = None;
        let mut pkg = AptPackage {
            installed_kib: 0,
            depends: Vec::new(),
            recommends: Vec::new(),
            required: false,
        };
        let mut provides = Vec::new();
        for line in stanza.lines() {
            let Some((key, value)) = line.split_once(": ") else {
                continue;
            };
            match key {
                "Package" => name = Some(value.trim().to_string()),
                "Installed-Size" => pkg.installed_kib = value.trim().parse().unwrap_or(0),
                "Depends" | "Pre-Depends" => pkg.depends.extend(parse_relation(value)),
                "Recommends" => pkg.recommends.extend(parse_relation(value)),
                "Priority" => pkg.required |= value.trim() == "required",
                "Essential" => pkg.required |= value.trim() == "yes",
                "Provides" => provides.extend(parse_relation(value).into_iter().flatten()),
                _ => {}
            }
        }
        if let Some(name) = name {
            for virtual_name in provides {
                providers
                    .entry(virtual_name)
                    .or_default()
                    .push(name.clone());
            }
            packages.entry(name).or_insert(pkg);
        }
    }
    if packages.is_empty() {
        return Err("apt-cache dumpavail printed no packages: run `apt-get update` first".into());
    }
    let resolve = |name: &str| -> Option<String> {
        if packages.contains_key(name) {
            return Some(name.to_string());
        }
        let mut candidates = providers.get(name)?.clone();
        candidates.sort();
        candidates.into_iter().next()
    };
    let pick = |alts: &Vec<String>| alts.iter().find_map(|a| resolve(a));

    let mut roots: BTreeSet<String> = corpus_apt_names(corpus)?
        .into_iter()
        .chain(EXTRA_APT.iter().map(|s| s.to_string()))
        .filter_map(|n| resolve(&n))
        .collect();
    let mut required: Vec<&String> = packages
        .iter()
        .filter(|(_, p)| p.required)
        .map(|(n, _)| n)
        .collect();
    required.sort();
    let mut base_rows = String::new();
    for (set, parent, seeds) in BASE_SEEDS {
        let mut names: Vec<String> = Vec::new();
        for seed in seeds.split_whitespace() {
            if seed == "@required" {
                names.extend(required.iter().map(|s| s.to_string()));
            } else if let Some(real) = resolve(seed) {
                names.push(real);
            } else {
                return Err(format!(
                    "base seed `{seed}` of `{set}` is not in apt's lists"
                ));
            }
        }
        roots.extend(names.iter().cloned());
        let parent = if parent.is_empty() { "-" } else { parent };
        let seeds = if names.is_empty() {
            "-".to_string()
        } else {
            names.join(" ")
        };
        let _ = writeln!(base_rows, "{set}\t{parent}\t{seeds}");
    }

    // Everything reachable through Depends and Recommends, so the model can answer both with
    // and without `--no-install-recommends`. Only the alternative apt would pick is followed.
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = roots.into_iter().collect();
    while let Some(name) = queue.pop_front() {
        if !keep.insert(name.clone()) {
            continue;
        }
        let pkg = &packages[&name];
        for alts in pkg.depends.iter().chain(&pkg.recommends) {
            if let Some(next) = pick(alts) {
                if !keep.contains(&next) {
                    queue.push_back(next);
                }
            }
        }
    }
    let release = apt_release_dates();
    let mut apt = format!(
        "# Debian packages: installed size and dependencies, for the packages named in the corpus's\n\
         # apt-get install lines, the base images' seeds, and everything they pull in.\n\
         # source: apt-cache dumpavail on Debian 12 (bookworm) amd64, lists dated {release}\n\
         # Relations keep only the alternative apt would choose; versions and arch qualifiers dropped.\n\
         # {} packages.\n\
         # columns: name\tinstalled_kib\tdepends (comma-separated)\trecommends (comma-separated)\n",
        keep.len()
    );
    for name in &keep {
        let pkg = &packages[name];
        let list = |rel: &Vec<Vec<String>>| {
            let mut names: Vec<String> = rel.iter().filter_map(&pick).collect();
            names.dedup();
            if names.is_empty() {
                "-".to_string()
            } else {
                names.join(",")
            }
        };
        let _ = writeln!(
            apt,
            "{name}\t{}\t{}\t{}",
            pkg.installed_kib,
            list(&pkg.depends),
            list(&pkg.recommends)
        );
    }
    let bases = format!(
        "# What the Debian-based official images already hold: seed packages per image family,\n\
         # each on top of its parent; the image holds the closure of its seeds without Recommends.\n\
         # source: the images' Dockerfiles (docker-library/python, docker-library/buildpack-deps,\n\
         # nodejs/docker-node, debuerreotype minbase = Priority: required + apt), resolved against\n\
         # apt-cache dumpavail on Debian 12 (bookworm), lists dated {release}. Trixie tags use these.\n\
         # columns: set\tparent\tseed packages (space-separated)\n{base_rows}"
    );
    Ok((apt, bases))
}

fn apt_release_dates() -> String {
    let mut dates = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/var/lib/apt/lists") {
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            if path.to_string_lossy().ends_with("_InRelease") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if let Some(date) = text.lines().find_map(|l| l.strip_prefix("Date: ")) {
                        dates.push(date.trim().to_string());
                    }
                }
            }
        }
    }
    dates.sort();
    dates.last().cloned().unwrap_or_else(|| "unknown".into())
}

/// Package names in the corpus's `apt-get install` / `apt install` lines.
fn corpus_apt_names(corpus: &Path) -> Result<BTreeSet<String>, String> {
    let real = corpus.join("real");
    let repos = std::fs::read_dir(&real).map_err(|e| {
        format!(
            "{}: {e} (pass --corpus DIR to point at shared/corpus)",
            real.display()
        )
    })?;
    let mut names = BTreeSet::new();
    for repo in repos.flatten() {
        for file in std::fs::read_dir(repo.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(bytes) = std::fs::read(file.path()) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes)
                .replace("\\\r\n", " ")
                .replace("\\\n", " ");
            for line in text.lines() {
                for segment in line.split(['&', ';', '|']) {
                    let words: Vec<&str> = segment.split_whitespace().collect();
                    let Some(at) = words.iter().position(|w| *w == "install") else {
                        continue;
                    };
                    if !words[..at].iter().any(|w| *w == "apt-get" || *w == "apt") {
                        continue;
                    }
                    for word in &words[at + 1..] {
                        let name = word.split('=').next().unwrap_or("");
                        let valid = name.len() > 1
                            && name.starts_with(|c: char| {
                                c.is_ascii_lowercase() || c.is_ascii_digit()
                            })
                            && name.chars().all(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c)
                            });
                        if valid {
                            names.insert(name.to_string());
                        }
                    }
                }
            }
        }
    }
    Ok(names)
}

// ---------------------------------------------------------------------------------------------
// pypi / npm measurement

fn temp_dir(label: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("stagecraft-data-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

fn tool_version(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().replace('\n', " "))
        .unwrap_or_else(|_| "unknown".into())
}

fn normalize_dist(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

fn today() -> String {
    tool_version("date", &["-u", "+%Y-%m-%d"])
}

fn generate_pypi() -> Result<String, String> {
    let mut dists: BTreeMap<String, u64> = BTreeMap::new();
    let mut closures: Vec<(String, Vec<String>)> = Vec::new();
    for package in PYPI_PACKAGES {
        let dir = temp_dir("pypi")?;
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(["--no-warn-script-location", "--target"])
            .arg(&dir)
            .arg(package)
            .status()
            .map_err(|e| format!("pip: {e}"))?;
        if !status.success() {
            eprintln!("xtask data: pip could not install {package}; left out");
            continue;
        }
        let mut members = Vec::new();
        for entry in std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(stem) = file_name.strip_suffix(".dist-info") else {
                continue;
            };
            let name = normalize_dist(stem.rsplit_once('-').map_or(stem, |(n, _)| n));
            let record = std::fs::read_to_string(entry.path().join("RECORD")).unwrap_or_default();
            let mut bytes = 0;
            for line in record.lines() {
                let path = line.rsplitn(3, ',').last().unwrap_or("");
                if let Ok(meta) = std::fs::metadata(dir.join(path)) {
                    bytes += meta.len();
                }
            }
            dists.insert(name.clone(), bytes);
            members.push(name);
        }
        members.sort();
        closures.push((package.to_string(), members));
        let _ = std::fs::remove_dir_all(&dir);
    }
    let mut out = format!(
        "# Python packages: installed bytes per distribution (files listed in its RECORD, .pyc\n\
         # included as pip compiles them), and the distributions each requested name pulls in.\n\
         # source: pip install --target <temp> measured {} with {} / {}, manylinux x86_64 wheels\n\
         # columns: D\tdistribution\tbytes  |  P\trequested name\tdistributions (comma-separated)\n",
        today(),
        tool_version("python3", &["--version"]),
        tool_version("python3", &["-m", "pip", "--version"]).split(" from ").next().unwrap_or(""),
    );
    for (name, bytes) in &dists {
        let _ = writeln!(out, "D\t{name}\t{bytes}");
    }
    for (package, members) in &closures {
        let _ = writeln!(out, "P\t{package}\t{}", members.join(","));
    }
    Ok(out)
}

fn dir_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| dir_bytes(&e.path()))
        .sum()
}

fn generate_npm() -> Result<String, String> {
    let mut modules: BTreeMap<String, u64> = BTreeMap::new();
    let mut closures: Vec<(String, Vec<String>)> = Vec::new();
    for package in NPM_PACKAGES {
        let dir = temp_dir("npm")?;
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .arg(package)
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        if !status.success() {
            eprintln!("xtask data: npm could not install {package}; left out");
            continue;
        }
        let mut members = Vec::new();
        let node_modules = dir.join("node_modules");
        for entry in std::fs::read_dir(&node_modules)
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let scoped: Vec<(String, PathBuf)> = if name.starts_with('@') {
                std::fs::read_dir(entry.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| {
                        (
                            format!("{name}/{}", e.file_name().to_string_lossy()),
                            e.path(),
                        )
                    })
                    .collect()
            } else {
                vec![(name, entry.path())]
            };
            for (module, path) in scoped {
                modules.insert(module.clone(), dir_bytes(&path));
                members.push(module);
            }
        }
        members.sort();
        closures.push((package.to_string(), members));
        let _ = std::fs::remove_dir_all(&dir);
    }
    let mut out = format!(
        "# npm packages: bytes per installed module folder (nested node_modules included) and the\n\
         # modules each requested name pulls in.\n\
         # source: npm install --prefix <temp> measured {} with npm {} / node {}, linux x64\n\
         # columns: D\tmodule\tbytes  |  P\trequested name\tmodules (comma-separated)\n",
        today(),
        tool_version("npm", &["--version"]),
        tool_version("node", &["--version"]),
    );
    for (name, bytes) in &modules {
        let _ = writeln!(out, "D\t{name}\t{bytes}");
    }
    for (package, members) in &closures {
        let _ = writeln!(out, "P\t{package}\t{}", members.join(","));
    }
    Ok(out)
}
