use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, report_missing_flag, FlagPlace, MissingFlag};
use crate::lint::{Applicability, Checker};

declare_rule! {
    /// ## What it does
    /// Reports `useradd -u UID` with a long uid (over 5 digits) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// `useradd` reserves space in `/var/log/lastlog` and `faillog` proportional to the
    /// uid. These are sparse files, but image layers do not keep them sparse: a uid like
    /// 100000000 can add gigabytes to the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456789 app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN useradd -l -u 123456789 app
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-l` is safe: it only skips the login records.
    RULE = {
        code: "DL3046",
        name: "useradd-no-log-init",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3046"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("useradd") {
        return;
    }
    let flag = MissingFlag {
        insert: " -l",
        place: FlagPlace::AfterProgram,
        message: "`useradd` with a high uid and without `-l` can add gigabytes of login records to the image",
        fix_title: "Add `-l`",
        applicability: Applicability::Safe,
    };
    report_missing_flag(ck, &flag, |_, c| {
        c.is("useradd")
            && !has_any_flag(c, &["l", "no-log-init"])
            && has_any_flag(c, &["u", "uid"])
            && c.flag_values(Some("u"), None)
                .iter()
                .any(|v| v.chars().count() > 5)
    });
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN useradd -l -u 123456789 app && useradd -u 1000 b\n"],
    fail: &["FROM a\nRUN useradd -u 123456789 app\n"],
    fix: &[("FROM a\nRUN useradd -u 123456789 app\n", "FROM a\nRUN useradd -l -u 123456789 app\n")],
};
