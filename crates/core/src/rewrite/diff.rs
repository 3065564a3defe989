//! Unified diffs of what a step changed, as `git diff` shows them.
//!
//! A whole-file line diff costs time in the number of lines times the number of changed
//! lines: minutes for a step that touches each of 30,000 lines of a megabyte file. A step
//! knows where it changed the file (its edits), so past [`WHOLE_FILE_LINES`] lines
//! [`unified_edits`] diffs only the lines around each edit and counts every other line as
//! unchanged, in time the size of the file plus the changed lines. Below it the whole-file
//! diff is kept: where lines repeat (blank lines) the two can pair them differently, both
//! correct, and a person's usual file keeps the diff it always had.

use std::ops::Range;

use similar::{capture_diff, group_diff_ops, Algorithm, DiffOp, DiffTag};

use crate::edit::Edit;

/// Lines of context around each change, as `git diff` shows.
const CONTEXT: usize = 3;

/// Up to this many lines (before and after together) the whole file is diffed: a few
/// milliseconds at worst.
pub const WHOLE_FILE_LINES: usize = 4_000;

/// The unified diff from `before` to `after` with three lines of context, under the name
/// `name`; empty when the texts are equal.
pub fn unified(before: &str, after: &str, name: &str) -> String {
    if before == after {
        return String::new();
    }
    whole_file(&lines(before), &lines(after), name)
}

/// The whole-file diff of two texts already split by [`lines`]: what
/// `TextDiff::from_lines` gives, without splitting them again. The lines are compared as
/// they are: past 100 lines `TextDiff` first numbers every distinct line through a hash map
/// (SipHash of each line), which was most of a 200-line file's diff; the numbering changes
/// no comparison, so the operations are the same, and [`format_unified`] writes them as
/// `TextDiff` does.
fn whole_file(old: &[&str], new: &[&str], name: &str) -> String {
    let ops = capture_diff(Algorithm::Myers, old, 0..old.len(), new, 0..new.len());
    format_unified(old, new, ops, name)
}

/// The lines of `text`, each with its line end (`\n`, `\r\n` or a lone `\r`), as
/// `similar` splits them (`DiffableStr::tokenize_lines`), read byte by byte: a line end is
/// ASCII, so no character needs decoding. A step's diff splits two whole files; splitting
/// them char by char was most of a small file's diff.
fn lines(text: &str) -> Vec<&str> {
    // Most files end lines with `\n` alone: the standard library finds those a word at a time.
    if !text.contains('\r') {
        return text.split_inclusive('\n').collect();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 32 + 1);
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                out.push(&text[start..at + 2]);
                at += 2;
                start = at;
            }
            b'\r' | b'\n' => {
                out.push(&text[start..at + 1]);
                at += 1;
                start = at;
            }
            _ => at += 1,
        }
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

/// [`unified`] for `after`, which is `edits` applied to `before`: the same diff, computed
/// only over the lines the edits touch.
pub fn unified_edits(before: &str, after: &str, edits: &[Edit], name: &str) -> String {
    around_edits(before, after, edits, name, WHOLE_FILE_LINES)
}

fn around_edits(
    before: &str,
    after: &str,
    edits: &[Edit],
    name: &str,
    whole_file_lines: usize,
) -> String {
    if before == after {
        return String::new();
    }
    let old = lines(before);
    let new = lines(after);
    if old.len() + new.len() <= whole_file_lines {
        return whole_file(&old, &new, name);
    }
    match ops_around(&old, &new, edits) {
        Some(ops) => format_unified(&old, &new, ops, name),
        // The edits do not describe `after` (they should): the whole-file diff is right.
        None => whole_file(&old, &new, name),
    }
}

/// Byte offset where each line starts.
fn line_starts(lines: &[&str]) -> Vec<usize> {
    let mut at = 0;
    lines
        .iter()
        .map(|line| {
            let start = at;
            at += line.len();
            start
        })
        .collect()
}

/// The line holding byte `offset` (the last line for the end of the text).
fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// The diff operations over all lines: each edit's lines (one more on either side, so a
/// line break the edit joins or splits is inside) diffed line by line, and the lines
/// between them equal. `None` when those lines turn out not to be equal.
fn ops_around(old: &[&str], new: &[&str], edits: &[Edit]) -> Option<Vec<DiffOp>> {
    let (old_starts, new_starts) = (line_starts(old), line_starts(new));
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::order::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let mut regions: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut shift: isize = 0;
    for edit in sorted {
        let (start, end) = (edit.span.start, edit.span.end);
        let new_start = start.checked_add_signed(shift)?;
        let new_end = new_start + edit.replacement.len();
        shift += edit.replacement.len() as isize - end.checked_sub(start)? as isize;
        let around = |starts: &[usize], lines: usize, from: usize, to: usize| {
            line_of(starts, from)..(line_of(starts, to) + 1).min(lines)
        };
        let old_lines = around(&old_starts, old.len(), start, end);
        let new_lines = around(&new_starts, new.len(), new_start, new_end);
        // Edits on neighbouring lines stay apart: one region per edit keeps the line diff
        // small when a step changes every line of a long file.
        match regions.last_mut() {
            Some((o, n)) if old_lines.start < o.end || new_lines.start < n.end => {
                o.end = o.end.max(old_lines.end);
                n.end = n.end.max(new_lines.end);
            }
            _ => regions.push((old_lines, new_lines)),
        }
    }
    let mut ops = Vec::new();
    let (mut old_at, mut new_at) = (0, 0);
    let equal = |ops: &mut Vec<DiffOp>, o: Range<usize>, n: Range<usize>| {
        if o.len() != n.len() || old.get(o.clone())? != new.get(n.clone())? {
            return None;
        }
        if !o.is_empty() {
            ops.push(DiffOp::Equal {
                old_index: o.start,
                new_index: n.start,
                len: o.len(),
            });
        }
        Some(())
    };
    for (o, n) in regions {
        equal(&mut ops, old_at..o.start, new_at..n.start)?;
        ops.extend(region_ops(old, o.clone(), new, n.clone()));
        (old_at, new_at) = (o.end, n.end);
    }
    equal(&mut ops, old_at..old.len(), new_at..new.len())?;
    Some(merge_equal(ops))
}

/// Lines compared pairwise within one region at most; a bigger region (one edit that
/// rewrites thousands of lines) is shown as its old lines replaced by its new ones, after
/// the lines they share at either end.
const REGION_PAIRS: usize = 4_000_000;

/// The line diff of one region.
fn region_ops(old: &[&str], o: Range<usize>, new: &[&str], n: Range<usize>) -> Vec<DiffOp> {
    if o.len().saturating_mul(n.len()) <= REGION_PAIRS {
        return capture_diff(Algorithm::Myers, old, o, new, n);
    }
    let head = old[o.clone()]
        .iter()
        .zip(&new[n.clone()])
        .take_while(|(a, b)| a == b)
        .count();
    let tail = old[o.start + head..o.end]
        .iter()
        .rev()
        .zip(new[n.start + head..n.end].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut ops = Vec::new();
    if head > 0 {
        ops.push(DiffOp::Equal {
            old_index: o.start,
            new_index: n.start,
            len: head,
        });
    }
    let (old_index, new_index) = (o.start + head, n.start + head);
    let (old_len, new_len) = (o.len() - head - tail, n.len() - head - tail);
    ops.push(match (old_len, new_len) {
        (_, 0) => DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        },
        (0, _) => DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        },
        _ => DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        },
    });
    if tail > 0 {
        ops.push(DiffOp::Equal {
            old_index: o.end - tail,
            new_index: n.end - tail,
            len: tail,
        });
    }
    ops
}

/// Joins neighbouring equal runs, as one whole-file diff reports them.
fn merge_equal(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let mut out: Vec<DiffOp> = Vec::with_capacity(ops.len());
    for op in ops {
        if let (
            Some(DiffOp::Equal { len, .. }),
            DiffOp::Equal {
                len: more,
                old_index: _,
                new_index: _,
            },
        ) = (out.last_mut(), &op)
        {
            *len += more;
            continue;
        }
        out.push(op);
    }
    out
}

/// A hunk range as unified diffs write it: `start,len`, `start` alone for one line, and the
/// line before for an empty range.
fn hunk_range(range: Range<usize>) -> String {
    match range.len() {
        1 => format!("{}", range.start + 1),
        0 => format!("{},0", range.start),
        len => format!("{},{len}", range.start + 1),
    }
}

/// The same text `similar`'s unified diff writes for these operations.
fn format_unified(old: &[&str], new: &[&str], ops: Vec<DiffOp>, name: &str) -> String {
    let mut out = String::new();
    let push_line = |out: &mut String, tag: char, line: &str| {
        out.push(tag);
        out.push_str(line);
        if !line.ends_with(['\n', '\r']) {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for group in group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        if out.is_empty() {
            out.push_str(&format!("--- a/{name}\n+++ b/{name}\n"));
        }
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(first.old_range().start..last.old_range().end),
            hunk_range(first.new_range().start..last.new_range().end)
        ));
        for op in &group {
            match op.tag() {
                DiffTag::Equal => {
                    for line in &old[op.old_range()] {
                        push_line(&mut out, ' ', line);
                    }
                }
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    for line in &old[op.old_range()] {
                        push_line(&mut out, '-', line);
                    }
                    for line in &new[op.new_range()] {
                        push_line(&mut out, '+', line);
                    }
                }
            }
        }
    }
    out
}

/// One line of one side of a side-by-side diff: its number in that version of the file,
/// its text, and whether the step removed (left) or added (right) it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitLine<'a> {
    pub number: usize,
    pub text: &'a str,
    pub changed: bool,
}

/// One row of a side-by-side view of a unified diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRow<'a> {
    /// A file's name (`Dockerfile`, `.dockerignore`) where its diff starts.
    File(&'a str),
    /// A hunk header (`@@ -1,4 +1,5 @@`): lines between two hunks are unchanged and not shown.
    Hunk(&'a str),
    /// The old line on the left, the new one on the right; one side is empty where the step
    /// only removed or only added lines.
    Lines {
        old: Option<SplitLine<'a>>,
        new: Option<SplitLine<'a>>,
    },
}

/// A unified diff (one or more files, as a step's `diff`) as rows of a side-by-side view:
/// unchanged lines face each other, and each run of removed lines faces the run of added
/// lines that replaced it, line by line.
pub fn side_by_side(unified: &str) -> Vec<SplitRow<'_>> {
    fn flush<'a>(
        rows: &mut Vec<SplitRow<'a>>,
        removed: &mut Vec<SplitLine<'a>>,
        added: &mut Vec<SplitLine<'a>>,
    ) {
        let pairs = removed.len().max(added.len());
        let (mut old, mut new) = (removed.drain(..), added.drain(..));
        for _ in 0..pairs {
            rows.push(SplitRow::Lines {
                old: old.next(),
                new: new.next(),
            });
        }
    }
    let mut rows = Vec::new();
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut old_number, mut new_number) = (1, 1);
    let mut lines = unified.lines().peekable();
    while let Some(line) = lines.next() {
        let header = line
            .strip_prefix("--- a/")
            .filter(|_| lines.peek().is_some_and(|next| next.starts_with("+++ b/")));
        if let Some(name) = header {
            flush(&mut rows, &mut removed, &mut added);
            lines.next();
            rows.push(SplitRow::File(name));
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            flush(&mut rows, &mut removed, &mut added);
            // @@ -a,b +c,d @@
            let start = |sign: char| {
                hunk.split_whitespace()
                    .find_map(|part| part.strip_prefix(sign))
                    .and_then(|range| range.split(',').next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1)
                    .max(1)
            };
            (old_number, new_number) = (start('-'), start('+'));
            rows.push(SplitRow::Hunk(line));
        } else if let Some(text) = line.strip_prefix('-') {
            removed.push(SplitLine {
                number: old_number,
                text,
                changed: true,
            });
            old_number += 1;
        } else if let Some(text) = line.strip_prefix('+') {
            added.push(SplitLine {
                number: new_number,
                text,
                changed: true,
            });
            new_number += 1;
        } else if line.starts_with('\\') {
            // "\ No newline at end of file"
        } else {
            flush(&mut rows, &mut removed, &mut added);
            let text = line.strip_prefix(' ').unwrap_or(line);
            let side = |number| {
                Some(SplitLine {
                    number,
                    text,
                    changed: false,
                })
            };
            rows.push(SplitRow::Lines {
                old: side(old_number),
                new: side(new_number),
            });
            old_number += 1;
            new_number += 1;
        }
    }
    flush(&mut rows, &mut removed, &mut added);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{DiffableStr, TextDiff};

    #[test]
    fn lines_split_as_similar_splits_them() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\rb\r",
            "\r\r\n\n\r",
            "é\nñ\r\n日本\r語",
            "x\n\n\ny",
            "\n",
            "a\n\n",
        ] {
            assert_eq!(lines(text), text.tokenize_lines(), "{text:?}");
        }
    }

    /// The whole-file diff is `TextDiff::from_lines`'s, line for line, below and above the
    /// 100 lines where `TextDiff` numbers the lines first.
    #[test]
    fn the_whole_file_diff_is_similars() {
        let long: String = (0..150).map(|i| format!("RUN step {}\n", i % 7)).collect();
        let longer = long
            .replace("step 3\n", "step 3\nRUN more\n")
            .replacen("step 5", "five", 4);
        let cases = [
            ("FROM a\r\nRUN x\rCMD y", "FROM a:1\r\nRUN x\rCMD z"),
            ("FROM a\n", "FROM a"),
            ("FROM a", "FROM a\n"),
            ("", "FROM a\n"),
            ("FROM a\n", ""),
            ("a\nb\nb\nb\nc\n", "a\nb\nb\nc\nb\n"),
            ("\n\n\nx\n\n\n", "\n\nx\n\n\n\n\n"),
            (long.as_str(), longer.as_str()),
            (longer.as_str(), long.as_str()),
            (long.as_str(), ""),
            (long.as_str(), &long[..long.len() - 1]),
        ];
        for (before, after) in cases {
            assert_eq!(
                unified(before, after, "Dockerfile"),
                TextDiff::from_lines(before, after)
                    .unified_diff()
                    .context_radius(CONTEXT)
                    .header("a/Dockerfile", "b/Dockerfile")
                    .to_string(),
                "{before:?} -> {after:?}"
            );
        }
    }

    #[test]
    fn side_by_side_pairs_removed_with_added_lines_and_numbers_each_side() {
        let before = "FROM a\nRUN x\nRUN y\nCMD z\n";
        let after = "FROM a:1\nRUN x\nCMD z\nUSER 1\n";
        let mut diff = unified(before, after, "Dockerfile");
        diff.push_str(&unified("", ".git\n", ".dockerignore"));
        let rows = side_by_side(&diff);
        let line = |number, text, changed| {
            Some(SplitLine {
                number,
                text,
                changed,
            })
        };
        assert_eq!(rows[0], SplitRow::File("Dockerfile"));
        assert!(matches!(rows[1], SplitRow::Hunk(h) if h.starts_with("@@ -1,4 +1,4 @@")));
        assert_eq!(
            rows[2..7],
            [
                SplitRow::Lines {
                    old: line(1, "FROM a", true),
                    new: line(1, "FROM a:1", true)
                },
                SplitRow::Lines {
                    old: line(2, "RUN x", false),
                    new: line(2, "RUN x", false)
                },
                SplitRow::Lines {
                    old: line(3, "RUN y", true),
                    new: None
                },
                SplitRow::Lines {
                    old: line(4, "CMD z", false),
                    new: line(3, "CMD z", false)
                },
                SplitRow::Lines {
                    old: None,
                    new: line(4, "USER 1", true)
                },
            ]
        );
        // The second file: a new .dockerignore, every line on the right.
        assert_eq!(rows[7], SplitRow::File(".dockerignore"));
        assert_eq!(
            rows[9],
            SplitRow::Lines {
                old: None,
                new: line(1, ".git", true)
            }
        );
        assert_eq!(rows.len(), 10);
        assert!(side_by_side("").is_empty());
    }

    #[test]
    fn shows_the_changed_line_with_context() {
        let diff = super::unified("FROM a\nRUN x\n", "FROM a:1\nRUN x\n", "Dockerfile");
        assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@"));
        assert!(diff.contains("-FROM a\n+FROM a:1\n RUN x\n"));
        assert_eq!(super::unified("x", "x", "Dockerfile"), "");
    }

    /// The diff around the edits is the whole-file diff, whatever the edits do to lines.
    #[test]
    fn the_diff_around_edits_is_the_whole_file_diff() {
        let lines: String = (0..40).map(|i| format!("RUN step {i}\n")).collect();
        let cases: Vec<(String, Vec<Edit>)> = vec![
            ("FROM a\nRUN x\n".into(), vec![Edit::replace(5..6, "a:1")]),
            (lines.clone(), vec![Edit::insert(0, "FROM a\n")]),
            (lines.clone(), vec![Edit::insert(lines.len(), "CMD x")]),
            (
                lines.clone(),
                vec![
                    Edit::delete(11..22),
                    Edit::replace(100..105, "step\nRUN more"),
                    Edit::insert(300, "\n\n"),
                ],
            ),
            ("a\r\nb\r\n".into(), vec![Edit::replace(1..2, "")]),
            ("a\nb".into(), vec![Edit::insert(3, "\nc")]),
            ("".into(), vec![Edit::insert(0, "FROM a\n")]),
            (lines.clone(), vec![Edit::delete(0..lines.len())]),
        ];
        for (before, edits) in cases {
            let after = crate::edit::apply(&before, &edits).unwrap();
            assert_eq!(
                around_edits(&before, &after, &edits, "Dockerfile", 0),
                unified(&before, &after, "Dockerfile"),
                "{before:?} with {edits:?}"
            );
        }
    }

    /// Applies a unified diff to `before`, as `patch` would.
    fn patch(before: &str, diff: &str) -> String {
        let old = before.tokenize_lines();
        let mut out = String::new();
        let mut at = 0;
        for line in diff.split_inclusive('\n').skip(2) {
            if let Some(header) = line.strip_prefix("@@ -") {
                let range = header.split(' ').next().unwrap();
                let (start, len) = range.split_once(',').unwrap_or((range, "1"));
                let start: usize = start.parse().unwrap();
                // An empty range names the line before it.
                let start = if len == "0" { start } else { start - 1 };
                out.extend(old[at..start].iter().copied());
                at = start;
            } else if let Some(kept) = line.strip_prefix(' ') {
                assert_eq!(old[at], kept);
                out.push_str(kept);
                at += 1;
            } else if let Some(gone) = line.strip_prefix('-') {
                assert_eq!(old[at], gone);
                at += 1;
            } else if let Some(added) = line.strip_prefix('+') {
                out.push_str(added);
            }
        }
        out.extend(old[at..].iter().copied());
        out
    }

    /// Where blank lines repeat, the diff around the edits may pair them differently from
    /// the whole-file diff; it still turns the old file into the new one.
    #[test]
    fn the_diff_around_edits_turns_the_old_file_into_the_new_one() {
        let before = "FROM golang:1\n\nRUN adduser app\nENV PORT=8080\nWORKDIR /app\n\nCOPY main.go .\n\nRUN go build -o main .\n\nUSER 10001\nCMD [\"./main\"]\n";
        let from = before.find("golang:1").unwrap();
        let adduser = before.find("RUN adduser").unwrap();
        let build = before.find("RUN go build").unwrap();
        let edits = vec![
            Edit::insert(
                0,
                "FROM golang:1 AS builder\nENV PORT=8080\nRUN go build -o main .\n\n",
            ),
            Edit::replace(from..from + 8, "distroless"),
            Edit::delete(adduser..adduser + 16),
            Edit::replace(build..build + 22, "COPY --from=builder /app/main /app/main"),
        ];
        let after = crate::edit::apply(before, &edits).unwrap();
        let diff = around_edits(before, &after, &edits, "Dockerfile", 0);
        assert_eq!(patch(before, &diff), after, "{diff}");
        assert_eq!(patch(before, &unified(before, &after, "Dockerfile")), after);
        let blank = vec![Edit::insert(2, "\n")];
        let after = crate::edit::apply("a\n\n\nb\n", &blank).unwrap();
        let diff = around_edits("a\n\n\nb\n", &after, &blank, "Dockerfile", 0);
        assert_eq!(patch("a\n\n\nb\n", &diff), after, "{diff}");
    }

    /// Every line of a long file changed, one edit per line and one edit for all of them:
    /// each is a correct diff, made without comparing every line with every other.
    #[test]
    fn a_change_to_every_line_of_a_long_file_is_diffed_line_by_line() {
        let before: String = (0..5000)
            .map(|i| format!("RUN pip install p{i}\n"))
            .collect();
        let mut per_line = Vec::new();
        let mut at = 0;
        for line in before.split_inclusive('\n') {
            per_line.push(Edit::insert(
                at + "RUN pip install".len(),
                " --no-cache-dir",
            ));
            at += line.len();
        }
        let after = crate::edit::apply(&before, &per_line).unwrap();
        let diff = unified_edits(&before, &after, &per_line, "Dockerfile");
        assert_eq!(patch(&before, &diff), after);
        assert!(diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5000 +1,5000 @@\n-RUN pip install p0\n+RUN pip install --no-cache-dir p0\n-RUN pip install p1\n"), "{}", &diff[..300]);
        let one = vec![Edit::replace(0..before.len(), after.clone())];
        let diff = unified_edits(&before, &after, &one, "Dockerfile");
        assert_eq!(patch(&before, &diff), after);
    }

    #[test]
    fn edits_that_do_not_describe_the_result_fall_back_to_the_whole_file() {
        let wrong = vec![Edit::insert(0, "x")];
        assert_eq!(
            around_edits("a\nb\n", "a\nc\n", &wrong, "f", 0),
            unified("a\nb\n", "a\nc\n", "f")
        );
    }
}
