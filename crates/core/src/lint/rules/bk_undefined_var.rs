use std::collections::HashMap;
use std::ops::Range;

use crate::lint::model::{Instr, Kind, Model};
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{pair_keys, NameSet};
use crate::lint::rules::bk_common::{
    builtin_value, expand, global_args, has_byte, variables_into, GlobalArgs, VarRef,
};
use crate::suggest::{suggest, MAX_SUGGESTION_OPTIONS};
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a variable used by an instruction that Docker expands itself (`ENV`, `ARG`
    /// defaults, `LABEL`, `COPY`, `ADD`, `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`, and
    /// `RUN --mount` options) when nothing defined it before: no `ENV` or `ARG` earlier in
    /// the stage or in the stage it builds on. `RUN`, `CMD` and `ENTRYPOINT` commands are
    /// left alone, since the shell expands those. This is BuildKit's `UndefinedVar` build
    /// check.
    ///
    /// BuildKit also knows the environment of the base image, which a linter cannot see
    /// without pulling it. So when a stage starts from an image other than `scratch`,
    /// this rule reports only the cases that are mistakes whatever the image holds: a
    /// global `ARG` not declared again inside the stage, an undeclared built-in argument
    /// (`TARGETARCH`...), and a name one typo away from a defined one (`$PAHT`). Names that
    /// official images set (`PATH`, `NODE_VERSION`, `JAVA_HOME`...) count as defined.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string without any error, so
    /// `COPY app-$VERSION.jar /app.jar` copies `app-.jar`, and `ENV PATH=$PAHT:/app/bin`
    /// loses the whole `PATH`. A global `ARG` is only visible inside a stage that declares
    /// it again with `ARG NAME`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG VERSION=1.4
    /// FROM eclipse-temurin:21-jre
    /// COPY app-$VERSION.jar /app.jar
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VERSION=1.4
    /// FROM eclipse-temurin:21-jre
    /// ARG VERSION
    /// COPY app-$VERSION.jar /app.jar
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: for a typo the fix uses the close name; for a global or built-in argument it
    /// declares `ARG NAME` at the start of the stage. Both change what the instruction
    /// expands to, which is the point, but should be reviewed.
    RULE = {
        code: "UndefinedVar",
        name: "undefined-var",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("UndefinedVar"),
        fix: Unsafe,
        check: check,
    }
}

/// Environment variables that official base images commonly set; with an unknown base
/// image, a reference to one of these is assumed to be defined by it. Sorted, and searched by
/// halves: every reference not defined in the file is asked, and a comparison with each of
/// ninety names in turn cost more than the rest of the rule's work on it (a `match` on them
/// was as quick, and 1.8 KB of the page's WASM).
const IMAGE_ENV: &[&str] = &[
    "APP_UID",
    "ASPNETCORE_HTTP_PORTS",
    "ASPNETCORE_URLS",
    "ASPNET_VERSION",
    "BUNDLE_APP_CONFIG",
    "BUNDLE_PATH",
    "BUNDLE_SILENCE_ROOT_WARNING",
    "CARGO_HOME",
    "CATALINA_HOME",
    "CGO_ENABLED",
    "CONDA_DIR",
    "CUDA_VERSION",
    "DEBIAN_FRONTEND",
    "DOTNET_RUNNING_IN_CONTAINER",
    "DOTNET_VERSION",
    "ELIXIR_VERSION",
    "ERLANG_VERSION",
    "GEM_HOME",
    "GOARCH",
    "GOLANG_VERSION",
    "GOOS",
    "GOPATH",
    "GOROOT",
    "GOTOOLCHAIN",
    "GPG_KEY",
    "GRADLE_HOME",
    "GRADLE_VERSION",
    "HOME",
    "HOSTNAME",
    "HTTPD_PREFIX",
    "HTTPD_VERSION",
    "JAVA_HOME",
    "JAVA_OPTS",
    "JAVA_VERSION",
    "JDK_VERSION",
    "JRE_VERSION",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LD_LIBRARY_PATH",
    "MAMBA_ROOT_PREFIX",
    "MARIADB_VERSION",
    "MAVEN_CONFIG",
    "MAVEN_HOME",
    "MAVEN_VERSION",
    "MONGO_VERSION",
    "MYSQL_MAJOR",
    "MYSQL_VERSION",
    "NB_GID",
    "NB_UID",
    "NB_USER",
    "NGINX_VERSION",
    "NJS_VERSION",
    "NODE_ENV",
    "NODE_VERSION",
    "NPM_CONFIG_LOGLEVEL",
    "NVIDIA_VISIBLE_DEVICES",
    "OTP_VERSION",
    "PATH",
    "PERL_VERSION",
    "PGDATA",
    "PG_MAJOR",
    "PG_VERSION",
    "PHPIZE_DEPS",
    "PHP_INI_DIR",
    "PHP_SHA256",
    "PHP_URL",
    "PHP_VERSION",
    "PKG_RELEASE",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONUNBUFFERED",
    "PYTHON_GET_PIP_URL",
    "PYTHON_PIP_VERSION",
    "PYTHON_SETUPTOOLS_VERSION",
    "PYTHON_SHA256",
    "PYTHON_VERSION",
    "REDIS_VERSION",
    "RUBY_DOWNLOAD_SHA256",
    "RUBY_MAJOR",
    "RUBY_VERSION",
    "RUSTUP_HOME",
    "RUST_VERSION",
    "R_VERSION",
    "SHELL",
    "TOMCAT_MAJOR",
    "TOMCAT_VERSION",
    "TZ",
    "USER",
    "VIRTUAL_ENV",
    "YARN_VERSION",
];

fn set_by_images(name: &str) -> bool {
    IMAGE_ENV.binary_search(&name).is_ok()
}

#[derive(Clone, Default)]
struct StageEnv<'m> {
    /// Names borrowed from the model, so a stage copies its parent's set cheaply.
    defined: NameSet<'m>,
    /// The stage chain starts at `scratch`, so every defined name is known.
    complete: bool,
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // The parts BuildKit expands of each instruction, those with a `$` only: when no
    // instruction has one (many files), there is no variable to look up and no stage env to
    // build. A RUN's script is not among them (the shell expands it), so the bulk of a file's
    // text is not searched for `$` at all.
    let mut spans = Vec::new();
    // The first such instruction: those before it are not searched again below.
    let Some(first) = model.stages.iter().find_map(|stage| {
        (stage.instructions.start + 1..stage.instructions.end)
            .find(|&i| spans_with_dollar(model, &model.instructions[i], &mut spans))
    }) else {
        return;
    };
    let globals = global_args(model);
    let mut envs: Vec<StageEnv> = Vec::new();
    // Lower-cased stage name → the last stage so far with that name, built only when a
    // `FROM` needs expanding (below) and kept from then on.
    let mut named: Option<HashMap<String, usize>> = None;
    // One list for the references of every instruction.
    let mut vars: Vec<VarRef> = Vec::new();
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let base = from.args().first().map(|w| w.text.as_str()).unwrap_or("");
        // The marks are ASCII: looked for in the bytes, where a pattern of chars cost more.
        let marked = base.bytes().any(|b| matches!(b, b'$' | b'\'' | b'"' | b'\\'));
        let (parent, complete) = if marked {
            let resolved = expand(base, &|n| globals.default_value(n));
            let named = named.get_or_insert_with(|| {
                let mut named = HashMap::new();
                for earlier in &model.stages[..stage.index] {
                    if let Some(name) = &earlier.name {
                        named.insert(name.text.to_ascii_lowercase(), earlier.index);
                    }
                }
                named
            });
            let parent = named.get(&resolved.to_ascii_lowercase()).copied();
            (parent, resolved.eq_ignore_ascii_case("scratch"))
        } else {
            // Nothing to expand (most): the model found the stage it names already, by the
            // same rule (the last stage so far of that name, in any case).
            (model.parent_stage(stage.index), base.eq_ignore_ascii_case("scratch"))
        };
        if let (Some(named), Some(name)) = (&mut named, &stage.name) {
            named.insert(name.text.to_ascii_lowercase(), stage.index);
        }
        let mut env = match parent {
            Some(p) => envs[p].clone(),
            None => StageEnv {
                defined: NameSet::default(),
                complete,
            },
        };
        env.defined.insert("PATH");
        let insert_at = model.lines.line_range(model.source, from.end_line).end;
        for index in stage.instructions.start + 1..stage.instructions.end {
            let instr = &model.instructions[index];
            // As above: a part without a `$` names no variable.
            if index >= first && spans_with_dollar(model, instr, &mut spans) {
                vars.clear();
                for span in &spans {
                    variables_into(model.source, span.clone(), model.escape, &mut vars);
                }
                for var in &vars {
                    report_if_undefined(ck, model, instr, var, &env, globals, insert_at);
                }
            }
            if matches!(instr.kind, Kind::Env | Kind::Arg) {
                for key in pair_keys(instr) {
                    env.defined.insert(key);
                }
            }
        }
        envs.push(env);
    }
}

fn report_if_undefined(
    ck: &mut Checker,
    model: &Model,
    instr: &Instr,
    var: &VarRef,
    env: &StageEnv,
    globals: &GlobalArgs,
    insert_at: usize,
) {
    let name = var.name;
    if env.defined.contains(name) {
        return;
    }
    let global = globals.contains(name);
    // The built-in arguments are the names with a value (a `match`, not a list searched).
    let builtin = builtin_value(name).is_some();
    let from_image = !env.complete && set_by_images(name);
    // What the base image may set is not reported whatever the suggestion: skip looking for one.
    if from_image && !global && !builtin {
        return;
    }
    let hint = if env.defined.len() > MAX_SUGGESTION_OPTIONS {
        None
    } else {
        suggest(name, env.defined.iter())
    };
    let sure = env.complete || global || builtin || hint.is_some();
    if !sure {
        return;
    }
    let message = match (&hint, global || builtin) {
        (Some(s), _) => format!("Usage of undefined variable `${name}` (did you mean `${s}`?)"),
        (None, true) => format!(
            "`${name}` is not defined in this stage; declare `ARG {name}` after the FROM to use it"
        ),
        (None, false) => format!("Usage of undefined variable `${name}`"),
    };
    let finding = ck.report_span(instr.line, var.span.clone(), message);
    if let Some(s) = hint {
        let text = &model.source[var.span.clone()];
        finding.add_fix(Fix::unsafe_(
            format!("Use `${s}`"),
            vec![Edit::replace(var.span.clone(), text.replacen(name, &s, 1))],
        ));
    } else if global || builtin {
        finding.add_fix(Fix::unsafe_(
            format!("Declare `ARG {name}` in this stage"),
            vec![Edit::insert(insert_at, format!("\nARG {name}"))],
        ));
    }
}

/// The spans of `instr` that BuildKit expands before running it and that have a `$` in
/// them, into `out` (emptied first; one buffer serves the whole file). Whether there is any.
// Inlined: most instructions are of a kind with nothing expanded (a RUN without flags,
// FROM, CMD), and are answered without a call; a call per instruction was half the cost.
#[inline]
fn spans_with_dollar(model: &Model, instr: &Instr, out: &mut Vec<Range<usize>>) -> bool {
    out.clear();
    let expands = match instr.kind {
        Kind::Env
        | Kind::Label
        | Kind::Workdir
        | Kind::User
        | Kind::Volume
        | Kind::Stopsignal
        | Kind::Copy
        | Kind::Add
        | Kind::Arg => true,
        Kind::Run => !instr.flags.is_empty(),
        _ => false,
    };
    expands && expanded_spans_with_dollar(model, instr, out)
}

/// [`spans_with_dollar`] of an instruction of a kind that has parts expanded. Each span is
/// kept only if it has a `$`, looked for before it is pushed.
fn expanded_spans_with_dollar(model: &Model, instr: &Instr, out: &mut Vec<Range<usize>>) -> bool {
    let source = model.source.as_bytes();
    let has_dollar = |span: &Range<usize>| source.get(span.clone()).is_some_and(has_dollar);
    let mut keep = |span: Range<usize>| {
        if has_dollar(&span) {
            out.push(span);
        }
    };
    // The text after the flags; with a heredoc, its first line only (heredoc bodies are file
    // contents or scripts, not expanded here). Cut only when there is a `$` to keep: the cut
    // span has none when the whole has none.
    let text = || {
        let mut span = instr.text_span.clone();
        if !has_dollar(&span) {
            return None;
        }
        if instr.has_heredoc() {
            let first_line_end = model.lines.line_range(model.source, instr.line).end;
            span.end = span.end.min(first_line_end).max(span.start);
        }
        Some(span)
    };
    match instr.kind {
        Kind::Env | Kind::Label | Kind::Workdir | Kind::User | Kind::Volume | Kind::Stopsignal => {
            if let Some(span) = text() {
                keep(span);
            }
        }
        Kind::Copy | Kind::Add => {
            if let Some(span) = text() {
                keep(span);
            }
            for flag in &instr.flags {
                if matches!(flag.name.as_str(), "chown" | "chmod" | "checksum") {
                    keep(flag.span.clone());
                }
            }
        }
        // The values' spans, cut from the words as `Instr::pairs` cuts them (an ARG has no
        // legacy form), where the pairs were built for every ARG of every file only to be
        // searched for a `$`. They lie in the text's span: when that has none (most), neither
        // do they, and the words are not read.
        Kind::Arg if has_dollar(&instr.text_span) => {
            for word in instr.args() {
                if let Some(at) = word.text.bytes().position(|b| b == b'=') {
                    let key_end = word.span.start + at.min(word.span.len());
                    keep((key_end + 1).min(word.span.end)..word.span.end);
                }
            }
        }
        Kind::Run => {
            for flag in &instr.flags {
                if flag.name == "mount" {
                    keep(flag.span.clone());
                }
            }
        }
        _ => {}
    }
    !out.is_empty()
}

/// Whether `text` has a `$` ([`has_byte`]).
fn has_dollar(text: &[u8]) -> bool {
    has_byte(text, b'$')
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM alpine AS base\nARG foo\nCOPY $foo .\n",
        "FROM python AS base\nARG VERSION=$PYTHON_VERSION\nRUN echo $UNKNOWN\nCMD echo $NOPE\n",
        "ARG V=1\nFROM alpine\nARG V\nENV A=$V\nFROM scratch\nENV B=1\nWORKDIR /x/$B\n",
        "FROM node:22\nCOPY $SOMETHING_FROM_THE_IMAGE /x\n",
        "FROM scratch AS a\nENV X=1\nFROM a\nCOPY $X /x\n",
        "FROM scratch\nCOPY <<EOF /x\n$NOT_EXPANDED_HERE\nEOF\n",
    ],
    fail: &[
        "FROM scratch AS base\nCOPY $foo .\n",
        "FROM alpine AS base\nENV PATH=$PAHT:/app/bin\n",
        "ARG VERSION=1.4\nFROM eclipse-temurin:21-jre\nCOPY app-$VERSION.jar /app.jar\n",
        "FROM alpine\nCOPY bin-${TARGETARCH} /bin/app\n",
        "FROM scratch\nARG VERSION=$foo\n",
        "FROM alpine\nARG TOOL_NAME=pip\nRUN --mount=type=cache,target=/root/.cache/$TOOL_NAEM echo\n",
    ],
    fix: &[
        (
            "ARG VERSION=1.4\nFROM eclipse-temurin:21-jre\nCOPY app-$VERSION.jar /app.jar\n",
            "ARG VERSION=1.4\nFROM eclipse-temurin:21-jre\nARG VERSION\nCOPY app-$VERSION.jar /app.jar\n",
        ),
        (
            "FROM alpine\nENV PATH=${PAHT}:/app/bin\n",
            "FROM alpine\nENV PATH=${PATH}:/app/bin\n",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::has_dollar;
    use crate::lint::rules::bk_common::{builtin_value, BUILTIN_ARGS};

    #[test]
    fn the_builtin_arguments_are_those_with_a_value() {
        for name in BUILTIN_ARGS {
            assert!(builtin_value(name).is_some(), "{name}");
        }
        for name in ["PATH", "TARGETARC", "targetarch", "", "BUILDPLATFORMS"] {
            assert!(builtin_value(name).is_none(), "{name}");
        }
    }

    #[test]
    fn finds_a_dollar_wherever_it_is() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert!(!has_dollar(&plain));
            for at in 0..len {
                let mut text = plain.clone();
                text[at] = b'$';
                assert!(has_dollar(&text), "{len} {at}");
                // Bytes next to `$` in value (`#`, `%`) and high bytes are not taken for it.
                text[at] = [b'#', b'%', 0xA4, 0x24 | 0x80][at % 4];
                assert!(!has_dollar(&text), "{len} {at}");
            }
        }
    }

    /// The first place of a byte, eight bytes at a time, is where a look at each finds it.
    #[test]
    fn finds_the_first_byte_wherever_it_is() {
        use crate::lint::rules::bk_common::{find_byte, find_either};
        for len in 0..40 {
            let mut text = vec![b'a'; len];
            assert_eq!(find_byte(&text, b'='), None);
            for at in (0..len).rev() {
                text[at] = b'=';
                // `<` and `}` differ from `=` in one bit; high bytes in the case bit.
                if at + 1 < len {
                    text[at + 1] = [b'<', b'}', 0xBD, b'='][at % 4];
                }
                assert_eq!(find_byte(&text, b'='), Some(at), "{len} {at}");
                assert_eq!(find_either(&text, b'~', b'='), Some(at), "{len} {at}");
                let mut tilde = text.clone();
                tilde[at] = b'~';
                assert_eq!(find_either(&tilde, b'=', b'~'), Some(at), "{len} {at}");
            }
        }
    }

    #[test]
    fn image_env_is_sorted_for_its_search() {
        assert!(super::IMAGE_ENV.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(super::set_by_images("PATH") && super::set_by_images("NB_GID"));
        assert!(!super::set_by_images("MY_OWN_VAR"));
    }
}
