//! Parse + round-trip on arbitrary bytes: the parser must never panic, the tree must print
//! back to the input, and every derived view (shell, flags, stages, expansion) must hold up.

#![no_main]

use libfuzzer_sys::fuzz_target;
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
});
