use crate::lint::model::{Instr, Kind};
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::has_byte;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that directly follows another `RUN` with the same flags, when both
    /// run a single command.
    ///
    /// ## Why is this bad?
    /// Every `RUN` makes a layer. Short consecutive steps add layers, metadata and cache
    /// entries without a reason; one `RUN` joined with `&&` builds the same files in one
    /// layer. Longer `RUN`s are left alone: splitting big steps is often deliberate, to keep
    /// the cache useful.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix joins the two `RUN`s with `&&`. It is unsafe: the image's files are the same,
    /// but the layers and the build cache change, and a step that was cached may run again.
    /// It is offered only for shell-form `RUN`s with nothing between them.
    RULE = {
        code: "DL3059",
        name: "consecutive-run",
        severity: Info,
        category: Size,
        hadolint: Some("DL3059"),
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

/// Whether two RUNs have the same flags, in any order. Most RUNs have none: the flags are
/// sorted, for the few that have some, only when the numbers agree, where a sorted list for
/// every RUN cost more than the rest of the rule.
fn same_flags(a: &Instr, b: &Instr) -> bool {
    if a.flags.len() != b.flags.len() {
        return false;
    }
    if a.flags.is_empty() {
        return true;
    }
    // Compared as pairs, which are equal exactly when their `name=value` texts are (a flag's
    // name has no `=`), without writing those texts.
    sorted_flags(a) == sorted_flags(b)
}

/// A RUN's flags as (name, value) pairs, sorted.
fn sorted_flags<'i>(instr: &'i Instr) -> Vec<(&'i str, &'i str)> {
    let mut flags: Vec<(&str, &str)> = instr
        .flags
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_deref().unwrap_or("")))
        .collect();
    crate::order::sort(&mut flags);
    flags
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // The RUN to compare with, by its index, and its number of commands.
    let mut previous: Option<(usize, usize)> = None;
    for (index, instr) in model.instructions.iter().enumerate() {
        if instr.kind != Kind::Run {
            previous = None;
            continue;
        }
        let count = instr.commands().len();
        match previous {
            // Only RUNs of one command at most are compared.
            Some((prev, prev_count))
                if count <= 1 && prev_count <= 1 && same_flags(&model.instructions[prev], instr) =>
            {
                let first = &model.instructions[prev];
                let joinable = first.json.is_none()
                    && instr.json.is_none()
                    && !first.has_heredoc()
                    && !instr.has_heredoc()
                    // Eight bytes at a time ([`has_byte`]): the library's search cost more
                    // to set up than this one takes on these short texts.
                    && !has_byte(first.text.as_bytes(), b'#')
                    && !first.text.is_empty()
                    && !instr.text.is_empty()
                    && model.source[first.text_span.end..instr.keyword.span.start]
                        .chars()
                        .all(char::is_whitespace);
                // Written only for the fix: most reported RUNs cannot be joined.
                let joint = joinable.then(|| ck.continue_with(""));
                let finding = ck.report(
                    instr,
                    "This `RUN` follows another short `RUN`; join them with `&&` to make one layer",
                );
                if let Some(joint) = joint {
                    finding.add_fix(Fix::unsafe_(
                        "Join with the previous `RUN`",
                        vec![Edit::replace(
                            first.text_span.end..instr.text_span.start,
                            joint,
                        )],
                    ));
                }
                // Like hadolint, a reported RUN does not become the one to compare with.
            }
            _ => previous = Some((index, count)),
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nRUN a && b\nRUN d\n",
        "FROM a\nRUN a\nWORKDIR /x\nRUN b\n",
        "FROM a\nRUN --mount=type=cache,target=/c a\nRUN b\n",
    ],
    fail: &["FROM a\nRUN apt-get update\n# comment\nRUN apt-get install -y x\n"],
    fix: &[(
        "FROM a\nRUN a\nRUN b\n",
        "FROM a\nRUN a \\\n && b\n",
    )],
};
