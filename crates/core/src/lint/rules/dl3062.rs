use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
use crate::lint::shell::{Command, Word};
use crate::lint::{Checker, Fix, Instr};

declare_rule! {
    /// ## What it does
    /// Reports `go install`, `go get` or `go run` of a module without `@version` (or with
    /// `@latest`).
    ///
    /// ## Why is this bad?
    /// Without a version Go fetches the newest release at build time; rebuilds change
    /// silently.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install github.com/go-delve/delve/cmd/dlv
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the version is yours to choose (display-only).
    RULE = {
        code: "DL3062",
        name: "pin-go-versions",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3062"),
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn pinned(package: &str) -> bool {
    let local = package == "." || package.starts_with('/') || package.starts_with('.');
    local || (package.contains('@') && !package.ends_with("@latest") && !package.ends_with("@none"))
}

/// The words of a command that are not flags ([`crate::lint::shell::Command::args_no_flags`]),
/// read where they are, not listed.
fn args_no_flags(cmd: &Command) -> impl Iterator<Item = &Word> {
    cmd.args
        .iter()
        .filter(|w| !(w.text.starts_with('-') && w.text != "-" && w.text != "--"))
}

/// The first package the RUN names without a version: among the packages of its `go run`s
/// when they name any, else among those of its `go install`s and `go get`s. Read as they
/// come, where a list of copies of every package was an allocation for each.
fn first_unpinned<'i>(instr: &'i Instr) -> Option<&'i str> {
    let cmds = instr.commands();
    let mut runs_any = false;
    for c in cmds.iter().filter(|c| has_args(c, "go", &["run"])) {
        for (i, w) in args_no_flags(c).enumerate() {
            if w.text != "run" && i <= 1 {
                runs_any = true;
                if !pinned(&w.text) {
                    return Some(&w.text);
                }
            }
        }
    }
    if runs_any {
        return None;
    }
    cmds.iter()
        .filter(|c| has_args(c, "go", &["install", "get"]))
        .flat_map(args_no_flags)
        .map(|w| w.text.as_str())
        .find(|p| !matches!(*p, "install" | "get" | "tool") && !pinned(p))
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("go") {
        return;
    }
    for instr in runs(ck.model) {
        if let Some(first) = first_unpinned(instr) {
            ck.report(instr, format!("Pin the Go module version (`{first}@<version>`)"))
                .add_fix(Fix::display_only(format!("Write `{first}@<version>`"), vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM golang:1.22\nRUN go install example.com/x@v1.2.3 && go install ./cmd/app\n"],
    fail: &[
        "FROM golang:1.22\nRUN go install example.com/x\n",
        "FROM golang:1.22\nRUN go install example.com/x@latest\n",
    ],
    fix: &[],
};
