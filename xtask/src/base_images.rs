//! `cargo xtask data --only base --repo-info DIR [--official-images DIR]`: writes
//! `crates/core/data/base_images.tsv` from docker-library/repo-info, and checks it.
//!
//! One `R` row per `repos/<image>/local/<tag>.md` file: the on-disk "Virtual Size" the file
//! states, the compressed size per platform from `repos/<image>/remote/<tag>.md` when that file
//! is there, the OS and the Debian package set the image holds, the exact version the file
//! describes (its `# image:version` heading), when that build was made, and the commit the file
//! was read at. The package list itself stays in repo-info: the row's path and commit point to
//! it.
//!
//! With `--official-images DIR` (a git checkout of docker-library/official-images), every row
//! also gets `A` rows: the other tags docker-library published for the very same image when
//! that build was made (`python:3.14-slim` was `python:3.14.3-slim-trixie` on 2026-02-04), read
//! from the `library/<image>` file as it stood then.
//!
//! `DIR` is a git checkout of repo-info (rows are read at each file's last commit, and files
//! removed from the tree — end-of-life tags — at the commit before their removal), or a folder
//! of excerpts laid out like one plus a `COMMITS.tsv` (`path`, the copy it was read from,
//! commit), which is how the committed table was made: see `crates/core/data/README.md`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// The official images the table covers: those the corpus and the examples build from.
pub const IMAGES: &[&str] = &[
    "alpine",
    "amazonlinux",
    "buildpack-deps",
    "busybox",
    "centos",
    "debian",
    "eclipse-temurin",
    "fedora",
    "golang",
    "gradle",
    "httpd",
    "maven",
    "mysql",
    "nginx",
    "node",
    "openjdk",
    "php",
    "postgres",
    "python",
    "redis",
    "ruby",
    "rust",
    "ubuntu",
];

/// A file to read: its path in repo-info, where it was read, and its text.
struct Source {
    path: String,
    copy: String,
    commit: String,
    text: String,
    remote: Option<String>,
}

/// One `R` row.
#[derive(Debug, Clone)]
struct Row {
    image: String,
    tag: String,
    disk: u64,
    compressed: Vec<(String, u64)>,
    digest: Option<String>,
    os: String,
    packages: String,
    version: String,
    created: String,
    read_at: String,
}

/// `(image, tag)` pairs that have a row in `base_images_stated.tsv`: an `A` row must not
/// shadow them (the knowledge base refuses an alias that is also a row).
pub fn stated_tags(stated: &str) -> BTreeSet<(String, String)> {
    stated
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cells = l.split('\t');
            Some((cells.next()?.to_string(), cells.next()?.to_string()))
        })
        .collect()
}

pub fn generate(
    repo_info: &Path,
    official_images: Option<&Path>,
    stated: &BTreeSet<(String, String)>,
) -> Result<String, String> {
    let sources = if repo_info.join("COMMITS.tsv").is_file() {
        excerpt_sources(repo_info)?
    } else {
        checkout_sources(repo_info)?
    };
    let mut rows: BTreeMap<(String, String), Row> = BTreeMap::new();
    for source in &sources {
        let row = read_row(source).map_err(|e| format!("{}: {e}", source.path))?;
        let key = (row.image.clone(), row.tag.clone());
        // Two copies of one file: the newer build wins.
        if rows.get(&key).is_none_or(|old| old.created < row.created) {
            rows.insert(key, row);
        }
    }
    let aliases = match official_images {
        Some(dir) => aliases(dir, &rows)?,
        None => BTreeMap::new(),
    };
    let mut out = String::from(
        "# Base images read from docker-library/repo-info: the on-disk \"Virtual Size\" stated in\n\
         #   repos/<image>/local/<tag>.md and, where that file was read, the compressed size per platform\n\
         #   in repos/<image>/remote/<tag>.md. The package list stays in repo-info: path and commit point to it.\n\
         # source: docker-library/repo-info (read_at names the copy and the commit each file was read at),\n\
         #   docker-library/official-images library/<image> at each build's date for the A rows.\n\
         # Written by `cargo xtask data --only base --repo-info DIR --official-images DIR`; see data/README.md.\n\
         # sizes: integer bytes (repo-info prints two decimals of decimal MB, so a row is within 0.01 MB)\n\
         # os: the distribution the image is built on; packages: the base_packages.tsv set it holds\n\
         # columns: R\timage\ttag\tdisk_bytes\tcompressed (platform=bytes;...)\tdigest\tos\tpackages\tversion\tcreated\tread_at\n\
         # columns: A\timage\talias\ttag (the R row it is the same image as)\tofficial-images commit\n",
    );
    for row in rows.values() {
        let compressed = if row.compressed.is_empty() {
            "-".to_string()
        } else {
            row.compressed
                .iter()
                .map(|(p, b)| format!("{p}={b}"))
                .collect::<Vec<_>>()
                .join(";")
        };
        let _ = writeln!(
            out,
            "R\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            row.image,
            row.tag,
            row.disk,
            compressed,
            row.digest.as_deref().unwrap_or("-"),
            row.os,
            row.packages,
            row.version,
            row.created,
            row.read_at
        );
    }
    for ((image, alias), (tag, commit)) in &aliases {
        if stated.contains(&(image.clone(), alias.clone())) {
            continue;
        }
        let _ = writeln!(out, "A\t{image}\t{alias}\t{tag}\t{commit}");
    }
    check(&out)?;
    Ok(out)
}

fn excerpt_sources(dir: &Path) -> Result<Vec<Source>, String> {
    let index = std::fs::read_to_string(dir.join("COMMITS.tsv")).map_err(|e| e.to_string())?;
    let mut sources = Vec::new();
    for line in index.lines().filter(|l| !l.trim().is_empty()) {
        // A fourth cell names the file the excerpt was read from when it is another tag's
        // file whose heading, at that commit, named this tag's build.
        let (path, copy, commit) = match line.split('\t').collect::<Vec<_>>()[..] {
            [path, copy, commit] | [path, copy, commit, _] => (path, copy, commit),
            _ => {
                return Err(format!(
                    "COMMITS.tsv: `{line}` is not path, copy, commit [, read from]"
                ))
            }
        };
        if !path.contains("/local/") {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(path)).map_err(|e| format!("{path}: {e}"))?;
        let remote_path = path.replace("/local/", "/remote/");
        let remote = std::fs::read_to_string(dir.join(&remote_path)).ok();
        sources.push(Source {
            path: path.to_string(),
            copy: copy.split('/').next().unwrap_or(copy).to_string(),
            commit: commit.to_string(),
            text,
            remote,
        });
    }
    Ok(sources)
}

/// Runs `git -C dir args...` and returns its standard output, or its standard error as the error.
pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Every local file of the covered images at its last commit, including files since removed
/// (end-of-life tags), read at the commit before their removal.
fn checkout_sources(dir: &Path) -> Result<Vec<Source>, String> {
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    for image in IMAGES {
        let pattern = format!("repos/{image}/local/");
        let log = git(
            dir,
            &[
                "log",
                "--format=@%H",
                "--name-status",
                "--",
                pattern.as_str(),
            ],
        )?;
        let mut commit = String::new();
        for line in log.lines() {
            if let Some(c) = line.strip_prefix('@') {
                commit = c.to_string();
                continue;
            }
            let mut cells = line.split('\t');
            let (Some(status), Some(path)) = (cells.next(), cells.next()) else {
                continue;
            };
            if wanted.contains_key(path) || !path.ends_with(".md") {
                continue;
            }
            // The log runs newest first: the first mention of a path is its last change.
            let at = if status.starts_with('D') {
                format!("{commit}^")
            } else {
                commit.clone()
            };
            wanted.insert(path.to_string(), at);
        }
    }
    let mut sources = Vec::new();
    for (path, at) in wanted {
        let commit = git(dir, &["rev-parse", at.as_str()])?.trim().to_string();
        let text = git(dir, &["show", &format!("{commit}:{path}")])?;
        let remote_path = path.replace("/local/", "/remote/");
        let remote = git(dir, &["show", &format!("{commit}:{remote_path}")]).ok();
        sources.push(Source {
            path,
            copy: "docker-library".into(),
            commit,
            text,
            remote,
        });
    }
    Ok(sources)
}

/// `~ 118.98 Mb` as repo-info's script prints `docker inspect`'s VirtualSize: decimal units.
fn virtual_size(text: &str) -> Option<u64> {
    let value = text.trim().trim_start_matches('~').trim();
    let (number, unit) = value.split_once(' ')?;
    let factor = match unit.trim() {
        "b" | "B" => 1.0,
        "Kb" | "KB" | "kB" => 1e3,
        "Mb" | "MB" => 1e6,
        "Gb" | "GB" => 1e9,
        _ => return None,
    };
    let bytes = number.parse::<f64>().ok()? * factor;
    Some(bytes.round() as u64)
}

fn read_row(source: &Source) -> Result<Row, String> {
    let mut parts = source.path.split('/');
    let (Some("repos"), Some(image), Some("local"), Some(file)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("not a repos/<image>/local/<tag>.md path".into());
    };
    let tag = file.strip_suffix(".md").ok_or("not a .md file")?;
    let heading = source
        .text
        .lines()
        .find_map(|l| l.strip_prefix("# `"))
        .and_then(|l| l.strip_suffix('`'))
        .ok_or("no `# image:version` heading")?;
    let version = heading
        .split_once(':')
        .map_or(heading, |(_, v)| v)
        .to_string();
    let field = |name: &str| {
        source.text.lines().find_map(|l| {
            l.trim_start_matches(['-', '*', ' ', '\t'])
                .strip_prefix(name)
                .map(str::trim)
        })
    };
    let disk = field("Virtual Size:")
        .and_then(virtual_size)
        .ok_or("no readable `Virtual Size:` line")?;
    let created = field("Created:")
        .map(|c| c.trim_matches('`').chars().take(10).collect::<String>())
        .filter(|c| c.len() == 10)
        .ok_or("no `Created:` line")?;
    let arch = field("Arch:").unwrap_or("`linux`/`amd64`");
    if !arch.contains("amd64") {
        return Err(format!("not an amd64 image ({arch})"));
    }
    let (compressed, digest) = source
        .remote
        .as_deref()
        .map(remote_sizes)
        .unwrap_or_default();
    let os = os_of(image, tag, &version);
    let packages = package_set(image, tag, &os).to_string();
    Ok(Row {
        image: image.to_string(),
        tag: tag.to_string(),
        disk,
        compressed,
        digest,
        os,
        packages,
        version,
        created,
        read_at: format!(
            "{}@{}",
            source.copy,
            &source.commit[..12.min(source.commit.len())]
        ),
    })
}

/// The compressed size per Linux platform (amd64 and arm64 only: what people build on), and
/// the manifest list's digest, from a `remote/<tag>.md` file.
fn remote_sizes(text: &str) -> (Vec<(String, u64)>, Option<String>) {
    let digest = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("$ docker pull "))
        .and_then(|l| l.split_once('@'))
        .map(|(_, d)| d.trim().to_string());
    let mut sizes = Vec::new();
    let mut platform: Option<&str> = None;
    for line in text.lines() {
        if line.starts_with("### ") {
            platform = if line.ends_with("linux; amd64") {
                Some("amd64")
            } else if line.contains("linux; arm64") {
                Some("arm64")
            } else {
                None
            };
        } else if let Some(p) = platform {
            if let Some(rest) = line
                .trim_start_matches(['-', '\t', ' '])
                .strip_prefix("Total Size:")
            {
                let bytes = rest
                    .split_once('(')
                    .and_then(|(_, r)| r.split_once(" bytes"))
                    .and_then(|(n, _)| n.trim().parse::<u64>().ok());
                if let Some(bytes) = bytes {
                    if !sizes.iter().any(|(q, _): &(String, u64)| q == p) {
                        sizes.push((p.to_string(), bytes));
                    }
                }
                platform = None;
            }
        }
    }
    (sizes, digest)
}

const DEBIAN: &[(&str, &str)] = &[
    ("wheezy", "debian7"),
    ("jessie", "debian8"),
    ("stretch", "debian9"),
    ("buster", "debian10"),
    ("bullseye", "debian11"),
    ("bookworm", "debian12"),
    ("trixie", "debian13"),
    ("forky", "debian14"),
    ("sid", "debian-sid"),
];

const UBUNTU: &[(&str, &str)] = &[
    ("trusty", "ubuntu14.04"),
    ("xenial", "ubuntu16.04"),
    ("bionic", "ubuntu18.04"),
    ("focal", "ubuntu20.04"),
    ("jammy", "ubuntu22.04"),
    ("noble", "ubuntu24.04"),
    ("resolute", "ubuntu26.04"),
];

/// The distribution an image is built on, from the suite its tag or version names.
fn os_of(image: &str, tag: &str, version: &str) -> String {
    let words: Vec<&str> = tag.split('-').chain(version.split('-')).collect();
    for word in &words {
        if let Some(v) = word.strip_prefix("alpine") {
            if !v.is_empty() {
                return format!("alpine{v}");
            }
        }
        if let Some((_, id)) = DEBIAN.iter().chain(UBUNTU).find(|(name, _)| name == word) {
            return id.to_string();
        }
    }
    let minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    match image {
        "alpine" => format!("alpine{}", minor(version)),
        "ubuntu" if version.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("ubuntu{}", minor(version))
        }
        "debian" => version
            .split(['.', '-'])
            .next()
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            .map_or("-".to_string(), |n| format!("debian{n}")),
        "busybox" => "busybox".into(),
        "centos" => {
            // A file whose heading names `centos:latest` says its release only in its tag.
            let release = Some(version.trim_start_matches("centos"))
                .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or_else(|| tag.trim_start_matches("centos"));
            format!("centos{}", release.split('.').next().unwrap_or(""))
        }
        "amazonlinux" => format!("amazonlinux{}", version.split('.').next().unwrap_or("")),
        "fedora" => format!("fedora{}", version.split('.').next().unwrap_or("")),
        _ if words.contains(&"alpine") => "alpine".into(),
        _ => "-".into(),
    }
}

/// The `base_packages.tsv` set a Debian-based image holds (the model counts `apt-get install`
/// against it), `-` when the image is not Debian-based or its set is not modelled.
fn package_set(image: &str, tag: &str, os: &str) -> &'static str {
    if !(os.starts_with("debian") || os.starts_with("ubuntu")) {
        return "-";
    }
    let slim = tag.contains("slim");
    match image {
        "python" if slim => "python-slim",
        "python" => "python",
        "node" if slim => "node-slim",
        "node" => "node",
        "debian" => "debian",
        "buildpack-deps" if tag.contains("curl") => "buildpack-curl",
        "buildpack-deps" if tag.contains("scm") => "buildpack-scm",
        "buildpack-deps" => "buildpack",
        "golang" => "buildpack-scm",
        "rust" if slim => "debian",
        "rust" => "buildpack",
        _ if os.starts_with("debian") => "debian",
        _ => "-",
    }
}

/// `(image, alias)` to `(row tag, official-images commit)`.
type Aliases = BTreeMap<(String, String), (String, String)>;

/// For each row, the tags docker-library published for the same image when it was built.
fn aliases(dir: &Path, rows: &BTreeMap<(String, String), Row>) -> Result<Aliases, String> {
    // alias -> (row tag, official-images commit, row created)
    let mut found: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    let mut cache: HashMap<String, String> = HashMap::new();
    for row in rows.values() {
        let file = format!("library/{}", row.image);
        let before = git(
            dir,
            &[
                "log",
                "-1",
                "--format=%H",
                &format!("--before={}T23:59:59Z", row.created),
                "--",
                file.as_str(),
            ],
        )?;
        let after = git(
            dir,
            &[
                "log",
                "--reverse",
                "--format=%H",
                &format!("--after={}T00:00:00Z", row.created),
                "--",
                file.as_str(),
            ],
        )?;
        let candidates: Vec<String> = before
            .lines()
            .chain(after.lines().take(5))
            .map(str::to_string)
            .collect();
        for commit in candidates {
            let text = match cache.get(&commit) {
                Some(t) => t.clone(),
                None => {
                    let t = git(dir, &["show", &format!("{commit}:{file}")]).unwrap_or_default();
                    cache.insert(commit.clone(), t.clone());
                    t
                }
            };
            let Some(tags) = block_with(&text, &row.version) else {
                continue;
            };
            if !tags.contains(&row.tag) {
                // The file's own tag must be in the block, or the build and the file disagree.
                continue;
            }
            for tag in tags {
                if tag == row.tag || rows.contains_key(&(row.image.clone(), tag.clone())) {
                    continue;
                }
                let key = (row.image.clone(), tag);
                let newer = found
                    .get(&key)
                    .is_none_or(|(_, _, created)| *created < row.created);
                if newer {
                    found.insert(
                        key,
                        (
                            row.tag.clone(),
                            commit[..12].to_string(),
                            row.created.clone(),
                        ),
                    );
                }
            }
            break;
        }
    }
    Ok(found
        .into_iter()
        .map(|(k, (tag, commit, _))| (k, (tag, commit)))
        .collect())
}

/// The Linux block of a `library/<image>` file whose `Tags:` name `version`, with its tags and
/// shared tags.
fn block_with(text: &str, version: &str) -> Option<BTreeSet<String>> {
    for block in text.split("\n\n") {
        let mut tags = BTreeSet::new();
        let mut windows = false;
        for line in block.lines() {
            if let Some(list) = line
                .strip_prefix("Tags:")
                .or_else(|| line.strip_prefix("SharedTags:"))
            {
                tags.extend(list.split(',').map(|t| t.trim().to_string()));
            }
            if line.starts_with("Architectures:") && line.contains("windows") {
                windows = true;
            }
        }
        if !windows && tags.contains(version) {
            return Some(tags);
        }
    }
    None
}

/// What `--check` verifies against the committed excerpts (`crates/core/data/base_images_repo_info`):
/// every excerpt has its `R` row, read at the same copy and commit, and the row's on-disk size
/// is within 1 % of the "Virtual Size" the excerpt states (it is read exactly; the margin is
/// the issue's bar). Returns how many rows were compared.
pub fn check_excerpts(dir: &Path, text: &str) -> Result<usize, String> {
    let rows: HashMap<(&str, &str), (u64, &str)> = text
        .lines()
        .filter_map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
            ["R", image, tag, disk, .., read_at] => {
                Some(((image, tag), (disk.parse().ok()?, read_at)))
            }
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    let sources = excerpt_sources(dir)?;
    for source in &sources {
        let row = read_row(source).map_err(|e| format!("{}: {e}", source.path))?;
        match rows.get(&(row.image.as_str(), row.tag.as_str())) {
            None => problems.push(format!(
                "{}: {}:{} has no R row; run `cargo xtask data --only base --repo-info {}`",
                source.path,
                row.image,
                row.tag,
                dir.display()
            )),
            Some(&(disk, read_at)) => {
                if disk.abs_diff(row.disk) * 100 > row.disk {
                    problems.push(format!(
                        "{}: the row says {disk} bytes, the file {} bytes (more than 1 % apart)",
                        source.path, row.disk
                    ));
                }
                if read_at != row.read_at {
                    problems.push(format!(
                        "{}: the row was read at {read_at}, the excerpt at {}",
                        source.path, row.read_at
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(sources.len())
    } else {
        Err(format!(
            "base_images.tsv against its excerpts:\n{}",
            problems.join("\n")
        ))
    }
}

/// What `--check` can verify without repo-info: every row is well formed, names a commit, and
/// every alias leads to a row.
pub fn check(text: &str) -> Result<(), String> {
    let mut rows = BTreeSet::new();
    let mut problems = Vec::new();
    let hex = |s: &str| s.len() == 12 && s.chars().all(|c| c.is_ascii_hexdigit());
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let at = number + 1;
        match cells[..] {
            ["R", image, tag, disk, compressed, _digest, os, packages, version, created, read_at] =>
            {
                if disk.parse::<u64>().is_err() {
                    problems.push(format!("line {at}: disk_bytes `{disk}` is not an integer"));
                }
                if compressed != "-"
                    && compressed.split(';').any(|p| {
                        p.split_once('=')
                            .is_none_or(|(_, b)| b.parse::<u64>().is_err())
                    })
                {
                    problems.push(format!("line {at}: compressed `{compressed}`"));
                }
                if os.is_empty() || packages.is_empty() || version.is_empty() {
                    problems.push(format!("line {at}: empty cell"));
                }
                if created.len() != 10 {
                    problems.push(format!("line {at}: created `{created}` is not a date"));
                }
                match read_at.split_once('@') {
                    Some((copy, commit)) if !copy.is_empty() && hex(commit) => {}
                    _ => {
                        problems.push(format!("line {at}: read_at `{read_at}` is not copy@commit"))
                    }
                }
                if !rows.insert((image.to_string(), tag.to_string())) {
                    problems.push(format!("line {at}: {image}:{tag} is listed twice"));
                }
            }
            ["A", _, _, _, commit] => {
                if !hex(commit) {
                    problems.push(format!("line {at}: official-images commit `{commit}`"));
                }
            }
            _ => problems.push(format!("line {at}: not an R or A row")),
        }
    }
    for (number, line) in text.lines().enumerate() {
        if let ["A", image, alias, tag, _] = line.split('\t').collect::<Vec<_>>()[..] {
            if !rows.contains(&(image.to_string(), tag.to_string())) {
                problems.push(format!(
                    "line {}: {image}:{alias} leads to {tag}, which has no R row",
                    number + 1
                ));
            }
            if rows.contains(&(image.to_string(), alias.to_string())) {
                problems.push(format!(
                    "line {}: {image}:{alias} is an alias and also has an R row",
                    number + 1
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("base_images.tsv:\n{}", problems.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_local_and_a_remote_file() {
        let local = "# `python:3.14.3-slim-trixie`\n\n## Docker Metadata\n\n- Image ID: `sha256:59`\n\
                     - Created: `2026-02-04T20:09:13.2Z`\n- Virtual Size: ~ 118.98 Mb  \n  (total size of all layers on-disk)\n\
                     - Arch: `linux`/`amd64`\n";
        let remote = "## `python:3.14-slim-trixie`\n\n```console\n$ docker pull python@sha256:aa11\n```\n\n\
                      ### `python:3.14-slim-trixie` - linux; amd64\n\n-\tTotal Size: **41.2 MB (41213422 bytes)**  \n\
                      ### `python:3.14-slim-trixie` - linux; arm variant v7\n\n-\tTotal Size: **36.0 MB (36000000 bytes)**  \n\
                      ### `python:3.14-slim-trixie` - linux; arm64 variant v8\n\n-\tTotal Size: **40.1 MB (40100000 bytes)**  \n";
        let row = read_row(&Source {
            path: "repos/python/local/3.14-slim-trixie.md".into(),
            copy: "docker-library".into(),
            commit: "18e7609fa6a46621c77a8a2ca11720b95021d184".into(),
            text: local.into(),
            remote: Some(remote.into()),
        })
        .unwrap();
        assert_eq!(row.disk, 118_980_000);
        assert_eq!(
            row.compressed,
            [
                ("amd64".to_string(), 41_213_422),
                ("arm64".to_string(), 40_100_000)
            ]
        );
        assert_eq!(row.digest.as_deref(), Some("sha256:aa11"));
        assert_eq!(
            (row.os.as_str(), row.packages.as_str()),
            ("debian13", "python-slim")
        );
        assert_eq!(
            (row.version.as_str(), row.created.as_str()),
            ("3.14.3-slim-trixie", "2026-02-04")
        );
        assert_eq!(row.read_at, "docker-library@18e7609fa6a4");
    }

    #[test]
    fn sizes_and_systems_read_as_repo_info_prints_them() {
        assert_eq!(virtual_size("~ 1.12 Gb"), Some(1_120_000_000));
        assert_eq!(virtual_size("~ 4.45 Mb"), Some(4_450_000));
        assert_eq!(virtual_size("~ lots"), None);
        assert_eq!(os_of("ubuntu", "bionic", "18.04"), "ubuntu18.04");
        assert_eq!(os_of("ubuntu", "20.04", "20.04"), "ubuntu20.04");
        assert_eq!(os_of("alpine", "3.9", "3.9"), "alpine3.9");
        assert_eq!(os_of("node", "8-alpine", "8.17.0-alpine3.11"), "alpine3.11");
        assert_eq!(os_of("debian", "10.13", "10.13"), "debian10");
        assert_eq!(os_of("python", "3.7", "3.7.17-bookworm"), "debian12");
        assert_eq!(os_of("centos", "8", "latest"), "centos8");
        assert_eq!(os_of("centos", "7", "centos7.9.2009"), "centos7");
    }

    #[test]
    fn aliases_come_from_the_linux_block_that_names_the_version() {
        let library = "Tags: 3.7.17-slim-bookworm, 3.7-slim-bookworm, 3.7.17-slim, 3.7-slim\n\
                       Architectures: amd64\n\nTags: 3.7.17-windowsservercore\nSharedTags: 3.7.17, 3.7\n\
                       Architectures: windows-amd64\n";
        let tags = block_with(library, "3.7.17-slim").unwrap();
        assert!(tags.contains("3.7-slim-bookworm"));
        assert_eq!(block_with(library, "3.7.17"), None);
    }

    #[test]
    fn rows_must_state_their_excerpts_size() {
        let dir = std::env::temp_dir().join(format!("excerpts-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repos/alpine/local")).unwrap();
        std::fs::write(
            dir.join("repos/alpine/local/3.9.md"),
            "# `alpine:3.9`\n\n- Created: `2019-01-30T22:19:52Z`\n- Virtual Size: ~ 5.53 Mb  \n",
        )
        .unwrap();
        std::fs::write(
            dir.join("COMMITS.tsv"),
            "repos/alpine/local/3.9.md\thiramtibbit/repo-info\t903b0622b205\n",
        )
        .unwrap();
        let row = |disk: &str| {
            format!("R\talpine\t3.9\t{disk}\t-\t-\talpine3.9\t-\t3.9\t2019-01-30\thiramtibbit@903b0622b205\n")
        };
        let exact = check_excerpts(&dir, &row("5530000"));
        let within = check_excerpts(&dir, &row("5560000"));
        let off = check_excerpts(&dir, &row("5600000"));
        let missing = check_excerpts(&dir, "");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(exact, Ok(1));
        assert_eq!(within, Ok(1), "0.5 % apart is within the bar");
        assert!(off.unwrap_err().contains("more than 1 %"));
        assert!(missing.unwrap_err().contains("has no R row"));
    }

    #[test]
    fn check_refuses_broken_rows() {
        let good = "R\talpine\t3.9\t5530000\t-\t-\talpine3.9\t-\t3.9\t2019-01-30\thiramtibbit@903b0622b205\n\
                    A\talpine\t3.9.2\t3.9\tabcdefabcdef\n";
        assert!(check(good).is_ok());
        assert!(check(&good.replace("5530000", "5.5MB")).is_err());
        assert!(check(&good.replace("\t3.9\tabcdef", "\t3.10\tabcdef")).is_err());
        assert!(check(&good.replace("@903b0622b205", "")).is_err());
    }
}

#[cfg(test)]
mod checkout_tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .env("GIT_COMMITTER_DATE", "2026-01-02T00:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-01-02T00:00:00Z")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn local(version: &str, mb: &str) -> String {
        format!(
            "# `alpine:{version}`\n\n## Docker Metadata\n\n- Created: `2025-12-18T00:12:29Z`\n\
             - Virtual Size: ~ {mb} Mb  \n  (total size of all layers on-disk)\n- Arch: `linux`/`amd64`\n"
        )
    }

    /// A checkout is read at each file's last commit, and a removed file (an end-of-life tag)
    /// at the commit before its removal.
    #[test]
    fn a_git_checkout_keeps_removed_tags_from_its_history() {
        let dir = std::env::temp_dir().join(format!("repo-info-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repos/alpine/local")).unwrap();
        run(&dir, &["init", "-q"]);
        std::fs::write(
            dir.join("repos/alpine/local/3.9.md"),
            local("3.9.6", "5.53"),
        )
        .unwrap();
        std::fs::write(
            dir.join("repos/alpine/local/3.23.md"),
            local("3.23.1", "8.40"),
        )
        .unwrap();
        run(&dir, &["add", "."]);
        run(&dir, &["commit", "-qm", "first"]);
        std::fs::write(
            dir.join("repos/alpine/local/3.23.md"),
            local("3.23.2", "8.44"),
        )
        .unwrap();
        run(&dir, &["rm", "-q", "repos/alpine/local/3.9.md"]);
        run(&dir, &["commit", "-qam", "update 3.23, drop 3.9"]);
        let text = generate(&dir, None, &BTreeSet::new()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let rows: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| l.starts_with("R\t"))
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), 2, "{text}");
        let by_tag = |tag: &str| rows.iter().find(|r| r[2] == tag).unwrap().clone();
        assert_eq!(
            (by_tag("3.23")[3], by_tag("3.23")[8]),
            ("8440000", "3.23.2")
        );
        assert_eq!((by_tag("3.9")[3], by_tag("3.9")[8]), ("5530000", "3.9.6"));
        assert_ne!(
            by_tag("3.9")[10],
            by_tag("3.23")[10],
            "read at different commits"
        );
    }
}
