use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `WORKDIR` with a relative path.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working directory, which may
    /// come from the base image. The final directory is then not visible in this file, and
    /// changes if the base image changes. BuildKit reports the same as `WorkdirRelativePath`.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the absolute path depends on the directory before it.
    RULE = {
        code: "DL3000",
        name: "absolute-workdir",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3000"),
        buildkit: Some("WorkdirRelativePath"),
        fix: None,
        check: check,
    }
}

pub(crate) fn is_absolute(path: &str) -> bool {
    let p = path.trim_matches(|c| c == '"' || c == '\'');
    let mut chars = p.chars();
    let windows = matches!((chars.next(), chars.next()), (Some(l), Some(':')) if l.is_alphabetic());
    p.starts_with('$') || p.starts_with('/') || windows
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Workdir) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind == Kind::Workdir && !instr.text.is_empty() && !is_absolute(&instr.text) {
            ck.report(
                instr,
                format!("`WORKDIR {}` is relative; use an absolute path", instr.text),
            );
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nWORKDIR /app\nWORKDIR $HOME\nWORKDIR C:\\\\app\n"],
    fail: &["FROM a\nWORKDIR app\n"],
    fix: &[],
};
