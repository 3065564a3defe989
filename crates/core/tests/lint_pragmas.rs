//! BuildKit's `# check=` directive against hadolint's rules: each silences only its own.

use stagecraft_core::lint::lint;

fn codes(source: &str) -> Vec<&'static str> {
    lint(source).into_iter().map(|f| f.code).collect()
}

const FILE: &str = "FROM debian:12 as build\nRUN apt-get update && apt-get install -y curl\n";

#[test]
fn without_the_directive_both_kinds_report() {
    let found = codes(FILE);
    assert!(found.contains(&"FromAsCasing"), "{found:?}");
    assert!(found.contains(&"DL3008"), "{found:?}");
}

#[test]
fn skip_all_turns_off_buildkit_checks_but_not_hadolint_rules() {
    let found = codes(&format!("# check=skip=all\n{FILE}"));
    assert!(!found.contains(&"FromAsCasing"), "{found:?}");
    assert!(found.contains(&"DL3008"), "{found:?}");
    assert!(found.contains(&"DL3015"), "{found:?}");
}

#[test]
fn skipping_one_check_by_name_leaves_the_others() {
    let found = codes(&format!("# check=skip=FromAsCasing\n{FILE}"));
    assert!(!found.contains(&"FromAsCasing"), "{found:?}");
    assert!(found.contains(&"DL3008"), "{found:?}");
}
