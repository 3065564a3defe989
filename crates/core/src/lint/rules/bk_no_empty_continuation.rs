use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports empty lines inside an instruction that is continued with `\` (or the
    /// file's escape character). This is BuildKit's `NoEmptyContinuation` build check.
    ///
    /// ## Why is this bad?
    /// Docker skips such lines today, so the instruction keeps going past the gap. BuildKit
    /// has announced that they will become an error. They also mislead the reader: an empty
    /// line looks like the end of the instruction, and a line below it that looks like a
    /// new instruction is in fact part of the old one.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y \
    ///     curl \
    ///
    ///     git
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y \
    ///     curl \
    ///     git
    /// ```
    ///
    /// A comment line is not empty, so `# ...` may stand between continued lines.
    ///
    /// ## Fix safety
    /// Safe: the empty lines are removed; Docker already ignored them, so the instruction
    /// stays the same.
    RULE = {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("NoEmptyContinuation"),
        fix: Safe,
        check: check,
    }
}

/// Whether a line ends with an odd run of escape characters (trailing blanks allowed).
fn check(ck: &mut Checker) {
    let model = ck.model;
    let source = model.source;
    // Most files have no empty continuation line: no instruction to walk.
    if model.empty_continuations.is_empty() {
        return;
    }
    // The parser met the empty lines while joining continuations (in order, as the
    // instructions are): each instruction takes those inside its span, with no line read again.
    let mut empty = model.empty_continuations.iter().peekable();
    for instr in &model.instructions {
        while empty.next_if(|r| r.start < instr.span.start).is_some() {}
        let mut edits = Vec::new();
        let mut first_empty = None;
        while let Some(range) = empty.next_if(|r| r.start < instr.span.end) {
            let (line, _) = model.position(range.start);
            first_empty.get_or_insert(line);
            edits.push(Edit::delete(crate::edit::whole_lines(
                source,
                &model.lines,
                line,
                line,
            )));
        }
        let Some(empty_line) = first_empty else {
            continue;
        };
        ck.report_span(
            instr.line,
            instr.keyword.span.clone(),
            format!(
                "Empty line {empty_line} inside a continued `{}`; remove it (BuildKit will reject it)",
                crate::case::upper(&instr.keyword.text)
            ),
        )
        .add_fix(Fix::safe("Remove the empty continuation lines", edits));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM alpine\nRUN apk add \\\n    # git for the build\n    git\n\nRUN true\n",
        "FROM alpine\nRUN <<EOF\necho a\n\necho b\nEOF\n",
        "FROM alpine\nRUN echo \\\\\n\nRUN true\n",
    ],
    fail: &[
        "FROM alpine\nEXPOSE \\\n\n80\n",
        "FROM alpine\nRUN apk add \\\n    gnupg \\\n  \n    curl\n",
    ],
    fix: &[(
        "FROM alpine\nRUN apk add \\\n    gnupg \\\n\n\n    curl\nCMD [\"sh\"]\n",
        "FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl\nCMD [\"sh\"]\n",
    )],
};
