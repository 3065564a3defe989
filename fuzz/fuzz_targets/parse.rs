//! Every entry point on arbitrary bytes: the parser must never panic, the tree must print
//! back to the input, every derived view (shell, flags, stages, expansion) must hold up, and
//! lint, the size estimate, the cache plan and the page's `analyze` must finish. `cargo xtask
//! fuzz` runs it with libFuzzer's `-timeout`, so an input that makes any of them slow (a
//! quadratic or exponential path) is reported and saved like a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stagecraft_core::lint;
use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::size::{self, Change, EstimateInputs};
use stagecraft_core::syntax::{expand, parse, ElementKind};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let file = parse(&source);
    assert_eq!(file.to_source(), source, "the tree prints back to the input");
    let mut offset = 0;
    for element in file.elements() {
        assert_eq!(element.span.start, offset, "elements are contiguous");
        offset = element.span.end;
        if let ElementKind::Instruction(index) = element.kind {
            let instruction = &file.instructions()[index];
            assert!(element.span.contains(instruction.span));
            for word in &instruction.values {
                assert!(source.is_char_boundary(word.span.start));
                assert!(source.is_char_boundary(word.span.end));
                let _ = expand(&word.text, &|_| None);
            }
            if let Some(script) = instruction.shell_script() {
                for command in &script.commands {
                    let _ = (command.name(), command.has_flag("-y"));
                }
            }
            let _ = (instruction.run_options(), instruction.copy_options());
            let _ = (instruction.healthcheck_options(), instruction.unknown_flags());
        }
    }
    assert_eq!(offset, source.len(), "elements cover the input");
    for stage in file.stages() {
        let _ = (file.resolve_base(&stage), file.base_stage(&stage));
    }
    for error in file.errors() {
        let _ = file.position(error.span.start);
    }

    let findings = lint::lint(&source);
    for finding in &findings {
        assert!(finding.line >= 1, "findings have a line");
    }
    let inputs = EstimateInputs::default();
    let estimate = size::estimate(&file, &inputs);
    assert!(estimate.image.low <= estimate.image.high, "a size range is a range");
    let _ = size::cache_plan(&file, &inputs, Change::Code);
    // The page's view, with the input also read as its side files.
    let analysis = playground::analyze(&Inputs {
        dockerfile: source.to_string(),
        dockerignore: source.to_string(),
        requirements: source.to_string(),
        ..Inputs::default()
    });
    assert_eq!(analysis.findings.len(), findings.len(), "the page and lint agree");
});
