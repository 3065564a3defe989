//! What the label-schema types accept (hadolint's `label-schema` types), written here.

use crate::lint::config::LabelType;
use crate::lint::model::Kind;
use crate::lint::Checker;

/// Whether `value` is acceptable for a label of type `kind`.
pub fn valid(kind: LabelType, value: &str) -> bool {
    match kind {
        LabelType::Text => true,
        LabelType::Url => url(value),
        LabelType::Rfc3339 => rfc3339(value),
        LabelType::Spdx => spdx(value),
        LabelType::Hash => git_hash(value),
        LabelType::Semver => semver(value),
        LabelType::Email => email(value),
    }
}

/// `scheme:rest` with an RFC 3986 scheme and no whitespace.
pub fn url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !v.chars().any(char::is_whitespace)
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `2024-05-01T12:30:00Z`, with optional fraction and a `Z` or `±hh:mm` offset.
pub fn rfc3339(v: &str) -> bool {
    let Some((date, time)) = v.split_once(['T', 't', ' ']) else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3 || !digits(d[0], 4) || !digits(d[1], 2) || !digits(d[2], 2) {
        return false;
    }
    let (month, day): (u32, u32) = (d[1].parse().unwrap_or(0), d[2].parse().unwrap_or(0));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, None)
    } else if let Some(at) = time.rfind(['+', '-']) {
        (&time[..at], Some(&time[at + 1..]))
    } else {
        return false;
    };
    if let Some(off) = offset {
        let o: Vec<&str> = off.split(':').collect();
        if o.len() != 2 || !digits(o[0], 2) || !digits(o[1], 2) {
            return false;
        }
    }
    let clock = clock.split('.').next().unwrap_or("");
    let t: Vec<&str> = clock.split(':').collect();
    t.len() == 3
        && t.iter().all(|p| digits(p, 2))
        && t[0].parse::<u32>().is_ok_and(|h| h < 24)
        && t[1].parse::<u32>().is_ok_and(|m| m < 60)
        && t[2].parse::<u32>().is_ok_and(|s| s <= 60)
}

/// Common SPDX license identifiers (a subset of the SPDX list), or `LicenseRef-...`.
const SPDX: &[&str] = &[
    "0BSD",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-4-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.2",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MIT",
    "MIT-0",
    "MPL-2.0",
    "MS-PL",
    "NCSA",
    "OpenSSL",
    "PostgreSQL",
    "Python-2.0",
    "Unlicense",
    "UPL-1.0",
    "W3C",
    "WTFPL",
    "Zlib",
    "GPL-2.0",
    "GPL-3.0",
    "LGPL-2.1",
    "LGPL-3.0",
    "AGPL-3.0",
];

pub fn spdx(v: &str) -> bool {
    let id = v.strip_suffix('+').unwrap_or(v);
    SPDX.iter().any(|s| s.eq_ignore_ascii_case(id))
        || id
            .strip_prefix("LicenseRef-")
            .is_some_and(|r| !r.is_empty())
}

/// A short (7) or full (40) lower-case hex commit id.
pub fn git_hash(v: &str) -> bool {
    (v.len() == 7 || v.len() == 40)
        && v.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `MAJOR.MINOR.PATCH[-pre][+build]` (Semantic Versioning 2.0.0).
pub fn semver(v: &str) -> bool {
    let (core, build) = match v.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let ident = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(ident)
        && build.is_none_or(ident)
}

/// `local@domain.tld`, without spaces.
pub fn email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

/// Reports every `LABEL` key that the configured schema gives type `kind` and whose value
/// that type does not accept; `what` names the type in the message ("a URL").
pub fn report_mistyped_labels(ck: &mut Checker, kind: LabelType, what: &str) {
    let typed: Vec<&String> = ck
        .config
        .label_schema
        .iter()
        .filter(|(_, t)| *t == kind)
        .map(|(name, _)| name)
        .collect();
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Label {
            continue;
        }
        for (key, value) in instr.pairs() {
            let value = value.as_ref().map(|v| v.text.as_str()).unwrap_or_default();
            if typed.iter().any(|t| **t == key.text) && !valid(kind, value) {
                ck.report(instr, format!("Label `{}` is not {what}", key.text));
            }
        }
    }
}

/// A configuration with this label schema, for the label rules' tests.
#[cfg(test)]
pub(crate) fn label_schema(labels: &[(&str, LabelType)], strict: bool) -> crate::lint::Config {
    crate::lint::Config {
        label_schema: labels
            .iter()
            .map(|(name, kind)| (name.to_string(), *kind))
            .collect(),
        strict_labels: strict,
        ..crate::lint::Config::default()
    }
}

/// How many findings of rule `code` linting `source` gives, under `config`, or the default
/// configuration for None. The label rules run only with a label schema, so their tests lint
/// with one.
#[cfg(test)]
pub(crate) fn count_findings(
    code: &str,
    config: Option<crate::lint::Config>,
    source: &str,
) -> usize {
    use crate::lint::{lint, lint_with, Options};
    let findings = match &config {
        Some(config) => {
            let options = Options {
                config: Some(config),
                dockerignore: None,
            };
            lint_with(source, options)
        }
        None => lint(source),
    };
    findings.iter().filter(|f| f.code == code).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        assert!(url("https://example.com/x") && !url("example.com"));
        assert!(rfc3339("2024-05-01T12:30:00Z") && rfc3339("2024-05-01T12:30:00.5+02:00"));
        assert!(!rfc3339("2024-13-01T12:30:00Z") && !rfc3339("yesterday"));
        assert!(spdx("MIT") && spdx("Apache-2.0") && !spdx("Apache 2"));
        assert!(git_hash("abcdef0") && !git_hash("ABCDEF0") && !git_hash("abc"));
        assert!(semver("1.2.3-rc.1+b5") && !semver("1.2") && !semver("01.2.3"));
        assert!(email("a@b.io") && !email("a@b") && !email("Jane <a@b.io>"));
    }
}
