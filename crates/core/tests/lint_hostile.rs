//! Shapes that only the linter walks in a way that could go quadratic, beside the shared
//! hostile suite (`hostile.rs`, every entry point): each is linted under a hang guard.
//! Speed itself is measured by `cargo bench -p stagecraft-core --bench lint`.

use std::sync::mpsc;
use std::time::Duration;

use stagecraft_core::lint;

/// Only against hangs: the quadratic walk this file guards against took 13 s optimized on
/// 40,000 stages; its speed is measured by the `lint` bench (`from_chain`).
const HANG_GUARD: Duration = Duration::from_secs(10);

fn lint_guarded(text: String) -> Vec<lint::Finding> {
    let (done, wait) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(lint::lint(&text));
    });
    wait.recv_timeout(HANG_GUARD)
        .expect("lint did not finish within the hang guard")
}

/// 4,000 stages (about 100 KB) keep the dev-profile test quick; the bench times 1 MB.
const STAGES: usize = 4_000;

fn chain(root_user: &str) -> String {
    let mut text = format!("FROM alpine:3.20 AS s0\n{root_user}");
    for i in 1..STAGES {
        text.push_str(&format!("FROM s{} AS s{i}\nRUN echo {i}\n", i - 1));
    }
    text
}

/// Every stage built `FROM` the one before: rules that follow a stage's parents (STG001,
/// STG003, STG005, STG009) once searched the whole chain at each step. The chain must still
/// be followed to its root: a `USER` set 4,000 stages up keeps the final stage non-root.
#[test]
fn stages_each_built_from_the_one_before() {
    let codes = |findings: Vec<lint::Finding>| -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    };
    let as_root = codes(lint_guarded(chain("")));
    assert!(as_root.contains(&"STG003"), "{as_root:?}");
    let as_app = codes(lint_guarded(chain("USER app\n")));
    assert!(!as_app.contains(&"STG003"), "{as_app:?}");
}
