use crate::lint::rules::common::{pair_keys, NameSet};

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
    if !ck.model.has_kind(Kind::User) {
        return;
    }
    let model = ck.model;
    let mut args = NameSet::default();
    let mut longest = 0;
    for instr in &model.instructions {
        match instr.kind {
            Kind::Arg => {
                for key in pair_keys(instr) {
                    longest = longest.max(key.len());
                    args.insert(key);
                }
            }
            Kind::User => {
                let user = instr.text.as_str();
                let uid = user.split(':').next().unwrap_or("");
                let numeric = uid.chars().all(|c| c.is_ascii_digit());
                let from_arg = uses_arg(user, &args, longest);
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

/// Whether `user` contains `$NAME` or `${NAME}` for a declared ARG, as hadolint tests it
/// (`$NAME` also matches as the start of a longer name). Looked up from each `$` rather than
/// formatting every ARG per USER, which made thousands of each quadratic.
fn uses_arg(user: &str, args: &NameSet, longest: usize) -> bool {
    let names_at = |rest: &str, closing: bool| {
        (0..=rest.len().min(longest))
            .filter(|&k| rest.is_char_boundary(k))
            .any(|k| (!closing || rest[k..].starts_with('}')) && args.contains(&rest[..k]))
    };
    user.match_indices('$').any(|(at, _)| {
        let rest = &user[at + 1..];
        names_at(rest, false) || rest.strip_prefix('{').is_some_and(|b| names_at(b, true))
    })
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nUSER 1000:1000\n", "FROM a\nARG UID=1000\nUSER ${UID}\n"],
    fail: &["FROM a\nUSER node\n"],
    fix: &[],
};
