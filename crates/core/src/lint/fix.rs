//! Applying fixes to the original text.

use std::collections::BTreeMap;

use super::finding::{Applicability, Edit, Finding, Fix};
use crate::edit;

/// Applies the fixes of `findings` whose applicability is at most `allowed` (`Safe` only, or
/// `Safe` and `Unsafe`). A fix whose edits overlap an already chosen fix is left for the
/// next round, so callers re-lint and apply again until nothing changes.
/// Returns the new text and the number of fixes applied.
pub fn apply_fixes(source: &str, findings: &[Finding], allowed: Applicability) -> (String, usize) {
    // Keyed by span, then by the order chosen (what `splice` keeps for equal spans), so that
    // a file with tens of thousands of fixes is not compared pairwise.
    let mut chosen: BTreeMap<(usize, usize, usize), &Edit> = BTreeMap::new();
    let mut applied = 0;
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|f| f.applicability <= allowed && f.applicability != Applicability::DisplayOnly)
        else {
            continue;
        };
        let clashes = fix
            .edits
            .iter()
            .any(|e| !e.fits(source) || touches_chosen(&chosen, e));
        if clashes {
            continue;
        }
        for e in &fix.edits {
            chosen.insert((e.span.start, e.span.end, chosen.len()), e);
        }
        applied += 1;
    }
    (
        edit::splice(source, chosen.into_values().collect()),
        applied,
    )
}

/// Whether `edit` overlaps one of `chosen`, which do not overlap each other. Walking back
/// from the last chosen edit that starts at or before `edit`'s end, the first one that ends
/// at or before `edit`'s start closes the search: no earlier one can reach past it.
fn touches_chosen(chosen: &BTreeMap<(usize, usize, usize), &Edit>, edit: &Edit) -> bool {
    let (start, end) = (edit.span.start, edit.span.end);
    for (&(_, other_end, _), other) in chosen.range(..=(end, end, usize::MAX)).rev() {
        if edit.overlaps(other) {
            return true;
        }
        if other_end <= start {
            return false;
        }
    }
    false
}

/// Applies one fix, as a person picks it from a list. `None` when its edits no longer fit
/// the text (it changed since the fix was computed) or overlap each other: the caller keeps
/// the text as it is rather than corrupting it.
pub fn apply_fix(source: &str, fix: &Fix) -> Option<String> {
    edit::apply(source, &fix.edits)
}

/// Lints, fixes, and repeats until no fix applies (at most 10 rounds).
pub fn fix_all(source: &str, options: super::Options, allowed: Applicability) -> (String, usize) {
    fix_all_with(source, options, super::Manifests::default(), allowed)
}

/// [`fix_all`] with the dependency manifests in view.
pub fn fix_all_with(
    source: &str,
    options: super::Options,
    manifests: super::Manifests,
    allowed: Applicability,
) -> (String, usize) {
    let mut text = source.to_string();
    let mut total = 0;
    for _ in 0..10 {
        let findings = super::lint_with_manifests(&text, options, manifests);
        let (next, applied) = apply_fixes(&text, &findings, allowed);
        if applied == 0 {
            break;
        }
        total += applied;
        text = next;
    }
    (text, total)
}
