//! The model's curated rules, read from data files like the tables: which OS family an image
//! is (`image_families.tsv`), what stands in for an image or package without a row of its own
//! (`stand_ins.tsv`), and how fast each kind of step writes (`throughput.tsv`).

use crate::table_hash::TableMap;

use super::knowledge::rows;

pub(crate) const IMAGE_FAMILIES: &str =
    include_str!(concat!(env!("OUT_DIR"), "/image_families.tsv"));
pub(crate) const STAND_INS: &str = include_str!(concat!(env!("OUT_DIR"), "/stand_ins.tsv"));
pub(crate) const THROUGHPUT: &str = include_str!(concat!(env!("OUT_DIR"), "/throughput.tsv"));

/// The OS families `image_families.tsv` may name.
pub const FAMILIES: &[&str] = &["debian", "ubuntu", "alpine", "rpm", "distroless", "scratch"];

/// One row of `image_families.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyRule {
    pub rule: FamilyMatch,
    pub pattern: &'static str,
    /// One of [`FAMILIES`].
    pub family: &'static str,
}

/// What a [`FamilyRule`]'s pattern is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyMatch {
    /// The table row's `os` column starts with the pattern.
    RowOs,
    /// The image name is the pattern.
    Name,
    NameContains,
    TagContains,
    /// The image name, or its last path component, is the pattern (`bitnami/python`).
    Image,
}

/// One row of `stand_ins.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandIn {
    /// `image` or `pypi`.
    pub kind: &'static str,
    pub name: &'static str,
    /// The row applies when the tag contains this; `None` for any tag.
    pub when_tag_contains: Option<&'static str>,
    /// `image:tag` for an image, a pypi.tsv name for a Python package.
    pub stand_in: &'static str,
}

/// One row of `throughput.tsv`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throughput {
    pub bytes_per_second: f64,
    pub fixed_seconds: f64,
}

impl Throughput {
    /// Seconds to write `bytes` at this rate, start-up included.
    pub fn seconds(self, bytes: u64) -> f64 {
        self.fixed_seconds + bytes as f64 / self.bytes_per_second
    }
}

/// The three files, parsed; rows that cannot be read go to `problems` as `file: why`.
#[derive(Debug, Default)]
pub struct Stated {
    pub image_families: Vec<FamilyRule>,
    pub stand_ins: Vec<StandIn>,
    pub throughput: TableMap<&'static str, Throughput>,
}

impl Stated {
    pub(crate) fn parse(problems: &mut Vec<String>) -> Stated {
        let mut stated = Stated::default();
        for cells in rows(IMAGE_FAMILIES) {
            let rule = match cells[..] {
                [rule, _, _] => match rule {
                    "row-os" => Some(FamilyMatch::RowOs),
                    "name" => Some(FamilyMatch::Name),
                    "name-contains" => Some(FamilyMatch::NameContains),
                    "tag-contains" => Some(FamilyMatch::TagContains),
                    "image" => Some(FamilyMatch::Image),
                    _ => None,
                },
                _ => None,
            };
            match (rule, &cells[..]) {
                (Some(rule), [_, pattern, family]) if FAMILIES.contains(family) => {
                    stated.image_families.push(FamilyRule {
                        rule,
                        pattern,
                        family,
                    });
                }
                _ => problems.push(format!("image_families.tsv: row `{}`", cells.join(" "))),
            }
        }
        for cells in rows(STAND_INS) {
            match cells[..] {
                [kind @ ("image" | "pypi"), name, when, stand_in] => {
                    stated.stand_ins.push(StandIn {
                        kind,
                        name,
                        when_tag_contains: (when != "-").then_some(when),
                        stand_in,
                    });
                }
                _ => problems.push(format!("stand_ins.tsv: row `{}`", cells.join(" "))),
            }
        }
        for cells in rows(THROUGHPUT) {
            let [key, rate, fixed, _note] = cells[..] else {
                problems.push(format!("throughput.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            // `-`: a fixed duration, whatever the step writes.
            let rate = if rate == "-" {
                Some(f64::INFINITY)
            } else {
                crate::number::parse_decimal(rate)
            };
            match (rate, crate::number::parse_decimal(fixed)) {
                (Some(rate), Some(fixed)) if rate > 0.0 && fixed >= 0.0 => {
                    stated.throughput.insert(
                        key,
                        Throughput {
                            bytes_per_second: rate,
                            fixed_seconds: fixed,
                        },
                    );
                }
                _ => problems.push(format!("throughput.tsv: figures of {key}")),
            }
        }
        stated
    }

    /// The OS family of an image: the first `image_families.tsv` rule that matches its table
    /// row's OS, its name or its tag.
    pub fn family_of(&self, name: &str, tag: &str, row_os: Option<&str>) -> Option<&'static str> {
        self.image_families
            .iter()
            .find(|r| match r.rule {
                FamilyMatch::RowOs => row_os.is_some_and(|os| os.starts_with(r.pattern)),
                FamilyMatch::Name => name == r.pattern,
                FamilyMatch::NameContains => name.contains(r.pattern),
                FamilyMatch::TagContains => tag.contains(r.pattern),
                FamilyMatch::Image => {
                    name == r.pattern
                        || name
                            .strip_suffix(r.pattern)
                            .is_some_and(|rest| rest.ends_with('/'))
                }
            })
            .map(|r| r.family)
    }

    /// What stands in for `name` (with `tag`, for images) of this `kind`, if anything does.
    pub fn stand_in(&self, kind: &str, name: &str, tag: &str) -> Option<&'static str> {
        self.stand_ins
            .iter()
            .find(|s| {
                s.kind == kind
                    && s.name == name
                    && s.when_tag_contains.is_none_or(|w| tag.contains(w))
            })
            .map(|s| s.stand_in)
    }

    /// A throughput by key; the shipped data holds every key the model asks for (a test checks).
    pub fn throughput(&self, key: &str) -> Throughput {
        self.throughput.get(key).copied().unwrap_or(Throughput {
            bytes_per_second: 10e6,
            fixed_seconds: 5.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated() -> Stated {
        let mut problems = Vec::new();
        let stated = Stated::parse(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        stated
    }

    #[test]
    fn families_follow_the_row_then_the_name_then_the_tag() {
        let s = stated();
        assert_eq!(
            s.family_of("python", "3.12", Some("alpine3.20")),
            Some("alpine")
        );
        assert_eq!(s.family_of("python", "3.12-alpine", None), Some("alpine"));
        assert_eq!(s.family_of("python", "3.12", None), Some("debian"));
        assert_eq!(s.family_of("bitnami/python", "3", None), Some("debian"));
        assert_eq!(s.family_of("mypython", "3", None), None);
        assert_eq!(
            s.family_of("eclipse-temurin", "21-jdk", None),
            Some("ubuntu")
        );
        assert_eq!(
            s.family_of("eclipse-temurin", "21-alpine", None),
            Some("alpine")
        );
        assert_eq!(s.family_of("redhat/ubi9", "latest", None), Some("rpm"));
        assert_eq!(
            s.family_of("gcr.io/distroless/static-debian12", "latest", None),
            Some("distroless")
        );
        assert_eq!(s.family_of("scratch", "latest", None), Some("scratch"));
    }

    #[test]
    fn stand_ins_pick_the_first_row_whose_tag_matches() {
        let s = stated();
        assert_eq!(
            s.stand_in("image", "openjdk", "17-jre"),
            Some("eclipse-temurin:21-jre")
        );
        assert_eq!(
            s.stand_in("image", "openjdk", "17"),
            Some("eclipse-temurin:21-jdk")
        );
        assert_eq!(s.stand_in("pypi", "psycopg2", ""), Some("psycopg2-binary"));
        assert_eq!(s.stand_in("image", "psycopg2", ""), None);
    }

    #[test]
    fn a_throughput_adds_its_start_up_time() {
        let pull = stated().throughput("pull");
        assert_eq!(pull.seconds(30_000_000), 3.0);
        let build = stated().throughput("cargo-build");
        assert_eq!(
            build.seconds(0),
            build.seconds(10_000_000_000),
            "a duration, not a rate"
        );
        assert_eq!(build.seconds(0), 180.0);
    }
}
