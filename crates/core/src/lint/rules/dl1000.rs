use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports what the parser could not read, with the parser's message: an unterminated
    /// heredoc, a malformed flag, an unknown instruction... Stagecraft's parser follows
    /// BuildKit, recovers, and keeps linting the rest of the file; hadolint stops at its
    /// first parse error and reports only that.
    ///
    /// ## Why is this bad?
    /// `docker build` refuses the file at this point.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN <<EOF
    /// apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN <<EOF
    /// apt-get update
    /// EOF
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL1000",
        name: "syntax-error",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL1000"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for (line, column, message) in &model.syntax_errors {
        let range = model.lines.line_range(model.source, *line);
        let start = model.source[range.clone()]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(range.start, |(i, _)| range.start + i);
        ck.report_span(*line, start..range.end.max(start), message.clone());
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN <<EOF\nx\nEOF\n"],
    fail: &["FROM a\nRUN <<EOF\napt-get update\n"],
    fix: &[],
};
