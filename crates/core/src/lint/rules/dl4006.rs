use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` with a pipe (`a | b`) when no earlier `SHELL` in the stage sets
    /// `-o pipefail` (or switches to a non-POSIX shell such as PowerShell).
    ///
    /// ## Why is this bad?
    /// A pipeline's status is the status of its last command: in
    /// `RUN curl -fsSL https://x | tar xz` a failed download still "succeeds" when tar exits
    /// 0 on empty input, and the image is built without the files.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    /// (on Alpine without bash: `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`)
    ///
    /// ## Fix safety
    /// Unsafe: the fix inserts a `SHELL` line using `/bin/bash`, which must exist in the
    /// image, and every later `RUN` of the stage then runs under bash with pipefail.
    RULE = {
        code: "DL4006",
        name: "pipefail",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL4006"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let mut safe_shell = false;
    // One inserted SHELL covers the rest of the stage.
    let mut fix_offered = false;
    for instr in &model.instructions {
        match instr.kind {
            Kind::From => {
                safe_shell = false;
                fix_offered = false;
            }
            Kind::Shell => {
                let words = instr.json.clone().unwrap_or_default();
                let joined = words.join(" ");
                let non_posix = ["pwsh", "powershell", "cmd"]
                    .iter()
                    .any(|s| joined.starts_with(s));
                let shell_name = words
                    .first()
                    .map(|w| w.rsplit('/').next().unwrap_or(w).to_string())
                    .unwrap_or_default();
                let pipefail = ["bash", "zsh", "ash"].contains(&shell_name.as_str())
                    && words.iter().any(|w| w.starts_with('-') && !w.starts_with("--") && w.contains('o'))
                    && words.iter().any(|w| w == "pipefail");
                safe_shell = non_posix || pipefail;
            }
            Kind::Run if !safe_shell && instr.script.as_ref().is_some_and(|s| s.has_pipe) => {
                {
                    let finding = ck.report(instr, "This `RUN` has a pipe: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` first so a failing command fails the build");
                    if fix_offered {
                        continue;
                    }
                    fix_offered = true;
                    // The insertion is written only for the finding that carries it.
                    let line_start = model.lines.line_range(model.source, instr.line).start;
                    let indent = &model.source[line_start..instr.keyword.span.start];
                    let indent = if indent.chars().all(char::is_whitespace) { indent } else { "" };
                    let insert = ["SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", model.newline(), indent].concat();
                    finding
                        .add_fix(Fix::unsafe_(
                            "Insert `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`",
                            vec![Edit::insert(instr.keyword.span.start, insert)],
                        ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar x\n",
        "FROM a\nRUN make || true\n",
    ],
    fail: &["FROM a\nRUN curl -fsSL https://x | tar -xz\n"],
    fix: &[(
        "FROM a\nRUN curl x | sh\n",
        "FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | sh\n",
    )],
};
