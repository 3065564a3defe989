use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, has_args, report_missing_flag, FlagPlace, MissingFlag};
use crate::lint::{Applicability, Checker};

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache` (unless a cache mount covers
    /// `/var/cache/apk`).
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk stores its index under `/var/cache/apk` and the image keeps
    /// it. `--no-cache` fetches a fresh index and leaves nothing behind, so `apk update` and
    /// `rm -rf /var/cache/apk/*` become unnecessary.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk update && apk add curl=8.5.0-r0
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.5.0-r0
    /// ```
    ///
    /// ## Fix safety
    /// Adding `--no-cache` is safe: the same packages are installed from a fresh index.
    RULE = {
        code: "DL3019",
        name: "apk-no-cache",
        severity: Info,
        category: Size,
        hadolint: Some("DL3019"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("apk") {
        return;
    }
    let flag = MissingFlag {
        insert: " --no-cache",
        place: FlagPlace::AfterSubcommand(&["add"]),
        message: "Use `apk add --no-cache` so the package index is not kept in the image",
        fix_title: "Add `--no-cache`",
        applicability: Applicability::Safe,
    };
    // The command first: most are not `apk add`, and their RUN's mounts need no look.
    report_missing_flag(ck, &flag, |run, c| {
        has_args(c, "apk", &["add"])
            && !has_any_flag(c, &["no-cache"])
            && !run.has_cache_mount_with("/var/cache/apk")
    });
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM alpine:3\nRUN apk add --no-cache curl=1\n",
        "FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=1\n",
    ],
    fail: &["FROM alpine:3\nRUN apk update && apk add curl=1\n"],
    fix: &[(
        "FROM alpine:3\nRUN apk add curl=1\n",
        "FROM alpine:3\nRUN apk add --no-cache curl=1\n",
    )],
};
