use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::dl3020::is_url;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `ADD https://...` without `--checksum`.
    ///
    /// ## Why is this bad?
    /// The file is downloaded at build time and nothing checks it: a changed or tampered
    /// release silently changes the image. BuildKit verifies `ADD --checksum=sha256:...`
    /// (Dockerfile syntax 1.6 and later) and fails the build on a mismatch.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    ///     https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the checksum must come from the publisher.
    RULE = {
        code: "STG012",
        name: "add-url-without-checksum",
        severity: Info,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Add) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Add || instr.has_flag("checksum") || instr.args().len() < 2 {
            continue;
        }
        let sources = &instr.args()[..instr.args().len() - 1];
        if let Some(url) = sources.iter().find(|s| is_url(&s.text) && !s.text.ends_with(".git")) {
            let u = url.text.clone();
            ck.report(instr, format!("`ADD {u}` downloads without verifying; add `--checksum=sha256:...`"))
                .add_fix(Fix::display_only("Add `--checksum=sha256:<digest>`", vec![]));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nADD --checksum=sha256:abc https://x/tini /tini\n",
        "FROM a\nADD app.tar.gz /opt/\n",
    ],
    fail: &["FROM a\nADD https://x/tini /tini\n"],
    fix: &[],
};
