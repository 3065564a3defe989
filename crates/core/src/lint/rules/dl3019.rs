use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs, subcommand_word};
use crate::lint::{Checker, Edit, Fix};

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
    for instr in runs(ck.model) {
        if instr.has_cache_mount_with("/var/cache/apk") {
            continue;
        }
        let offenders: Vec<_> = instr
            .commands()
            .iter()
            .filter(|c| has_args(c, "apk", &["add"]) && !c.has_flag("no-cache"))
            .collect();
        if offenders.is_empty() {
            continue;
        }
        let edits = offenders
            .iter()
            .filter_map(|c| subcommand_word(c, "add"))
            .map(|w| Edit::insert(w.span.end, " --no-cache"))
            .collect();
        ck.report(
            instr,
            "Use `apk add --no-cache` so the package index is not kept in the image",
        )
        .fixes
        .push(Fix::safe("Add `--no-cache`", edits));
    }
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
