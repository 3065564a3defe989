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
    /// anyone who can pull the image can read it. Build secrets belong in
    /// `RUN --mount=type=secret`, runtime secrets in the orchestrator's secret store.
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
    let base = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
    let exact = [
        ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc",
        ".aws", ".ssh", "credentials", "credentials.json", "kubeconfig", ".dockercfg",
        "secrets.json", "secrets.yaml", "secrets.yml", ".git-credentials",
    ];
    exact.contains(&base.as_str())
        || (base.starts_with(".env.") && !base.ends_with(".example") && !base.ends_with(".sample") && !base.ends_with(".template") && !base.ends_with(".dist"))
        || [".key", ".p12", ".pfx", ".jks"].iter().any(|e| base.ends_with(e))
        // A `.pem` is often a public certificate (`ca.pem`); only key-looking ones count.
        || (base.ends_with(".pem") && ["key", "priv", "id_"].iter().any(|k| base.contains(k)))
}

fn check(ck: &mut Checker) {
    for instr in &ck.model.instructions {
        if !matches!(instr.kind, Kind::Copy | Kind::Add) || instr.has_flag("from") || instr.args.len() < 2 || instr.has_heredoc {
            continue;
        }
        let sources = &instr.args[..instr.args.len() - 1];
        if let Some(secret) = sources.iter().find(|s| secret_file(&s.text)) {
            let line = instr.line;
            let text = secret.text.clone();
            ck.report_span(
                line,
                secret.span.clone(),
                format!("`{text}` looks like a secret; once copied it stays readable in the image — use `RUN --mount=type=secret`"),
            );
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY .env.example /app/\nCOPY app.py keys.py ca.pem /app/\n"],
    fail: &["FROM a\nCOPY .npmrc ./\n", "FROM a\nCOPY certs/server.key /etc/ssl/\n", "FROM a\nCOPY tls/private-key.pem /etc/ssl/\n", "FROM a\nADD .env /app/.env\n"],
    fix: &[],
};
