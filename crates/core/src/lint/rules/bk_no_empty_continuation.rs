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
fn continues(line: &str, escape: char) -> bool {
    let trimmed = line.trim_end_matches([' ', '\t', '\r', '\n']);
    // The escape character is `\\` or `` ` ``: a byte, counted from the end without decoding
    // the line (every line of every instruction is asked).
    let run = match u8::try_from(escape) {
        Ok(byte) if byte.is_ascii() => trimmed.bytes().rev().take_while(|&b| b == byte).count(),
        _ => trimmed.chars().rev().take_while(|&c| c == escape).count(),
    };
    run % 2 == 1
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let source = model.source;
    let last_line = model.lines.line_count();
    for instr in &model.instructions {
        let first = model.lines.line_range(source, instr.line);
        let mut continuing = continues(&source[first], model.escape);
        let mut empty = Vec::new();
        let mut line = instr.line + 1;
        while continuing && line <= last_line {
            let range = model.lines.line_range(source, line);
            let text = &source[range.clone()];
            if text.trim().is_empty() {
                empty.push(range);
            } else if text.trim_start().starts_with('#') {
                // Comment lines inside a continuation are dropped, not empty.
            } else if line > instr.end_line {
                break;
            } else {
                continuing = continues(text, model.escape);
            }
            line += 1;
        }
        let Some(first_empty) = empty.first() else {
            continue;
        };
        let edits = empty
            .iter()
            .map(|r| {
                let (line, _) = model.position(r.start);
                Edit::delete(crate::edit::whole_lines(source, &model.lines, line, line))
            })
            .collect();
        let (empty_line, _) = model.position(first_empty.start);
        ck.report_span(
            instr.line,
            instr.keyword.span.clone(),
            format!(
                "Empty line {empty_line} inside a continued `{}`; remove it (BuildKit will reject it)",
                crate::case::upper(&instr.keyword.text)
            ),
        )
        .fixes
        .push(Fix::safe("Remove the empty continuation lines", edits));
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
