use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `COPY` with several sources whose destination does not end with `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source, Docker requires the destination to be a directory and
    /// fails the build otherwise.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Adding the `/` is safe: the build could not succeed without it.
    RULE = {
        code: "DL3021",
        name: "copy-multiple-sources-dir",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3021"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Copy) {
        return;
    }
    for instr in &ck.model.instructions {
        // Asked cheapest first: most copies have two words, and are not searched for a heredoc.
        if instr.kind != Kind::Copy || instr.json.is_some() || instr.args().len() < 3 || instr.has_heredoc() {
            continue;
        }
        let target = instr.args().last().expect("at least three words");
        let t = target.text.trim_matches(|c| c == '"' || c == '\'');
        if !t.ends_with('/') {
            let quoted = ck.source()[target.span.clone()].ends_with(['"', '\'']);
            let at = if quoted { target.span.end - 1 } else { target.span.end };
            ck.report(instr, "With several sources the destination must be a directory ending in `/`")
                .add_fix(Fix::safe("Add `/` to the destination", vec![Edit::insert(at, "/")]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY a b /app/\nCOPY a /app\n"],
    fail: &["FROM a\nCOPY a b /app\n"],
    fix: &[("FROM a\nCOPY a b /app\n", "FROM a\nCOPY a b /app/\n")],
};
