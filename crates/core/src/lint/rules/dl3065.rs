use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// The target platform is already the default for `FROM`; the flag adds noise and
    /// suggests something special happens. BuildKit's `RedundantTargetPlatform` check
    /// reports the same.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Removing the flag is safe: the platform is the same.
    RULE = {
        code: "DL3065",
        name: "redundant-target-platform",
        severity: Warning,
        category: Style,
        hadolint: Some("DL3065"),
        buildkit: Some("RedundantTargetPlatform"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let instr = &model.instructions[stage.from];
        let Some(flag) = instr.flag("platform") else { continue };
        if matches!(flag.value.as_deref(), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
            let mut end = flag.span.end;
            while model.source[end..].starts_with([' ', '\t']) {
                end += 1;
            }
            ck.report(instr, "`--platform=$TARGETPLATFORM` is the default; remove it")
                .add_fix(Fix::safe("Remove `--platform`", vec![Edit::delete(flag.span.start..end)]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM --platform=$BUILDPLATFORM a:1\n"],
    fail: &["FROM --platform=${TARGETPLATFORM} a:1\n"],
    fix: &[("FROM --platform=$TARGETPLATFORM a:1\n", "FROM a:1\n")],
};
