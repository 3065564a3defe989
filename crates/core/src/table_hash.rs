//! The hasher of maps and sets keyed by the embedded knowledge base's names (apt packages,
//! heuristics, base images): FxHash, the multiply-and-rotate hash rustc uses, several times
//! cheaper than std's SipHash on short names. Every estimate looks up and collects hundreds
//! of package names, and hashing them was a tenth of a rewrite plan.
//!
//! Only for keys that come from the shipped tables: FxHash has no defence against keys
//! chosen to collide, so a map that inserts names a Dockerfile writes keeps std's hasher.
//! Looking a written name up in a table map is fine: the table's keys are ours.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by knowledge-base names.
pub type TableMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A set of knowledge-base names.
pub type TableSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// rustc's FxHasher: one rotate, xor and multiply per eight bytes.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash(text: &str) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(text)
    }

    #[test]
    fn names_hash_apart_and_maps_find_them() {
        let names = [
            "",
            "a",
            "ab",
            "libc6",
            "libc6-dev",
            "python3.12-minimal",
            "zlib1g",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a} and {b}");
            }
        }
        let map: TableMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(map.get(n), Some(&i));
        }
        let mut h = FxHasher::default();
        (1u32, 2u64, 3usize, 4u8).hash(&mut h);
        assert_ne!(h.finish(), 0);
    }
}
