//! Every rule's fix, applied to every corpus file where the rule fires, gives a file that
//! still parses as well as before and no longer has the fixed finding.

use std::path::PathBuf;

use stagecraft_core::lint::{self, apply_fixes, Applicability, Finding};

fn corpus_files() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(
        dir.is_dir(),
        "the shared corpus is missing: expected {}",
        dir.display()
    );
    let mut out = Vec::new();
    for repo in std::fs::read_dir(&dir).unwrap() {
        for file in std::fs::read_dir(repo.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            out.push((path.display().to_string(), text));
        }
    }
    out.sort();
    out
}

fn fixable(f: &Finding) -> bool {
    f.fixes
        .iter()
        .any(|x| x.applicability != Applicability::DisplayOnly)
}

#[test]
fn fixes_apply_cleanly_on_the_corpus() {
    let mut problems = Vec::new();
    let mut applied_total = 0;
    for (path, source) in corpus_files() {
        let before_errors = stagecraft_core::parse(&source).errors().len();
        let findings = lint::lint(&source);
        let mut codes: Vec<&str> = findings
            .iter()
            .filter(|f| fixable(f))
            .map(|f| f.code)
            .collect();
        codes.dedup();
        codes.sort();
        codes.dedup();
        for code in codes {
            // Fix one rule at a time, repeating while fixes apply (overlapping ones wait).
            let mut text = source.clone();
            for _ in 0..20 {
                let mine: Vec<Finding> = lint::lint(&text)
                    .into_iter()
                    .filter(|f| f.code == code)
                    .collect();
                let (next, applied) = apply_fixes(&text, &mine, Applicability::Unsafe);
                if applied == 0 {
                    break;
                }
                applied_total += applied;
                text = next;
            }
            let after_errors = stagecraft_core::parse(&text).errors().len();
            if after_errors > before_errors {
                problems.push(format!("{path}: {code} fix broke parsing:\n{text}"));
            }
            let left: Vec<Finding> = lint::lint(&text)
                .into_iter()
                .filter(|f| f.code == code && fixable(f))
                .collect();
            if !left.is_empty() {
                problems.push(format!(
                    "{path}: {code} still fixable after fixing, line {}",
                    left[0].line
                ));
            }
        }
    }
    assert!(
        applied_total > 100,
        "too few fixes applied: {applied_total}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
