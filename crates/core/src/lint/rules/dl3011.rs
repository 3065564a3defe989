use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `EXPOSE` of a port above 65535.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers: such a port cannot exist, so the line is a typo.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which port was meant.
    RULE = {
        code: "DL3011",
        name: "valid-port",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3011"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Expose) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Expose {
            continue;
        }
        let bad = instr.args().iter().find(|w| {
            // The text before a `/` (found as a byte: a char pattern's searcher cost more to
            // set up than the search).
            let port = &w.text[..w.text.bytes().position(|b| b == b'/').unwrap_or(w.text.len())];
            // A number past 65535 takes five characters at least: most ports have fewer.
            port.len() >= 5
                && port
                    .split('-')
                    .any(|p| p.parse::<u64>().is_ok_and(|n| n > 65535))
        });
        if let Some(bad) = bad {
            let text = bad.text.clone();
            ck.report(instr, format!("`{text}` is not a port: ports range from 0 to 65535"));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nEXPOSE 80 443/tcp 8000-8010 $PORT\n"],
    fail: &["FROM a\nEXPOSE 80800\n"],
    fix: &[],
};
