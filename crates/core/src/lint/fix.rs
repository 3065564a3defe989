//! Applying fixes to the original text.

use super::finding::{Applicability, Edit, Finding, Fix};

/// Applies the fixes of `findings` whose applicability is at most `allowed` (`Safe` only, or
/// `Safe` and `Unsafe`). A fix whose edits overlap an already chosen fix is left for the
/// next round, so callers re-lint and apply again until nothing changes.
/// Returns the new text and the number of fixes applied.
pub fn apply_fixes(source: &str, findings: &[Finding], allowed: Applicability) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|f| f.applicability <= allowed && f.applicability != Applicability::DisplayOnly)
        else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.range.start < c.range.end && c.range.start < e.range.end
                    || (e.range.start == c.range.start && e.range.is_empty() && c.range.is_empty())
            }) || e.range.end > source.len()
                || !source.is_char_boundary(e.range.start)
                || !source.is_char_boundary(e.range.end)
        });
        if overlaps {
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    (splice(source, chosen), applied)
}

/// Writes `edits` into `source`. The edits must not overlap and must fall on character
/// boundaries inside `source` (callers check).
fn splice(source: &str, mut edits: Vec<&Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&source[at..]);
    out
}

/// Applies one fix, as a person picks it from a list. `None` when its edits no longer fit
/// the text (it changed since the fix was computed) or overlap each other: the caller keeps
/// the text as it is rather than corrupting it.
pub fn apply_fix(source: &str, fix: &Fix) -> Option<String> {
    let mut edits: Vec<&Edit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let fits = edits.iter().all(|e| {
        e.range.start <= e.range.end
            && e.range.end <= source.len()
            && source.is_char_boundary(e.range.start)
            && source.is_char_boundary(e.range.end)
    }) && edits.windows(2).all(|w| w[0].range.end <= w[1].range.start);
    fits.then(|| splice(source, edits))
}

/// Lints, fixes, and repeats until no fix applies (at most 10 rounds).
pub fn fix_all(source: &str, options: super::Options, allowed: Applicability) -> (String, usize) {
    let mut text = source.to_string();
    let mut total = 0;
    for _ in 0..10 {
        let findings = super::lint_with(&text, options);
        let (next, applied) = apply_fixes(&text, &findings, allowed);
        if applied == 0 {
            break;
        }
        total += applied;
        text = next;
    }
    (text, total)
}
