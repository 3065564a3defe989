use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs, words_dropping_values_of};
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `npm install <package>` without a version, tag, git commit, tarball or
    /// folder. A bare `npm install` (from `package.json`) is fine.
    ///
    /// ## Why is this bad?
    /// An unpinned package is resolved at build time to whatever is newest.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3016",
        name: "pin-npm-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3016"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    let git = ["git://", "git+ssh://", "git+http://", "git+https://"]
        .iter()
        .any(|p| package.starts_with(p));
    if git {
        return package.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| package.ends_with(s)) {
        return true;
    }
    if ["/", "./", "../", "~/"].iter().any(|p| package.starts_with(p)) {
        return true;
    }
    let unscoped = match package.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map_or("", |(_, name)| name),
        None => package,
    };
    unscoped.contains('@')
}

fn unpinned(cmd: &Command) -> Option<String> {
    if !has_args(cmd, "npm", &["install"]) {
        return None;
    }
    let mut words =
        words_dropping_values_of(cmd, &["loglevel", "registry"]).map(|w| w.text.as_str());
    if words.next() != Some("install") {
        return None;
    }
    words
        .find(|p| *p != "install" && !pinned(p))
        .map(str::to_string)
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("npm") {
        return;
    }
    for instr in runs(ck.model) {
        if let Some(first) = instr.commands().iter().find_map(unpinned) {
            ck.report(instr, format!("Pin the npm package version (`{first}@<version>`)"))
                .add_fix(Fix::display_only(format!("Write `{first}@<version>`"), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM node:22\nRUN npm install && npm install -g @scope/a@1 b@2 ./local\n"],
    fail: &["FROM node:22\nRUN npm install -g typescript\n"],
    fix: &[],
};
