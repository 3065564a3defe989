use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::instructions_of;
use crate::lint::Checker;

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

const SUSPICIOUS: &[&str] = &[
    "api_key", "client_key", "password", "private", "secret", "token", "username",
];

pub(crate) fn sensitive(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let lower = name.to_ascii_lowercase();
    KNOWN.contains(&upper.as_str()) || SUSPICIOUS.iter().any(|s| lower.contains(s))
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for kind in [Kind::Arg, Kind::Env] {
        for instr in instructions_of(model, kind) {
            let names: Vec<String> = instr
                .pairs()
                .into_iter()
                .map(|(k, _)| k.text)
                .filter(|k| sensitive(k))
                .collect();
            if let Some(name) = names.first() {
                let name = name.clone();
                let message = match kind {
                    Kind::Arg => format!(
                        "`{name}` is a build argument, so its value is recorded in the image's history: anyone who pulls the image can read it with `docker history`. Pass it as a build secret instead, lent to the one `RUN` that needs it: `RUN --mount=type=secret,id={id},env={name} ...` with `docker build --secret id={id},env={name}`",
                        id = name.to_ascii_lowercase()
                    ),
                    _ => {
                        let used = used_by_a_later_run(model, instr, &name);
                        let build = if used {
                            format!("; a `RUN` that needs it while building can borrow it from a secret mount (`RUN --mount=type=secret,id={id},env={name} ...`)", id = name.to_ascii_lowercase())
                        } else {
                            String::new()
                        };
                        format!(
                            "`{name}` is set with `ENV`, so its value is stored in the image's configuration: anyone who pulls the image can read it with `docker history` or `docker inspect`. Pass it when the container starts instead (`docker run -e {name}` or `--env-file`, or your orchestrator's secrets){build}"
                        )
                    }
                };
                ck.report(instr, message);
            }
        }
    }
}

/// Whether a `RUN` after `instr` in its stage reads `$NAME`.
fn used_by_a_later_run(model: &crate::lint::Model, instr: &crate::lint::Instr, name: &str) -> bool {
    let plain = format!("${name}");
    let braced = format!("${{{name}");
    model
        .instructions
        .iter()
        .filter(|i| i.kind == Kind::Run && i.stage == instr.stage && i.line > instr.line)
        .any(|run| run.text.contains(&plain) || run.text.contains(&braced))
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nARG VERSION=1\nENV PATH=/x\n"],
    fail: &["FROM a\nARG NPM_TOKEN\n", "FROM a\nENV DB_PASSWORD=x\n"],
    fix: &[],
};
