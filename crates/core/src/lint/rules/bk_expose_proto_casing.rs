use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::literal_exposed_ports;
use crate::lint::model::Kind;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` protocol that is not lower-case (`80/TCP`). This is BuildKit's
    /// `ExposeProtoCasing` build check. Ports written with variables are not checked.
    ///
    /// ## Why is this bad?
    /// Docker lower-cases the protocol anyway; the upper-case spelling only makes the file
    /// inconsistent with `docker run -p 80:80/tcp` and with the image's configuration.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80/TCP 53/UDP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 80/tcp 53/udp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: Docker stores the protocol in lower case, so the image is the same.
    RULE = {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("ExposeProtoCasing"),
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
        let Some((_, proto)) = word.text.rsplit_once('/') else {
            continue;
        };
        let lower = crate::case::lower(proto);
        if proto == lower {
            continue;
        }
        let finding = ck.report_span(
            instr.line,
            word.span.clone(),
            format!(
                "Protocol `{proto}` in `EXPOSE {}` should be lower-case",
                word.text
            ),
        );
        let raw = &model.source[word.span.clone()];
        if raw == word.text {
            let at = word.span.end - proto.len();
            finding.add_fix(Fix::safe(
                format!("Write `{lower}`"),
                vec![Edit::replace(at..word.span.end, lower)],
            ));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM alpine\nEXPOSE 80/tcp 53/udp 8080 ${PORT}/TCP\n"],
    fail: &[
        "FROM alpine\nEXPOSE 80/TcP\n",
        "FROM alpine\nEXPOSE 8000-8010/UDP 80\n",
    ],
    fix: &[(
        "FROM alpine\nEXPOSE 80/TCP 53/Udp\n",
        "FROM alpine\nEXPOSE 80/tcp 53/udp\n",
    )],
};
