use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::shell::Command;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that installs with dnf or microdnf and does not clean the package cache
    /// afterwards in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// The package manager's cache (downloaded packages and metadata) stays in the layer,
    /// often tens of megabytes that no container reads. Cleaning in a later `RUN` does not
    /// shrink the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 \
    ///  && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Appending `dnf clean all` is safe: it removes only caches.
    RULE = {
        code: "DL3040",
        name: "dnf-clean",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3040"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

const PROGRAMS: &[&str] = &["dnf", "microdnf"];

fn is_install(cmd: &Command) -> bool {
    PROGRAMS.iter().any(|p| has_args(cmd, p, &["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"]))
}

fn is_clean(cmd: &Command) -> bool {
    PROGRAMS.iter().any(|p| has_args(cmd, p, &["clean", "all"])) || has_args(cmd, "rm", &["-rf", "/var/cache/libdnf5*"])
}

fn check(ck: &mut Checker) {
    for instr in runs(ck.model) {
        let cmds = instr.commands();
        let Some(install) = cmds.iter().position(is_install) else {
            continue;
        };
        if instr.has_cache_mount_with("/var/cache/libdnf5") || instr.has_cache_mount_with(".cache/libdnf5") {
            continue;
        }
        let clean = cmds.iter().position(is_clean);
        if clean.is_some_and(|c| install < c) {
            continue;
        }
        let continuation = ck.continue_with("dnf clean all");
        let finding = ck.report(instr, "Clean the package cache in the same `RUN` (`dnf clean all`)");
        if instr.json.is_none() && !instr.has_heredoc && !instr.text.contains('#') {
            finding.fixes.push(Fix::safe(
                "Append `&& dnf clean all`",
                vec![Edit::insert(instr.text_span.end, continuation)],
            ));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"],
    fail: &["FROM a\nRUN dnf install -y httpd-2.4.62\n"],
    fix: &[("FROM a\nRUN dnf install -y httpd-2.4.62\n", "FROM a\nRUN dnf install -y httpd-2.4.62 \\\n && dnf clean all\n")],
};
