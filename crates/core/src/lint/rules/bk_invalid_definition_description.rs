use crate::lint::model::{Comment, Kind, Model};
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::{experimental_enabled, from_as};
use crate::lint::rules::common::pair_keys;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a comment right above a named `FROM ... AS name` or an `ARG` that does not
    /// start with the stage's or the argument's name. `docker build --call=outline` and
    /// `--call=targets` show such comments as descriptions, and BuildKit expects the form
    /// `# name description`. This is BuildKit's `InvalidDefinitionDescription` check.
    ///
    /// BuildKit marks this check experimental, so, as there, it only runs when the file
    /// asks for it at the top: `# check=experimental=InvalidDefinitionDescription` (or
    /// `experimental=all`).
    ///
    /// ## Why is this bad?
    /// The comment is shown as the description of the stage or argument, which is wrong
    /// when it was only a note about the line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=experimental=InvalidDefinitionDescription
    /// # a note about the base image
    /// FROM scratch AS base
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # check=experimental=InvalidDefinitionDescription
    /// # base is the empty stage the others start from
    /// FROM scratch AS base
    /// ```
    ///
    /// or leave an empty line between a comment that is not a description and the
    /// instruction.
    ///
    /// ## Fix safety
    /// Safe: the fix inserts an empty line above the instruction, which only changes what
    /// `--call=outline` shows.
    RULE = {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("InvalidDefinitionDescription"),
        fix: Safe,
        check: check,
    }
}

/// The comment directly above `line`, if the comments above it form a description block.
fn description_above<'m>(
    model: &'m Model<'m>,
    line: usize,
    directives_end: usize,
) -> Option<&'m Comment<'m>> {
    let comment = model
        .comments
        .iter()
        .find(|c| c.line + 1 == line && c.line > directives_end)?;
    // An empty `#` line ends a description block.
    (!comment.text.trim().is_empty()).then_some(comment)
}

/// The last line of the parser directives (`# syntax=`, `# escape=`, `# check=`) at the top.
fn directives_end(model: &Model) -> usize {
    let mut end = 0;
    for comment in &model.comments {
        let is_directive = comment.line == end + 1
            && comment.text.split_once('=').is_some_and(|(k, _)| {
                matches!(
                    k.trim().to_ascii_lowercase().as_str(),
                    "syntax" | "escape" | "check"
                )
            });
        if !is_directive {
            break;
        }
        end = comment.line;
    }
    end
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    if !experimental_enabled(model, "InvalidDefinitionDescription") {
        return;
    }
    let top = directives_end(model);
    for instr in &model.instructions {
        let (what, keys): (&str, Vec<String>) = match instr.kind {
            Kind::From => match from_as(instr) {
                Some((_, name)) => ("a stage", vec![crate::case::lower(&name.text)]),
                None => continue,
            },
            Kind::Arg => (
                "an argument",
                pair_keys(instr).map(str::to_owned).collect(),
            ),
            _ => continue,
        };
        if keys.is_empty() {
            continue;
        }
        let Some(comment) = description_above(model, instr.line, top) else {
            continue;
        };
        let first_word = comment.text.trim().split(' ').next().unwrap_or("");
        if keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() == 1 {
            keys[0].as_str()
        } else {
            "<arg_key>"
        };
        let line_start = model.lines.line_range(model.source, instr.line).start;
        ck.report_span(
            instr.line,
            comment.span.clone(),
            format!(
                "A comment above {what} is its description and should read `# {example} <description>`; add an empty line if it is not one"
            ),
        )
        .add_fix(Fix::safe(
            "Separate the comment with an empty line",
            vec![Edit::insert(line_start, "\n")],
        ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "# check=experimental=InvalidDefinitionDescription\n# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\nARG VERSION=1\n",
        "# check=experimental=InvalidDefinitionDescription\n# a non-descriptive comment\n\nFROM scratch AS base\n",
        "# a non-descriptive comment\nFROM scratch AS base\n",
        "# check=experimental=InvalidDefinitionDescription\nFROM scratch AS base\n",
    ],
    fail: &[
        "# check=experimental=InvalidDefinitionDescription\n# a non-descriptive comment\nFROM scratch AS base\n# another non-descriptive comment\nARG VERSION=1\n",
        "# check=experimental=all\nFROM scratch\n# the version\nARG A=1 B=2\n",
    ],
    fix: &[(
        "# check=experimental=InvalidDefinitionDescription\nFROM scratch\n# pinned for reproducibility\nARG VERSION=1\n",
        "# check=experimental=InvalidDefinitionDescription\nFROM scratch\n# pinned for reproducibility\n\nARG VERSION=1\n",
    )],
};
