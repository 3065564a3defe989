//! The guard every step passes before its result is handed on, and, for a file too large to
//! lint whole after every step, the lint it runs instead: the lines a step edits, read in
//! their stage, before and after.

use std::collections::{HashMap, HashSet};

use crate::edit::Edit;
use crate::lint;
use crate::syntax::{Dockerfile, ElementKind, InstructionKind};

use super::facts;

/// The lint findings the guard compares, and over what text it counted them.
pub(super) struct Counted<'a> {
    pub before: &'a [&'static str],
    pub after: &'a [&'static str],
    /// Whether only the lines around the step's edits were linted (a file past
    /// [`super::MEASURE_EVERY_STEP_UP_TO`]), which the refusal then says.
    pub around_edits: bool,
}

/// First and last line (1-based, inclusive).
pub(super) type Lines = (usize, usize);

/// Why a step's result must not be handed on, if it must not.
pub(super) fn guard(
    after: &Dockerfile,
    (view_before, view_after): (&facts::RuntimeView, &facts::RuntimeView),
    codes: Counted,
    start: &[Option<String>; 2],
    unchanged: bool,
    repeats_findings: bool,
) -> Option<String> {
    if unchanged {
        return Some(
            "the step produced no change; it is reported rather than skipped silently".into(),
        );
    }
    if let Some(error) = after.errors().first() {
        return Some(format!(
            "the result would not parse (line {}:{}: {}), so the file is left as it was",
            error.line, error.column, error.message
        ));
    }
    let added = without(codes.after, codes.before);
    let had: HashSet<&str> = codes.before.iter().copied().collect();
    let new_rules = added.iter().any(|c| !had.contains(c));
    if codes.after.len() > codes.before.len() && (!repeats_findings || new_rules) {
        return Some(format!(
            "the result would add lint findings{} ({} → {}: {}), so the file is left as it was",
            if codes.around_edits {
                " on the lines it edits"
            } else {
                ""
            },
            codes.before.len(),
            codes.after.len(),
            added.join(", ")
        ));
    }
    let kept = facts::start_command(after).map(|s| s.normalized());
    if !start.contains(&kept) {
        return Some(format!(
            "the result would start the app differently ({} instead of {}), so the file is left as it was",
            kept.map_or("nothing".into(), |s| format!("`{s}`")),
            start[1].as_ref().map_or("nothing".into(), |s| format!("`{s}`")),
        ));
    }
    facts::runtime_gaps_between(view_before, view_after).map(|gap| {
        format!("the final stage would lose what the app needs at run time ({gap}), so the file is left as it was")
    })
}

/// The codes of `from` with one occurrence taken out for each code of `taken` (the first
/// ones), in their order: the findings a step added, or the ones it fixed. Counted through a
/// map, since a megabyte file has tens of thousands of findings on each side.
pub(super) fn without(from: &[&'static str], taken: &[&'static str]) -> Vec<&'static str> {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for code in taken {
        *left.entry(code).or_default() += 1;
    }
    from.iter()
        .copied()
        .filter(|code| match left.get_mut(code) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The text of `file` a step's edits concern, to lint on its own: the parser directives,
/// then, in order, the `FROM` of each stage an edited instruction is in and the edited
/// instructions, each with the comment lines right above it (`# hadolint ignore=`). The same
/// cut of the file before and after a step holds the same context on both sides, so what a
/// cut leaves out (a stage a `COPY --from` names, a global `ARG`) is missing from both and
/// changes neither count; what differs is what the step did to the lines it touched.
pub(super) struct AroundEdits {
    pub text: String,
}

impl AroundEdits {
    /// The cut of `file` around its instructions on lines `lines` (each an inclusive range).
    pub fn of(file: &Dockerfile, lines: &[Lines]) -> AroundEdits {
        let instructions = file.instructions();
        // One flag per instruction: smaller in the page's WASM than a set of indexes.
        let mut edited = vec![false; instructions.len()];
        for &(first, last) in lines {
            let from = instructions.partition_point(|i| i.end_line < first);
            for index in
                (from..instructions.len()).take_while(|&i| instructions[i].start_line <= last)
            {
                edited[index] = true;
            }
        }
        let mut kept = vec![false; instructions.len()];
        if edited.contains(&true) {
            // One pass: the stage each instruction is in, by its FROM.
            let mut stage_from = None;
            for (index, instruction) in instructions.iter().enumerate() {
                if instruction.kind() == InstructionKind::From {
                    stage_from = Some(index);
                }
                if edited[index] {
                    if let Some(from) = stage_from {
                        kept[from] = true;
                    }
                    kept[index] = true;
                }
            }
        }
        let source = file.source();
        let mut text = String::new();
        let elements = file.elements();
        for element in elements {
            match element.kind {
                ElementKind::ByteOrderMark | ElementKind::Directive(_) => {
                    text.push_str(&source[element.span.range()])
                }
                _ => break,
            }
        }
        if !kept.contains(&true) {
            return AroundEdits { text };
        }
        for (at, element) in elements.iter().enumerate() {
            let ElementKind::Instruction(index) = element.kind else {
                continue;
            };
            if !kept.get(index).copied().unwrap_or(false) {
                continue;
            }
            let comments = elements[..at]
                .iter()
                .rev()
                .take(8)
                .take_while(|e| matches!(e.kind, ElementKind::Comment))
                .count();
            for comment in &elements[at - comments..at] {
                text.push_str(&source[comment.span.range()]);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            }
            text.push_str(&source[element.span.range()]);
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        AroundEdits { text }
    }

    /// The codes the linter's defaults report on this cut.
    pub fn codes(&self, dockerignore: Option<&str>) -> Vec<&'static str> {
        if self.text.trim().is_empty() {
            return Vec::new();
        }
        let options = lint::Options {
            config: None,
            dockerignore,
        };
        lint::lint_with(&self.text, options)
            .iter()
            .map(|f| f.code)
            .collect()
    }
}

/// The lines the edits touch, before and after they apply, as inclusive line ranges: the
/// lines of the bytes an edit replaces, in the old text, and of its replacement, in the new
/// one. An edit that changes part of a line touches that line's instruction on both sides
/// (text added at the end of a `RUN`); whole lines inserted or deleted touch only
/// themselves, not the instruction they are put before (a `RUN` inserted above a megabyte
/// `RUN` does not bring the megabyte into the cut).
pub(super) fn edited_lines(
    before: &Dockerfile,
    after: &Dockerfile,
    edits: &[Edit],
) -> (Vec<Lines>, Vec<Lines>) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let mut shift: isize = 0;
    let mut lines = (Vec::new(), Vec::new());
    for edit in sorted {
        let start = edit.span.start.saturating_add_signed(shift);
        let whole_lines = at_line_start(before.source(), edit.span.start)
            && at_line_start(before.source(), edit.span.end)
            && (edit.replacement.is_empty() || edit.replacement.ends_with('\n'));
        lines.0.extend(lines_of(
            before,
            edit.span.start,
            edit.span.end,
            whole_lines,
        ));
        lines.1.extend(lines_of(
            after,
            start,
            start + edit.replacement.len(),
            whole_lines,
        ));
        shift += edit.replacement.len() as isize - (edit.span.end - edit.span.start) as isize;
    }
    lines
}

fn at_line_start(text: &str, offset: usize) -> bool {
    offset == 0 || text.as_bytes().get(offset - 1) == Some(&b'\n')
}

/// The lines holding bytes `start..end` of `file`; for no bytes, the line the position is
/// on, unless the edit inserts or deletes whole lines there.
fn lines_of(file: &Dockerfile, start: usize, end: usize, whole_lines: bool) -> Option<Lines> {
    let index = file.line_index();
    if start < end {
        Some((index.line_of(start), index.line_of(end - 1)))
    } else if whole_lines {
        None
    } else {
        Some((index.line_of(start), index.line_of(start)))
    }
}

/// The lines of every `COPY` and `ADD` of `file` that reads the build context (no
/// `--from`): what a new `.dockerignore` can change the findings of, since it decides only
/// what those send from the context.
pub(super) fn context_copy_lines(file: &Dockerfile) -> Vec<Lines> {
    file.instructions()
        .iter()
        .filter(|i| matches!(i.kind(), InstructionKind::Copy | InstructionKind::Add))
        .filter(|i| i.flag("from").is_none())
        .map(|i| (i.start_line, i.end_line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn around(text: &str, lines: &[(usize, usize)]) -> String {
        AroundEdits::of(&syntax::parse(text), lines).text
    }

    #[test]
    fn codes_taken_out_are_the_first_occurrences_and_the_order_stays() {
        let before = ["DL3008", "DL3059", "DL3008", "DL3042", "DL3008"];
        let after = ["DL3008", "DL4006", "DL3008"];
        assert_eq!(without(&before, &after), ["DL3059", "DL3042", "DL3008"]);
        assert_eq!(without(&after, &before), ["DL4006"]);
        assert!(without(&[], &after).is_empty());
    }

    #[test]
    fn the_cut_keeps_directives_the_stage_from_and_comments_above() {
        let text = "# syntax=docker/dockerfile:1\nFROM a AS one\nRUN x\n# hadolint ignore=DL3008\nRUN y\nFROM b\nRUN z\n";
        assert_eq!(
            around(text, &[(5, 5)]),
            "# syntax=docker/dockerfile:1\nFROM a AS one\n# hadolint ignore=DL3008\nRUN y\n"
        );
        assert_eq!(
            around(text, &[(7, 7), (2, 2)]),
            "# syntax=docker/dockerfile:1\nFROM a AS one\nFROM b\nRUN z\n"
        );
        assert_eq!(around(text, &[]), "# syntax=docker/dockerfile:1\n");
    }

    #[test]
    fn edited_lines_follow_the_edits_into_the_new_text() {
        let before = syntax::parse("FROM a\nRUN x\nCMD y\n");
        let edits = [Edit::replace(5..6, "a:1"), Edit::insert(13, "USER 1\n")];
        let text = crate::edit::apply(before.source(), &edits).unwrap();
        assert_eq!(text, "FROM a:1\nRUN x\nUSER 1\nCMD y\n");
        let after = syntax::parse(&text);
        let (old, new) = edited_lines(&before, &after, &edits);
        // The inserted line touches only itself, not the `CMD` it goes before.
        assert_eq!(old, [(1, 1)]);
        assert_eq!(new, [(1, 1), (3, 3)]);
    }

    #[test]
    fn a_cut_sees_a_finding_the_edit_adds_and_not_the_rest_of_the_file() {
        let mut text = String::from("FROM python:3.12\n");
        for n in 0..2000 {
            text.push_str(&format!("RUN pip install p{n}\n"));
        }
        let before = syntax::parse(&text);
        let edits = [Edit::replace(12..16, "latest")];
        let after = syntax::parse(&crate::edit::apply(&text, &edits).unwrap());
        let (old, new) = edited_lines(&before, &after, &edits);
        let (was, now) = (
            AroundEdits::of(&before, &old),
            AroundEdits::of(&after, &new),
        );
        assert_eq!(now.text, "FROM python:latest\n");
        assert!(!was.codes(None).contains(&"DL3007"));
        assert!(now.codes(None).contains(&"DL3007"));
    }
}
