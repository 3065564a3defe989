//! Unified diffs of what a step changed, as `git diff` shows them.

use similar::TextDiff;

/// The unified diff from `before` to `after` with three lines of context, under the name
/// `name`; empty when the texts are equal.
pub fn unified(before: &str, after: &str, name: &str) -> String {
    if before == after {
        return String::new();
    }
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_the_changed_line_with_context() {
        let diff = super::unified("FROM a\nRUN x\n", "FROM a:1\nRUN x\n", "Dockerfile");
        assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@"));
        assert!(diff.contains("-FROM a\n+FROM a:1\n RUN x\n"));
        assert_eq!(super::unified("x", "x", "Dockerfile"), "");
    }
}
