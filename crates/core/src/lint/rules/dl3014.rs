use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, has_args, report_missing_flag, FlagPlace, MissingFlag};
use crate::lint::{Applicability, Checker};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `-y` (or `--yes`, `--assume-yes`, `-qq`).
    ///
    /// ## Why is this bad?
    /// Without `-y`, apt-get asks for confirmation; there is no one to answer in a build, so
    /// the step aborts as soon as it needs to install anything beyond the request.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: it answers the question the build cannot answer.
    RULE = {
        code: "DL3014",
        name: "apt-get-yes",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3014"),
        buildkit: None,
        fix: Safe,
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
        insert: " -y",
        place: FlagPlace::AfterSubcommand(&["install"]),
        message: "Add `-y` to `apt-get install`: nobody can answer its question during a build",
        fix_title: "Add `-y`",
        applicability: Applicability::Safe,
    };
    report_missing_flag(ck, &flag, |_, c| {
        // Most installs say `-y`: asked first, before the flags are listed and counted.
        if !has_args(c, "apt-get", &["install"]) || has_any_flag(c, &["y", "yes", "qq", "assume-yes"]) {
            return false;
        }
        let flags = c.flags();
        let q = flags.iter().filter(|(_, f)| *f == "q").count();
        let quiet = flags.iter().filter(|(_, f)| *f == "quiet").count();
        q != 2 && quiet != 2 && !c.has_arg("-q=2")
    });
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM debian\nRUN apt-get -qq install curl && apt-get install --yes x\n"],
    fail: &["FROM debian\nRUN apt-get install curl\n"],
    fix: &[(
        "FROM debian\nRUN apt-get install curl\n",
        "FROM debian\nRUN apt-get install -y curl\n",
    )],
};
