use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{has_args, runs};
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

fn packages(instr: &Instr) -> Vec<String> {
    let cmds = instr.commands();
    let run: Vec<String> = cmds
        .iter()
        .filter(|c| has_args(c, "go", &["run"]))
        .flat_map(|c| {
            c.args_no_flags()
                .into_iter()
                .enumerate()
                .filter(|(i, w)| w.text != "run" && *i <= 1)
                .map(|(_, w)| w.text.as_str().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    if !run.is_empty() {
        return run;
    }
    cmds.iter()
        .filter(|c| has_args(c, "go", &["install", "get"]))
        .flat_map(|c| {
            c.args_no_flags()
                .into_iter()
                .filter(|w| !matches!(w.text.as_str(), "install" | "get" | "tool"))
                .map(|w| w.text.as_str().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !ck.model.may_run("go") {
        return;
    }
    for instr in runs(ck.model) {
        if let Some(first) = packages(instr).into_iter().find(|p| !pinned(p)) {
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
