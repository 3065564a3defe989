use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::instructions_of;
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

/// Words that make any name sensitive, in lower case. [`suspicious`] picks the words to
/// compare by a name's letter, so a word added here goes there too.
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

/// Whether one of [`SUSPICIOUS`]'s words is in `name`, in any case. A word is looked for only
/// where the letter it starts with is: the byte's letter picks the one or two words to
/// compare, where comparing each word's first letter at every byte cost more than the rest
/// of the rule.
fn suspicious(name: &[u8]) -> bool {
    let at = |at: usize, word: &str| {
        name.get(at..at + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    // The shortest word is five bytes: no word starts in the last four.
    (0..name.len().saturating_sub(4)).any(|i| {
        // An ASCII letter with its case bit set is its lower case; no other byte becomes one.
        match name[i] | 0x20 {
            b'a' => at(i, SUSPICIOUS[0]),
            b'c' => at(i, SUSPICIOUS[1]),
            b'p' => at(i, SUSPICIOUS[2]) || at(i, SUSPICIOUS[3]),
            b's' => at(i, SUSPICIOUS[4]),
            b't' => at(i, SUSPICIOUS[5]),
            b'u' => at(i, SUSPICIOUS[6]),
            _ => false,
        }
    })
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let mut reads: Option<HashMap<(Option<usize>, String), usize>> = None;
    for kind in [Kind::Arg, Kind::Env] {
        for instr in instructions_of(model, kind) {
            let first = instr
                .pairs()
                .iter()
                .map(|(k, _)| k.text.as_str())
                .find(|k| sensitive(k));
            if let Some(name) = first {
                let name = name.to_owned();
                let message = match kind {
                    Kind::Arg => format!(
                        "`{name}` is a build argument, so its value is recorded in the image's history: anyone who pulls the image can read it with `docker history`. Pass it as a build secret instead, lent to the one `RUN` that needs it: `RUN --mount=type=secret,id={id},env={name} ...` with `docker build --secret id={id},env={name}`",
                        id = name.to_ascii_lowercase()
                    ),
                    _ => {
                        let read = reads.get_or_insert_with(|| variables_read_by_runs(model));
                        let used = read.get(&(instr.stage, name.clone())).is_some_and(|&l| l > instr.line);
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

    /// The words picked by letter are every word of the list, found as a plain search
    /// for each finds them.
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
            ["PATH", "Token", "tokens", "PRIVATE_KEY", "api-key", "USER_NAME", "é_secret", "_"]
                .map(String::from),
        );
        for name in &names {
            assert_eq!(suspicious(name.as_bytes()), plain(name), "{name}");
        }
    }
}
