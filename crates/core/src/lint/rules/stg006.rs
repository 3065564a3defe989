use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `COPY` or `ADD` of files that usually hold secrets: `.env`, SSH keys
    /// (`id_rsa`, `id_ed25519`), `*.key`, private-key `*.pem` files, `*.p12`, credentials
    /// files, `.npmrc`,
    /// `.pypirc`, `.netrc`, `.aws/`, `.ssh/`, `kubeconfig`.
    ///
    /// ## Why is this bad?
    /// Every file copied into a layer stays in the image, even if a later `RUN` deletes it;
    /// anyone who can pull the image can read it. What to do depends on when the secret is
    /// needed. Build-time secrets (`.npmrc`, `.pypirc`, `.netrc`, SSH keys, or any file a
    /// later `RUN` of the stage reads) belong in `RUN --mount=type=secret` (or
    /// `--mount=type=ssh`), which lends them to one `RUN` without writing them to a layer.
    /// Runtime configuration (`.env`, TLS keys, service credentials) is passed when the
    /// container starts (`docker run --env-file`, a mounted file, the orchestrator's secrets)
    /// and kept out of the build context with `.dockerignore`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .npmrc .
    /// RUN npm ci && rm .npmrc
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the build command needs a matching `--secret`.
    RULE = {
        code: "STG006",
        name: "secret-file-copied",
        severity: Error,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: None,
        check: check,
    }
}

pub(crate) fn secret_file(path: &str) -> bool {
    let p = path.trim_matches(|c| c == '"' || c == '\'').trim_end_matches('/');
    // After the last `/`, found as a byte: a char pattern's searcher cost more to set up
    // than the search (every COPY and ADD source is asked).
    let base = &p[p.bytes().rposition(|b| b == b'/').map_or(0, |slash| slash + 1)..];
    // Every name below starts with `.`, `i`, `c`, `k` or `s` (in either case), or ends with a
    // four-byte `.xyz` extension: most sources (`src`, `package.json`) are passed over here,
    // before any name is compared.
    let bytes = base.as_bytes();
    let extension = bytes.len() >= 4 && bytes[bytes.len() - 4] == b'.';
    if !extension && !matches!(bytes.first().map(u8::to_ascii_lowercase), Some(b'.' | b'i' | b'c' | b'k' | b's')) {
        return false;
    }
    // Lowered into a copy only when it has an upper-case letter (few names do).
    let base: std::borrow::Cow<str> = if base.bytes().any(|b| b.is_ascii_uppercase()) {
        base.to_ascii_lowercase().into()
    } else {
        base.into()
    };
    let exact = [
        ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc",
        ".aws", ".ssh", "credentials", "credentials.json", "kubeconfig", ".dockercfg",
        "secrets.json", "secrets.yaml", "secrets.yml", ".git-credentials",
    ];
    exact.contains(&&*base)
        || (base.starts_with(".env.") && !base.ends_with(".example") && !base.ends_with(".sample") && !base.ends_with(".template") && !base.ends_with(".dist"))
        || [".key", ".p12", ".pfx", ".jks"].iter().any(|e| base.ends_with(e))
        // A `.pem` is often a public certificate (`ca.pem`); only key-looking ones count.
        || (base.ends_with(".pem") && ["key", "priv", "id_"].iter().any(|k| base.contains(k)))
}

/// When a copied secret is needed: while building (registry and git credentials a `RUN`
/// reads) or while running (configuration and keys the application reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecretKind {
    Build,
    Runtime,
}

/// The kind a file name suggests, before looking at how the file is used.
fn kind_of_name(base: &str) -> SecretKind {
    let build = [".npmrc", ".pypirc", ".netrc", ".git-credentials", ".dockercfg", ".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];
    if build.contains(&base) {
        SecretKind::Build
    } else {
        SecretKind::Runtime
    }
}

/// Whether a later `RUN` of the stage names the file (or the tool that reads it): then it
/// is a build-time secret whatever its name.
/// The last line of the stage where a `RUN` names `base` or runs a tool that reads it.
/// Callers keep the answer per (stage, name), so many copies of one file scan once.
fn last_run_using(ck: &Checker, stage: Option<usize>, base: &str) -> usize {
    let readers: &[&str] = match base {
        ".npmrc" => &["npm", "yarn", "pnpm", "npx"],
        ".pypirc" | ".netrc" => &["pip", "pip3", "twine", "poetry", "uv", "curl", "wget"],
        ".aws" | "credentials" => &["aws"],
        _ => &[],
    };
    let range = stage.and_then(|s| ck.model.stages.get(s)).map_or(0..0, |s| s.instructions.clone());
    ck.model.instructions[range]
        .iter()
        .filter(|i| i.kind == Kind::Run)
        .filter(|run| run.text.contains(base) || run.commands().iter().any(|c| readers.contains(&c.program())))
        .map(|run| run.line)
        .max()
        .unwrap_or(0)
}

fn check(ck: &mut Checker) {
    let mut last_use: std::collections::HashMap<(Option<usize>, String), usize> = std::collections::HashMap::new();
    for instr in &ck.model.instructions {
        if !matches!(instr.kind, Kind::Copy | Kind::Add) || instr.has_flag("from") || instr.args().len() < 2 || instr.has_heredoc() {
            continue;
        }
        let sources = &instr.args()[..instr.args().len() - 1];
        let Some(secret) = sources.iter().find(|s| secret_file(&s.text)) else { continue };
        let text = secret.text.clone();
        let trimmed = text.trim_matches(|c| c == '"' || c == '\'').trim_end_matches('/');
        let base = trimmed.rsplit('/').next().unwrap_or(trimmed).to_ascii_lowercase();
        let last = *last_use
            .entry((instr.stage, base.clone()))
            .or_insert_with(|| last_run_using(ck, instr.stage, &base));
        let used = last > instr.line;
        let kind = if used { SecretKind::Build } else { kind_of_name(&base) };
        let keyword = instr.keyword.text.to_ascii_uppercase();
        let why = format!(
            "anyone who pulls the image can read it from the layer this `{keyword}` makes, even if a later `RUN` deletes it"
        );
        let id = base.trim_start_matches('.').replace(['.', '/'], "_");
        let message = match kind {
            SecretKind::Build if base.starts_with("id_") || base == ".ssh" => format!(
                "`{text}` is a key for a build step (cloning over SSH): {why}. Forward your SSH agent to that one `RUN` instead: `RUN --mount=type=ssh git clone ...` with `docker build --ssh default`"
            ),
            SecretKind::Build => format!(
                "`{text}` holds credentials a build step uses: {why}. Mount it for the one `RUN` that needs it: `RUN --mount=type=secret,id={id},target=/root/{base} ...` with `docker build --secret id={id},src={trimmed}`"
            ),
            SecretKind::Runtime if base.starts_with(".env") => format!(
                "`{text}` holds runtime configuration (environment variables): {why}, and changing a value means rebuilding. Pass it when the container starts (`docker run --env-file {trimmed}`, or your orchestrator's secrets) and add `{trimmed}` to `.dockerignore` so `COPY . .` cannot bring it in either"
            ),
            SecretKind::Runtime => format!(
                "`{text}` is a key or credential the running application reads: {why}, and replacing it means rebuilding. Mount it when the container starts (`docker run -v`, or your orchestrator's secrets) and add `{trimmed}` to `.dockerignore` so `COPY . .` cannot bring it in either"
            ),
        };
        ck.report_span(instr.line, secret.span.clone(), message);
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY .env.example /app/\nCOPY app.py keys.py ca.pem /app/\n"],
    fail: &["FROM a\nCOPY .npmrc ./\n", "FROM a\nCOPY certs/server.key /etc/ssl/\n", "FROM a\nCOPY tls/private-key.pem /etc/ssl/\n", "FROM a\nADD .env /app/.env\n"],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use super::secret_file;

    #[test]
    fn names_are_found_in_any_case_and_others_passed_over() {
        for secret in [
            "ID_RSA", "\"Credentials.json\"", "conf/KubeConfig", "Secrets.YML", ".ENV.local", "a/b/Server.KEY",
            "x.P12", "priv.pem", "'.ssh/'", ".git-credentials",
        ] {
            assert!(secret_file(secret), "{secret}");
        }
        for other in ["src", "package.json", "app.py", "ca.pem", ".env.example", "key", "requirements.txt", "", "/"] {
            assert!(!secret_file(other), "{other}");
        }
    }
}
