//! What BuildKit's build checks need beyond the shared model: BuildKit's variable expansion
//! (which names a word uses, and which of them were found), its built-in build arguments,
//! image-reference validity, "did you mean" suggestions, `.dockerignore` matching, and the
//! `# check=experimental=` directive.
//!
//! Behaviour follows BuildKit's Dockerfile frontend (`frontend/dockerfile/` in moby/buildkit:
//! `shell/lex.go`, `dockerfile2llb/convert.go`, `linter/linter.go`); the code is ours.

use std::collections::HashMap;
use std::ops::Range;

use crate::lint::model::{Instr, Kind, Model};
use crate::lint::shell::Word;
use crate::size::image_ref::{valid_tag, WrittenRef};
use crate::syntax::expand::{ExpansionBudget, MAX_EXPANDED_WORD};

/// Build arguments BuildKit defines for every build; they need no `ARG` before a `FROM`.
pub const BUILTIN_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// A value for a built-in argument on a typical build machine (linux/amd64), used where a
/// check must evaluate a `FROM` "with no `--build-arg`".
pub fn builtin_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "BUILDPLATFORM" | "TARGETPLATFORM" => "linux/amd64",
        "BUILDOS" | "TARGETOS" => "linux",
        "BUILDARCH" | "TARGETARCH" => "amd64",
        "BUILDOSVERSION" | "BUILDVARIANT" | "TARGETOSVERSION" | "TARGETVARIANT" => "",
        "TARGETSTAGE" => "default",
        _ => return None,
    })
}

pub use crate::syntax::expand::Reference as VarRef;

/// The variable references in `source[range]`, as BuildKit's word expansion
/// ([`crate::syntax::expand::references`]) reads them, with spans in `source`. Comment lines
/// inside a continued instruction are skipped, as the parser drops them; each line is read
/// on its own, so a quote left open on one line does not hide the next line's references.
pub fn variables(source: &str, range: Range<usize>, escape: char) -> Vec<VarRef<'_>> {
    let mut out = Vec::new();
    variables_into(source, range, escape, &mut out);
    out
}

/// [`variables`] added to `out`: a rule reading many spans keeps one list for them all.
pub fn variables_into<'a>(
    source: &'a str,
    range: Range<usize>,
    escape: char,
    out: &mut Vec<VarRef<'a>>,
) {
    let Some(text) = source.get(range.clone()) else {
        return;
    };
    // Lines found by a byte search: the spans are short (most are one line), and a `char`
    // splitter cost more to set up than the search.
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |at| start + at + 1);
        let line = &text[start..end];
        // A line without `$` is passed over there, before any lexing.
        if start == 0 || !line.trim_start().starts_with('#') {
            crate::syntax::expand::references_into(line, escape, range.start + start, out);
        }
        start = end;
    }
}

/// Expands a word as BuildKit does for image names and platforms ([`crate::syntax::expand`]),
/// with `lookup` giving a variable's value when it is set; a word that does not lex stays as
/// written.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    crate::syntax::expand(text, lookup).unwrap_or_else(|_| text.to_string())
}

/// The global ARGs (before the first `FROM`): each name with its default after expanding
/// earlier ones (`None` when declared without a value), in order of last declaration, and
/// found by name in constant time.
#[derive(Debug, Clone, Default)]
pub struct GlobalArgs {
    args: Vec<(String, Option<String>)>,
    by_name: HashMap<String, usize>,
}

impl GlobalArgs {
    /// The ARG names in order of their last declaration.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(|(name, _)| name.as_str())
    }

    /// Whether `name` is declared before the first `FROM`.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    fn value(&self, name: &str) -> Option<String> {
        let &at = self.by_name.get(name)?;
        self.args[at].1.clone()
    }

    /// The value of a global ARG or a built-in argument when no `--build-arg` is given.
    pub fn default_value(&self, name: &str) -> Option<String> {
        if self.contains(name) {
            return self.value(name);
        }
        builtin_value(name).map(str::to_string)
    }
}

/// Reads the global ARGs. A default that would grow past the expansion limits (ARGs doubling
/// each other) is left unset, as if declared without a value, so later ARGs stay small.
/// Read once per model: three checks ask for them.
pub fn global_args<'m>(model: &'m Model) -> &'m GlobalArgs {
    model
        .buildkit_globals
        .get_or_init(|| read_global_args(model))
}

fn read_global_args(model: &Model) -> GlobalArgs {
    let budget = ExpansionBudget::for_source(model.source.len());
    let mut declared: Vec<Option<(String, Option<String>)>> = Vec::new();
    let mut globals = GlobalArgs::default();
    for instr in &model.instructions {
        if instr.stage.is_some() {
            break;
        }
        if instr.kind != crate::lint::Kind::Arg {
            continue;
        }
        for (key, value) in instr.pairs() {
            let value = value.as_ref().and_then(|v| {
                let text = expand(&v.text, &|n| {
                    globals
                        .value(n)
                        .or_else(|| builtin_value(n).map(str::to_string))
                });
                (text.len() <= MAX_EXPANDED_WORD && budget.take(text.len())).then_some(text)
            });
            if let Some(old) = globals
                .by_name
                .insert(key.text.as_str().to_owned(), declared.len())
            {
                declared[old] = None;
            }
            globals
                .args
                .push((key.text.as_str().to_owned(), value.clone()));
            declared.push(Some((key.text.as_str().to_owned(), value)));
        }
    }
    // Drop the declarations a later one replaced, keeping the order of the last ones.
    globals.args = declared.into_iter().flatten().collect();
    globals.by_name = globals
        .args
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.clone(), i))
        .collect();
    globals
}

/// Whether `text` has `byte`, read eight bytes at a time: the texts asked about (spans of
/// an instruction, the text of one) are short, and the library's search cost more to set up
/// per text than this costs in all. A text of eight bytes or more ends with its last eight
/// bytes, read again where they overlap: no byte is then read one at a time.
pub fn has_byte(text: &[u8], byte: u8) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let pattern = ONES * u64::from(byte);
    // A byte of `word` is `byte` exactly where this byte of `x` is zero, and a zero byte is
    // what sets a high bit here (the lowest such bit is exact, the only one asked).
    let found = |word: &[u8]| {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ pattern;
        x.wrapping_sub(ONES) & !x & (ONES << 7) != 0
    };
    if text.len() < 8 {
        return text.contains(&byte);
    }
    text.chunks_exact(8).any(found) || found(&text[text.len() - 8..])
}

/// Where `text` first has `byte`, read eight bytes at a time as [`has_byte`] reads them: the
/// `=` that ends a key is most often past the eighth byte (`NODE_VERSION=`), where a look at
/// each byte in turn cost several times this. The bytes after the last eight are read one by
/// one.
pub fn find_byte(text: &[u8], byte: u8) -> Option<usize> {
    find_either(text, byte, byte)
}

/// Where `text` first has `a` or `b` ([`find_byte`] of either).
#[inline]
pub fn find_either(text: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    // As in `has_byte`: the lowest bit set is at the first byte of `word` that is `byte`,
    // and so is the lowest of the two.
    let zero_at = |x: u64| x.wrapping_sub(ONES) & !x & (ONES << 7);
    let (a_pattern, b_pattern) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut chunks = text.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = zero_at(word ^ a_pattern) | zero_at(word ^ b_pattern);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == a || c == b)
        .map(|p| at + p)
}

/// `text` for quoting in a message: at most 120 characters, the rest replaced by `…` and its
/// length, so a generated word of megabytes does not become a message of megabytes.
pub fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    match text.char_indices().nth(MAX) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], text.len()),
    }
}

/// Whether `name` parses as an image reference (`[registry/]path[:tag][@digest]`), as
/// Docker's reference grammar (`distribution/reference`) defines it.
pub fn valid_reference(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 + 200 {
        return false;
    }
    let WrittenRef {
        name: path,
        tag,
        digest,
    } = WrittenRef::split(name);
    if let Some(d) = digest {
        if !valid_digest(d) {
            return false;
        }
    }
    if let Some(tag) = tag {
        if !valid_tag(tag) {
            return false;
        }
    }
    if path.is_empty() || path.len() > 255 {
        return false;
    }
    let mut components: Vec<&str> = path.split('/').collect();
    if components.len() > 1 {
        let first = components[0];
        let is_domain = first.contains('.')
            || first.contains(':')
            || first == "localhost"
            || first.chars().any(|c| c.is_ascii_uppercase());
        if is_domain {
            if !valid_domain(first) {
                return false;
            }
            components.remove(0);
        }
    }
    // A bare 64-hex name is an image ID, which Docker refuses as a repository name.
    if components.len() == 1
        && components[0].len() == 64
        && components[0].chars().all(|c| c.is_ascii_hexdigit())
    {
        return false;
    }
    components.iter().all(|c| valid_path_component(c))
}

fn valid_path_component(c: &str) -> bool {
    // [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)*
    let bytes = c.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = if d.starts_with('[') {
        match d.find(']') {
            Some(end) => (&d[..=end], d[end + 1..].strip_prefix(':')),
            None => return false,
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    if host.starts_with('[') {
        return host.len() > 2;
    }
    !host.is_empty()
        && host.split('.').all(|part| {
            !part.is_empty()
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !part.starts_with('-')
                && !part.ends_with('-')
        })
}

fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    !alg.is_empty()
        && alg.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && alg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
        && hex.len() >= 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether the file's leading `# check=experimental=...` directive turns on `name`
/// (BuildKit's experimental checks are off unless asked for).
pub fn experimental_enabled(model: &Model, name: &str) -> bool {
    let first = model.instructions.first().map_or(usize::MAX, |i| i.line);
    // The comments are in the order of the text: those from the first instruction on are
    // not read at all (most of a file's comments).
    model
        .comments
        .iter()
        .take_while(|c| c.line < first)
        .filter(|c| may_start_with_check(c.text) && crate::lint::pragma::starts_with_check(c.text))
        .filter_map(|c| {
            let (key, value) = c.text.split_once('=')?;
            key.trim().eq_ignore_ascii_case("check").then_some(value)
        })
        .flat_map(|value| value.split(';'))
        .filter_map(|part| part.split_once('='))
        .filter(|(k, _)| k.trim() == "experimental")
        .flat_map(|(_, v)| v.split(','))
        .any(|v| v.trim() == "all" || v.trim() == name)
}

/// Whether `text` may start with `check` after blanks ([`crate::lint::pragma::starts_with_check`]
/// says): not when its first byte past ASCII blanks is another ASCII character. The leading
/// comments (licence headers, descriptions) are passed over here, where trimming each as
/// `str::trim_start` does (any Unicode blank) cost more than the rest of the question.
fn may_start_with_check(text: &str) -> bool {
    let first = text
        .bytes()
        .find(|b| !b.is_ascii_whitespace() && *b != 0x0b);
    // A non-ASCII byte may start a Unicode blank: left to the full question.
    first.is_none_or(|b| !b.is_ascii() || b.eq_ignore_ascii_case(&b'c'))
}

/// The line(s) an instruction occupies, line break included, for deleting it.
pub fn whole_lines(model: &Model, instr: &Instr) -> crate::syntax::Span {
    crate::edit::whole_lines(model.source, &model.lines, instr.line, instr.end_line)
}

/// Each port word of every `EXPOSE`, with its instruction; words that use a variable are
/// left out, since their value is not known before the build.
pub fn literal_exposed_ports<'m>(
    model: &'m Model,
) -> impl Iterator<Item = (&'m Instr<'m>, &'m Word)> {
    model
        .instructions
        .iter()
        .filter(|i| i.kind == Kind::Expose)
        .flat_map(|i| {
            i.args()
                .iter()
                .filter(|w| !w.text.contains('$'))
                .map(move |w| (i, w))
        })
}

/// The `AS` keyword and the stage name of a `FROM`, when it has exactly the three arguments
/// BuildKit accepts (`FROM image AS name`).
pub fn from_as<'i>(instr: &'i Instr) -> Option<(&'i Word, &'i Word)> {
    match instr.args() {
        [_, keyword, name] if keyword.text.eq_ignore_ascii_case("as") => Some((keyword, name)),
        _ => None,
    }
}

const OSES: &[&str] = &[
    "linux",
    "windows",
    "darwin",
    "freebsd",
    "netbsd",
    "openbsd",
    "solaris",
    "illumos",
    "aix",
    "android",
    "ios",
    "plan9",
    "js",
    "wasip1",
    "dragonfly",
];

/// Normalizes an architecture name the way containerd's platform parser does.
fn normalize_arch(arch: &str) -> Option<&'static str> {
    Some(match arch {
        "amd64" | "x86_64" | "x86-64" => "amd64",
        "arm64" | "aarch64" => "arm64",
        "arm" | "armhf" | "armel" => "arm",
        "386" | "i386" | "i686" => "386",
        "ppc64le" => "ppc64le",
        "ppc64" => "ppc64",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "mips64le" => "mips64le",
        "mips64" => "mips64",
        "loong64" => "loong64",
        "wasm" => "wasm",
        _ => return None,
    })
}

/// `os[/arch[/variant]]` → (os, arch) when it is a platform containerd can parse.
pub fn parse_platform(value: &str) -> Option<(String, Option<&'static str>)> {
    let lower = crate::case::lower(value);
    let parts: Vec<&str> = lower.split('/').collect();
    match parts.as_slice() {
        [one] if OSES.contains(one) => Some((one.to_string(), None)),
        [one] => normalize_arch(one).map(|a| ("linux".to_string(), Some(a))),
        [os, arch] | [os, arch, _] if OSES.contains(os) => {
            normalize_arch(arch).map(|a| (os.to_string(), Some(a)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_directive_is_never_passed_over() {
        for text in [
            " check=experimental=all",
            "check=x",
            "\tCHECK=x",
            "\u{b}check",
            "\u{c}\r check",
            "\u{85}check",
            "\u{3000}check",
            " Copyright 2024",
            "",
            "   ",
            " c",
            " ćheck",
            "\u{b}x",
        ] {
            if crate::lint::pragma::starts_with_check(text) {
                assert!(may_start_with_check(text), "{text:?}");
            }
        }
        assert!(!may_start_with_check(" Licensed under the MIT licence"));
        assert!(!may_start_with_check("\u{b} syntax=docker/dockerfile:1"));
    }

    #[test]
    fn finds_variables_but_not_quoted_or_escaped_ones() {
        let src = r#"COPY $A ${B:-x} '$C' \$D "$E" $1"#;
        let names: Vec<String> = variables(src, 0..src.len(), '\\')
            .into_iter()
            .map(|v| v.name.to_string())
            .collect();
        assert_eq!(names, ["A", "B", "E"]);
    }

    #[test]
    fn finds_a_byte_wherever_it_is() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert!(!has_byte(&plain, b'#'));
            for at in 0..len {
                let mut text = plain.clone();
                text[at] = b'#';
                assert!(has_byte(&text, b'#'), "{len} {at}");
                // Bytes next to `#` in value and high bytes are not taken for it.
                text[at] = [b'"', b'$', 0xA3, 0x23 | 0x80][at % 4];
                assert!(!has_byte(&text, b'#'), "{len} {at}");
            }
        }
    }

    #[test]
    fn expands_like_buildkit() {
        let lookup = |n: &str| (n == "SET").then(|| "v".to_string());
        assert_eq!(expand("a${SET}b${NO:-d}${SET:+p}$NO", &lookup), "avbdp");
    }

    #[test]
    fn image_references() {
        for ok in [
            "alpine",
            "python:3.12-slim",
            "ghcr.io/a/b:1",
            "localhost:5000/x",
            "node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my_org/my-image__x:latest",
        ] {
            assert!(valid_reference(ok), "{ok}");
        }
        for bad in [
            "",
            "python:",
            ":3",
            "Ubuntu",
            "a//b",
            "-a",
            "img:-x",
            "node@sha256:zz",
        ] {
            assert!(!valid_reference(bad), "{bad}");
        }
    }

    /// Every BuildKit check is found under its name (as the code, or as the other name of
    /// a hadolint rule), and BuildKit's `# check=skip=Name` silences it.
    #[test]
    fn every_buildkit_check_is_reported_and_skippable() {
        use crate::lint::{lint_with, Options};
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("StageNameCasing", "FROM alpine AS Build\n", None),
            ("FromAsCasing", "FROM alpine as build\n", None),
            (
                "NoEmptyContinuation",
                "FROM alpine\nRUN a \\\n\n  b\n",
                None,
            ),
            (
                "ConsistentInstructionCasing",
                "FROM alpine\nRun true\nRUN x\n",
                None,
            ),
            ("DuplicateStageName", "FROM a AS x\nFROM b AS x\n", None),
            ("ReservedStageName", "FROM a AS scratch\n", None),
            ("JSONArgsRecommended", "FROM a\nCMD run it\n", None),
            ("MaintainerDeprecated", "FROM a\nMAINTAINER me\n", None),
            ("UndefinedArgInFrom", "FROM a:${X}\n", None),
            ("WorkdirRelativePath", "FROM a\nWORKDIR app\n", None),
            ("UndefinedVar", "FROM scratch\nCOPY $X /x\n", None),
            (
                "MultipleInstructionsDisallowed",
                "FROM a\nCMD [\"a\"]\nCMD [\"b\"]\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n",
                None,
            ),
            ("LegacyKeyValueFormat", "FROM a\nENV A b\n", None),
            (
                "RedundantTargetPlatform",
                "FROM --platform=$TARGETPLATFORM a\n",
                None,
            ),
            ("SecretsUsedInArgOrEnv", "FROM a\nARG GITHUB_TOKEN\n", None),
            ("InvalidDefaultArgInFrom", "ARG T\nFROM a:${T}\n", None),
            (
                "FromPlatformFlagConstDisallowed",
                "FROM --platform=linux/amd64 a\n",
                None,
            ),
            ("CopyIgnoredFile", "FROM a\nCOPY dist /x\n", Some("dist\n")),
            ("ExposeProtoCasing", "FROM a\nEXPOSE 80/TCP\n", None),
            ("ExposeInvalidFormat", "FROM a\nEXPOSE 80:80\n", None),
            (
                "InvalidBaseImagePlatform",
                "FROM --platform=windows/amd64 alpine\n",
                None,
            ),
        ];
        for (name, source, ignore) in cases {
            let run = |text: &str| {
                let options = Options {
                    dockerignore: *ignore,
                    ..Options::default()
                };
                lint_with(text, options)
                    .into_iter()
                    .filter(|f| f.code == *name || f.also.contains(name))
                    .count()
            };
            assert!(run(source) > 0, "{name} is not reported on:\n{source}");
            let skipped = format!("# check=skip={name}\n{source}");
            assert_eq!(run(&skipped), 0, "`check=skip={name}` does not silence it");
        }
    }
}
