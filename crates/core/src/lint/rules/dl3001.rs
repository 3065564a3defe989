use crate::lint::registry::declare_rule;
use crate::lint::rules::common::runs;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports commands that make no sense in a build step: `ssh`, `vim`, `shutdown`,
    /// `service`, `ps`, `free`, `top`, `kill`, `mount`.
    ///
    /// ## Why is this bad?
    /// A build step has no terminal, no init system and no long-running services. These
    /// commands either do nothing useful, hang waiting for input, or show the state of a
    /// throw-away build container.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3001",
        name: "pointless-command",
        severity: Info,
        category: Correctness,
        hadolint: Some("DL3001"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

const POINTLESS: &[&str] = &["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"];

fn check(ck: &mut Checker) {
    // Most files run none of these: their scripts are not read.
    if !POINTLESS.iter().any(|p| ck.model.may_run(p)) {
        return;
    }
    for instr in runs(ck.model) {
        if let Some(cmd) = instr
            .commands()
            .iter()
            .find(|c| POINTLESS.contains(&c.name.text.as_str()))
        {
            let name = cmd.name.text.clone();
            ck.report(instr, format!("`{name}` makes no sense in a build step: there is no terminal, init system or running service"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nRUN apt-get install -y procps\n"],
    fail: &["FROM a\nRUN service nginx start\n"],
    fix: &[],
};
