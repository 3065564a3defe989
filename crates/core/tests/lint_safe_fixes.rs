//! Safe fixes never repair a misreading: applying every safe fix (`--fix`, the page's "fix all
//! safe") to every corpus file, golden rewrite input and size fixture never edits text the
//! author meant as a comment, and never leaves more findings than there were.
//!
//! What counts as a comment is read here independently of STG007: a line whose first
//! non-blank character is `#`, and on any instruction line the text from an unquoted ` #`
//! (or tab `#`) to the end of the line. The second is what Docker reads as arguments on
//! `COPY`/`FROM`/`ENV`... lines, and the shell reads as a comment in `RUN`; either way the
//! author wrote it as a comment, and a fix must not append to it or change its words.

use std::ops::Range;
use std::path::{Path, PathBuf};

use stagecraft_core::edit::Edit;
use stagecraft_core::lint::{self, Applicability, Finding};

fn read_dir_files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(read_dir_files(&path, keep));
        } else if keep(&path) {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            out.push((path.display().to_string(), text));
        }
    }
    out
}

/// The corpus, the rewrite engine's golden inputs and the size fixtures.
fn files() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../../shared/corpus/real");
    assert!(
        corpus.is_dir(),
        "the shared corpus is missing: expected {}",
        corpus.display()
    );
    let mut out = read_dir_files(&corpus, &|_| true);
    out.extend(read_dir_files(&root.join("tests/rewrite"), &|p| {
        p.to_string_lossy().ends_with(".before.Dockerfile")
    }));
    out.extend(read_dir_files(&root.join("tests/fixtures"), &|p| {
        p.extension().is_some_and(|e| e == "Dockerfile")
    }));
    out.sort();
    out
}

/// Byte ranges of the text the author wrote as comments (see the module comment). A range
/// ends before the line break.
fn comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') {
            out.push(offset + (body.len() - trimmed.len())..offset + body.len());
        } else {
            let (mut single, mut double) = (false, false);
            let mut previous = ' ';
            for (i, c) in body.char_indices() {
                match c {
                    '\'' if !double => single = !single,
                    '"' if !single => double = !double,
                    '#' if !single && !double && (previous == ' ' || previous == '\t') && i > 0 => {
                        out.push(offset + i..offset + body.len());
                        break;
                    }
                    _ => {}
                }
                previous = c;
            }
        }
        offset += line.len();
    }
    out
}

/// Whether an edit changes a comment: replaces any of its bytes, or inserts inside it or at
/// its end (appending to the comment's last word, as DL3021 once did).
fn edits_comment(edit: &Edit, comment: &Range<usize>) -> bool {
    let (start, end) = (edit.span.start, edit.span.end);
    if start == end {
        comment.start < start && start <= comment.end
    } else {
        start < comment.end && end > comment.start
    }
}

/// The edits one `--fix` round applies: the same choice `lint::apply_fixes` makes.
fn safe_round(text: &str, findings: &[Finding]) -> Vec<(&'static str, Edit)> {
    let mut chosen: Vec<(&'static str, Edit)> = Vec::new();
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|f| f.applicability == Applicability::Safe)
        else {
            continue;
        };
        let clashes = fix
            .edits
            .iter()
            .any(|e| chosen.iter().any(|(_, c)| e.overlaps(c)) || !e.fits(text));
        if clashes {
            continue;
        }
        chosen.extend(fix.edits.iter().map(|e| (finding.code, e.clone())));
    }
    chosen
}

#[test]
fn safe_fixes_leave_comments_alone_and_findings_never_grow() {
    let mut problems = Vec::new();
    let mut rounds_applied = 0;
    let mut files_with_trailing_hash = 0;
    for (path, source) in files() {
        let mut text = source.clone();
        let original = lint::lint(&source).len();
        let mut previous = original;
        if comments(&source).iter().any(|c| {
            source[..c.start].ends_with([' ', '\t'])
                && !source[..c.start].trim_end().ends_with('\n')
        }) {
            files_with_trailing_hash += 1;
        }
        for round in 0..10 {
            let findings = lint::lint(&text);
            let chosen = safe_round(&text, &findings);
            if chosen.is_empty() {
                break;
            }
            let ranges = comments(&text);
            for (code, edit) in &chosen {
                if let Some(comment) = ranges.iter().find(|c| edits_comment(edit, c)) {
                    problems.push(format!(
                        "{path}: round {round}: {code}'s safe fix edits the comment `{}` ({:?} → {:?})",
                        &text[comment.clone()],
                        &text[edit.span.start..edit.span.end],
                        edit.replacement
                    ));
                }
            }
            let (next, applied) = lint::apply_fixes(&text, &findings, Applicability::Safe);
            assert_eq!(
                applied > 0,
                !chosen.is_empty(),
                "{path}: the test's choice differs from apply_fixes"
            );
            rounds_applied += 1;
            text = next;
            let now = lint::lint(&text).len();
            if now > previous {
                problems.push(format!(
                    "{path}: round {round}: findings grew from {previous} to {now} after safe fixes by {:?}",
                    chosen.iter().map(|(c, _)| *c).collect::<Vec<_>>()
                ));
            }
            previous = now;
        }
        if previous > original {
            problems.push(format!(
                "{path}: {original} findings before --fix, {previous} after"
            ));
        }
    }
    assert!(
        rounds_applied > 100,
        "too few fix rounds ran: {rounds_applied}"
    );
    assert!(
        files_with_trailing_hash > 0,
        "no file had a trailing `#`: the test proves nothing"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The workshop case: `--fix` used to append `/` to `tests` inside the comment (DL3021).
#[test]
fn the_copy_with_a_trailing_comment_keeps_its_comment() {
    let source = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .   # copies everything including .git, __pycache__, tests\nCMD [\"python\", \"app.py\"]\n";
    let (fixed, applied) =
        lint::fix::fix_all(source, lint::Options::default(), Applicability::Safe);
    assert_eq!(applied, 0);
    assert_eq!(fixed, source);
    let findings = lint::lint(source);
    let dl3021 = findings
        .iter()
        .find(|f| f.code == "DL3021")
        .expect("DL3021 still reports");
    assert!(
        dl3021.fixes.iter().all(|f| f.edits.is_empty()),
        "{:?}",
        dl3021.fixes
    );
    // STG007's own fix moves the text to a comment line, keeping its words.
    let (moved, _) = lint::fix::fix_all(source, lint::Options::default(), Applicability::Unsafe);
    assert!(
        moved.contains("# copies everything including .git, __pycache__, tests\nCOPY . .\n"),
        "{moved}"
    );
}
