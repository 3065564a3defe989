use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `USER name` where the user is not a numeric id (or an `ARG` holding one).
    ///
    /// ## Why is this bad?
    /// Kubernetes' `runAsNonRoot` and other host-side checks can only verify a numeric uid;
    /// a name is resolved inside the image and cannot be checked from outside, so such
    /// policies refuse the container.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// USER 10001
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the uid is defined where the user is created.
    RULE = {
        code: "DL3066",
        name: "numeric-user",
        severity: Info,
        category: Security,
        hadolint: Some("DL3066"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let mut args: Vec<String> = Vec::new();
    for instr in &ck.model.instructions {
        match instr.kind {
            Kind::Arg => args.extend(instr.pairs().iter().map(|(k, _)| k.text.clone())),
            Kind::User => {
                let user = instr.text.as_str();
                let uid = user.split(':').next().unwrap_or("");
                let numeric = uid.chars().all(|c| c.is_ascii_digit());
                let from_arg = args
                    .iter()
                    .any(|a| user.contains(&format!("${{{a}}}")) || user.contains(&format!("${a}")));
                if !numeric && !from_arg {
                    ck.report(
                        instr,
                        format!("Use a numeric uid instead of `{uid}`: host-side checks cannot resolve names"),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nUSER 1000:1000\n", "FROM a\nARG UID=1000\nUSER ${UID}\n"],
    fail: &["FROM a\nUSER node\n"],
    fix: &[],
};
