//! Image references read the way Docker reads them: which registry, which repository, which
//! tag and digest, and which Docker Hub official image sits behind a mirror's name.
//!
//! `FROM python`, `FROM docker.io/library/python:latest`, `FROM mirror.gcr.io/python` and
//! `FROM public.ecr.aws/docker/library/python` all pull the same official image; the size
//! model, the lint rules and the rewrite steps must agree on that, so they all read references
//! through [`ImageRef::parse`]. Rules that reproduce how hadolint or BuildKit read the text
//! (the name as written, a reference's validity) split it with [`WrittenRef::split`], the same
//! split `ImageRef::parse` starts from; no other file splits `name:tag@digest`.

/// Registries that are Docker Hub under another name.
const DOCKER_HUB: &[&str] = &[
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
];

/// Public pull-through mirrors of Docker Hub: the path after the prefix is a Docker Hub path.
const HUB_MIRRORS: &[&str] = &["mirror.gcr.io/", "public.ecr.aws/docker/"];

/// A reference split as written, `name[:tag][@digest]`: the digest is everything after the
/// first `@`, the tag everything after a `:` that follows the last `/` (a `:` before it is a
/// registry port). Nothing is checked, lower-cased or resolved: lint rules that reproduce how
/// hadolint or BuildKit read the text build on this, and [`ImageRef::parse`] adds what Docker
/// makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenRef<'a> {
    /// `registry/path` as written, without tag or digest.
    pub name: &'a str,
    /// The text after the tag's `:` (empty when the reference ends in `:`).
    pub tag: Option<&'a str>,
    /// The text after the first `@`.
    pub digest: Option<&'a str>,
}

/// Whether `tag` is a tag Docker accepts: 1 to 128 characters, letters, digits, `_`, `.` and
/// `-`, not starting with `.` or `-` (the `tag` rule of `distribution/reference`'s grammar).
pub fn valid_tag(tag: &str) -> bool {
    tag.len() <= 128
        && tag
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

const LINUX_ONLY_IMAGES: &[&str] = &[
    "alpine",
    "debian",
    "ubuntu",
    "centos",
    "fedora",
    "busybox",
    "archlinux",
    "amazonlinux",
    "rockylinux",
    "almalinux",
    "oraclelinux",
    "opensuse/leap",
    "opensuse/tumbleweed",
    "gcr.io/distroless",
    "cgr.dev/chainguard",
];

const LINUX_TAG_MARKERS: &[&str] = &[
    "alpine",
    "slim",
    "bookworm",
    "bullseye",
    "buster",
    "trixie",
    "jammy",
    "noble",
    "focal",
    "ubi8",
    "ubi9",
    "distroless",
];

const WINDOWS_TAG_MARKERS: &[&str] = &["nanoserver", "windowsservercore", "servercore", "ltsc20"];

/// Whether `image` is a Windows image by its name or tag ([`image_os`]'s first answer): the
/// lint rules ask this of every final stage, so it reads no Linux list.
pub fn is_windows_image(image: &str) -> bool {
    let lower = lowered(image);
    let (name, tag) = name_and_tag(&lower);
    windows(name, tag)
}

/// [`is_windows_image`] of `reference` when `written` is its [`WrittenRef::split`]: lint asks
/// it of every final stage, whose reference the model holds split already. An ASCII reference
/// is compared in place, case ignored, where a lowered copy and its split cost more than the
/// answer; any other is read as `is_windows_image` reads it (a few non-ASCII letters lower to
/// ASCII ones).
pub fn is_windows_written(reference: &str, written: WrittenRef<'_>) -> bool {
    if !reference.is_ascii() {
        return is_windows_image(reference);
    }
    // `name_and_tag`'s reading: without `docker.io/`, then `library/` (the name as written
    // when only the first is there).
    let name = written.name;
    let name = strip_prefix_ignoring_case(
        strip_prefix_ignoring_case(name, "docker.io/").unwrap_or(name),
        "library/",
    )
    .unwrap_or(name);
    let tag = written.tag.unwrap_or("").as_bytes();
    strip_prefix_ignoring_case(name, "mcr.microsoft.com/windows").is_some()
        || (0..tag.len()).any(|at| {
            // Each marker starts with one of these letters, which few tags' bytes are.
            matches!(tag[at].to_ascii_lowercase(), b'n' | b'w' | b's' | b'l')
                && WINDOWS_TAG_MARKERS.iter().any(|m| {
                    tag.len() - at >= m.len()
                        && tag[at..at + m.len()].eq_ignore_ascii_case(m.as_bytes())
                })
        })
}

/// `text` after `prefix` (lower-case ASCII), compared ignoring ASCII case.
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.as_bytes().get(..prefix.len())?;
    // Equal to an ASCII prefix, the head is ASCII: the cut is a character boundary.
    head.eq_ignore_ascii_case(prefix.as_bytes())
        .then(|| &text[prefix.len()..])
}

/// `image` in lower case, copied only when it has an upper-case or non-ASCII character.
fn lowered(image: &str) -> std::borrow::Cow<'_, str> {
    if image
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        std::borrow::Cow::Owned(crate::case::lower(image))
    } else {
        std::borrow::Cow::Borrowed(image)
    }
}

/// The name without Docker Hub's `docker.io/` and `library/`, and the tag (empty for none).
fn name_and_tag(lower: &str) -> (&str, &str) {
    let written = WrittenRef::split(lower);
    let name = written.name;
    let name = name
        .strip_prefix("docker.io/")
        .unwrap_or(name)
        .strip_prefix("library/")
        .unwrap_or(name);
    (name, written.tag.unwrap_or(""))
}

fn windows(name: &str, tag: &str) -> bool {
    name.starts_with("mcr.microsoft.com/windows")
        || WINDOWS_TAG_MARKERS.iter().any(|m| has_part(tag, m))
}

/// Whether `part` occurs in `text`, compared where the first bytes match: for
/// the short names and tags of image references, where a substring searcher set up per call
/// cost more than the search (lint asks of every file's final stage, the size tables of
/// every row of an image).
pub(crate) fn has_part(text: &str, part: &str) -> bool {
    let (text, part) = (text.as_bytes(), part.as_bytes());
    let Some(&first) = part.first() else {
        return true;
    };
    if text.len() < part.len() {
        return false;
    }
    // The places `part` may start at: `0..=last`.
    let last = text.len() - part.len();
    let matches_at = |at: usize| text[at..at + part.len()] == *part;
    // Eight places at a time, where the first byte is looked for in a word: most words have
    // none, and a comparison per byte cost more than this (a text is asked for several parts).
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let pattern = ONES * u64::from(first);
    let mut at = 0;
    while at + 8 <= last + 1 {
        let word = u64::from_le_bytes(*text[at..].first_chunk::<8>().expect("eight bytes"));
        let x = word ^ pattern;
        // A byte of `x` is zero where the word has `first`; each such byte sets its high bit
        // here, and a few others may be set too (above a zero byte): each is compared.
        let mut found = x.wrapping_sub(ONES) & !x & (ONES << 7);
        while found != 0 {
            if matches_at(at + found.trailing_zeros() as usize / 8) {
                return true;
            }
            found &= found - 1;
        }
        at += 8;
    }
    (at..=last).any(|at| text[at] == first && matches_at(at))
}

/// The only OS an image reference can be for (`"windows"` or `"linux"`), when its name or
/// tag says so: `mcr.microsoft.com/windows/...`, a `nanoserver` or `ltsc2022` tag; `alpine`,
/// `debian`, a `-slim` or `bookworm` tag. `None` for the many images built for both.
pub fn image_os(image: &str) -> Option<&'static str> {
    let lower = lowered(image);
    let (name, tag) = name_and_tag(&lower);
    if windows(name, tag) {
        return Some("windows");
    }
    let linux_name = LINUX_ONLY_IMAGES.iter().any(|i| {
        name.strip_prefix(i)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    if linux_name || LINUX_TAG_MARKERS.iter().any(|m| has_part(tag, m)) {
        return Some("linux");
    }
    None
}

impl<'a> WrittenRef<'a> {
    pub fn split(reference: &'a str) -> WrittenRef<'a> {
        // One pass over the bytes up to the `@` (the three marks are ASCII), keeping the
        // last `:` and whether a `/` follows it: references are short, and a search per mark
        // cost more than the reading (lint splits each FROM's reference several times).
        let bytes = reference.as_bytes();
        let (mut end, mut colon, mut slash_after) = (bytes.len(), None, false);
        for (at, &b) in bytes.iter().enumerate() {
            match b {
                b'@' => {
                    end = at;
                    break;
                }
                b':' => (colon, slash_after) = (Some(at), false),
                b'/' => slash_after = true,
                _ => {}
            }
        }
        let (name_tag, digest) = (&reference[..end], reference.get(end + 1..));
        match colon {
            Some(at) if !slash_after => WrittenRef {
                name: &name_tag[..at],
                tag: Some(&name_tag[at + 1..]),
                digest,
            },
            _ => WrittenRef {
                name: name_tag,
                tag: None,
                digest,
            },
        }
    }

    /// The registry host when the first path component names one (it has a `.` or a `:`, or
    /// is `localhost`, as Docker decides), and the path after it.
    pub fn registry_and_path(&self) -> (Option<&'a str>, &'a str) {
        // Byte searches, as in `split`.
        let slash = self.name.bytes().position(|b| b == b'/');
        match slash.map(|at| (&self.name[..at], &self.name[at + 1..])) {
            Some((first, rest))
                if first.bytes().any(|b| b == b'.' || b == b':') || first == "localhost" =>
            {
                (Some(first), rest)
            }
            _ => (None, self.name),
        }
    }
}

/// One `FROM` reference, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `docker.io` for Docker Hub (whatever alias or mirror was written), else the host as
    /// written, lower-cased (`gcr.io`, `localhost:5000`).
    pub registry: String,
    /// The repository path, lower-cased; Docker Hub's official images are `library/<name>`.
    pub repository: String,
    /// The tag as written, if any.
    pub tag: Option<String>,
    /// `sha256:...` when the reference pins a digest.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Reads a reference as `docker pull` would. `None` when the text cannot be an image name
    /// (empty, an unexpanded `$VARIABLE`, spaces).
    pub fn parse(reference: &str) -> Option<ImageRef> {
        let reference = reference.trim();
        // BuildKit lexes `FROM` words like a shell word, so `FROM "ubuntu:bionic"` pulls ubuntu.
        let reference = ['"', '\'']
            .iter()
            .find_map(|q| {
                reference
                    .strip_prefix(*q)
                    .and_then(|rest| rest.strip_suffix(*q))
            })
            .unwrap_or(reference);
        // The marks are ASCII: looked for in the bytes, where a char pattern's searcher cost
        // more to set up than the search (lint reads a FROM of every file here).
        if reference.is_empty()
            || reference
                .bytes()
                .any(|b| matches!(b, b'$' | b' ' | b'\t' | b'"' | b'\''))
            || reference.starts_with(['/', ':', '@', '-'])
        {
            return None;
        }
        let written = WrittenRef::split(reference);
        if written.name.is_empty() || written.tag == Some("") {
            return None;
        }
        let tag = written.tag.map(str::to_string);
        let digest = written.digest.map(str::to_ascii_lowercase);
        let name = written.name.to_ascii_lowercase();
        let mut name = name.as_str();
        for mirror in HUB_MIRRORS {
            if let Some(rest) = name.strip_prefix(mirror) {
                name = rest;
                break;
            }
        }
        let unmirrored = WrittenRef {
            name,
            tag: None,
            digest: None,
        };
        let (registry, path) = match unmirrored.registry_and_path() {
            (Some(host), path) => (host, path),
            (None, path) => ("docker.io", path),
        };
        let registry = if DOCKER_HUB.contains(&registry) {
            "docker.io"
        } else {
            registry
        };
        let repository = if registry == "docker.io" && !path.as_bytes().contains(&b'/') {
            // Joined, not formatted: the formatting machinery cost more than the copy.
            ["library/", path].concat()
        } else {
            path.to_string()
        };
        if repository.is_empty() || repository.ends_with('/') {
            return None;
        }
        Some(ImageRef {
            registry: registry.to_string(),
            repository,
            tag,
            digest,
        })
    }

    /// The Docker Hub official image's short name (`python`), through any of its mirrors.
    pub fn official_name(&self) -> Option<&str> {
        if self.registry == "docker.io" {
            self.repository.strip_prefix("library/")
        } else {
            None
        }
    }

    /// The name the base image table uses: the official image's short name, a Docker Hub
    /// user's `owner/name`, or `registry/path` elsewhere.
    pub fn table_name(&self) -> String {
        match self.official_name() {
            Some(name) => name.to_string(),
            None if self.registry == "docker.io" => self.repository.clone(),
            None => format!("{}/{}", self.registry, self.repository),
        }
    }

    /// The tag Docker pulls: the one written, or `latest`.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(reference: &str) -> (String, String) {
        let r = ImageRef::parse(reference).expect(reference);
        (r.table_name(), r.tag_or_latest().to_string())
    }

    #[test]
    fn docker_hub_names_and_mirrors_are_the_same_official_image() {
        let want = ("busybox".to_string(), "1.36".to_string());
        for written in [
            "busybox:1.36",
            "library/busybox:1.36",
            "docker.io/busybox:1.36",
            "docker.io/library/busybox:1.36",
            "index.docker.io/library/busybox:1.36",
            "registry-1.docker.io/library/busybox:1.36",
            "mirror.gcr.io/busybox:1.36",
            "mirror.gcr.io/library/busybox:1.36",
            "public.ecr.aws/docker/library/busybox:1.36",
            "Docker.IO/Library/BusyBox:1.36",
            "\"busybox:1.36\"",
        ] {
            assert_eq!(table(written), want, "{written}");
        }
    }

    #[test]
    fn other_registries_keep_their_host() {
        assert_eq!(
            table("gcr.io/distroless/static-debian12:nonroot"),
            ("gcr.io/distroless/static-debian12".into(), "nonroot".into())
        );
        assert_eq!(
            table("public.ecr.aws/amazonlinux/amazonlinux:2"),
            ("public.ecr.aws/amazonlinux/amazonlinux".into(), "2".into())
        );
        assert_eq!(
            table("tensorflow/tensorflow"),
            ("tensorflow/tensorflow".into(), "latest".into())
        );
        let local = ImageRef::parse("localhost:5000/app").unwrap();
        assert_eq!(
            (local.registry.as_str(), local.tag.as_deref()),
            ("localhost:5000", None)
        );
    }

    #[test]
    fn digests_and_ports_are_not_tags() {
        let r = ImageRef::parse("registry.example:5000/team/app:1.2@sha256:AB12").unwrap();
        assert_eq!(r.registry, "registry.example:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:ab12"));
        let pinned = ImageRef::parse("ubuntu@sha256:04d4").unwrap();
        assert_eq!(
            (pinned.official_name(), pinned.tag.as_deref()),
            (Some("ubuntu"), None)
        );
    }

    #[test]
    fn a_written_reference_splits_without_reading_it() {
        let w = WrittenRef::split("Registry.Example:5000/team/App:1.2@sha256:AB12");
        assert_eq!(
            (w.name, w.tag, w.digest),
            (
                "Registry.Example:5000/team/App",
                Some("1.2"),
                Some("sha256:AB12")
            )
        );
        assert_eq!(
            w.registry_and_path(),
            (Some("Registry.Example:5000"), "team/App")
        );
        let port_only = WrittenRef::split("localhost:5000/app");
        assert_eq!(
            (port_only.name, port_only.tag),
            ("localhost:5000/app", None)
        );
        assert_eq!(WrittenRef::split("app:").tag, Some(""));
        assert_eq!(WrittenRef::split("$IMAGE:$TAG").tag, Some("$TAG"));
        assert_eq!(
            WrittenRef::split("python").registry_and_path(),
            (None, "python")
        );
        assert_eq!(
            WrittenRef::split("library/python").registry_and_path(),
            (None, "library/python")
        );
    }

    #[test]
    fn a_split_reference_is_windows_as_the_reference_is() {
        for reference in [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "MCR.Microsoft.com/Windows/nanoserver",
            "docker.io/library/mcr.microsoft.com/windows:1",
            "docker.io/mcr.microsoft.com/windows:1",
            "library/mcr.microsoft.com/windows",
            "python:3.12-WindowsServerCore-ltsc2022",
            "python:3.12-NanoServer",
            "mongo:ltsc20",
            "mongo:ltsc2",
            "python:3.12-slim",
            "registry:5000/a/b:windows",
            "a@sha256:nanoserver",
            "\u{212a}:nanoserver",
            "mcr.microsoft.com/w\u{130}ndows:1",
            "",
        ] {
            assert_eq!(
                is_windows_written(reference, WrittenRef::split(reference)),
                is_windows_image(reference),
                "{reference}"
            );
        }
    }

    #[test]
    fn a_part_is_found_wherever_it_is() {
        // Against the plain reading, for texts around the eight-byte steps and parts of one
        // to several bytes, repeated bytes (`aab` in `aaab`) and bytes next to the first.
        let naive = |text: &str, part: &str| text.contains(part);
        for len in 0..40 {
            for part in ["r", "root", "ab", "aab", "slim", "ltsc20", "aaaaaaaaa", ""] {
                for at in 0..=len {
                    let mut text: Vec<u8> = (0..len).map(|i| b"xaqr`s"[i % 6]).collect();
                    if at + part.len() <= len {
                        text[at..at + part.len()].copy_from_slice(part.as_bytes());
                    }
                    let text = String::from_utf8(text).unwrap();
                    assert_eq!(
                        has_part(&text, part),
                        naive(&text, part),
                        "{text:?} {part:?}"
                    );
                }
            }
        }
        assert!(has_part("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}root", "root"));
        assert!(!has_part("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}roo", "root"));
    }

    #[test]
    fn what_cannot_be_a_name_is_refused() {
        for bad in [
            "",
            "$BASE",
            "${REGISTRY}/app",
            "app:",
            "/app",
            "a b",
            "\"ubuntu",
        ] {
            assert_eq!(ImageRef::parse(bad), None, "{bad}");
        }
    }
}
