use crate::lint::registry::declare_rule;
use crate::lint::rules::dl3033::unpinned_rpms;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` (or `microdnf install`) of a package without a version
    /// (`httpd` instead of `httpd-2.4.62`), and `dnf module install` without a stream.
    ///
    /// ## Why is this bad?
    /// Unpinned packages change with the repository; rebuilds stop being reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3041",
        name: "pin-dnf-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3041"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    for (run, first) in unpinned_rpms(ck.model, &["dnf", "microdnf"], &["module", "group"]) {
        ck.report(run, format!("Pin the dnf package version (`{first}-<version>`)"))
            .add_fix(Fix::display_only(format!("Write `{first}-<version>`"), vec![]));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf module install -y nodejs:20\n"],
    fail: &["FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n"],
    fix: &[],
};
