//! The rule pages in `docs/rules/` are generated from the rules' doc comments; this test
//! fails when they are stale. Regenerate with `cargo xtask docs` (which runs this test with
//! `STAGECRAFT_UPDATE_DOCS=1`). `docs/rules/rule-docs.json`, which the page fetches, too.
#![cfg(feature = "rule-docs")]

use std::collections::BTreeSet;
use std::path::PathBuf;

use stagecraft_core::lint::docs::rendered_files;

#[test]
fn rule_docs_are_up_to_date() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let files = rendered_files();
    if std::env::var_os("STAGECRAFT_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).unwrap();
            }
        }
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let expected: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let generated = name.ends_with(".md") || name.ends_with(".json");
            if generated && !expected.contains(name.as_str()) {
                stale.push(format!("{name} belongs to no rule"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale; run `cargo xtask docs`:\n{}",
        stale.join("\n")
    );
}
