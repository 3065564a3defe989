use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::pair_keys;
use crate::lint::Checker;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports `ARG` and `ENV` whose names suggest a secret: well-known names such as
    /// `GITHUB_TOKEN` or `AWS_SECRET_ACCESS_KEY`, or names containing `password`, `secret`,
    /// `token`, `api_key`, `client_key`, `private` or `username`.
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image config, and `ARG` values in the build history:
    /// anyone who can pull the image can read them with `docker history` or `docker inspect`.
    /// BuildKit's `SecretsUsedInArgOrEnv` check finds the same thing. The advice depends on
    /// when the value is needed: an `ARG` is a build-time secret and belongs in a secret
    /// mount (`RUN --mount=type=secret,id=...,env=NAME`); an `ENV` is runtime configuration
    /// and is passed when the container starts (`docker run -e`/`--env-file`, orchestrator
    /// secrets).
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: a secret mount needs a matching `--secret` on the build command.
    RULE = {
        code: "DL3064",
        name: "secret-in-arg-or-env",
        severity: Warning,
        category: Security,
        hadolint: Some("DL3064"),
        buildkit: Some("SecretsUsedInArgOrEnv"),
        fix: None,
        check: check,
    }
}

/// Upper-case and in byte order: looked up by binary search (see [`sensitive`]).
const KNOWN: &[&str] = &[
    "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD",
    "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN",
    "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN",
    "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN",
    "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN",
];

/// Words that make any name sensitive, in lower case, five bytes long at least, each
/// starting with its own four bytes (see [`PREFIXES`]).
const SUSPICIOUS: &[&str] = &[
    "api_key", "client_key", "password", "private", "secret", "token", "username",
];

/// For each letter, the lengths of [`KNOWN`]'s names that start with it, one bit each: most
/// keys (`PATH`, `NODE_VERSION`) start with a letter and have a length no known name has,
/// and are not looked for among them. (Built at compile time, which fails if a name does not
/// start with an upper-case letter or is 32 bytes long.)
const KNOWN_STARTS: [u32; 26] = {
    let mut table = [0; 26];
    let mut i = 0;
    while i < KNOWN.len() {
        let name = KNOWN[i].as_bytes();
        table[(name[0] - b'A') as usize] |= 1 << name.len();
        i += 1;
    }
    table
};

/// Whether a known name starts with `name`'s first letter (in any case) and has its length.
fn may_be_known(name: &[u8]) -> bool {
    match name.first() {
        Some(&first) if first.is_ascii_alphabetic() && name.len() < 32 => {
            KNOWN_STARTS[usize::from(first.to_ascii_uppercase() - b'A')] & 1 << name.len() != 0
        }
        _ => false,
    }
}

pub(crate) fn sensitive(name: &str) -> bool {
    // Compared without case and without building converted copies: every ARG and ENV key
    // of every file comes through here, and the comparisons were most of the rule.
    let bytes = name.as_bytes();
    let known = may_be_known(bytes)
        // KNOWN is sorted and upper-case: six comparisons find a name, where a comparison
        // with each of the 48 was a third of the rule.
        && KNOWN.binary_search_by(|k| compare_upper(k.as_bytes(), bytes)).is_ok();
    known || suspicious(bytes)
}

/// `known` (upper-case) against `name` in upper case, byte by byte.
fn compare_upper(known: &[u8], name: &[u8]) -> std::cmp::Ordering {
    for (k, n) in known.iter().zip(name) {
        let n = n.to_ascii_uppercase();
        if *k != n {
            return k.cmp(&n);
        }
    }
    known.len().cmp(&name.len())
}

/// The case bit (`0x20`) of each of four bytes.
const CASE_BITS: u32 = 0x2020_2020;

/// Four bytes with their case bits set, read as a little-endian number, to the slot of
/// [`PREFIXES`] a word starting with them would be in (a multiplicative hash, its multiplier
/// picked so that [`SUSPICIOUS`]'s words fall in different slots).
const fn slot(four: u32) -> usize {
    (four.wrapping_mul(0xB8B6_D8FF) >> 29) as usize
}

/// By [`slot`]: the first four bytes of the word in that slot, with their case bits set
/// (0, which no four bytes so read are, for an empty slot), and the word's index in
/// [`SUSPICIOUS`]. Built at compile time, which fails if two words share a slot or a word
/// is shorter than five bytes.
const PREFIXES: ([u32; 8], [usize; 8]) = {
    let mut prefixes = [0; 8];
    let mut words = [0; 8];
    let mut i = 0;
    while i < SUSPICIOUS.len() {
        let w = SUSPICIOUS[i].as_bytes();
        assert!(w.len() >= 5, "a suspicious word is five bytes long at least");
        let four = u32::from_le_bytes([w[0], w[1], w[2], w[3]]) | CASE_BITS;
        assert!(prefixes[slot(four)] == 0, "two suspicious words share a slot");
        prefixes[slot(four)] = four;
        words[slot(four)] = i;
        i += 1;
    }
    (prefixes, words)
};

/// Whether one of [`SUSPICIOUS`]'s words is in `name`, in any case. Each place is looked up
/// by its first four bytes, with their case bits set, in [`PREFIXES`]: one comparison tells
/// nearly every place apart from the one word that could start there, where picking the
/// words by the place's letter was a jump mispredicted at most bytes, and common letters
/// (`a`, `s`, `t`) sent many places on to a whole comparison. Setting the case bit
/// lower-cases a letter and turns no other byte into one, so every place where a word starts
/// is let through; the whole word is then compared without case.
fn suspicious(name: &[u8]) -> bool {
    let (prefixes, words) = &PREFIXES;
    // The shortest word is five bytes: no word starts in the last four, and the four bytes
    // at each place are read from the name without its last byte.
    let Some(heads) = name.len().checked_sub(1) else {
        return false;
    };
    name[..heads].windows(4).enumerate().any(|(i, four)| {
        let four = u32::from_le_bytes([four[0], four[1], four[2], four[3]]) | CASE_BITS;
        let slot = slot(four);
        prefixes[slot] == four && {
            let word = SUSPICIOUS[words[slot]].as_bytes();
            name.get(i..i + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        }
    })
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    if !model.has_kind(Kind::Arg) && !model.has_kind(Kind::Env) {
        return;
    }
    // Most files have no ONBUILD: the other instructions' triggers are not read for one.
    let onbuild = model.has_kind(Kind::Onbuild);
    let mut reads: Option<HashMap<(Option<usize>, String), usize>> = None;
    // ARGs and ENVs in one walk, where a walk for each kind read every instruction twice:
    // the findings are put in order of line once the rules are done.
    for instr in &model.instructions {
        let instr = match instr.kind {
            Kind::Arg | Kind::Env => instr,
            _ if onbuild => match instr.onbuild.as_deref() {
                Some(inner) if matches!(inner.kind, Kind::Arg | Kind::Env) => inner,
                _ => continue,
            },
            _ => continue,
        };
        let kind = instr.kind;
        // The keys alone, cut from the words: the pairs are not built for them.
        let first = pair_keys(instr).find(|k| sensitive(k));
        if let Some(name) = first {
            let message = match kind {
                Kind::Arg => format!(
                    "`{name}` is a build argument, so its value is recorded in the image's history: anyone who pulls the image can read it with `docker history`. Pass it as a build secret instead, lent to the one `RUN` that needs it: `RUN --mount=type=secret,id={id},env={name} ...` with `docker build --secret id={id},env={name}`",
                    id = name.to_ascii_lowercase()
                ),
                _ => {
                    let read = reads.get_or_insert_with(|| variables_read_by_runs(model));
                    let used = read.get(&(instr.stage, name.to_owned())).is_some_and(|&l| l > instr.line);
                    let id = name.to_ascii_lowercase();
                    if used {
                        format!(
                            "`{name}` is set with `ENV` and read by a later `RUN`, so its value is stored in the image's configuration: anyone who pulls the image can read it with `docker history` or `docker inspect`. Lend it to that `RUN` as a build secret instead (`RUN --mount=type=secret,id={id},env={name} ...` with `docker build --secret id={id},env={name}`); if the running application needs it too, pass it when the container starts (`docker run -e {name}`)"
                        )
                    } else {
                        format!(
                            "`{name}` is set with `ENV`, so its value is stored in the image's configuration: anyone who pulls the image can read it with `docker history` or `docker inspect`. Pass it when the container starts instead (`docker run -e {name}` or `--env-file`, or your orchestrator's secrets)"
                        )
                    }
                }
            };
            ck.report(instr, message);
        }
    }
}

/// For each stage, the variables its `RUN`s read (`$NAME`, `${NAME...}`) and the last line
/// that reads each: read once per file, so a file of many secret-looking ENVs stays linear.
fn variables_read_by_runs(model: &crate::lint::Model) -> HashMap<(Option<usize>, String), usize> {
    let mut out = HashMap::new();
    for run in model.instructions.iter().filter(|i| i.kind == Kind::Run) {
        let bytes = run.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'$' {
                let start = if bytes.get(i + 1) == Some(&b'{') { i + 2 } else { i + 1 };
                let mut end = start;
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                if end > start {
                    let last = out.entry((run.stage, run.text[start..end].to_string())).or_insert(0);
                    *last = (*last).max(run.line);
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nARG VERSION=1\nENV PATH=/x\n"],
    fail: &["FROM a\nARG NPM_TOKEN\n", "FROM a\nENV DB_PASSWORD=x\n"],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use super::{sensitive, suspicious, KNOWN, SUSPICIOUS};

    #[test]
    fn known_names_are_sorted_upper_case_for_the_binary_search() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
        assert!(KNOWN.iter().all(|k| *k == k.to_ascii_uppercase()));
        // Found in any case, and only whole.
        assert!(sensitive("aws_access_key_id") && sensitive("Travis_Sudo"));
        assert!(!sensitive("TRAVIS_SUD") && !sensitive("TRAVIS_SUDOX"));
        // Each known name passes the filter by first letter and length, in any case.
        for name in KNOWN {
            assert!(sensitive(name) && sensitive(&name.to_ascii_lowercase()), "{name}");
        }
    }

    /// The places let through by their first four bytes are every place a word starts: the
    /// words are found as a plain search for each finds them (`_` and DEL share a byte once
    /// the case bit is set, told apart by the whole comparison).
    #[test]
    fn suspicious_words_are_found_as_a_search_for_each_finds_them() {
        let plain = |name: &str| {
            let lower = name.to_ascii_lowercase();
            SUSPICIOUS.iter().any(|w| lower.contains(w))
        };
        let mut names: Vec<String> = SUSPICIOUS
            .iter()
            .flat_map(|w| {
                [
                    w.to_string(),
                    w.to_ascii_uppercase(),
                    format!("MY_{}_FILE", w.to_ascii_uppercase()),
                    format!("x{}", &w[..w.len() - 1]),
                ]
            })
            .collect();
        names.extend(
            ["PATH", "Token", "tokens", "PRIVATE_KEY", "api-key", "api\u{7f}key", "USER_NAME", "é_secret", "_"]
                .map(String::from),
        );
        for name in &names {
            assert_eq!(suspicious(name.as_bytes()), plain(name), "{name}");
        }
    }
}
