use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{append_to_run, has_args};
use crate::size::image_ref::WrittenRef;
use crate::lint::{Checker, Fix, Instr};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that runs `apt-get update` but does not remove `/var/lib/apt/lists`
    /// in the same `RUN`, in the final stage or in a stage a later stage builds on.
    ///
    /// ## Why is this bad?
    /// The package lists are tens of megabytes that nothing in the running container needs.
    /// Removing them in a later `RUN` does not help: the earlier layer still holds them.
    /// A cache mount over `/var/lib/apt/lists` keeps them out of the image too.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a later `RUN apt-get install` without its own `apt-get update` would then fail.
    RULE = {
        code: "DL3009",
        name: "apt-lists-not-removed",
        severity: Info,
        category: Size,
        hadolint: Some("DL3009"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn forgot_cleanup(instr: &Instr) -> bool {
    let cmds = instr.commands();
    // The name asked once per command, where a comparison with each program was three.
    let update = cmds.iter().any(|c| {
        matches!(c.name.text.as_str(), "apt" | "apt-get" | "aptitude") && c.has_arg("update")
    });
    // Most RUNs update nothing: their cleanup is not looked for.
    update
        && !cmds
            .iter()
            .any(|c| has_args(c, "rm", &["-rf", "/var/lib/apt/lists/*"]))
}

fn check(ck: &mut Checker) {
    // Only a command of these programs can be reported: a file whose scripts run none is
    // done without reading them.
    if !["apt", "apt-get", "aptitude"].iter().any(|p| ck.model.may_run(p)) {
        return;
    }
    let model = ck.model;
    // hadolint's logic: report in the last stage, and in stages whose name a later FROM uses.
    // Reported as found, not listed first: the findings are put in order of line once the
    // rules are done, and a list was an allocation per file with a finding.
    for check_onbuild in [false, true] {
        // Most files have no ONBUILD: their instructions are not walked again for one.
        if check_onbuild && !model.has_kind(Kind::Onbuild) {
            break;
        }
        for instr in &model.instructions {
            let run = if check_onbuild {
                match instr.onbuild.as_deref() {
                    Some(inner) if inner.kind == Kind::Run => inner,
                    _ => continue,
                }
            } else if instr.kind == Kind::Run {
                instr
            } else {
                continue;
            };
            if !forgot_cleanup(run) {
                continue;
            }
            if run.has_cache_mount_with("/var/lib/apt/lists")
                || (run.has_cache_mount_with("/var/lib/apt")
                    && run.has_cache_mount_with("/var/cache/apt"))
            {
                continue;
            }
            let relevant = match run.stage {
                None => true,
                Some(s) if s + 1 == model.stages.len() => true,
                Some(s) => {
                    let stage = &model.stages[s];
                    match &stage.name {
                        Some(name) => model
                            .stages
                            .iter()
                            // The name compared where it is, not copied.
                            .any(|o| WrittenRef::split(&o.image.raw).name == name.text.as_str()),
                        None => false,
                    }
                }
            };
            if !relevant {
                continue;
            }
            let append = append_to_run(ck, run, "rm -rf /var/lib/apt/lists/*");
            let finding = ck.report(
                run,
                "Remove the apt lists (`rm -rf /var/lib/apt/lists/*`) in the same `RUN` as `apt-get update`",
            );
            if let Some(edit) = append {
                finding.add_fix(Fix::unsafe_(
                    "Append `&& rm -rf /var/lib/apt/lists/*`",
                    vec![edit],
                ));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM debian\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian AS build\nRUN apt-get update\nFROM debian\nCOPY --from=build /a /a\n",
        "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
    ],
    fail: &["FROM debian\nRUN apt-get update && apt-get install -y x\n"],
    fix: &[
        (
            "FROM debian\nRUN apt-get update\n",
            "FROM debian\nRUN apt-get update \\\n && rm -rf /var/lib/apt/lists/*\n",
        ),
        // CRLF files stay CRLF; a backtick escape (Windows) continues with a backtick.
        (
            "FROM debian\r\nRUN apt-get update\r\n",
            "FROM debian\r\nRUN apt-get update \\\r\n && rm -rf /var/lib/apt/lists/*\r\n",
        ),
        (
            "# escape=`\nFROM debian\nRUN apt-get update\n",
            "# escape=`\nFROM debian\nRUN apt-get update `\n && rm -rf /var/lib/apt/lists/*\n",
        ),
    ],
};
