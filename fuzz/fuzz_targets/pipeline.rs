//! The whole engine on arbitrary bytes: parse → lint → size estimate and cache plan →
//! rewrite plan. Nothing may panic, and every file the rewrite hands on must parse.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft_core::rewrite::{self, Manifests, Options, Status};
use stagecraft_core::size::{cache_plan, estimate, Change, EstimateInputs};
use stagecraft_core::{lint, parse};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let file = parse(&source);
    let _ = lint::lint(&source);
    let inputs = EstimateInputs::default();
    let _ = estimate(&file, &inputs);
    let _ = cache_plan(&file, &inputs, Change::Code);
    // Half the inputs also take the opt-in steps (the distroless runtime, a health path).
    let options = if data.len() % 2 == 1 {
        Options {
            distroless: true,
            health_path: Some("/healthz".into()),
            ..Options::default()
        }
    } else {
        Options::default()
    };
    let plan = rewrite::plan(&source, &Manifests::default(), &options);
    if !file.errors().is_empty() {
        assert!(plan.steps.is_empty(), "a file with parse errors is never rewritten");
        return;
    }
    for step in plan.steps.iter().filter(|s| s.status == Status::Applied) {
        assert!(
            parse(&step.dockerfile).errors().is_empty(),
            "{} handed on a file that does not parse",
            step.id
        );
    }
});
