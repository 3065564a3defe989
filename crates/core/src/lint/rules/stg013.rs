use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a distribution upgrade in a build: `apt-get upgrade`, `apt-get dist-upgrade`,
    /// `apk upgrade`, `yum update`/`upgrade`, `dnf upgrade` without package names.
    ///
    /// ## Why is this bad?
    /// The image then depends on the day it was built: two builds of the same commit
    /// differ, and the upgrade layer duplicates much of the base image. Security updates
    /// come from rebuilding on a newer base image tag, which the official images publish
    /// regularly. (hadolint had this as DL3005 and removed it; Stagecraft keeps it as
    /// information.)
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get upgrade -y
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12.8-slim
    /// ```
    /// and rebuild when a new base image is published.
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "STG013",
        name: "distribution-upgrade",
        severity: Info,
        category: Reproducibility,
        hadolint: None,
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Most files run none of these package managers (by name or path): nothing to read.
    if !["apt-get", "apt", "apk", "yum", "dnf", "microdnf"]
        .iter()
        .any(|p| ck.model.may_run(p))
    {
        return;
    }
    for instr in runs(ck.model) {
        let upgrade = instr.commands().iter().find(|c| {
            // Counted only for the programs that ask: most commands are none of these.
            let packages = || c.args_no_flags().len();
            match c.program() {
                // Each command's words read once for all the subcommands asked, where a pass per
                // subcommand read an install's list of packages three times.
                "apt-get" | "apt" => c.arg_texts().any(|a| matches!(a, "upgrade" | "dist-upgrade" | "full-upgrade")),
                "apk" => c.has_arg("upgrade") && packages() == 1,
                "yum" | "dnf" | "microdnf" => c.arg_texts().any(|a| matches!(a, "upgrade" | "update")) && packages() == 1,
                _ => false,
            }
        });
        if let Some(cmd) = upgrade {
            let text = format!("{} {}", cmd.name.text, cmd.subcommand().unwrap_or(""));
            ck.report(instr, format!("`{text}` makes the image depend on the day of the build; use a newer base image tag instead"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN apt-get update && apt-get install -y --only-upgrade openssl\nRUN apk upgrade musl\n"],
    fail: &["FROM a\nRUN apt-get update && apt-get -y upgrade\n", "FROM a\nRUN yum -y update\n"],
    fix: &[],
};
