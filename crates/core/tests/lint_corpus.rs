//! Differential test against hadolint 2.15.1 on the shared corpus: for every DL rule we
//! implement, precision and recall of our findings matched by (file, line, code).
//!
//! Run `cargo test -p stagecraft-core --test lint_corpus -- --nocapture` to see the table.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use stagecraft_core::lint::{self, rules};

fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        dir.join("hadolint.jsonl").is_file(),
        "the shared corpus is missing: expected {} (a copy of shared/ beside the repository)",
        dir.display()
    );
    dir
}

struct Expected {
    file: String,
    findings: Vec<(String, usize)>,
}

fn hadolint_results() -> Vec<Expected> {
    let text = std::fs::read_to_string(corpus_dir().join("hadolint.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            Expected {
                file: v["file"].as_str().unwrap().to_string(),
                findings: v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        (
                            f["code"].as_str().unwrap().to_string(),
                            f["line"].as_u64().unwrap() as usize,
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Files hadolint could not parse (DL1000): it reports nothing else for them, so they say
/// nothing about our rules. Their parser rejects heredoc comments, `--mount` without
/// `target=`, and other things BuildKit accepts.
fn hadolint_failed(expected: &Expected) -> bool {
    expected.findings.iter().any(|(code, _)| code == "DL1000")
}

#[derive(Default, Clone, Copy)]
struct Score {
    expected: usize,
    ours: usize,
    matched: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.ours == 0 {
            1.0
        } else {
            self.matched as f64 / self.ours as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.matched as f64 / self.expected as f64
        }
    }
}

/// Differences kept on purpose, each with the reason (file, line, code).
const INTENDED: &[(&str, usize, &str, &str)] = &[
    // `CMD [ "\/usr\\\"/bin/znc", "-f", "-r" ]` is valid JSON (`\/` is a JSON escape);
    // BuildKit's parser (buildkit.jsonl) reads it as exec form, so it is not shell form.
    (
        "real/PacktPublishing__Docker-for-Serverless-Applications/ch_operating__authz__vendor__github.com__docker__docker__builder__dockerfile__parser__testfiles__escapes__Dockerfile",
        14,
        "DL3025",
        "valid JSON exec form per BuildKit",
    ),
    (
        "real/PacktPublishing__Docker-for-Serverless-Applications/ch_operating__faas-swarm__vendor__github.com__docker__docker__builder__dockerfile__parser__testfiles__escapes__Dockerfile",
        14,
        "DL3025",
        "valid JSON exec form per BuildKit",
    ),
];

#[test]
fn agrees_with_hadolint_per_rule() {
    let dir = corpus_dir();
    // DL1000 is about parsers, not rules: hadolint's parser rejects files BuildKit accepts
    // (heredoc comments, `--mount` without target...). Our parser is compared with
    // BuildKit's in the parser's own differential test.
    let implemented: BTreeSet<&str> = rules::all()
        .iter()
        .filter_map(|r| r.hadolint)
        .filter(|code| *code != "DL1000")
        .collect();
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut misses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut extras: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let intended: HashMap<(&str, usize, &str), &str> = INTENDED
        .iter()
        .map(|(f, l, c, why)| ((*f, *l, *c), *why))
        .collect();
    for expected in hadolint_results() {
        if hadolint_failed(&expected) {
            continue;
        }
        let bytes = std::fs::read(dir.join(&expected.file)).unwrap();
        let source = String::from_utf8_lossy(&bytes);
        let ours: BTreeSet<(String, usize)> = lint::lint(&source)
            .into_iter()
            .filter_map(|f| {
                let code = f.code;
                let hadolint = rules::find(code).and_then(|r| r.hadolint)?;
                Some((hadolint.to_string(), f.line))
            })
            .filter(|(c, l)| !intended.contains_key(&(expected.file.as_str(), *l, c.as_str())))
            .collect();
        let theirs: BTreeSet<(String, usize)> = expected
            .findings
            .iter()
            .filter(|(c, _)| implemented.contains(c.as_str()))
            .filter(|(c, l)| !intended.contains_key(&(expected.file.as_str(), *l, c.as_str())))
            .cloned()
            .collect();
        for code in &implemented {
            let s = scores.entry(code).or_default();
            let o: BTreeSet<_> = ours.iter().filter(|(c, _)| c == code).collect();
            let t: BTreeSet<_> = theirs.iter().filter(|(c, _)| c == code).collect();
            s.ours += o.len();
            s.expected += t.len();
            s.matched += o.intersection(&t).count();
            for (_, line) in t.difference(&o) {
                misses
                    .entry(code)
                    .or_default()
                    .push(format!("{}:{line}", expected.file));
            }
            for (_, line) in o.difference(&t) {
                extras
                    .entry(code)
                    .or_default()
                    .push(format!("{}:{line}", expected.file));
            }
        }
    }
    println!(
        "\n{:<8} {:>9} {:>6} {:>7} {:>9} {:>7}",
        "rule", "hadolint", "ours", "matched", "precision", "recall"
    );
    for (code, s) in &scores {
        println!(
            "{:<8} {:>9} {:>6} {:>7} {:>8.1}% {:>6.1}%",
            code,
            s.expected,
            s.ours,
            s.matched,
            100.0 * s.precision(),
            100.0 * s.recall()
        );
    }
    if std::env::var_os("LINT_CORPUS_DETAILS").is_some() {
        for (code, list) in &misses {
            for m in list {
                println!("missed {code} {m}");
            }
        }
        for (code, list) in &extras {
            for m in list {
                println!("extra  {code} {m}");
            }
        }
    }
    let mut below = Vec::new();
    for (code, s) in &scores {
        let (p, r) = floor(code);
        if s.precision() < p || s.recall() < r {
            below.push(format!(
                "{code}: precision {:.3} (floor {p}), recall {:.3} (floor {r})",
                s.precision(),
                s.recall()
            ));
        }
    }
    // Name the files and lines behind a drop, for whoever changed the parser or a rule.
    for code in below.iter().filter_map(|b| b.split(':').next()) {
        for m in misses.get(code).into_iter().flatten().take(5) {
            eprintln!("missed {code} {m}");
        }
        for m in extras.get(code).into_iter().flatten().take(5) {
            eprintln!("extra  {code} {m}");
        }
    }
    assert!(
        below.is_empty(),
        "rules below their floor:\n{}",
        below.join("\n")
    );
}

/// Rules held to a lower floor than the default, with the reason. Empty: every
/// implemented rule agrees with hadolint on every corpus finding (after the named
/// `INTENDED` differences), so the default floor is what we reach: 100%.
const LOWER_FLOORS: &[(&str, f64, f64, &str)] = &[];

/// The floor each rule is held to: `(precision, recall)`. The issue's target is 0.95; we
/// hold the 1.0 we reach, so any drift shows up as a named file and line.
fn floor(code: &str) -> (f64, f64) {
    LOWER_FLOORS
        .iter()
        .find(|(c, ..)| *c == code)
        .map_or((1.0, 1.0), |(_, p, r, _)| (*p, *r))
}
