//! Base images in the knowledge base: the rows of `base_images.tsv` and
//! `base_images_stated.tsv`, docker-library's tag aliases, and how a written reference finds
//! its row (exact, alias, nearest or unknown), as Docker resolves names.

use super::*;
use crate::size::image_ref::has_part;

/// One base image: a row of `base_images.tsv` (read from repo-info by `cargo xtask data`) or
/// of `base_images_stated.tsv` (labelled estimates and stated figures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImageRow {
    pub image: &'static str,
    pub tag: &'static str,
    pub disk_bytes: u64,
    /// The linux/amd64 download, where read.
    pub compressed_bytes: Option<u64>,
    /// The download per platform (`amd64`, `arm64`), where read.
    pub compressed_by_platform: Vec<(&'static str, u64)>,
    /// `true` when the figure was read from repo-info, `false` for a stated estimate.
    pub measured: bool,
    pub packages: Option<&'static str>,
    /// The distribution the image is built on (`debian13`, `alpine3.22`), where known.
    pub os: Option<&'static str>,
    /// The manifest list digest repo-info recorded for the tag, where read.
    pub digest: Option<&'static str>,
    /// The exact version the row describes (`3.14.3-slim-trixie`) and when it was built.
    pub version: Option<&'static str>,
    pub created: Option<&'static str>,
    /// Where the figure comes from: `copy@commit` of the repo-info file for generated rows
    /// (the file is `repos/<image>/local/<tag>.md`), the stated source for the others.
    pub source: &'static str,
    /// `true` for rows `cargo xtask data` read from a repo-info file.
    pub generated: bool,
}

impl BaseImageRow {
    /// `python:3.14-slim-trixie`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.image, self.tag)
    }

    /// Where the row's figure was read, in words a person can follow to the file.
    pub fn describe(&self) -> String {
        if self.generated {
            let (copy, commit) = self.source.split_once('@').unwrap_or(("", self.source));
            let via = if copy == "docker-library" {
                String::new()
            } else {
                format!(" via {copy}/repo-info")
            };
            format!(
                "docker-library/repo-info repos/{}/local/{}.md at {commit}{via} ({}:{}, built {})",
                self.image,
                self.tag,
                self.image,
                self.version.unwrap_or(self.tag),
                self.created.unwrap_or("?")
            )
        } else if self.measured {
            self.source.to_string()
        } else {
            format!("estimate: {}", self.source)
        }
    }

    /// The download for a platform (`linux/arm64`, `arm64`); amd64 when none is given.
    pub fn compressed_for(&self, platform: Option<&str>) -> Option<u64> {
        let arch = platform
            .map(|p| p.trim_start_matches("linux/"))
            .map(|p| p.split('/').next().unwrap_or(p))
            .unwrap_or("amd64");
        self.compressed_by_platform
            .iter()
            .find(|(p, _)| *p == arch)
            .map(|(_, b)| *b)
            .or(if arch == "amd64" {
                self.compressed_bytes
            } else {
                None
            })
    }
}

/// How a `FROM` reference found its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseMatch {
    /// A row for this very image and tag (or digest).
    Exact,
    /// A tag docker-library publishes for the same image as a row's tag.
    Alias,
    /// Another row of the same image family; the range is widened.
    Nearest,
    /// No row: a stated default range.
    Unknown,
}

impl BaseMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            BaseMatch::Exact => "exact",
            BaseMatch::Alias => "alias",
            BaseMatch::Nearest => "nearest",
            BaseMatch::Unknown => "unknown",
        }
    }
}

/// What [`Knowledge::find_base`] found for a reference.
#[derive(Debug, Clone)]
pub struct BaseLookup<'k> {
    /// The reference as Docker reads it; `None` when it cannot be read (a variable).
    pub image: Option<ImageRef>,
    /// The table's name for the image (`python`, `gcr.io/distroless/static-debian12`).
    pub name: String,
    /// The tag that was looked up (the written one, or `latest`).
    pub tag: String,
    pub matched: BaseMatch,
    pub row: Option<&'k BaseImageRow>,
    /// Why the row stands for the reference: aliases followed, a digest, a nearest pick.
    pub notes: Vec<String>,
}

/// Images a vendor publishes on its own registry and, built from the same files, as a Docker
/// Hub official image: `(table name, official name, the vendor's statement)`.
const SAME_IMAGE_ELSEWHERE: &[(&str, &str, &str)] = &[(
    "public.ecr.aws/amazonlinux/amazonlinux",
    "amazonlinux",
    "amazonlinux/container-images README: one tarball per release is pushed to Amazon ECR and submitted to Docker Official Images, ECR the same day, Docker Hub in a weekly batch",
)];

impl Knowledge {
    pub(super) fn parse_tag_aliases(&mut self) {
        for cells in rows(TAG_ALIASES) {
            let [image, alias, canonical, source] = cells[..] else {
                self.problems
                    .push(format!("tag_aliases.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let previous = self.tag_aliases.entry(image).or_default().insert(
                alias,
                TagAlias {
                    canonical,
                    source,
                    curated: true,
                },
            );
            if previous.is_some() {
                self.problems
                    .push(format!("tag_aliases.tsv: {image}:{alias} is listed twice"));
            }
        }
        // Aliases read from official-images for the generated rows fill in what the curated
        // table does not say; the curated table names today's floating tags.
        for cells in rows(BASE_IMAGES) {
            if let ["A", image, alias, canonical, commit] = cells[..] {
                let tags = self.tag_aliases.entry(image).or_default();
                tags.entry(alias).or_insert(TagAlias {
                    canonical,
                    source: commit,
                    curated: false,
                });
            }
        }
    }

    pub(super) fn parse_base_images(&mut self) {
        for cells in rows(BASE_IMAGES) {
            match cells[..] {
                ["R", image, tag, disk, compressed, digest, os, packages, version, created, read_at] =>
                {
                    let Ok(disk_bytes) = disk.parse() else {
                        self.problems
                            .push(format!("base_images.tsv: size of {image}:{tag}"));
                        continue;
                    };
                    let by_platform: Vec<(&'static str, u64)> = list(compressed, ';')
                        .into_iter()
                        .filter_map(|p| {
                            let (platform, bytes) = p.split_once('=')?;
                            Some((platform, bytes.parse().ok()?))
                        })
                        .collect();
                    let some = |cell: &'static str| (cell != "-").then_some(cell);
                    self.base_images.push(BaseImageRow {
                        image,
                        tag,
                        disk_bytes,
                        compressed_bytes: by_platform
                            .iter()
                            .find(|(p, _)| *p == "amd64")
                            .map(|(_, b)| *b),
                        compressed_by_platform: by_platform,
                        measured: true,
                        packages: some(packages),
                        os: some(os),
                        digest: some(digest),
                        version: some(version),
                        created: some(created),
                        source: read_at,
                        generated: true,
                    });
                }
                ["A", ..] => {}
                _ => self
                    .problems
                    .push(format!("base_images.tsv: row `{}`", cells.join(" "))),
            }
        }
        for cells in rows(BASE_IMAGES_STATED) {
            let [image, tag, disk, compressed, confidence, packages, source] = cells[..] else {
                self.problems
                    .push(format!("base_images_stated.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let Ok(disk_bytes) = disk.parse() else {
                self.problems
                    .push(format!("base_images_stated.tsv: size `{disk}`"));
                continue;
            };
            // A row read from a repo-info checkout replaces a hand-read or estimated one.
            if self
                .base_images
                .iter()
                .any(|r| r.generated && r.image == image && r.tag == tag)
            {
                continue;
            }
            let compressed_bytes = compressed.parse().ok();
            self.base_images.push(BaseImageRow {
                image,
                tag,
                disk_bytes,
                compressed_bytes,
                compressed_by_platform: compressed_bytes
                    .map(|b| vec![("amd64", b)])
                    .unwrap_or_default(),
                measured: confidence == "measured",
                packages: (packages != "-").then_some(packages),
                os: None,
                digest: None,
                version: None,
                created: None,
                source,
                generated: false,
            });
        }
        for (i, row) in self.base_images.iter().enumerate() {
            self.rows_by_image.entry(row.image).or_default().push(i);
            self.row_facts.push(RowFacts {
                version: row
                    .version
                    .map(version_of)
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| version_of(row.tag)),
                variant: variant_of(row.tag),
                // `python:3.12` and `python:3.12-slim` are trixie since August 2025.
                trixie_or_plain: has_part(row.tag, "trixie") || !row.tag.as_bytes().contains(&b'-'),
            });
            if self.base_index.insert((row.image, row.tag), i).is_some() {
                self.problems.push(format!(
                    "base images: {}:{} has two rows",
                    row.image, row.tag
                ));
            }
        }
    }

    /// The row for exactly `image:tag`.
    pub fn base_row(&self, image: &str, tag: &str) -> Option<&BaseImageRow> {
        self.base_index
            .get(&(image, tag))
            .map(|i| &self.base_images[*i])
    }

    /// Finds the row a `FROM` reference is sized by, the way Docker resolves the name (Docker
    /// Hub aliases and mirrors, digests), then docker-library's tag aliases, then the nearest
    /// row of the same image.
    pub fn find_base(&self, reference: &str) -> BaseLookup<'_> {
        self.find_base_noting(reference, true)
    }

    /// [`Knowledge::find_base`] without its notes (`notes` is left empty), for a caller that
    /// reads the match and the row alone (STG001's saving): writing notes it drops was a
    /// quarter of the lookup.
    pub fn find_base_unnoted(&self, reference: &str) -> BaseLookup<'_> {
        self.find_base_noting(reference, false)
    }

    /// [`Knowledge::find_base_unnoted`] of `reference` when `image` is its
    /// [`ImageRef::parse`]: the match and the row, for a caller that has read the reference
    /// already (STG001 reads it before it asks, and builds its slim twin's without the text),
    /// where a second reading was a third of the lookup. `image` is not copied into the result.
    pub fn find_base_parsed(
        &self,
        reference: &str,
        image: &ImageRef,
    ) -> (BaseMatch, Option<&BaseImageRow>) {
        let lookup = self.find_parsed(reference, image, false);
        (lookup.matched, lookup.row)
    }

    /// [`Knowledge::find_base`], writing its notes when `noting`.
    fn find_base_noting(&self, reference: &str, noting: bool) -> BaseLookup<'_> {
        let Some(image) = ImageRef::parse(reference) else {
            return BaseLookup {
                image: None,
                name: reference.to_string(),
                tag: String::new(),
                matched: BaseMatch::Unknown,
                row: None,
                notes: Vec::new(),
            };
        };
        let mut lookup = self.find_parsed(reference, &image, noting);
        lookup.image = Some(image);
        lookup
    }

    /// [`Knowledge::find_base_noting`] of `reference` read as `image`, with `image` left out
    /// of the result (its callers put it in when they keep it).
    fn find_parsed(&self, reference: &str, image: &ImageRef, noting: bool) -> BaseLookup<'_> {
        let name = image.table_name();
        if let Some(&(_, official, why)) = SAME_IMAGE_ELSEWHERE.iter().find(|(n, ..)| *n == name) {
            return self.find_as_official(reference, image, official, why, noting);
        }
        let mut notes = Vec::new();
        // A digest names one build: the row that recorded it is exact; otherwise the tag
        // written beside it is what the digest was most likely taken from.
        if let Some(digest) = &image.digest {
            if let Some(row) = self
                .rows_of(&name)
                .find(|r| r.digest == Some(digest.as_str()))
            {
                return BaseLookup {
                    tag: row.tag.to_string(),
                    name,
                    image: None,
                    matched: BaseMatch::Exact,
                    row: Some(row),
                    notes,
                };
            }
        }
        let tag = if name.starts_with("gcr.io/distroless/") {
            // Distroless tags (`nonroot`, `debug`) are the same files plus a user or a shell.
            "latest".to_string()
        } else {
            image.tag_or_latest().to_string()
        };
        let pinned_only = image.digest.is_some() && image.tag.is_none();
        let mut matched = BaseMatch::Exact;
        let mut current = tag.clone();
        // What a floating tag means today (the curated table) comes before a row read for that
        // tag on an older date; the row stands when the curated alias leads nowhere.
        let today = self
            .tag_alias(&name, &tag)
            .filter(|a| a.curated)
            .and_then(|a| self.follow_aliases(&name, a.canonical));
        let mut row = match today {
            Some(_) => None,
            None => self.base_row(&name, &current),
        };
        let mut hops = 0;
        while row.is_none() && hops < 3 {
            let Some(alias) = self.tag_alias(&name, &current) else {
                break;
            };
            if noting {
                notes.push(format!("{name}:{current} is {name}:{}", alias.canonical));
            }
            current = alias.canonical.to_string();
            matched = BaseMatch::Alias;
            row = self.base_row(&name, &current);
            hops += 1;
        }
        if let Some(found) = row {
            // The alias held when the row's build was published; say when.
            if let (BaseMatch::Alias, Some(created), Some(last)) =
                (matched, found.created, notes.last_mut())
            {
                last.push_str(&format!(" (as published {created})"));
            }
            if pinned_only {
                if noting {
                    notes.push(format!(
                        "`{reference}` pins a digest the table has not recorded and no tag: sized as {name}:latest, which the digest may not be (range widened)"
                    ));
                }
                matched = BaseMatch::Nearest;
            } else if image.digest.is_some() && noting {
                notes.push(format!(
                    "the digest is not one the table recorded; sized by the tag written beside it, {name}:{tag}"
                ));
            }

            return BaseLookup {
                image: None,
                name,
                tag,
                matched,
                row: Some(found),
                notes,
            };
        }
        let nearest = self.nearest_row(&name, &current);
        if let Some(found) = nearest.filter(|_| noting) {
            notes.push(format!(
                "no row for {name}:{tag}; the nearest is {} (range widened)",
                found.name()
            ));
        }
        BaseLookup {
            image: None,
            name,
            tag,
            matched: if nearest.is_some() {
                BaseMatch::Nearest
            } else {
                BaseMatch::Unknown
            },
            row: nearest,
            notes,
        }
    }

    /// `reference` sized by the official image its vendor also publishes it as: an exact
    /// match there is an alias here (the two registries may be a few days apart), and the
    /// note says why the rows stand for it.
    fn find_as_official(
        &self,
        reference: &str,
        image: &ImageRef,
        official: &str,
        why: &str,
        noting: bool,
    ) -> BaseLookup<'_> {
        let mut as_official = official.to_string();
        if let Some(tag) = &image.tag {
            as_official.push(':');
            as_official.push_str(tag);
        }
        if let Some(digest) = &image.digest {
            as_official.push('@');
            as_official.push_str(digest);
        }
        let mut lookup = self.find_base_noting(&as_official, noting);
        // The official image's reading is not the one written: the caller puts that in.
        lookup.image = None;
        if noting {
            lookup.notes.insert(
                0,
                format!("`{reference}` is the image Docker Hub publishes as {official} ({why})"),
            );
        }
        if lookup.matched == BaseMatch::Exact {
            lookup.matched = BaseMatch::Alias;
        }
        lookup
    }

    /// The row an alias chain starting at `tag` ends on, if any.
    fn follow_aliases(&self, name: &str, tag: &str) -> Option<&BaseImageRow> {
        let mut current = tag;
        for _ in 0..3 {
            if let Some(row) = self.base_row(name, current) {
                return Some(row);
            }
            current = self.tag_alias(name, current)?.canonical;
        }
        self.base_row(name, current)
    }

    /// What a version part's distance weighs in [`Knowledge::nearest_row`] by its place (major,
    /// minor, then one each): read from here, where a power per part per row cost more than
    /// the rest of the comparison.
    const PLACE: [u64; 3] = [10_000, 100, 1];

    /// The same image's closest row: same variant (alpine, slim, full), then same OS release,
    /// then the nearest version.
    fn nearest_row(&self, name: &str, tag: &str) -> Option<&BaseImageRow> {
        let variant = variant_of(tag);
        let any_variant = variant == "full" && tag == "latest";
        let want_version = version_of(tag);
        let want_os = os_word(tag);
        let rows = self.rows_by_image.get(name).into_iter().flatten();
        let rows = rows.map(|&i| (&self.base_images[i], &self.row_facts[i]));
        rows.min_by_key(|&(row, facts)| {
            let same_variant = any_variant || facts.variant == variant;
            let same_os = match want_os {
                Some(word) => {
                    has_part(row.tag, word) || row.version.is_some_and(|v| has_part(v, word))
                }
                None => facts.trixie_or_plain,
            };
            let distance: u64 = want_version
                .iter()
                .zip(facts.version.iter().chain(std::iter::repeat(&0)))
                .enumerate()
                .map(|(i, (a, b))| {
                    u64::from(a.abs_diff(*b)) * Self::PLACE.get(i).copied().unwrap_or(1)
                })
                .sum();
            (!same_variant, !same_os, distance, !row.measured)
        })
        .map(|(row, _)| row)
    }

    /// The rows of one image, in table order.
    fn rows_of(&self, image: &str) -> impl Iterator<Item = &BaseImageRow> {
        self.rows_by_image
            .get(image)
            .into_iter()
            .flatten()
            .map(|&i| &self.base_images[i])
    }

    /// The explicit tag `image:tag` is published as, when `tag` is a docker-library alias.
    pub fn tag_alias(&self, image: &str, tag: &str) -> Option<&TagAlias> {
        self.tag_aliases.get(image)?.get(tag)
    }
}

/// What [`Knowledge::nearest_row`] compares of a row, read once per row: the variant and
/// OS words were searched in every row's tag again for each lookup.
#[derive(Debug)]
pub(super) struct RowFacts {
    /// The row's version as numbers (`3.12.4-slim` → `[3, 12, 4]`).
    version: Vec<u32>,
    /// [`variant_of`] its tag.
    variant: &'static str,
    /// Whether its tag names trixie or no variant at all: the OS of a tag that names none.
    trixie_or_plain: bool,
}

/// `3.12.4-slim` → `[3, 12, 4]`.
pub(crate) fn version_of(tag: &str) -> Vec<u32> {
    tag.split(|c: char| !c.is_ascii_digit() && c != '.')
        .next()
        .unwrap_or("")
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect()
}

pub(crate) fn variant_of(tag: &str) -> &'static str {
    // Tags are short: `has_part`, not a substring searcher per word (the nearest row asks
    // of every row of an image).
    if has_part(tag, "alpine") {
        "alpine"
    } else if has_part(tag, "slim") {
        "slim"
    } else if has_part(tag, "jre") {
        "jre"
    } else {
        "full"
    }
}

/// The OS release a tag names (`bookworm`, `jammy`; any `alpine3.x` is `alpine`, as Alpine
/// minor releases differ by a few hundred kB), if any.
fn os_word(tag: &str) -> Option<&str> {
    if tag.split('-').any(|word| word.starts_with("alpine")) {
        return Some("alpine");
    }
    tag.split('-').find(|word| {
        word.starts_with("alpine")
            || [
                "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "sid", "xenial",
                "bionic", "focal", "jammy", "noble",
            ]
            .contains(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_without_notes_finds_what_the_noted_one_finds() {
        let k = base_knowledge();
        for reference in [
            "python:3.12",
            "python:3.9-slim",
            "python",
            "node:22",
            "node:8-alpine",
            "ubuntu@sha256:04d4",
            "ubuntu:22.04@sha256:04d4",
            "public.ecr.aws/amazonlinux/amazonlinux:2",
            "gcr.io/distroless/static-debian12:nonroot",
            "nope/none:1",
            "$BASE",
        ] {
            let (noted, unnoted) = (k.find_base(reference), k.find_base_unnoted(reference));
            assert_eq!(
                (
                    &noted.image,
                    &noted.name,
                    &noted.tag,
                    noted.matched,
                    noted.row
                ),
                (
                    &unnoted.image,
                    &unnoted.name,
                    &unnoted.tag,
                    unnoted.matched,
                    unnoted.row
                ),
                "{reference}"
            );
            assert!(unnoted.notes.is_empty(), "{reference}");
        }
    }
}
