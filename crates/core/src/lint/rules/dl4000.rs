use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13; labels carry the same information
    /// in a form tools read (`org.opencontainers.image.authors`). BuildKit reports it as
    /// `MaintainerDeprecated`.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the image's `Author` field is no longer set; a label is set instead.
    RULE = {
        code: "DL4000",
        name: "maintainer-deprecated",
        severity: Error,
        category: Style,
        hadolint: Some("DL4000"),
        buildkit: Some("MaintainerDeprecated"),
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Maintainer) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Maintainer {
            continue;
        }
        let who = instr.text.trim_matches('"').replace('\\', "\\\\").replace('"', "\\\"");
        ck.report(instr, "`MAINTAINER` is deprecated; use `LABEL org.opencontainers.image.authors=...`")
            .add_fix(Fix::unsafe_(
                "Replace by a label",
                vec![Edit::replace(
                    instr.keyword.span.start..instr.text_span.end.max(instr.keyword.span.end),
                    format!("LABEL org.opencontainers.image.authors=\"{who}\""),
                )],
            ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nLABEL org.opencontainers.image.authors=\"me\"\n"],
    fail: &["FROM a\nMAINTAINER me <me@example.com>\n"],
    fix: &[(
        "FROM a\nMAINTAINER Jane \"JD\" Doe\n",
        "FROM a\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe\"\n",
    )],
};
