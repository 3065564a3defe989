//! The keys the checker makes for the findings as they are reported, which put them in order
//! through the engine's one sort ([`crate::order::sort_by_keys`]), and the list they are kept
//! in from file to file.

/// A finding's sort key: its line, its code's place among the codes, its start.
pub(super) type Key = (usize, u16, usize);

thread_local! {
    /// The keys' list of the last file linted on this thread, emptied, for the next one:
    /// a list allocated and freed per file was most of what reporting a file's first finding
    /// cost.
    static KEYS: std::cell::Cell<Vec<Key>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An empty list for a file's keys: the last file's, when there is one.
pub(super) fn reused_keys() -> Vec<Key> {
    KEYS.take()
}

/// Keeps `keys` for the next file ([`reused_keys`]), unless it is so long that keeping it
/// would hold memory a few files with thousands of findings asked for.
pub(super) fn keep_keys(mut keys: Vec<Key>) {
    if keys.capacity() <= KEPT_KEYS {
        keys.clear();
        KEYS.set(keys);
    }
}

/// The most keys a list kept between files has room for (24 KB).
const KEPT_KEYS: usize = 1024;

#[cfg(test)]
mod tests {

    #[test]
    fn findings_are_sorted_by_their_keys() {
        let findings = crate::lint::lint("FROM a\nRUN apt-get install x && pip install y\nCOPY a b\nMAINTAINER me\nFROM a\nADD x y\n");
        assert!(findings.len() > 3);
        let mut shuffled: Vec<crate::lint::Finding> = findings.iter().rev().cloned().collect();
        let keys: Vec<(usize, &str, usize)> = shuffled
            .iter()
            .map(|f| (f.line, f.code, f.location.range.start))
            .collect();
        let mut expected = shuffled.clone();
        expected.sort_by_key(|f| (f.line, f.code, f.location.range.start));
        crate::order::sort_by_keys(&mut shuffled, &keys);
        assert_eq!(shuffled, expected);
    }
}
