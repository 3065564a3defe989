//! The findings' one sort, by the keys the checker made as they were reported
//! ([`sort_findings`]).

use std::ptr;

use super::Finding;

/// Sorts `findings` by `keys` (`keys[i]` the key of `findings[i]`), equal keys in their first
/// order, as `crate::order::sort_by_keys` does, moving each finding out of place once.
/// A finding is too large to be moved without a call to copy it: a swap of two was three such
/// calls, and putting the findings in order by swaps was most of the copies the rule loop made.
pub(super) fn sort_findings<K: Ord>(findings: &mut Vec<Finding>, keys: &[K]) {
    assert_eq!(findings.len(), keys.len(), "one key per finding");
    // Already in order (a file with one finding, or findings of one rule): nothing to move,
    // and no list of positions to make.
    if keys.windows(2).all(|pair| pair[0] <= pair[1]) {
        return;
    }
    let order = if keys.len() <= SHORT {
        insertion_order(keys)
    } else {
        crate::order::stable_order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]))
    };
    arrange(findings, order);
}

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

/// How many keys [`insertion_order`] orders; longer lists go through
/// [`crate::order::stable_order`].
const SHORT: usize = 24;

/// The positions of `keys` in their stable order, found by insertion: most files have a few
/// findings, and sorting them through std's sort with the comparison behind `dyn` cost twice
/// as much. Each position is shifted up as the new one passes it, not moved by an insert (a
/// call to move the rest of the list per finding).
fn insertion_order<K: Ord>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        order.push(i);
        // After every key not greater than this one: equal keys keep their order.
        let mut at = i;
        while at > 0 && keys[order[at - 1]] > *key {
            order[at] = order[at - 1];
            at -= 1;
        }
        order[at] = i;
    }
    order
}

/// Moves `items[order[i]]` to position `i`. `order` is a permutation of the positions (as the
/// sorts above make it). Each cycle of it is followed once: its first item is held aside, each
/// place then takes the item it is owed, and the last one takes the item held, one move per
/// item and one more per cycle, where swaps moved each item three times.
fn arrange<T>(items: &mut Vec<T>, mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    let len = items.len();
    assert_eq!(order.len(), len, "one position per item");
    debug_assert!({
        let mut seen = vec![false; len];
        order
            .iter()
            .all(|&at| at < len && !std::mem::replace(&mut seen[at], true))
    });
    // While items are moved, one of them is out of its place: the vector is emptied first, so
    // that a panic here (none is expected) leaks the items instead of dropping one twice.
    // SAFETY: a length of zero is at most the capacity, and the items past it are left as
    // they were (initialized), to be taken back below.
    unsafe { items.set_len(0) };
    let base = items.as_mut_ptr();
    for start in 0..len {
        let first = order[start];
        if first == start || first == DONE {
            continue;
        }
        // SAFETY: `start < len`, an initialized item; it is read out once, and its place is
        // written again before the cycle ends (by the item it is owed), so nothing is dropped
        // or read twice.
        let held = unsafe { ptr::read(base.add(start)) };
        let mut at = start;
        loop {
            let next = order[at];
            order[at] = DONE;
            if next == start {
                // SAFETY: `at < len`; its item was moved to the place before it in the cycle.
                unsafe { ptr::write(base.add(at), held) };
                break;
            }
            assert!(next < len, "a position of the list");
            // SAFETY: `next` and `at` are distinct positions below `len` (`order` is a
            // permutation); `at`'s item was moved out already (it is `start`, held, or was
            // the `next` of the step before), and `next`'s item is moved to `at` once: each
            // position is the `next` of exactly one step.
            unsafe { ptr::copy_nonoverlapping(base.add(next), base.add(at), 1) };
            at = next;
        }
    }
    // SAFETY: every place below `len` holds an item again, each item exactly once.
    unsafe { items.set_len(len) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items that own memory are put in the order a stable sort puts them, each exactly once
    /// (a double drop or a leak would show under Miri or as a wrong list), for lists short and
    /// long, sorted and not, with equal keys.
    #[test]
    fn arranges_as_a_stable_sort_does() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        for len in 0..80 {
            for _ in 0..20 {
                let keys: Vec<u64> = (0..len).map(|_| next(6)).collect();
                let items: Vec<String> = (0..len).map(|i| format!("item {i}")).collect();
                let mut expected: Vec<(u64, String)> =
                    keys.iter().copied().zip(items.iter().cloned()).collect();
                expected.sort_by_key(|(key, _)| *key);
                let order = if len <= SHORT {
                    insertion_order(&keys)
                } else {
                    crate::order::stable_order(len, &mut |a, b| keys[a].cmp(&keys[b]))
                };
                let mut arranged = items.clone();
                arrange(&mut arranged, order);
                let expected: Vec<String> = expected.into_iter().map(|(_, item)| item).collect();
                assert_eq!(arranged, expected, "{keys:?}");
            }
        }
    }

    #[test]
    fn findings_are_sorted_by_their_keys() {
        let findings = crate::lint::lint("FROM a\nRUN apt-get install x && pip install y\nCOPY a b\nMAINTAINER me\nFROM a\nADD x y\n");
        assert!(findings.len() > 3);
        let mut shuffled: Vec<Finding> = findings.iter().rev().cloned().collect();
        let keys: Vec<(usize, &str, usize)> = shuffled
            .iter()
            .map(|f| (f.line, f.code, f.location.range.start))
            .collect();
        let mut expected = shuffled.clone();
        expected.sort_by_key(|f| (f.line, f.code, f.location.range.start));
        sort_findings(&mut shuffled, &keys);
        assert_eq!(shuffled, expected);
    }
}
