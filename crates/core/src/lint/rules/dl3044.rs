use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` that uses a variable it defines itself in the same instruction
    /// (`ENV A=1 B=$A`), unless that variable existed before.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded before any is set, so `$A` is empty (or its old
    /// value) in `B=$A`. The result is not what the line seems to say.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "DL3044",
        name: "env-self-reference",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3044"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn references(var: &str, text: &str) -> bool {
    if text.contains(&format!("${{{var}}}")) {
        return true;
    }
    let needle = format!("${var}");
    let mut parts = text.split(needle.as_str());
    parts.next();
    for rest in parts {
        if rest
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
        {
            return true;
        }
    }
    false
}

fn check(ck: &mut Checker) {
    let mut known: Vec<String> = Vec::new();
    for instr in &ck.model.instructions {
        match instr.kind {
            Kind::Arg => known.extend(instr.pairs().into_iter().map(|(k, _)| k.text)),
            Kind::Env => {
                // Values as written (quotes kept) so `$A` inside quotes still counts.
                let pairs = instr.pairs();
                let raw: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(k, v)| {
                        let value = v
                            .as_ref()
                            .map(|v| ck.source()[v.span.clone()].to_string())
                            .unwrap_or_default();
                        (k.text.clone(), value)
                    })
                    .collect();
                let bad = raw.iter().enumerate().find(|(i, (var, _))| {
                    !known.contains(var)
                        && raw
                            .iter()
                            .enumerate()
                            .any(|(j, (_, value))| j != *i && references(var, value))
                });
                if let Some((_, (var, _))) = bad {
                    let var = var.clone();
                    ck.report(instr, format!("`${var}` is used in the same `ENV` that defines it; its new value is not visible there"));
                }
                known.extend(raw.into_iter().map(|(k, _)| k));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nENV A=1\nENV B=$A\n",
        "FROM a\nENV PATH=/x:$PATH\n",
        "FROM a\nENV A=1 B=$AB\n",
    ],
    fail: &["FROM a\nENV A=1 B=$A/x\n"],
    fix: &[],
};
