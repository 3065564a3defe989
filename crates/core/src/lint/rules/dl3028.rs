use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `gem install <gem>` without a version (`rails:7.1.3` or `-v`).
    ///
    /// ## Why is this bad?
    /// An unpinned gem is the newest release on the day of the build; rebuilds drift.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN gem install bundler:2.5.6
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3028",
        name: "pin-gem-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3028"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn gems(cmd: &Command) -> Vec<String> {
    if !has_args(cmd, "gem", &["install", "i"])
        || cmd.has_arg("-v")
        || cmd.has_arg("--version")
        || cmd.has_arg_prefix("--version=")
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut args = cmd.arg_texts().take_while(|a| *a != "--");
    while let Some(a) = args.next() {
        if a.starts_with('-') {
            args.next();
        } else if a != "install" && a != "i" {
            out.push(a.to_string());
        }
    }
    out
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("gem") {
        return;
    }
    for instr in runs(ck.model) {
        let bad = instr
            .commands()
            .iter()
            .flat_map(gems)
            .find(|g| !g.contains(':'));
        if let Some(first) = bad {
            ck.report(instr, format!("Pin the gem version (`{first}:<version>`)"))
                .add_fix(Fix::display_only(format!("Write `{first}:<version>`"), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM ruby:3\nRUN gem install bundler:2.5.6 && gem install rails -v 7.1\n"],
    fail: &["FROM ruby:3\nRUN gem install bundler\n"],
    fix: &[],
};
