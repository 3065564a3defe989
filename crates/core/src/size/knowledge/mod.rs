//! The knowledge base: base images, Debian packages, Python and npm packages, and stated
//! heuristics, embedded from `crates/core/data/` and parsed once, on first use.
//!
//! The files are small TSVs written by `cargo xtask data` (or curated by hand, for base images
//! and heuristics); each names its source in its header. Parsing never panics: a malformed row is
//! skipped and counted in [`Knowledge::problems`], which the tests require to be empty.

use crate::table_hash::{TableMap, TableSet};
use std::sync::OnceLock;

use super::image_ref::ImageRef;
use super::stated::{Stated, IMAGE_FAMILIES, STAND_INS, THROUGHPUT};
use super::Bytes;

mod apt_set;
mod base_images;
use apt_set::AptRow;
pub use apt_set::AptSet;
pub(crate) use base_images::{variant_of, version_of};
pub use base_images::{BaseImageRow, BaseLookup, BaseMatch};

pub(crate) const BASE_IMAGES: &str = include_str!(concat!(env!("OUT_DIR"), "/base_images.tsv"));
pub(crate) const BASE_IMAGES_STATED: &str =
    include_str!(concat!(env!("OUT_DIR"), "/base_images_stated.tsv"));
pub(crate) const BASE_PACKAGES: &str = include_str!(concat!(env!("OUT_DIR"), "/base_packages.tsv"));
/// `data/apt.tsv` as `build.rs` packs it: names once, relations as name numbers.
const APT_NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/apt_names.txt"));
const APT_ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/apt_rows.bin"));
const APT_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/apt_source.txt"));
const APT_PROBLEMS: &str = include_str!(concat!(env!("OUT_DIR"), "/apt_problems.txt"));
pub(crate) const PYPI: &str = include_str!(concat!(env!("OUT_DIR"), "/pypi.tsv"));
pub(crate) const NPM: &str = include_str!(concat!(env!("OUT_DIR"), "/npm.tsv"));
pub(crate) const HEURISTICS: &str = include_str!(concat!(env!("OUT_DIR"), "/heuristics.tsv"));
pub(crate) const TAG_ALIASES: &str = include_str!(concat!(env!("OUT_DIR"), "/tag_aliases.tsv"));
pub(crate) const MANIFEST: &str = include_str!("../../../data/MANIFEST.tsv");

/// Every data file embedded as text, by name, as `MANIFEST.tsv` lists them: its rows and its
/// `# source:` line, the comments left out (`build.rs`). `apt.tsv` is embedded packed, so it
/// is not here: `tests/size_data.rs` checks the files against the manifest, each of these
/// against its file and the decoded table against `apt.tsv`.
pub fn embedded_files() -> [(&'static str, &'static str); 11] {
    [
        ("base_images.tsv", BASE_IMAGES),
        ("base_images_stated.tsv", BASE_IMAGES_STATED),
        ("base_packages.tsv", BASE_PACKAGES),
        ("heuristics.tsv", HEURISTICS),
        ("image_families.tsv", IMAGE_FAMILIES),
        ("npm.tsv", NPM),
        ("pypi.tsv", PYPI),
        ("pypi_wheels.tsv", super::wheels::PYPI_WHEELS),
        ("stand_ins.tsv", STAND_INS),
        ("tag_aliases.tsv", TAG_ALIASES),
        ("throughput.tsv", THROUGHPUT),
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

/// A Debian package: installed size and the relations apt would follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AptPackage {
    /// Its row in the table: what an [`AptSet`] holds of it.
    pub row: u32,
    pub installed_bytes: u64,
    pub depends: Vec<&'static str>,
    pub recommends: Vec<&'static str>,
}

/// A package table measured by installing each named package into an empty folder.
#[derive(Debug, Default)]
pub struct MeasuredTable {
    /// Installed bytes of each distribution or module folder.
    pub units: TableMap<&'static str, u64>,
    /// What each requested name pulled in.
    pub closures: TableMap<&'static str, Vec<&'static str>>,
    pub source: &'static str,
}

/// One row of `tag_aliases.tsv`: a tag that is the same image as a longer, explicit tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAlias {
    pub canonical: &'static str,
    pub source: &'static str,
    /// From the curated `tag_aliases.tsv` (what a floating tag means today), rather than read
    /// from official-images for a generated row's build date.
    pub curated: bool,
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
    pub base_sets: TableMap<&'static str, (Option<&'static str>, Vec<&'static str>)>,
    pub apt: TableMap<&'static str, AptPackage>,
    /// Every name the apt table packs, by number: its rows' first, in row order.
    apt_names: Vec<&'static str>,
    /// The apt table by row, its relations as row numbers ([`AptSet`]).
    apt_rows: Vec<AptRow>,
    pub apt_source: &'static str,
    pub pypi: MeasuredTable,
    pub npm: MeasuredTable,
    pub heuristics: TableMap<&'static str, Heuristic>,
    /// Index into `base_images` by image and tag.
    pub base_index: TableMap<(&'static str, &'static str), usize>,
    /// The rows of each image, in table order: the nearest-row and digest lookups read one
    /// image's rows instead of every row (a scan of the whole table per `FROM` was most of
    /// STG001's time).
    pub rows_by_image: TableMap<&'static str, Vec<usize>>,
    /// What the nearest-row lookup compares of each row (its version as numbers, its
    /// variant), in `base_images`' order, read once: the lookup compares every row of an
    /// image with them.
    row_facts: Vec<base_images::RowFacts>,
    /// Image, then alias tag, to the explicit tag docker-library publishes the same image under.
    pub tag_aliases: TableMap<&'static str, TableMap<&'static str, TagAlias>>,
    /// Image families, stand-ins and throughput (`stated.rs`).
    pub stated: Stated,
    /// Rows that could not be read, as `file:line: why`. Empty for the shipped data.
    pub problems: Vec<String>,
    /// Every base package set's closure, worked out on first use: each `FROM` of a Debian
    /// image needs one, and the rewrite plan estimates the same file a dozen times.
    base_set_closures: OnceLock<TableMap<&'static str, AptSet>>,
}

/// The knowledge base, parsed on first use.
pub fn knowledge() -> &'static Knowledge {
    static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
    KNOWLEDGE.get_or_init(Knowledge::parse)
}

/// Only the base image tables and tag aliases, for callers that look up base images and
/// nothing else (a lint rule): parsing the package tables too would cost a one-file lint
/// about ten times its run time. [`Knowledge::find_base`] answers the same on both.
pub fn base_knowledge() -> &'static Knowledge {
    static BASES: OnceLock<Knowledge> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut k = Knowledge::default();
        k.parse_base_images();
        k.parse_tag_aliases();
        k
    })
}

/// Reads LEB128 numbers, as `build.rs` writes them; `None` at the end or past 64 bits.
struct Leb128(&'static [u8]);

impl Iterator for Leb128 {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.0.split_first()?;
            self.0 = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
}

pub(super) fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
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
            apt_source: APT_SOURCE,
            ..Knowledge::default()
        };
        k.parse_base_images();
        for cells in rows(BASE_PACKAGES) {
            let [set, parent, seeds] = cells[..] else {
                k.problems
                    .push(format!("base_packages.tsv: row `{}`", cells.join(" ")));
                continue;
            };
            let parent = (parent != "-").then_some(parent);
            k.base_sets.insert(set, (parent, list(seeds, ' ')));
        }
        k.parse_apt();
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
        k.parse_tag_aliases();
        k.stated = Stated::parse(&mut k.problems);
        k.check_consistency();
        k
    }

    /// Decodes the packed Debian table (`build.rs` writes it). A table that ends early or
    /// names a package number it does not have is reported in `problems`, never a panic.
    fn parse_apt(&mut self) {
        self.problems
            .extend(APT_PROBLEMS.lines().map(str::to_string));
        let names: Vec<&'static str> = APT_NAMES.lines().collect();
        let mut reader = Leb128(APT_ROWS);
        let Some(count) = reader.next() else {
            self.problems.push("apt.tsv: packed table is empty".into());
            return;
        };
        let relation = |reader: &mut Leb128| -> Option<Box<[u32]>> {
            let len = reader.next()?;
            (0..len)
                .map(|_| {
                    let number = u32::try_from(reader.next()?).ok()?;
                    names.get(number as usize).map(|_| number)
                })
                .collect()
        };
        let by_number = |numbers: &[u32]| numbers.iter().map(|&n| names[n as usize]).collect();
        for row in 0..count {
            let name = u32::try_from(row)
                .ok()
                .and_then(|row| Some((row, *names.get(row as usize)?)));
            let package = (|| {
                let kib = reader.next()?;
                let depends = relation(&mut reader)?;
                let recommends = relation(&mut reader)?;
                Some(AptRow {
                    bytes: kib.checked_mul(1024)?,
                    depends,
                    recommends,
                })
            })();
            let (Some((row, name)), Some(package)) = (name, package) else {
                self.problems
                    .push(format!("apt.tsv: packed row {row} cannot be read"));
                return;
            };
            self.apt.insert(
                name,
                AptPackage {
                    row,
                    installed_bytes: package.bytes,
                    depends: by_number(&package.depends),
                    recommends: by_number(&package.recommends),
                },
            );
            self.apt_rows.push(package);
        }
        self.apt_names = names;
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
            // A generated row for a floating tag is an older reading of what the curated alias
            // says today; resolution prefers the alias, so both may stand.
            if self.base_row(image, alias).is_some_and(|r| !r.generated) {
                problems.push(format!(
                    "tag aliases: {image}:{alias} ({}) also has a base image row",
                    target.source
                ));
            }
            // Resolution follows at most three aliases; a longer chain is a loop.
            let mut current = target.canonical;
            let mut hops = 1;
            while self.base_row(image, current).is_none() {
                let Some(next) = self.tag_alias(image, current) else {
                    break;
                };
                current = next.canonical;
                hops += 1;
                if hops > 3 {
                    problems.push(format!(
                        "tag aliases: {image}:{alias} does not lead to a tag within three steps"
                    ));
                    break;
                }
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
        for s in &self.stated.stand_ins {
            let found = match s.kind {
                "image" => s
                    .stand_in
                    .split_once(':')
                    .and_then(|(image, tag)| self.base_row(image, tag))
                    .is_some(),
                _ => {
                    let bare = s.stand_in.split('[').next().unwrap_or(s.stand_in);
                    self.pypi.closures.contains_key(s.stand_in)
                        || self.pypi.units.contains_key(bare)
                }
            };
            if !found {
                problems.push(format!(
                    "stand_ins.tsv: {} stands in for {}, and has no row",
                    s.stand_in, s.name
                ));
            }
        }
        crate::order::sort(&mut problems);
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

    /// `bytes` scaled by a per-mille row of heuristics.tsv (low, expected and high each apply
    /// to the same bound of `bytes`).
    pub fn scale(&self, key: &str, bytes: Bytes) -> Bytes {
        let r = self.heuristic(key).bytes;
        bytes.per_mille(r.low, r.expected, r.high)
    }

    /// Every package a base package set holds: the seeds' closure without Recommends, plus the
    /// sets it builds on.
    pub fn base_package_set(&self, set: &str) -> TableSet<&'static str> {
        self.apt_set_names(&self.base_packages(set))
    }

    /// [`Knowledge::base_package_set`] as rows.
    pub fn base_packages(&self, set: &str) -> AptSet {
        let closures = self.base_set_closures.get_or_init(|| {
            self.base_sets
                .keys()
                .map(|&name| (name, self.base_set_closure(name)))
                .collect()
        });
        closures
            .get(set)
            .cloned()
            .unwrap_or_else(|| self.base_set_closure(set))
    }

    fn base_set_closure(&self, set: &str) -> AptSet {
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
        self.apt_closure_of(&seeds, false, &AptSet::default())
    }

    /// The packages `apt-get install` would add for `names`, skipping what is already there.
    pub fn apt_closure(
        &self,
        names: &[&str],
        recommends: bool,
        installed: &TableSet<&'static str>,
    ) -> TableSet<&'static str> {
        let mut rows = AptSet::default();
        for row in installed.iter().filter_map(|name| self.apt_row(name)) {
            rows.insert(row);
        }
        self.apt_set_names(&self.apt_closure_of(names, recommends, &rows))
    }
}

/// A measured table as `build.rs` embeds it: `D` rows (name, bytes), `N` rows (a name only
/// a closure lists) and `P` rows whose members are numbers: the `D` rows' in order, then the
/// `N` rows'.
fn measured_table(file: &str, text: &'static str, problems: &mut Vec<String>) -> MeasuredTable {
    let mut table = MeasuredTable {
        source: source_line(text),
        ..MeasuredTable::default()
    };
    let mut names: Vec<&'static str> = Vec::new();
    for cells in rows(text) {
        if let ["D", name, bytes] = cells[..] {
            names.push(name);
            match bytes.parse() {
                Ok(bytes) => {
                    table.units.insert(name, bytes);
                }
                Err(_) => problems.push(format!("{file}: size of {name}")),
            }
        }
    }
    names.extend(rows(text).filter_map(|cells| match cells[..] {
        ["N", name] => Some(name),
        _ => None,
    }));
    for cells in rows(text) {
        match cells[..] {
            ["D", _, _] | ["N", _] => {}
            ["P", name, members] => {
                let members = list(members, ',')
                    .into_iter()
                    .filter_map(|number| {
                        let member = number.parse().ok().and_then(|n: usize| names.get(n));
                        if member.is_none() {
                            problems.push(format!("{file}: member {number} of {name}"));
                        }
                        member.copied()
                    })
                    .collect();
                table.closures.insert(name, members);
            }
            _ => problems.push(format!("{file}: row `{}`", cells.join(" "))),
        }
    }
    table
}
