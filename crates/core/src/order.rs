//! One sort for the whole engine and the page. Each `sort_by` on a new element type or with a
//! new closure is a new copy of std's sort in the WASM (1–3 KB each: driftsort's merges, its
//! quicksort, the small-sort networks), and the page had dozens of them. Here the sorting is
//! of positions, with the comparison behind `&mut dyn FnMut`, so std's sort is compiled once;
//! the items are then moved into that order. Lists sorted here are short (findings, edits,
//! package names) or sorted once, so the indirect comparison costs nothing a person notices.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` puts them; equal items keep their order.
pub fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `items` by `compare`, equal items in their first order, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    // Nothing to move, and no list of positions to allocate (many lists sorted are empty).
    if items.len() < 2 {
        return;
    }
    let order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    arrange(items, order);
}

/// Sorts `items` by a key, equal keys in their first order, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by a key computed once per item, as `slice::sort_by_cached_key` does.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    sort_by_keys(items, &keys);
}

/// Sorts `items` by keys made before, `keys[i]` the key of `items[i]`, equal keys in their
/// first order.
pub fn sort_by_keys<T, K: Ord>(items: &mut [T], keys: &[K]) {
    assert_eq!(items.len(), keys.len(), "one key per item");
    // Already in order (a file with one finding, or findings of one rule): nothing to move,
    // and no list of positions to make.
    if keys.windows(2).all(|pair| pair[0] <= pair[1]) {
        return;
    }
    let order = if keys.len() <= SHORT {
        insertion_order(keys)
    } else {
        stable_order(items.len(), &mut |a, b| keys[a].cmp(&keys[b]))
    };
    arrange(items, order);
}

/// How many keys [`insertion_order`] orders; longer lists go through [`stable_order`].
const SHORT: usize = 24;

/// [`stable_order`] of a few keys, compared where they are: most files have a few findings,
/// and sorting them through std's sort with the comparison behind `dyn` cost twice as much.
/// A loop this small adds next to nothing to the page's WASM. Each position is shifted up as
/// the new one passes it, not moved by an insert (a call to move the rest of the list).
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

/// Sorts `items` in their natural order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Moves `items[order[i]]` to position `i`. `order` is a permutation of the positions, as
/// [`stable_order`] and [`insertion_order`] make it. Each cycle of it is followed once: its
/// first item is held aside, each place then takes the item it is owed, and the last place
/// takes the item held: one move per item and one more per cycle, where swaps moved each item
/// three times (a finding is too large to move without a call to copy it, and the swaps were
/// most of the copies lint's rule loop made).
fn arrange<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    let len = items.len();
    assert_eq!(order.len(), len, "one position per item");
    // Checked before anything moves, so that nothing below can panic while an item is out of
    // its place (it would be dropped twice): every index below is a position of the list.
    assert!(order.iter().all(|&at| at < len), "positions of the list");
    debug_assert!({
        let mut seen = vec![false; len];
        order
            .iter()
            .all(|&at| !std::mem::replace(&mut seen[at], true))
    });
    let base = items.as_mut_ptr();
    for start in 0..len {
        let first = order[start];
        if first == start || first == DONE {
            continue;
        }
        // SAFETY: `start < len`, an item in place; it is read out once, and its place is
        // written again before the cycle ends (by the item held), so nothing is dropped or
        // read twice. Nothing in the cycle panics: the indices were checked above.
        let held = unsafe { std::ptr::read(base.add(start)) };
        let mut at = start;
        loop {
            let next = order[at];
            order[at] = DONE;
            if next == start {
                // SAFETY: `at < len`; its item was moved to the place before it in the cycle.
                unsafe { std::ptr::write(base.add(at), held) };
                break;
            }
            // SAFETY: `next` and `at` are distinct positions below `len` (`order` is a
            // permutation); `at`'s item was moved out already (it is `start`, held, or was
            // the `next` of the step before), and `next`'s item is moved to `at` once: each
            // position is the `next` of exactly one step.
            unsafe { std::ptr::copy_nonoverlapping(base.add(next), base.add(at), 1) };
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_std_does_keeping_equal_items_in_order() {
        let words = [
            "pear", "fig", "apple", "kiwi", "date", "plum", "fig", "lime", "nut", "yam",
        ];
        for len in 0..=words.len() {
            let mut ours: Vec<(usize, &str)> = words[..len].iter().copied().enumerate().collect();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |(_, w)| w.len());
            std.sort_by_key(|(_, w)| w.len());
            assert_eq!(ours, std);
            sort_by_cached_key(&mut ours, |(_, w)| w.to_string());
            std.sort_by_cached_key(|(_, w)| w.to_string());
            assert_eq!(ours, std);
            let keys: Vec<usize> = ours.iter().map(|(_, w)| w.len() % 3).collect();
            assert_eq!(
                insertion_order(&keys),
                stable_order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]))
            );
            sort_by_keys(&mut ours, &keys);
            std.sort_by_key(|(_, w)| w.len() % 3);
            assert_eq!(ours, std);
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std);
            sort(&mut ours);
            std.sort();
            assert_eq!(ours, std);
        }
    }

    /// Items that own memory are put in the order a stable sort puts them, each exactly once
    /// (a double drop or a leak would show under Miri or as a wrong list), for lists short and
    /// long, sorted and not, with equal keys.
    #[test]
    fn arranges_owned_items_as_a_stable_sort_does() {
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
                let mut arranged = items.clone();
                sort_by_keys(&mut arranged, &keys);
                let expected: Vec<String> = expected.into_iter().map(|(_, item)| item).collect();
                assert_eq!(arranged, expected, "{keys:?}");
            }
        }
    }
}
