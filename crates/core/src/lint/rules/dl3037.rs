use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` of a package without a version (`curl=8.0.1`, `curl>=8`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages change with the repository; rebuilds stop being reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper install -y curl=8.0.1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3037",
        name: "pin-zypper-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3037"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("zypper") {
        return;
    }
    for instr in runs(ck.model) {
        let bad = instr
            .commands()
            .iter()
            .filter(|c| has_args(c, "zypper", &["install", "in"]))
            .flat_map(|c| c.args_no_flags())
            .map(|w| w.text.clone())
            .find(|p| {
                p != "install"
                    && p != "in"
                    && !p.contains('=')
                    && !p.contains('>')
                    && !p.contains('<')
                    && !p.ends_with(".rpm")
            });
        if let Some(first) = bad {
            ck.report(instr, format!("Pin the zypper package version (`{first}=<version>`)"))
                .add_fix(Fix::display_only(format!("Write `{first}=<version>`"), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN zypper install -y curl=8.0.1 'git>=2'\n"],
    fail: &["FROM a\nRUN zypper install -y curl\n"],
    fix: &[],
};
