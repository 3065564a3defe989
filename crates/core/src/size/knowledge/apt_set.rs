//! Sets of apt packages as one bit per row of the apt table. The size model copies what a
//! stage has installed at every `apt-get install`, walks closures of hundreds of packages
//! and merges each RUN's packages into its stage: on a hash set of names that was a quarter
//! of an estimate, where 2,000 bits are a few dozen words to copy, test and merge.

use super::Knowledge;
use crate::table_hash::TableSet;

/// Packages by their row in the apt table ([`super::AptPackage::row`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AptSet(Vec<u64>);

impl AptSet {
    pub fn contains(&self, row: u32) -> bool {
        let (word, bit) = (row as usize / 64, row % 64);
        self.0.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// Adds `row`; whether it was not there yet.
    pub fn insert(&mut self, row: u32) -> bool {
        let (word, bit) = (row as usize / 64, row % 64);
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        let had = self.0[word] & (1 << bit) != 0;
        self.0[word] |= 1 << bit;
        !had
    }

    pub fn remove(&mut self, row: u32) {
        if let Some(w) = self.0.get_mut(row as usize / 64) {
            *w &= !(1 << (row % 64));
        }
    }

    /// Adds every package of `other`.
    pub fn union_with(&mut self, other: &AptSet) {
        if other.0.len() > self.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (w, o) in self.0.iter_mut().zip(&other.0) {
            *w |= o;
        }
    }

    /// Keeps only the packages `other` has too.
    pub fn intersect_with(&mut self, other: &AptSet) {
        for (i, w) in self.0.iter_mut().enumerate() {
            *w &= other.0.get(i).copied().unwrap_or(0);
        }
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The rows, in increasing order.
    pub fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            // The lowest bit left, then that bit cleared: one turn per package, not per bit.
            let mut left = word;
            std::iter::from_fn(move || {
                let bit = (left != 0).then(|| left.trailing_zeros())?;
                left &= left - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }
}

/// One row of the apt table with its relations as row numbers, for closures over
/// [`AptSet`]s. A relation to a name that has no row (the shipped table has none) counts in
/// a closure with no bytes, as it did by name.
#[derive(Debug, Default)]
pub(super) struct AptRow {
    pub(super) bytes: u64,
    pub(super) depends: Box<[u32]>,
    pub(super) recommends: Box<[u32]>,
}

impl Knowledge {
    /// The row of an apt package by name.
    pub fn apt_row(&self, name: &str) -> Option<u32> {
        self.apt.get(name).map(|p| p.row)
    }

    /// The packages `apt-get install` would add for `names`, skipping what is already there.
    pub fn apt_closure_of(&self, names: &[&str], recommends: bool, installed: &AptSet) -> AptSet {
        let mut out = AptSet::default();
        let mut stack: Vec<u32> = names.iter().filter_map(|n| self.apt_row(n)).collect();
        while let Some(row) = stack.pop() {
            if installed.contains(row) || !out.insert(row) {
                continue;
            }
            let Some(pkg) = self.apt_rows.get(row as usize) else {
                continue;
            };
            stack.extend_from_slice(&pkg.depends);
            if recommends {
                stack.extend_from_slice(&pkg.recommends);
            }
        }
        out
    }

    /// The installed bytes of `set`'s packages.
    pub fn apt_set_bytes(&self, set: &AptSet) -> u64 {
        set.rows()
            .filter_map(|row| self.apt_rows.get(row as usize))
            .map(|pkg| pkg.bytes)
            .sum()
    }

    /// The names of `set`'s packages.
    pub fn apt_set_names(&self, set: &AptSet) -> TableSet<&'static str> {
        set.rows()
            .filter_map(|row| self.apt_names.get(row as usize).copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_rows_across_words() {
        let mut set = AptSet::default();
        assert!(set.is_empty() && !set.contains(70));
        assert!(set.insert(70) && set.insert(3) && !set.insert(70));
        let mut other = AptSet::default();
        other.insert(200);
        other.insert(3);
        set.union_with(&other);
        assert_eq!(set.rows().collect::<Vec<_>>(), [3, 70, 200]);
        set.intersect_with(&other);
        set.remove(3);
        assert_eq!((set.len(), set.contains(200)), (1, true));
    }

    #[test]
    fn a_closure_by_rows_is_the_closure_by_names() {
        let k = super::super::knowledge();
        let closure = k.apt_closure_of(&["curl"], true, &AptSet::default());
        let names = k.apt_set_names(&closure);
        assert!(
            names.contains("curl") && names.contains("libcurl4"),
            "{names:?}"
        );
        let mut by_name = vec!["curl"];
        let mut seen = TableSet::default();
        while let Some(name) = by_name.pop() {
            if seen.insert(name) {
                let pkg = &k.apt[name];
                by_name.extend(pkg.depends.iter().chain(&pkg.recommends));
            }
        }
        assert_eq!(names, seen);
        let bytes: u64 = seen.iter().map(|n| k.apt[n].installed_bytes).sum();
        assert_eq!(k.apt_set_bytes(&closure), bytes);
    }
}
