//! "Did you mean" for misspelt names: one edit distance (a swap of neighbours counts as one
//! edit, `PAHT` → `PATH`) and the closest known name. The parser (unknown instructions),
//! BuildKit's checks (undefined variables and ARGs) and STG010 (unknown stages) share it.

/// The closest name to `name` among `options`, if it is close enough to be a typo.
pub fn suggest<'o>(name: &str, options: impl IntoIterator<Item = &'o str>) -> Option<String> {
    let options: Vec<&str> = options
        .into_iter()
        .take(MAX_SUGGESTION_OPTIONS + 1)
        .collect();
    if options.len() > MAX_SUGGESTION_OPTIONS {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for option in options {
        if option == name {
            continue;
        }
        let limit = (name.chars().count() / 3).clamp(1, 2);
        // The distance is at least the difference in length (bytes are chars in ASCII).
        if name.is_ascii() && option.is_ascii() && name.len().abs_diff(option.len()) > limit {
            continue;
        }
        let distance = edit_distance(&lower, &option.to_ascii_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, option));
        }
    }
    best.map(|(_, o)| o.to_string())
}

/// Past this many names [`suggest`] guesses nothing: a guess among so many is no help, and
/// comparing each unknown name with every known one would make a file of thousands of
/// variables quadratic.
pub const MAX_SUGGESTION_OPTIONS: usize = 500;

/// Edit distance counting a swap of two neighbours as one edit (`PAHT` → `PATH`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("PAHT", ["PATH", "HOME"]), Some("PATH".into()));
        assert_eq!(suggest("VERSION", ["PATH"]), None);
    }

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("RNU", "RUN"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
