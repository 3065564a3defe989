use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `ENV` and `LABEL` written in the legacy form `KEY value` instead of
    /// `KEY=value`. This is BuildKit's `LegacyKeyValueFormat` build check.
    ///
    /// ## Why is this bad?
    /// In the legacy form everything after the key is one value, spaces included, so
    /// `ENV A 1 B 2` sets `A` to `1 B 2`. The form is deprecated, and it cannot set several
    /// variables in one instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV NODE_ENV production
    /// LABEL maintainer "Jane Doe"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ENV NODE_ENV=production
    /// LABEL maintainer="Jane Doe"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix writes `KEY=value` when the value is one word (quoted or not), and
    /// `KEY="value"` when the value has several words and no quotes or escapes; both give
    /// the same value. Other values get a display-only suggestion, since quoting them the
    /// same way needs care.
    RULE = {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("LegacyKeyValueFormat"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let source = model.source;
    for instr in &model.instructions {
        if !matches!(instr.kind, Kind::Env | Kind::Label) || instr.args().len() < 2 {
            continue;
        }
        let key = &instr.args()[0];
        // A byte search: keys are short, and a char pattern's searcher cost more to set up.
        if key.text.as_bytes().contains(&b'=') {
            continue;
        }
        let first_value = &instr.args()[1];
        // The keyword in upper case: an ENV's or a LABEL's is written in ASCII letters (no
        // other letter reads as one of theirs), so it is the kind's name, not a copy per
        // finding.
        let keyword = if instr.kind == Kind::Env { "ENV" } else { "LABEL" };
        let between = key.span.end..first_value.span.start;
        let value_raw = &source[first_value.span.start..instr.text_span.end];
        // Comment lines between the key and its value (inside the continuation) would be
        // deleted by joining them with `=`: suggest the form instead of editing.
        // Nearly always one space, with no line break to look past.
        let gap = &source[between.clone()];
        let comment_between =
            gap.as_bytes().contains(&b'\n') && gap.lines().skip(1).any(|l| l.trim_start().starts_with('#'));
        // The texts are joined with `concat`, not `format!`: legacy pairs are common, and the
        // formatting machinery cost more than the rest of the rule.
        let key = key.text.as_str();
        let fix = if comment_between {
            Fix::display_only(["Write `", keyword, " ", key, "=...`"].concat(), vec![])
        } else if instr.args().len() == 2 {
            Fix::safe(
                ["Write `", key, "=...`"].concat(),
                vec![Edit::replace(between, "=")],
            )
        } else if plain_words(value_raw, model.escape) {
            Fix::safe(
                ["Write `", key, "=\"...\"`"].concat(),
                vec![
                    Edit::replace(between, "=\""),
                    Edit::insert(instr.text_span.end, "\""),
                ],
            )
        } else {
            Fix::display_only(["Write `", keyword, " ", key, "=\"...\"`"].concat(), vec![])
        };
        ck.report(
            instr,
            [
                "Use `", keyword, " ", key, "=value`; the legacy `", keyword,
                " key value` form is deprecated",
            ]
            .concat(),
        )
        .add_fix(fix);
    }
}

/// Words that mean the same inside double quotes: no quotes, and the escape character only
/// as a line continuation.
fn plain_words(raw: &str, escape: char) -> bool {
    if raw.contains(['"', '\'', '`']) {
        return false;
    }
    raw.lines().all(|line| {
        let body = line.trim_end_matches([' ', '\t', '\r']);
        let body = body.strip_suffix(escape).unwrap_or(body);
        !body.contains(escape)
    })
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine\nENV A=1 B=\"two words\"\nLABEL a=b\nARG foo=bar\n"],
    fail: &[
        "FROM alpine\nENV NODE_ENV production\n",
        "FROM alpine\nLABEL maintainer \"Jane Doe\"\n",
        "FROM alpine\nENV DEPS \\\n    curl \\\n    git\n",
    ],
    fix: &[
        (
            "FROM alpine\nENV NODE_ENV production\nLABEL maintainer \"Jane Doe\"\n",
            "FROM alpine\nENV NODE_ENV=production\nLABEL maintainer=\"Jane Doe\"\n",
        ),
        (
            "FROM alpine\nENV DEPS \\\n    curl \\\n    git\n",
            "FROM alpine\nENV DEPS=\"curl \\\n    git\"\n",
        ),
        (
            "FROM alpine\nENV PATH /app/bin:$PATH\nENV MSG hello  world\n",
            "FROM alpine\nENV PATH=/app/bin:$PATH\nENV MSG=\"hello  world\"\n",
        ),
    ],
};
