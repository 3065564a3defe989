use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::whole_lines;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `HEALTHCHECK` that a later `HEALTHCHECK` in the same stage replaces. Like
    /// BuildKit, it points at the earlier one, the one that has no effect. This is the
    /// `HEALTHCHECK` part of BuildKit's `MultipleInstructionsDisallowed` build check; its
    /// `CMD` and `ENTRYPOINT` parts are reported once, as hadolint's DL4003 and DL4004,
    /// which carry the BuildKit name too (and `# check=skip=MultipleInstructionsDisallowed`
    /// silences all three).
    ///
    /// ## Why is this bad?
    /// An image has one health check: only the last one counts. The earlier ones suggest
    /// the container is checked in a way it is not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx
    /// HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1
    /// ```
    ///
    /// The `CMD` inside `HEALTHCHECK` is part of the health check, not the image's `CMD`.
    ///
    /// ## Fix safety
    /// Safe: the replaced instruction is removed, and the image's configuration stays the
    /// same, because it was overridden anyway.
    RULE = {
        code: "MultipleInstructionsDisallowed",
        name: "multiple-instructions-disallowed",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("MultipleInstructionsDisallowed"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Healthcheck) {
        return;
    }
    let model = ck.model;
    // CMD and ENTRYPOINT are DL4003's and DL4004's, which report them under this name too.
    for stage in &model.stages {
        let all: Vec<_> = model.instructions[stage.instructions.clone()]
            .iter()
            .filter(|i| i.kind == Kind::Healthcheck)
            .collect();
        let Some((last, earlier)) = all.split_last() else {
            continue;
        };
        for instr in earlier {
            let related = ck.related(last.keyword.span.start..last.span.end, "this one is used");
            let finding = ck.report(
                instr,
                format!(
                    "Only the last `HEALTHCHECK` of a stage is used; this one is overridden by line {}",
                    last.line
                ),
            );
            finding.related.push(related);
            finding.add_fix(Fix::safe(
                "Remove the overridden `HEALTHCHECK`",
                vec![Edit::delete(whole_lines(model, instr))],
            ));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3-alpine\nHEALTHCHECK --interval=1s CMD [\"curl\", \"-f\", \"http://localhost\"]\nCMD [\"python\"]\n",
        "FROM alpine AS a\nHEALTHCHECK CMD [\"a\"]\nFROM alpine\nHEALTHCHECK CMD [\"b\"]\nCMD [\"x\"]\nCMD [\"y\"]\n",
    ],
    fail: &[
        "FROM alpine\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n",
        "FROM alpine\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nHEALTHCHECK CMD c\n",
    ],
    fix: &[(
        "FROM alpine\nHEALTHCHECK CMD [\"a\"]\nRUN true\nHEALTHCHECK --interval=5s \\\n  CMD [\"b\"]\nHEALTHCHECK CMD [\"d\"]\n",
        "FROM alpine\nRUN true\nHEALTHCHECK CMD [\"d\"]\n",
    ), (
        "FROM alpine\r\nHEALTHCHECK CMD [\"a\"]\r\nRUN true\r\nHEALTHCHECK --interval=5s \\\r\n  CMD [\"b\"]\r\nHEALTHCHECK CMD [\"d\"]\r\n",
        "FROM alpine\r\nRUN true\r\nHEALTHCHECK CMD [\"d\"]\r\n",
    )],
};
