use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a stage whose last `USER` switches to root (`root`, `0`, `root:...`).
    ///
    /// ## Why is this bad?
    /// A container running as root turns any escape from the process into root access to
    /// the container, and with some runtimes to the host. Switch to root for the steps that
    /// need it, then back to an unprivileged user. (Stagecraft's STG003 also reports a final
    /// stage with no `USER` at all.)
    ///
    /// ## Example
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER 10001
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the unprivileged user must exist in the image.
    RULE = {
        code: "DL3002",
        name: "last-user-root",
        severity: Warning,
        category: Security,
        hadolint: Some("DL3002"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

pub(crate) fn is_root(user: &str) -> bool {
    user.starts_with("root:") || user.starts_with("0:") || user == "root" || user == "0"
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::User) {
        return;
    }
    let model = ck.model;
    for stage in &model.stages {
        let last_user = model.instructions[stage.instructions.clone()]
            .iter()
            .rev()
            .find(|i| i.kind == Kind::User);
        if let Some(user) = last_user {
            if is_root(&user.text) {
                ck.report(user, "The last `USER` of this stage is root; switch back to an unprivileged user");
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nUSER root\nRUN x\nUSER 1000\n"],
    fail: &["FROM a\nUSER 1000\nUSER root\n"],
    fix: &[],
};
