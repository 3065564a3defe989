//! The knowledge base: base images, Debian packages, Python and npm packages, and stated
//! heuristics, embedded from `crates/core/data/` and parsed once, on first use.
//!
//! The files are small TSVs written by `cargo xtask data` (or curated by hand, for base images
//! and heuristics); each names its source in its header. Parsing never panics: a malformed row is
//! skipped and counted in [`Knowledge::problems`], which the tests require to be empty.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::Bytes;

pub(crate) const BASE_IMAGES: &str = include_str!("../../data/base_images.tsv");
pub(crate) const BASE_PACKAGES: &str = include_str!("../../data/base_packages.tsv");
pub(crate) const APT: &str = include_str!("../../data/apt.tsv");
pub(crate) const PYPI: &str = include_str!("../../data/pypi.tsv");
pub(crate) const NPM: &str = include_str!("../../data/npm.tsv");
pub(crate) const HEURISTICS: &str = include_str!("../../data/heuristics.tsv");
pub(crate) const TAG_ALIASES: &str = include_str!("../../data/tag_aliases.tsv");
pub(crate) const MANIFEST: &str = include_str!("../../data/MANIFEST.tsv");

/// Every embedded data file by name, as `MANIFEST.tsv` lists them.
pub fn embedded_files() -> [(&'static str, &'static str); 7] {
    [
        ("apt.tsv", APT),
        ("base_images.tsv", BASE_IMAGES),
        ("base_packages.tsv", BASE_PACKAGES),
        ("heuristics.tsv", HEURISTICS),
        ("npm.tsv", NPM),
        ("pypi.tsv", PYPI),
        ("tag_aliases.tsv", TAG_ALIASES),
    ]
}

/// The recorded manifest: file name, byte length, FNV-1a 64 hash.
pub fn manifest() -> Vec<(String, usize, u64)> {
    rows(MANIFEST)
        .filter_map(|cells| {
            let [name, len, hash] = cells[..] else {
                return None;
            };
            Some((
                name.to_string(),
                len.parse().ok()?,
                u64::from_str_radix(hash, 16).ok()?,
            ))
        })
        .collect()
}

/// FNV-1a 64, the same hash `cargo xtask data` writes into the manifest.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One row of `base_images.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImageRow {
    pub image: &'static str,
    pub tag: &'static str,
    pub disk_bytes: u64,
    pub compressed_bytes: Option<u64>,
    /// `true` when the figure was read from repo-info, `false` for a stated estimate.
    pub measured: bool,
    pub packages: Option<&'static str>,
    pub source: &'static str,
}

/// A Debian package: installed size and the relations apt would follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AptPackage {
    pub installed_bytes: u64,
    pub depends: Vec<&'static str>,
    pub recommends: Vec<&'static str>,
}

/// A package table measured by installing each named package into an empty folder.
#[derive(Debug, Default)]
pub struct MeasuredTable {
    /// Installed bytes of each distribution or module folder.
    pub units: HashMap<&'static str, u64>,
    /// What each requested name pulled in.
    pub closures: HashMap<&'static str, Vec<&'static str>>,
    pub source: &'static str,
}

/// One row of `tag_aliases.tsv`: a tag that is the same image as a longer, explicit tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAlias {
    pub canonical: &'static str,
    pub source: &'static str,
}

/// A stated range with what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heuristic {
    pub bytes: Bytes,
    pub note: &'static str,
}

#[derive(Debug, Default)]
pub struct Knowledge {
    pub base_images: Vec<BaseImageRow>,
    /// Seed packages per base package set, and the set it builds on.
    pub base_sets: HashMap<&'static str, (Option<&'static str>, Vec<&'static str>)>,
    pub apt: HashMap<&'static str, AptPackage>,
    pub apt_source: &'static str,
    pub pypi: MeasuredTable,
    pub npm: MeasuredTable,
    pub heuristics: HashMap<&'static str, Heuristic>,
    /// Image, then alias tag, to the explicit tag docker-library publishes the same image under.
    pub tag_aliases: HashMap<&'static str, HashMap<&'static str, TagAlias>>,
    /// Rows that could not be read, as `file:line: why`. Empty for the shipped data.
    pub problems: Vec<String>,
}

/// The knowledge base, parsed on first use.
pub fn knowledge() -> &'static Knowledge {
    static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
    KNOWLEDGE.get_or_init(Knowledge::parse)
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

fn source_line(text: &'static str) -> &'static str {
    text.lines()
        .find_map(|line| line.strip_prefix("# source: "))
        .unwrap_or("unknown source")
}

fn list(cell: &'static str, separator: char) -> Vec<&'static str> {
    if cell == "-" {
        Vec::new()
    } else {
        cell.split(separator).filter(|s| !s.is_empty()).collect()
    }
}

impl Knowledge {
    fn parse() -> Knowledge {
        let mut k = Knowledge {
            apt_source: source_line(APT),
            ..Knowledge::default()
        };
        for cells in rows(BASE_IMAGES) {
            let [image, tag, disk, compressed, confidence, packages, source] = cells[..] else {
                k.problems
                    .push(format!("base_images.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let Ok(disk_bytes) = disk.parse() else {
                k.problems.push(format!("base_images.tsv: size `{disk}`"));
                continue;
            };
            k.base_images.push(BaseImageRow {
                image,
                tag,
                disk_bytes,
                compressed_bytes: compressed.parse().ok(),
                measured: confidence == "measured",
                packages: (packages != "-").then_some(packages),
                source,
            });
        }
        for cells in rows(BASE_PACKAGES) {
            let [set, parent, seeds] = cells[..] else {
                k.problems
                    .push(format!("base_packages.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let parent = (parent != "-").then_some(parent);
            k.base_sets.insert(set, (parent, list(seeds, ' ')));
        }
        for cells in rows(APT) {
            let [name, kib, depends, recommends] = cells[..] else {
                k.problems
                    .push(format!("apt.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let Ok(kib) = kib.parse::<u64>() else {
                k.problems.push(format!("apt.tsv: size of {name}"));
                continue;
            };
            k.apt.insert(
                name,
                AptPackage {
                    installed_bytes: kib * 1024,
                    depends: list(depends, ','),
                    recommends: list(recommends, ','),
                },
            );
        }
        k.pypi = measured_table("pypi.tsv", PYPI, &mut k.problems);
        k.npm = measured_table("npm.tsv", NPM, &mut k.problems);
        for cells in rows(HEURISTICS) {
            let [key, low, expected, high, note] = cells[..] else {
                k.problems
                    .push(format!("heuristics.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let (Ok(low), Ok(expected), Ok(high)) = (low.parse(), expected.parse(), high.parse())
            else {
                k.problems.push(format!("heuristics.tsv: sizes of {key}"));
                continue;
            };
            k.heuristics.insert(
                key,
                Heuristic {
                    bytes: Bytes {
                        low,
                        expected,
                        high,
                    },
                    note,
                },
            );
        }
        for cells in rows(TAG_ALIASES) {
            let [image, alias, canonical, source] = cells[..] else {
                k.problems
                    .push(format!("tag_aliases.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let previous = k
                .tag_aliases
                .entry(image)
                .or_default()
                .insert(alias, TagAlias { canonical, source });
            if previous.is_some() {
                k.problems
                    .push(format!("tag_aliases.tsv: {image}:{alias} is listed twice"));
            }
        }
        k.check_consistency();
        k
    }

    /// The explicit tag `image:tag` is published as, when `tag` is a docker-library alias.
    pub fn tag_alias(&self, image: &str, tag: &str) -> Option<&TagAlias> {
        self.tag_aliases.get(image)?.get(tag)
    }

    /// Cross-file checks: every relation and closure names a row that exists.
    fn check_consistency(&mut self) {
        let mut problems = Vec::new();
        for (name, pkg) in &self.apt {
            for dep in pkg.depends.iter().chain(&pkg.recommends) {
                if !self.apt.contains_key(dep) {
                    problems.push(format!("apt.tsv: {name} needs {dep}, which has no row"));
                }
            }
        }
        for (set, (parent, seeds)) in &self.base_sets {
            if let Some(parent) = parent {
                if !self.base_sets.contains_key(parent) {
                    problems.push(format!(
                        "base_packages.tsv: {set} builds on unknown {parent}"
                    ));
                }
            }
            for seed in seeds {
                if !self.apt.contains_key(seed) {
                    problems.push(format!(
                        "base_packages.tsv: {set} seed {seed} has no apt row"
                    ));
                }
            }
        }
        for row in &self.base_images {
            if let Some(set) = row.packages {
                if !self.base_sets.contains_key(set) {
                    problems.push(format!(
                        "base_images.tsv: {} names unknown set {set}",
                        row.image
                    ));
                }
            }
        }
        let aliases = self.tag_aliases.iter().flat_map(|(image, tags)| {
            tags.iter()
                .map(move |(alias, target)| (image, alias, target))
        });
        for (image, alias, target) in aliases {
            // An alias must not shadow a row of its own, and must not lead to another alias:
            // resolution follows one step only.
            if self
                .base_images
                .iter()
                .any(|r| r.image == *image && r.tag == *alias)
            {
                problems.push(format!(
                    "tag_aliases.tsv: {image}:{alias} also has a base_images.tsv row"
                ));
            }
            if self.tag_alias(image, target.canonical).is_some() {
                problems.push(format!(
                    "tag_aliases.tsv: {image}:{alias} leads to another alias, {}",
                    target.canonical
                ));
            }
        }
        for (file, table) in [("pypi.tsv", &self.pypi), ("npm.tsv", &self.npm)] {
            for (name, members) in &table.closures {
                for member in members {
                    if !table.units.contains_key(member) {
                        problems.push(format!("{file}: {name} pulls {member}, which has no row"));
                    }
                }
            }
        }
        problems.sort();
        self.problems.extend(problems);
    }

    /// A heuristic by key; the shipped data holds every key the model asks for (a test checks).
    pub fn heuristic(&self, key: &str) -> Heuristic {
        self.heuristics.get(key).cloned().unwrap_or(Heuristic {
            bytes: Bytes {
                low: 0,
                expected: 1_000_000,
                high: 100_000_000,
            },
            note: "no stated heuristic for this case",
        })
    }

    /// Every package a base package set holds: the seeds' closure without Recommends, plus the
    /// sets it builds on.
    pub fn base_package_set(&self, set: &str) -> HashSet<&'static str> {
        let mut seeds = Vec::new();
        let mut current = Some(set);
        let mut guard = 0;
        while let Some(name) = current {
            guard += 1;
            let Some((parent, set_seeds)) = self.base_sets.get(name) else {
                break;
            };
            seeds.extend(set_seeds.iter().copied());
            current = *parent;
            if guard > 16 {
                break;
            }
        }
        self.apt_closure(&seeds, false, &HashSet::new())
    }

    /// The packages `apt-get install` would add for `names`, skipping what is already there.
    pub fn apt_closure(
        &self,
        names: &[&str],
        recommends: bool,
        installed: &HashSet<&'static str>,
    ) -> HashSet<&'static str> {
        let mut out: HashSet<&'static str> = HashSet::new();
        let mut stack: Vec<&'static str> = names
            .iter()
            .filter_map(|n| self.apt.get_key_value(*n).map(|(k, _)| *k))
            .collect();
        while let Some(name) = stack.pop() {
            if installed.contains(name) || !out.insert(name) {
                continue;
            }
            let Some(pkg) = self.apt.get(name) else {
                continue;
            };
            stack.extend(pkg.depends.iter().copied());
            if recommends {
                stack.extend(pkg.recommends.iter().copied());
            }
        }
        out
    }

    pub fn apt_bytes(&self, names: &HashSet<&'static str>) -> u64 {
        names
            .iter()
            .filter_map(|n| self.apt.get(n))
            .map(|p| p.installed_bytes)
            .sum()
    }
}

fn measured_table(file: &str, text: &'static str, problems: &mut Vec<String>) -> MeasuredTable {
    let mut table = MeasuredTable {
        source: source_line(text),
        ..MeasuredTable::default()
    };
    for cells in rows(text) {
        match cells[..] {
            ["D", name, bytes] => match bytes.parse() {
                Ok(bytes) => {
                    table.units.insert(name, bytes);
                }
                Err(_) => problems.push(format!("{file}: size of {name}")),
            },
            ["P", name, members] => {
                table.closures.insert(name, list(members, ','));
            }
            _ => problems.push(format!("{file}: row `{}`", cells.join(" "))),
        }
    }
    table
}
