use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, has_args, report_missing_flag, FlagPlace, MissingFlag};
use crate::lint::{Applicability, Checker};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every "recommended" package: documentation, extra tools,
    /// sometimes a whole X11 stack. They rarely matter in a container and can double a
    /// layer's size.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the image gets fewer packages, and a program may have relied on a recommended
    /// one. Rebuild and test.
    RULE = {
        code: "DL3015",
        name: "apt-no-install-recommends",
        severity: Info,
        category: Size,
        hadolint: Some("DL3015"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("apt-get") {
        return;
    }
    let flag = MissingFlag {
        insert: " --no-install-recommends",
        place: FlagPlace::AfterSubcommand(&["install"]),
        message: "apt-get installs recommended packages too; add `--no-install-recommends`",
        fix_title: "Add `--no-install-recommends`",
        applicability: Applicability::Unsafe,
    };
    report_missing_flag(ck, &flag, |_, c| {
        has_args(c, "apt-get", &["install"])
            && !has_any_flag(c, &["no-install-recommends"])
            && !c.has_arg("APT::Install-Recommends=false")
    });
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM debian\nRUN apt-get install -y --no-install-recommends curl\n"],
    fail: &["FROM debian\nRUN apt-get update && apt-get -y install curl\n"],
    fix: &[(
        "FROM debian\nRUN apt-get install -y curl\n",
        "FROM debian\nRUN apt-get install --no-install-recommends -y curl\n",
    )],
};
