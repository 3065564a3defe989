//! Snapshots of the tree for the tricky files in `fixtures/syntax/`, one per parser feature.
//! Each dump shows what later code relies on: kinds, lines, flags (typed), values, heredocs,
//! the shell view, stages with resolved bases, errors and warnings with positions.

use std::fmt::Write;
use std::path::PathBuf;

use stagecraft_core::syntax::{parse, Dockerfile, ElementKind, Instruction, InstructionKind};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/syntax")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Long texts are cut so snapshots stay readable.
fn short(text: &str) -> String {
    let escaped = format!("{text:?}");
    if escaped.chars().count() > 90 {
        let cut: String = escaped.chars().take(80).collect();
        format!("{cut}…({} bytes)", text.len())
    } else {
        escaped
    }
}

fn dump_instruction(out: &mut String, file: &Dockerfile, instruction: &Instruction, indent: &str) {
    let start = file.position(instruction.span.start);
    let _ = writeln!(
        out,
        "{indent}{} `{}` lines {}-{} at {}:{}{}",
        instruction.kind(),
        instruction.keyword,
        instruction.start_line,
        instruction.end_line,
        start.line,
        start.column,
        if instruction.json { " json" } else { "" }
    );
    for flag in &instruction.flags {
        let _ = writeln!(
            out,
            "{indent}  flag {} = {:?} [{}]",
            flag.name,
            flag.value,
            short(file.text(flag.span))
        );
    }
    for word in &instruction.values {
        let _ = writeln!(
            out,
            "{indent}  value {} [{}]",
            short(&word.text),
            short(file.text(word.span))
        );
    }
    for heredoc in &instruction.heredocs {
        let _ = writeln!(
            out,
            "{indent}  heredoc {:?} fd={} chomp={} expand={} content={} terminator=[{}]",
            heredoc.name,
            heredoc.file_descriptor,
            heredoc.chomp,
            heredoc.expand,
            short(&heredoc.content),
            short(file.text(heredoc.terminator_span))
        );
    }
    match instruction.kind() {
        InstructionKind::Run => {
            let (options, errors) = instruction.run_options();
            for mount in &options.mounts {
                let _ = writeln!(out, "{indent}  mount {:?} target={:?} source={:?} id={:?} sharing={:?} required={:?} size={:?}",
                    mount.kind, mount.target, mount.source, mount.id, mount.sharing, mount.required, mount.size);
            }
            if options.network.is_some() || options.security.is_some() {
                let _ = writeln!(
                    out,
                    "{indent}  network={:?} security={:?}",
                    options.network, options.security
                );
            }
            for error in errors {
                let _ = writeln!(out, "{indent}  flag error: {}", error.message);
            }
        }
        InstructionKind::Copy | InstructionKind::Add => {
            let (options, errors) = instruction.copy_options();
            if options != Default::default() {
                let _ = writeln!(out, "{indent}  {options:?}");
            }
            for error in errors {
                let _ = writeln!(out, "{indent}  flag error: {}", error.message);
            }
        }
        InstructionKind::From => {
            let _ = writeln!(
                out,
                "{indent}  {:?}",
                instruction
                    .from_options()
                    .map(|o| (o.image, o.name, o.platform))
            );
        }
        InstructionKind::Expose => {
            for port in instruction.exposed_ports() {
                let _ = writeln!(
                    out,
                    "{indent}  port {:?}-{:?}/{}",
                    port.port, port.range_end, port.protocol
                );
            }
        }
        InstructionKind::Healthcheck => {
            let _ = writeln!(out, "{indent}  {:?}", instruction.healthcheck_options());
        }
        InstructionKind::Arg => {
            for arg in instruction.arg_decls() {
                let _ = writeln!(out, "{indent}  arg {} default={:?}", arg.name, arg.default);
            }
        }
        InstructionKind::Env | InstructionKind::Label => {
            for (key, value) in instruction.key_values() {
                let _ = writeln!(out, "{indent}  pair {key:?} = {value:?}");
            }
        }
        _ => {}
    }
    for problem in instruction.unknown_flags() {
        let _ = writeln!(out, "{indent}  unknown flag: {}", problem.message);
    }
    if let Some(script) = instruction.shell_script() {
        for command in &script.commands {
            let words: Vec<&str> = command.words.iter().map(|w| w.text.as_str()).collect();
            let redirects: Vec<String> = command
                .redirects
                .iter()
                .map(|r| {
                    format!(
                        "{}{}",
                        r.operator,
                        r.target.as_ref().map_or("", |t| t.text.as_str())
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "{indent}  shell {:?} name={:?} words={words:?} redirects={redirects:?} [{}]",
                command.connector,
                command.name(),
                short(file.text(command.span))
            );
        }
    }
    if let Some(inner) = &instruction.onbuild {
        dump_instruction(out, file, inner, &format!("{indent}  onbuild: "));
    }
}

fn dump(source: &str) -> String {
    let file = parse(source);
    let mut out = String::new();
    let _ = writeln!(out, "escape {:?}", file.escape());
    for directive in file.directives() {
        let _ = writeln!(out, "directive {} = {:?}", directive.name, directive.value);
    }
    let kinds: Vec<String> = file
        .elements()
        .iter()
        .map(|e| match e.kind {
            ElementKind::ByteOrderMark => "bom".to_string(),
            ElementKind::Directive(_) => "directive".into(),
            ElementKind::Comment => "comment".into(),
            ElementKind::Blank => "blank".into(),
            ElementKind::Instruction(i) => format!("i{i}"),
            ElementKind::Invalid(i) => format!("invalid{i}"),
        })
        .collect();
    let _ = writeln!(out, "elements {}", kinds.join(" "));
    for instruction in file.instructions() {
        dump_instruction(&mut out, &file, instruction, "");
    }
    for stage in file.stages() {
        let _ = writeln!(
            out,
            "stage {} name={:?} base={:?} resolved={:?} builds_on={:?} instructions={:?}",
            stage.index,
            stage.name,
            stage.base,
            file.resolve_base(&stage).map_err(|e| e.message),
            file.base_stage(&stage),
            stage.instructions
        );
    }
    for error in file.errors() {
        let _ = writeln!(
            out,
            "error {}:{}: {}",
            error.line, error.column, error.message
        );
    }
    for warning in file.warnings() {
        let _ = writeln!(
            out,
            "warning {}:{}: {}",
            warning.line, warning.column, warning.message
        );
    }
    out
}

macro_rules! snapshot {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), dump(&fixture($file)));
        }
    };
}

snapshot!(directives, "directives.Dockerfile");
snapshot!(directive_duplicate, "directive_duplicate.Dockerfile");
snapshot!(directive_late, "directive_late.Dockerfile");
snapshot!(escape_invalid, "escape_invalid.Dockerfile");
snapshot!(continuations, "continuations.Dockerfile");
snapshot!(crlf_bom, "crlf_bom.Dockerfile");
snapshot!(heredocs, "heredocs.Dockerfile");
snapshot!(heredoc_unterminated, "heredoc_unterminated.Dockerfile");
snapshot!(json_forms, "json_forms.Dockerfile");
snapshot!(json_not_strings, "json_not_strings.Dockerfile");
snapshot!(flags, "flags.Dockerfile");
snapshot!(env_arg_label, "env_arg_label.Dockerfile");
snapshot!(env_missing_value, "env_missing_value.Dockerfile");
snapshot!(onbuild_expose_unknown, "onbuild_expose_unknown.Dockerfile");
snapshot!(stages, "stages.Dockerfile");
snapshot!(shell_view, "shell_view.Dockerfile");
snapshot!(empty_and_comments, "empty_and_comments.Dockerfile");
snapshot!(lone_continuation, "lone_continuation.Dockerfile");
snapshot!(long_line, "long_line.Dockerfile");
snapshot!(unicode_keywords, "unicode_keywords.Dockerfile");
