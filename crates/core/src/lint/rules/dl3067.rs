use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::has_from;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=stage / /`: copying a whole filesystem from another stage.
    ///
    /// ## Why is this bad?
    /// It drags everything of the other stage (compilers, caches, package databases) into
    /// this one, defeating the point of a multi-stage build, and overwrites this stage's
    /// own files.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY --from=build /app/bin/server /usr/local/bin/server
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which files the stage needs.
    RULE = {
        code: "DL3067",
        name: "copy-whole-filesystem",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3067"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Copy || !has_from(instr) || instr.args().len() < 2 {
            continue;
        }
        let (sources, target) = instr.args().split_at(instr.args().len() - 1);
        if target[0].text == "/" && sources.iter().any(|s| s.text == "/") {
            ck.report(instr, "Do not copy a whole filesystem from another stage; copy only what this stage needs");
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a AS b\nFROM c\nCOPY --from=b /app /app\n"],
    fail: &["FROM a AS b\nFROM c\nCOPY --from=b / /\n"],
    fix: &[],
};
