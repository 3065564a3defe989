//! Differential test: our parser against BuildKit's own (v0.12.5, `buildkit.jsonl`) on every
//! file of the shared corpus. Same accept/reject, and for accepted files the same
//! instructions: keyword as spelled, ONBUILD's inner keyword, JSON form, start and end line,
//! flags, values and heredocs.
//!
//! Every file where we knowingly differ is listed in `KNOWN_DIFFERENCES` with the reason, and
//! has its own test below proving the difference is still exactly that one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};
use stagecraft_core::syntax::{parse, Dockerfile, Instruction};

/// Files where we disagree with BuildKit v0.12.5 on purpose: (file, why we are right).
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        dir.join("buildkit.jsonl").is_file(),
        "the shared corpus is missing: expected {} (clone shared/ beside the repository)",
        dir.display()
    );
    dir
}

/// One line of `buildkit.jsonl`.
struct Reference {
    file: String,
    ok: bool,
    error: Option<String>,
    instructions: Vec<Value>,
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/syntax")
}

fn references() -> Vec<Reference> {
    references_in(&corpus_dir())
}

/// Reads `dir/buildkit.jsonl`; its `file` fields are relative to `dir`.
fn references_in(dir: &std::path::Path) -> Vec<Reference> {
    let text = std::fs::read_to_string(dir.join("buildkit.jsonl")).expect("read buildkit.jsonl");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("buildkit.jsonl line is JSON");
            Reference {
                file: value["file"].as_str().expect("file").to_string(),
                ok: value["ok"].as_bool().expect("ok"),
                error: value["error"].as_str().map(str::to_string),
                instructions: value["instructions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn read_source(file: &str) -> String {
    read_source_in(&corpus_dir(), file)
}

fn read_source_in(dir: &std::path::Path, file: &str) -> String {
    let bytes = std::fs::read(dir.join(file)).expect("read corpus file");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Our instruction in the shape of a `buildkit.jsonl` instruction.
fn as_buildkit(instruction: &Instruction) -> Value {
    let heredocs = match &instruction.onbuild {
        // BuildKit's Python binding reads heredocs from ONBUILD's inner node, where BuildKit
        // never puts them, so it always reports none for ONBUILD.
        Some(_) => Vec::new(),
        None => instruction
            .heredocs
            .iter()
            .map(|h| json!({"name": h.name, "file_descriptor": h.file_descriptor, "content": h.content}))
            .collect(),
    };
    json!({
        "cmd": if instruction.keyword.is_empty() { Value::Null } else { json!(instruction.keyword.as_str()) },
        "sub_cmd": instruction.onbuild.as_ref().map(|inner| json!(inner.keyword.as_str())).unwrap_or(Value::Null),
        "json": instruction.json,
        "start_line": instruction.start_line,
        "end_line": instruction.end_line,
        "flags": instruction.flags.iter().map(|f| f.to_buildkit()).collect::<Vec<_>>(),
        "value": instruction.value_texts(),
        "heredocs": heredocs,
    })
}

/// Normalises a reference instruction to the same shape (heredocs without `expand`/`chomp`).
fn normalise(reference: &Value) -> Value {
    let heredocs: Vec<Value> = reference["heredocs"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|h| json!({"name": h["name"], "file_descriptor": h["file_descriptor"], "content": h["content"]}))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "cmd": reference["cmd"],
        "sub_cmd": reference["sub_cmd"],
        "json": reference["json"],
        "start_line": reference["start_line"],
        "end_line": reference["end_line"],
        "flags": reference["flags"],
        "value": reference["value"],
        "heredocs": heredocs,
    })
}

/// How one file compares; `None` when we agree.
fn difference(reference: &Reference, ours: &Dockerfile) -> Option<String> {
    let we_accept = ours.errors().is_empty();
    if reference.ok != we_accept {
        return Some(if reference.ok {
            format!("BuildKit accepts, we reject: {:?}", ours.errors())
        } else {
            format!("BuildKit rejects ({:?}), we accept", reference.error)
        });
    }
    if !reference.ok {
        return None;
    }
    let theirs: Vec<Value> = reference.instructions.iter().map(normalise).collect();
    let mine: Vec<Value> = ours.instructions().iter().map(as_buildkit).collect();
    if theirs.len() != mine.len() {
        return Some(format!(
            "BuildKit has {} instructions, we have {}",
            theirs.len(),
            mine.len()
        ));
    }
    theirs
        .iter()
        .zip(&mine)
        .find(|(a, b)| a != b)
        .map(|(a, b)| format!("first differing instruction:\n  BuildKit: {a}\n  ours:     {b}"))
}

#[test]
fn agrees_with_buildkit_on_every_corpus_file() {
    let references = references();
    assert!(
        references.len() >= 900,
        "expected the whole corpus, found {} files",
        references.len()
    );
    let mut agree = 0;
    let mut unexpected = BTreeMap::new();
    let mut instructions = 0;
    for reference in &references {
        let ours = parse(&read_source(&reference.file));
        instructions += ours.instructions().len();
        match difference(reference, &ours) {
            None => agree += 1,
            Some(why) => {
                if !KNOWN_DIFFERENCES
                    .iter()
                    .any(|(file, _)| *file == reference.file)
                {
                    unexpected.insert(reference.file.clone(), why);
                }
            }
        }
    }
    let total = references.len();
    println!(
        "BuildKit agreement: {agree}/{total} files ({:.2}%), {} known differences, {} unexpected; {instructions} instructions parsed",
        100.0 * agree as f64 / total as f64,
        KNOWN_DIFFERENCES.len(),
        unexpected.len()
    );
    for (file, why) in unexpected.iter().take(20) {
        println!("--- {file}\n{why}");
    }
    assert!(
        unexpected.is_empty(),
        "{} corpus files differ from BuildKit without a known reason",
        unexpected.len()
    );
    assert_eq!(
        agree + KNOWN_DIFFERENCES.len(),
        total,
        "every file either agrees or is a known difference"
    );
}

/// The tricky files written for the snapshot tests, with BuildKit's verdict recorded by the
/// same reference parser (`fixtures/syntax/buildkit.jsonl`).
#[test]
fn agrees_with_buildkit_on_tricky_fixtures() {
    let dir = fixtures_dir();
    let references = references_in(&dir);
    assert!(references.len() >= 15, "expected the tricky fixtures");
    let mut differences = Vec::new();
    for reference in &references {
        let ours = parse(&read_source_in(&dir, &reference.file));
        if let Some(why) = difference(reference, &ours) {
            differences.push(format!("--- {}\n{why}", reference.file));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// For hunting differences beyond the corpus: point `STAGECRAFT_BUILDKIT_DIR` at a folder
/// holding Dockerfiles and a `buildkit.jsonl` made by the reference parser (`pip install
/// dockerfile`, as in the corpus README), then run `cargo test --test corpus_buildkit -- --ignored`.
#[test]
#[ignore = "needs STAGECRAFT_BUILDKIT_DIR"]
fn agrees_with_buildkit_in_a_given_folder() {
    let dir = PathBuf::from(
        std::env::var("STAGECRAFT_BUILDKIT_DIR").expect("set STAGECRAFT_BUILDKIT_DIR"),
    );
    let mut references = references_in(&dir);
    // The Python binding fails to decode strings that BuildKit cut inside a UTF-8 character
    // (its byte-wise flag reader); those files tell nothing about BuildKit's verdict.
    let before = references.len();
    references.retain(|r| {
        !r.error
            .as_deref()
            .is_some_and(|e| e.starts_with("UnicodeDecodeError"))
    });
    let undecodable = before - references.len();
    let mut differences = Vec::new();
    for reference in &references {
        let ours = parse(&read_source_in(&dir, &reference.file));
        if let Some(why) = difference(reference, &ours) {
            differences.push(format!("--- {}\n{why}", reference.file));
        }
    }
    println!(
        "BuildKit agreement: {}/{} files ({undecodable} skipped: the binding could not decode them)",
        references.len() - differences.len(),
        references.len()
    );
    for difference in differences.iter().take(30) {
        println!("{difference}");
    }
    assert!(differences.is_empty(), "{} files differ", differences.len());
}
