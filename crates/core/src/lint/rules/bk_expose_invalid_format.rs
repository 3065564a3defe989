use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::literal_exposed_ports;
use crate::lint::model::Kind;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port that carries an IP address or a host port
    /// (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 8080:80`). This is BuildKit's
    /// `ExposeInvalidFormat` build check; BuildKit says it will become an error. Ports
    /// written with variables are not checked.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents which container ports the image listens on. Docker drops the
    /// address and the host port, so the file suggests a mapping that never happens; host
    /// ports are chosen with `docker run -p`.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the container port (and protocol) is kept, which is all Docker stored.
    RULE = {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("ExposeInvalidFormat"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Expose) {
        return;
    }
    let model = ck.model;
    for (instr, word) in literal_exposed_ports(model) {
        let Some((_, container)) = word.text.rsplit_once(':') else {
            continue;
        };
        let finding = ck.report_span(
            instr.line,
            word.span.clone(),
            format!(
                "`EXPOSE {}` names an IP address or host port; EXPOSE takes only the container port",
                word.text
            ),
        );
        if !container.is_empty() && model.source[word.span.clone()] == word.text {
            finding.add_fix(Fix::safe(
                format!("Write `{container}`"),
                vec![Edit::replace(word.span.clone(), container)],
            ));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine\nEXPOSE 80 443/tcp 8000-8010\n"],
    fail: &[
        "FROM alpine\nEXPOSE 127.0.0.1:80:80\n",
        "FROM alpine\nEXPOSE 80:80\n",
        "FROM alpine\nEXPOSE [::1]:8080:80/udp\n",
    ],
    fix: &[(
        "FROM alpine\nEXPOSE 8080:80 127.0.0.1:53:53/udp 22\n",
        "FROM alpine\nEXPOSE 80 53/udp 22\n",
    )],
};
