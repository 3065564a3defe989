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
/// A loop this small adds next to nothing to the page's WASM.
fn insertion_order<K: Ord>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        // After every key not greater than this one: equal keys keep their order.
        let mut at = order.len();
        while at > 0 && keys[order[at - 1]] > *key {
            at -= 1;
        }
        order.insert(at, i);
    }
    order
}

/// Sorts `items` in their natural order, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Moves `items[order[i]]` to position `i`, following each cycle of the permutation with swaps.
fn arrange<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let next = order[at];
            order[at] = DONE;
            if next == start {
                break;
            }
            items.swap(at, next);
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
}
