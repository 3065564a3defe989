//! `cargo xtask data --only excerpts --copy-of DIR --copy OWNER/NAME`: copies, from a git copy
//! of docker-library/repo-info (a fork or an uploaded snapshot), the excerpt of every official
//! tag the corpus names that the size table cannot size exactly yet, into
//! `crates/core/data/base_images_repo_info/` with the copy and commit it was read at.
//!
//! A tag is found either as its own file (`repos/<image>/local/<tag>.md`, read at its last
//! commit in the copy, or the commit before its removal) or, when repo-info never published
//! that file or the copy lacks it, as an older version of another tag's file whose
//! `# image:version` heading names exactly that tag (`8-alpine.md` at the commit where it
//! described `node:8.0.0-alpine`): that version describes the very build the pinned tag pulled.
//! The excerpt keeps only the facts the table uses: the heading, `Created`, `Virtual Size`,
//! `Arch`, and from the matching `remote/` file the manifest digest and the amd64 and arm64
//! compressed sizes. `COMMITS.tsv` gets the path, the copy, the commit and, for a heading
//! match, the file it was read from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::base_images::git;
use stagecraft_core::size::image_ref::ImageRef;
use stagecraft_core::size::{estimate, BaseMatch, EstimateInputs};

/// Official `(image, tag)` pairs the corpus's `FROM` lines name that resolve only to a
/// nearest row or to nothing.
pub fn wanted_from_corpus(corpus: &Path) -> Result<BTreeSet<(String, String)>, String> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut wanted = BTreeSet::new();
    for file in manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
    {
        let Ok(bytes) = std::fs::read(corpus.join(file)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let e = estimate(&stagecraft_core::parse(&text), &EstimateInputs::default());
        for stage in &e.stages {
            let Some(base) = &stage.base_image else {
                continue;
            };
            if !matches!(base.matched, BaseMatch::Nearest | BaseMatch::Unknown) {
                continue;
            }
            let Some(image) = ImageRef::parse(&stage.base) else {
                continue;
            };
            if let (Some(name), Some(tag)) = (image.official_name(), image.tag.as_deref()) {
                wanted.insert((name.to_string(), tag.to_string()));
            } else if let (Some(name), None, None) =
                (image.official_name(), &image.tag, &image.digest)
            {
                wanted.insert((name.to_string(), "latest".to_string()));
            }
        }
    }
    Ok(wanted)
}

/// One version of a `local/` file in the copy's history.
#[derive(Debug, Clone)]
struct Version {
    commit: String,
    path: String,
    blob: String,
}

/// Every version of every `repos/<image>/local/*.md` file in the copy's history, newest first.
fn versions(dir: &Path, image: &str) -> Result<Vec<Version>, String> {
    let pattern = format!("repos/{image}/local/");
    let log = git(
        dir,
        &[
            "log",
            "--all",
            "--format=@%H",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--",
            pattern.as_str(),
        ],
    )?;
    let mut out = Vec::new();
    let mut commit = String::new();
    for line in log.lines() {
        if let Some(c) = line.strip_prefix('@') {
            commit = c.to_string();
            continue;
        }
        let Some((meta, path)) = line.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let (Some(blob), Some(status)) = (fields.get(3), fields.get(4)) else {
            continue;
        };
        if status.starts_with('D') || !path.ends_with(".md") {
            continue;
        }
        out.push(Version {
            commit: commit.clone(),
            path: path.to_string(),
            blob: blob.to_string(),
        });
    }
    Ok(out)
}

/// The texts of many blobs through one `git cat-file --batch`.
fn blobs(dir: &Path, ids: &[String]) -> Result<BTreeMap<String, String>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("git cat-file: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
    let input: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut raw = Vec::new();
    child
        .stdout
        .take()
        .ok_or("git cat-file: no stdout")?
        .read_to_end(&mut raw)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let _ = child.wait();
    let mut out = BTreeMap::new();
    let mut at = 0;
    for id in ids {
        let Some(end) = raw[at..].iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&raw[at..at + end]).to_string();
        at += end + 1;
        let size: usize = match header.split_whitespace().collect::<Vec<_>>()[..] {
            [_, "blob", size] => size.parse().map_err(|_| format!("cat-file: {header}"))?,
            _ => continue, // missing
        };
        let text = String::from_utf8_lossy(&raw[at..at + size]).to_string();
        at += size + 1;
        out.insert(id.clone(), text);
    }
    Ok(out)
}

fn heading(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.strip_prefix("# `"))
        .and_then(|l| l.strip_suffix('`'))
}

/// The facts of a `local/` file the table reads, in the file's own words.
fn local_excerpt(text: &str) -> Option<String> {
    let mut out = format!("# `{}`\n\n## Docker Metadata\n\n", heading(text)?);
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let field = line.trim_start_matches(['-', ' ']);
        if field.starts_with("Created:") || field.starts_with("Arch:") {
            let _ = writeln!(out, "{}", line.trim_end());
        } else if field.starts_with("Virtual Size:") {
            let _ = writeln!(out, "{line}");
            if let Some(next) = lines.next() {
                let _ = writeln!(out, "{next}");
            }
        }
    }
    out.contains("Virtual Size:").then_some(out)
}

/// The manifest digest and the amd64 and arm64 sizes of a `remote/` file.
fn remote_excerpt(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut lines = text.lines();
    let title = lines.next()?;
    let _ = writeln!(out, "{title}\n");
    if let Some(pull) = text.lines().find(|l| l.starts_with("$ docker pull ")) {
        let _ = writeln!(out, "```console\n{pull}\n```\n");
    }
    let mut platform = false;
    for line in text.lines() {
        if line.starts_with("### ") {
            platform = line.ends_with("linux; amd64") || line.contains("linux; arm64");
            if platform {
                let _ = writeln!(out, "{line}\n");
            }
        } else if platform
            && line
                .trim_start_matches(['-', '\t'])
                .starts_with("Total Size:")
        {
            let _ = writeln!(out, "{line}\n");
            platform = false;
        }
    }
    out.contains("Total Size:").then_some(out)
}

/// `latest`, `lts`, `current` and their variants move to a new major version every year: an
/// older copy's file for them describes another Node or Python than `FROM node:latest` pulls
/// today, so they are left to `tag_aliases.tsv` (today's meaning) and the nearest row.
fn follows_newest_release(tag: &str) -> bool {
    ["latest", "lts", "current"]
        .iter()
        .any(|t| tag == *t || tag.starts_with(&format!("{t}-")))
}

/// What was copied: `(image, tag)` to the excerpt's `COMMITS.tsv` line.
pub fn harvest(
    copy_dir: &Path,
    copy: &str,
    wanted: &BTreeSet<(String, String)>,
    out_dir: &Path,
) -> Result<Vec<String>, String> {
    let index_path = out_dir.join("COMMITS.tsv");
    let index = std::fs::read_to_string(&index_path).unwrap_or_default();
    let have: BTreeSet<String> = index
        .lines()
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect();
    let mut by_image: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (image, tag) in wanted {
        if follows_newest_release(tag) {
            continue;
        }
        if !have.contains(&format!("repos/{image}/local/{tag}.md")) {
            by_image.entry(image).or_default().push(tag);
        }
    }
    let mut added = Vec::new();
    for (image, tags) in by_image {
        let all = versions(copy_dir, image)?;
        if all.is_empty() {
            continue;
        }
        let ids: Vec<String> = all
            .iter()
            .map(|v| v.blob.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let texts = blobs(copy_dir, &ids)?;
        for tag in tags {
            let own = format!("repos/{image}/local/{tag}.md");
            let full = format!("{image}:{tag}");
            // Its own file first (newest version), then any file whose heading names the tag.
            let found = all
                .iter()
                .find(|v| v.path == own)
                .or_else(|| {
                    all.iter().find(|v| {
                        texts
                            .get(&v.blob)
                            .and_then(|t| heading(t))
                            .is_some_and(|h| h == full)
                    })
                })
                .cloned();
            let Some(version) = found else {
                continue;
            };
            let Some(text) = texts.get(&version.blob) else {
                continue;
            };
            let Some(local) = local_excerpt(text) else {
                continue;
            };
            if local.contains("Arch:") && !local.contains("amd64") {
                continue;
            }
            let remote_path = version.path.replace("/local/", "/remote/");
            let remote = git(
                copy_dir,
                &["show", &format!("{}:{remote_path}", version.commit)],
            )
            .ok()
            .and_then(|t| remote_excerpt(&t));
            let local_out = out_dir.join(&own);
            std::fs::create_dir_all(local_out.parent().ok_or("no parent")?)
                .map_err(|e| e.to_string())?;
            std::fs::write(&local_out, local).map_err(|e| e.to_string())?;
            let remote_out = out_dir.join(own.replace("/local/", "/remote/"));
            match remote {
                Some(r) => {
                    std::fs::create_dir_all(remote_out.parent().ok_or("no parent")?)
                        .map_err(|e| e.to_string())?;
                    std::fs::write(&remote_out, r).map_err(|e| e.to_string())?;
                }
                None => {
                    let _ = std::fs::remove_file(&remote_out);
                }
            }
            let mut line = format!("{own}\t{copy}\t{}", version.commit);
            if version.path != own {
                let _ = write!(line, "\t{}", version.path);
            }
            added.push(line);
        }
    }
    if !added.is_empty() {
        let mut text = index;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in &added {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&index_path, text).map_err(|e| e.to_string())?;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_only_the_facts() {
        let local = "# `node:8.0.0-alpine`\n\n## Docker Metadata\n\n- Image ID: `sha256:5a`\n\
                     - Created: `2017-05-31T19:44:32Z`\n- Virtual Size: ~ 63.69 Mb  \n  (total size of all layers on-disk)\n\
                     - Arch: `linux`/`amd64`\n- Command: `[\"node\"]`\n\n## `dpkg` (`.deb`-based packages)\n";
        let e = local_excerpt(local).unwrap();
        assert!(e.starts_with("# `node:8.0.0-alpine`"));
        assert!(e.contains("63.69 Mb") && e.contains("Created:") && e.contains("amd64"));
        assert!(!e.contains("Command") && !e.contains("dpkg"));
        let remote = "## `node:8-alpine`\n\n```console\n$ docker pull node@sha256:aa\n```\n\n\
                      ### `node:8-alpine` - linux; amd64\n\n-\tDocker Version: 1\n-\tTotal Size: **19.1 MB (19147628 bytes)**  \n\
                      ### `node:8-alpine` - linux; 386\n\n-\tTotal Size: **18.0 MB (18000000 bytes)**  \n";
        let r = remote_excerpt(remote).unwrap();
        assert!(r.contains("node@sha256:aa") && r.contains("19147628"));
        assert!(!r.contains("18000000") && !r.contains("Docker Version"));
    }

    #[test]
    fn tags_that_follow_the_newest_release_are_not_copied() {
        assert!(follows_newest_release("latest"));
        assert!(follows_newest_release("current-slim"));
        assert!(follows_newest_release("lts-alpine"));
        assert!(!follows_newest_release("20"));
        assert!(!follows_newest_release("latest2"));
    }
}
