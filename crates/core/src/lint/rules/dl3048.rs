use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::pair_keys;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports label keys that break Docker's key format: they must start with a lower-case
    /// letter, end with a letter or digit, use only `a-z 0-9 . - _ /`, have no `..` or
    /// `--`, and not use the reserved `com.docker.`, `io.docker.` or `org.dockerproject.`
    /// namespaces.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect this format;
    /// keys outside it may be ignored or rejected.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Version="1.0"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.0"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: tools may already read the old key.
    RULE = {
        code: "DL3048",
        name: "label-key-format",
        severity: Style,
        category: Labels,
        hadolint: Some("DL3048"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn valid(key: &str) -> bool {
    // Read as bytes, each question asked only if the ones before pass: every allowed
    // character is ASCII, and no byte of another character is. The substring searches for
    // `..` and `--` cost more to set up than a look at each pair of bytes.
    let bytes = key.as_bytes();
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes.last().is_some_and(|&b| allowed(b))
        && bytes
            .iter()
            .all(|&b| allowed(b) || matches!(b, b'.' | b'-' | b'_' | b'/'))
        && !["com.docker.", "io.docker.", "org.dockerproject."]
            .iter()
            .any(|p| key.starts_with(p))
        && !bytes.windows(2).any(|w| w == b".." || w == b"--")
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Label) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Label {
            continue;
        }
        if let Some(key) = pair_keys(instr).find(|k| !valid(k)) {
            ck.report(instr, format!("`{key}` is not a valid label key: use lower-case letters, digits, `.`, `-`, `_` and `/`"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nLABEL org.opencontainers.image.version=\"1.0\" maintainer=me\n"],
    fail: &["FROM a\nLABEL Version=1.0\n"],
    fix: &[],
};
