use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_any_flag, report_missing_flag, FlagPlace, MissingFlag};
use crate::lint::{Applicability, Checker};

declare_rule! {
    /// ## What it does
    /// Reports `wget` without `--progress` and without a quiet or log option.
    ///
    /// ## Why is this bad?
    /// wget's default progress bar writes a line per refresh when there is no terminal, so a
    /// large download fills the build log with thousands of lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Adding `--progress=dot:giga` is safe: it changes only what is printed.
    RULE = {
        code: "DL3047",
        name: "wget-progress",
        severity: Info,
        category: Style,
        hadolint: Some("DL3047"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("wget") {
        return;
    }
    let flag = MissingFlag {
        insert: " --progress=dot:giga",
        place: FlagPlace::AfterProgram,
        message: "wget without `--progress=dot:giga` (or `-q`/`-nv`) floods the build log",
        fix_title: "Add `--progress=dot:giga`",
        applicability: Applicability::Safe,
    };
    report_missing_flag(ck, &flag, |_, c| {
        // One pass over the words for every flag that quiets the log, where a pass for
        // `--progress` and another for the rest read each command twice.
        c.is("wget")
            && !has_any_flag(c, &[
                "progress", "q", "quiet", "o", "output-file", "a", "append-output", "no-verbose",
            ])
            && !c.has_arg("-nv")
    });
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN wget -q https://x/y && wget -nv https://x/z -O- | tar x\n"],
    fail: &["FROM a\nRUN wget https://example.com/a.tgz\n"],
    fix: &[(
        "FROM a\nRUN wget https://x/a\n",
        "FROM a\nRUN wget --progress=dot:giga https://x/a\n",
    )],
};
