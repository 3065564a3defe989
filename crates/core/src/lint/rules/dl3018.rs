use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, packages_after, runs};
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `apk add` of a package without a version (`curl` instead of `curl=8.5.0-r0`
    /// or `curl~8.5`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages change with the Alpine mirror; rebuilds stop being reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.5.0-r0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3018",
        name: "pin-apk-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3018"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("apk") {
        return;
    }
    for instr in runs(ck.model) {
        // Only the first is named: the others need not be collected (nor copied).
        let first = instr
            .commands()
            .iter()
            .filter(|c| has_args(c, "apk", &["add"]))
            .flat_map(|c| packages_after(c, &["add"], &["t", "virtual", "repository", "X"]))
            .find(|p| {
                !p.text.bytes().any(|b| matches!(b, b'=' | b'~' | b'>' | b'<'))
                    && !p.text.ends_with(".apk")
            });
        if let Some(first) = first {
            // Joined with `concat`, not `format!`, which cost more than the texts.
            let first = first.text.as_str();
            ck.report(
                instr,
                ["Pin the versions of apk packages (`", first, "=<version>`)"].concat(),
            )
            .add_fix(Fix::display_only(["Write `", first, "=<version>`"].concat(), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0 --virtual .deps git~2\n"],
    fail: &["FROM alpine:3\nRUN apk add --no-cache curl\n"],
    fix: &[],
};
