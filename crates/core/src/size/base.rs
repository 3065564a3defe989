//! Base images: `FROM` opens a stage either on an earlier stage or on an image from the table,
//! resolved by name and tag (aliases, nearest row, a relative, or a stated default range).

use super::image_ref::ImageRef;
use super::knowledge::{variant_of, BaseImageRow, BaseMatch, Knowledge};
use super::stage::{Os, StageState};
use super::steps::Step;
use super::walk::Model;
use super::{BaseImage, Bytes, Layer, LayerKind, Seconds, StageEstimate};

impl Model<'_> {
    /// `FROM`: opens a stage on an earlier stage (sharing its state) or on a base image.
    pub(super) fn from(&mut self, step: &Step) {
        let reference = step.words.first().cloned().unwrap_or_default();
        let name = match step.words.get(1) {
            Some(w) if w.eq_ignore_ascii_case("as") => step.words.get(2).cloned(),
            _ => None,
        };
        let index = self.stages.len();
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: "FROM".into(),
            text: self.label(step),
            kind: LayerKind::Base,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let download;
        let mut base_image = None;
        let state = if let Some(parent) = self.find_stage(&reference, index) {
            // The last stage to build on `parent` takes its state; others copy it.
            let parent_state = if self.read_done(parent) {
                self.states.take(parent)
            } else {
                self.states.copy_of(parent)
            };
            layer.bytes = self.stages[parent].total;
            download = self.stages[parent].download;
            layer.sources.push(format!(
                "stage `{}` (line {})",
                self.stages[parent].label(),
                self.stages[parent].layers.first().map_or(0, |l| l.line)
            ));
            StageState {
                added: Bytes::ZERO,
                base_bytes: layer.bytes,
                ..parent_state
            }
        } else {
            let platform = step
                .flags
                .iter()
                .find(|(name, _)| name == "platform")
                .map(|(_, value)| value.as_str())
                .filter(|p| !p.contains('$'));
            let base = self.base_resolution(&reference, platform);
            base_image = Some(base.image.clone());
            layer.bytes = base.bytes;
            download = match base.compressed {
                Some(c) => self.k.scale("base-download-spread", Bytes::exact(c)),
                None => self.k.scale("base-compressed-ratio", base.bytes),
            };
            layer.sources.extend(base.sources);
            layer.notes.extend(base.notes);
            let compressed = base
                .compressed
                .unwrap_or(base.bytes.expected.saturating_mul(36) / 100);
            let pull = self.k.stated.throughput("pull").seconds(compressed);
            layer.rebuild_seconds = Seconds {
                low: pull / 3.0,
                expected: pull,
                high: pull * 3.0,
            };
            // Ubuntu and other Debian-like images without a set of their own start from
            // Debian's minimal set, so `apt-get install curl` does not count libc again.
            let set = base.package_set.or(match base.os {
                Os::Debian | Os::Ubuntu => Some("debian"),
                _ => None,
            });
            let apt_installed = set.map(|set| self.k.base_packages(set)).unwrap_or_default();
            StageState {
                os: base.os,
                apt_installed,
                base_bytes: layer.bytes,
                workdir: "/".into(),
                ..StageState::default()
            }
        };
        if let Some(name) = &name {
            self.stage_names
                .entry(name.to_ascii_lowercase())
                .or_insert(index);
        }
        self.stages.push(StageEstimate {
            index,
            name,
            base: reference,
            base_image,
            total: layer.bytes,
            download,
            layers: vec![layer],
        });
        self.states.push(state);
        if let Some(previous) = index.checked_sub(1) {
            self.close_stage(previous);
        }
    }
}

impl Model<'_> {
    /// [`resolve_base`], read once per reference and platform in a file: a file of
    /// thousands of `FROM alpine` stages looked the image up, and wrote its sources, again
    /// for each.
    fn base_resolution(&mut self, reference: &str, platform: Option<&str>) -> BaseResolution {
        let key = (reference.to_string(), platform.map(str::to_string));
        if let Some(known) = self.bases.get(&key) {
            return known.clone();
        }
        let base = resolve_base(self.k, reference, platform);
        self.bases.insert(key, base.clone());
        base
    }
}

#[derive(Clone)]
pub(super) struct BaseResolution {
    pub bytes: Bytes,
    pub compressed: Option<u64>,
    pub sources: Vec<String>,
    pub notes: Vec<String>,
    pub image: BaseImage,
    os: Os,
    package_set: Option<&'static str>,
}

/// Splits `registry/name:tag@digest` into the name the table uses and the tag, the way Docker
/// reads the reference ([`ImageRef`]); text that is no image name stays as written.
pub(crate) fn split_reference(reference: &str) -> (String, String) {
    match ImageRef::parse(reference) {
        Some(image) => (image.table_name(), image.tag_or_latest().to_string()),
        None => (reference.trim().to_ascii_lowercase(), "latest".into()),
    }
}

/// The OS family of a base image reference as the size model reads it (`debian`, `ubuntu`,
/// `alpine`, `rpm`, `distroless`, `scratch`; `image_families.tsv`'s words): its own table
/// row's OS, else its name or tag. `None` when nothing says.
pub(crate) fn family_of_base(reference: &str) -> Option<&'static str> {
    let k = super::knowledge::knowledge();
    let lookup = k.find_base(reference);
    let row_os = lookup
        .row
        .filter(|_| matches!(lookup.matched, BaseMatch::Exact | BaseMatch::Alias))
        .and_then(|row| row.os);
    k.stated.family_of(&lookup.name, &lookup.tag, row_os)
}

/// The OS family `image_families.tsv` gives the image, by its table row's OS, name or tag.
fn os_guess(k: &Knowledge, name: &str, tag: &str, row_os: Option<&str>) -> Os {
    Os::from_family(k.stated.family_of(name, tag, row_os))
}

pub(super) fn resolve_base(
    k: &Knowledge,
    reference: &str,
    platform: Option<&str>,
) -> BaseResolution {
    let lookup = k.find_base(reference);
    let (name, tag) = (lookup.name.clone(), lookup.tag.clone());
    if lookup.image.is_none() && reference.contains('$') {
        return BaseResolution {
            bytes: k.heuristic("base-variable").bytes,
            compressed: None,
            sources: vec![
                "no table row: the reference uses a variable the model cannot resolve".into(),
            ],
            notes: vec![format!(
                "`{reference}` depends on a build argument without a default: range widened"
            )],
            image: BaseImage {
                matched: BaseMatch::Unknown,
                row: None,
            },
            os: Os::Unknown,
            package_set: None,
        };
    }
    let spread = |row: &BaseImageRow, exact: bool| -> Bytes {
        let key = match (row.measured, exact) {
            (true, true) => "base-spread-measured-row",
            (true, false) => "base-spread-measured-nearest",
            (false, true) => "base-spread-stated-row",
            (false, false) => "base-spread-stated-nearest",
        };
        k.scale(key, Bytes::exact(row.disk_bytes))
    };
    let describe = |row: &BaseImageRow| format!("base image {}: {}", row.name(), row.describe());
    if let Some(row) = lookup.row {
        let exact = matches!(lookup.matched, BaseMatch::Exact | BaseMatch::Alias);
        let mut notes = lookup.notes.clone();
        if exact && !row.measured {
            notes.push(format!("{} is an estimate, not a measured row", row.name()));
        }
        if row.packages.is_some() && row.os.is_some_and(|os| os != "debian12") {
            notes.push(format!(
                "package lists are Debian 12's ({} is {})",
                row.name(),
                row.os.unwrap_or("?")
            ));
        } else if row.os.is_none() && row.tag.contains("trixie") && row.packages.is_some() {
            notes.push("package sizes are from Debian 12; those of trixie are close".into());
        }
        let compressed = row.compressed_for(platform);
        if let (Some(p), None) = (platform, compressed) {
            if row.compressed_bytes.is_some() {
                notes.push(format!(
                    "the table has no {p} download for {}: the download is estimated",
                    row.name()
                ));
            }
        }
        return BaseResolution {
            bytes: spread(row, exact),
            compressed,
            sources: vec![describe(row)],
            notes,
            image: BaseImage {
                matched: lookup.matched,
                row: Some(row.name()),
            },
            os: os_guess(k, &name, &tag, row.os),
            package_set: row.packages,
        };
    }
    // Well-known images without rows are sized like a stand-in (stand_ins.tsv).
    let relative = k
        .stated
        .stand_in("image", &name, &tag)
        .and_then(|stand_in| stand_in.split_once(':'));
    if let Some(row) = relative.and_then(|(image, t)| k.base_row(image, t)) {
        return BaseResolution {
            bytes: k.scale("base-stand-in-ratio", spread(row, false)),
            compressed: None,
            sources: vec![describe(row)],
            notes: vec![format!(
                "no row for {name}; sized like {} (range widened)",
                row.name()
            )],
            image: BaseImage {
                matched: BaseMatch::Nearest,
                row: Some(row.name()),
            },
            os: os_guess(k, &name, &tag, None),
            package_set: None,
        };
    }
    let (range, what) = match (name.as_str(), variant_of(&tag)) {
        ("scratch", _) => (Bytes::ZERO, "empty"),
        (_, variant) => {
            let key = match variant {
                "alpine" => "base-unknown-alpine",
                "slim" => "base-unknown-slim",
                _ => "base-unknown",
            };
            let h = k.heuristic(key);
            (h.bytes, h.note)
        }
    };
    BaseResolution {
        bytes: range,
        compressed: None,
        sources: vec![format!("no table row: a stated default range for {what}")],
        notes: vec![format!(
            "{name}:{tag} is not in the base image table: range widened"
        )],
        image: BaseImage {
            matched: BaseMatch::Unknown,
            row: None,
        },
        os: os_guess(k, &name, &tag, None),
        package_set: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::size::knowledge::knowledge;

    #[test]
    fn splits_image_references() {
        assert_eq!(
            split_reference("python:3.12-slim"),
            ("python".into(), "3.12-slim".into())
        );
        assert_eq!(
            split_reference("docker.io/library/node"),
            ("node".into(), "latest".into())
        );
        assert_eq!(
            split_reference("localhost:5000/app:1@sha256:ab"),
            ("localhost:5000/app".into(), "1".into())
        );
        assert_eq!(
            split_reference("public.ecr.aws/docker/library/centos:7"),
            ("centos".into(), "7".into())
        );
    }

    #[test]
    fn resolves_exact_alias_nearest_and_unknown_rows() {
        let k = knowledge();
        let exact = resolve_base(k, "python:3.12-slim-trixie", None);
        assert_eq!(exact.bytes.expected, 119_420_000);
        assert_eq!(exact.image.matched, BaseMatch::Exact);
        let alias = resolve_base(k, "node:22-slim", None);
        assert_eq!(
            alias.bytes,
            resolve_base(k, "node:22-bookworm-slim", None).bytes
        );
        assert_eq!(alias.image.matched, BaseMatch::Alias);
        assert_eq!(alias.image.row.as_deref(), Some("node:22-bookworm-slim"));
        assert_eq!(alias.notes, ["node:22-slim is node:22-bookworm-slim"]);
        // Mirrors of Docker Hub are the same image.
        let mirrored = resolve_base(k, "mirror.gcr.io/busybox", None);
        assert_eq!(mirrored.image, resolve_base(k, "busybox", None).image);
        assert_eq!(mirrored.image.matched, BaseMatch::Exact);
        // A vendor's own registry, built from the same files as its official image, is an
        // alias of that image's row, and says why.
        let vendor = resolve_base(k, "public.ecr.aws/amazonlinux/amazonlinux:2", None);
        assert_eq!(vendor.image.matched, BaseMatch::Alias);
        assert_eq!(vendor.image.row.as_deref(), Some("amazonlinux:2"));
        assert_eq!(vendor.bytes, resolve_base(k, "amazonlinux:2", None).bytes);
        assert!(
            vendor.notes[0].contains("Docker Hub publishes as amazonlinux"),
            "{:?}",
            vendor.notes
        );
        let vendor_near = resolve_base(k, "public.ecr.aws/amazonlinux/amazonlinux:2.0.1999", None);
        assert_eq!(vendor_near.image.matched, BaseMatch::Nearest);
        let near = resolve_base(k, "python:3.2-slim", None);
        assert_eq!(near.image.matched, BaseMatch::Nearest);
        assert!(near.notes[0].contains("nearest"), "{:?}", near.notes);
        let row = k
            .base_row(
                "python",
                near.image
                    .row
                    .as_deref()
                    .unwrap()
                    .split_once(':')
                    .unwrap()
                    .1,
            )
            .unwrap();
        assert!(
            near.bytes.high > row.disk_bytes * 103 / 100,
            "a nearest row widens"
        );
        let unknown = resolve_base(k, "example/thing:1", None);
        assert_eq!(unknown.image.matched, BaseMatch::Unknown);
        assert!(unknown.bytes.high > unknown.bytes.expected);
    }

    #[test]
    fn a_digest_resolves_to_its_tag_or_widens() {
        let k = knowledge();
        let tagged = resolve_base(k, "ubuntu:24.04@sha256:7229", None);
        assert_eq!(tagged.image.matched, BaseMatch::Exact);
        assert_eq!(tagged.bytes, resolve_base(k, "ubuntu:24.04", None).bytes);
        let bare = resolve_base(k, "ubuntu@sha256:04d4", None);
        assert_eq!(bare.image.matched, BaseMatch::Nearest);
    }

    #[test]
    fn a_platform_picks_its_download() {
        let k = knowledge();
        let amd = resolve_base(k, "python:3.12-slim-trixie", Some("linux/amd64"));
        assert_eq!(amd.compressed, Some(43_188_023));
        let arm = resolve_base(k, "python:3.12-slim-trixie", Some("linux/arm64"));
        assert_eq!(
            arm.compressed, None,
            "no arm64 figure read: the model estimates it"
        );
    }
}
