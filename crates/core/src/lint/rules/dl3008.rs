use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, packages_after, runs};
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` of a package without a version (`curl` instead of
    /// `curl=7.88.1-10+deb12u5`).
    ///
    /// ## Why is this bad?
    /// Without a version, the same Dockerfile installs whatever the mirror has today. A
    /// rebuild months later can pull a new major version and break the image, and two builds
    /// of one commit can differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version you want. The finding shows where the
    /// version goes (display-only).
    RULE = {
        code: "DL3008",
        name: "pin-apt-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3008"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    package.bytes().any(|b| b == b'=' || b == b'/') || package.ends_with(".deb")
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("apt-get") {
        return;
    }
    for instr in runs(ck.model) {
        // Only the first is named: the others need not be collected (nor copied).
        let Some(first) = instr
            .commands()
            .iter()
            .filter(|c| has_args(c, "apt-get", &["install"]))
            .flat_map(|c| packages_after(c, &["install"], &["t", "target-release"]))
            .find(|p| !pinned(&p.text))
        else {
            continue;
        };
        // Joined with `concat`, not `format!`: a finding in most files that install with
        // apt, and the formatting machinery cost more than the texts.
        let first = first.text.as_str();
        let finding = ck.report(
            instr,
            [
                "Pin the versions of apt packages (`",
                first,
                "=<version>`): unpinned installs change between builds",
            ]
            .concat(),
        );
        finding.add_fix(Fix::display_only(
            ["Write `", first, "=<version>`"].concat(),
            vec![],
        ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM debian:12\nRUN apt-get install -y curl=7.88.1 ./local.deb\n",
        "FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=1\n",
    ],
    fail: &["FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"],
    fix: &[],
};
