use crate::lint::rules::common::NameSet;
use std::collections::HashMap;

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

/// The variables `text` refers to as `${NAME}` or `$NAME` (a whole name: `$AB` does not refer
/// to `A`). Read in one pass, so an `ENV` of thousands of pairs costs its length, not its
/// square.
fn references(text: &str) -> Vec<&str> {
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    // The next `}` at or after a position, found once and reused while it stays ahead.
    let mut next_close: Option<usize> = None;
    let mut next_open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        i += 1;
        if bytes.get(i) == Some(&b'{') {
            if next_close.is_some_and(|close| close <= i) {
                next_close = None;
            }
            // `usize::MAX`: no `}` is left, so none follows any later `${` either.
            let close = *next_close.get_or_insert_with(|| {
                text[i + 1..].find('}').map_or(usize::MAX, |at| i + 1 + at)
            });
            // A name holds no `{`: skipping what does keeps nested `${a:-${b:-...}}` from
            // making every level's whole tail a name to compare.
            if next_open.is_some_and(|open| open <= i) {
                next_open = None;
            }
            let open = *next_open.get_or_insert_with(|| {
                text[i + 1..].find('{').map_or(usize::MAX, |at| i + 1 + at)
            });
            if close != usize::MAX && open > close {
                names.push(&text[i + 1..close]);
            }
            continue;
        }
        let start = i;
        while i < bytes.len() && is_name(bytes[i]) {
            i += 1;
        }
        if i > start {
            names.push(&text[start..i]);
        }
    }
    names
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Env) {
        return;
    }
    let model = ck.model;
    let source = model.source;
    // Only an ENV value naming a variable can use its own ENV's names: most files have none.
    let env_names_a_variable = model.instructions.iter().any(|i| {
        i.kind == Kind::Env
            && i.pairs()
                .iter()
                .any(|(_, v)| v.as_ref().is_some_and(|v| source[v.span.clone()].contains('$')))
    });
    if !env_names_a_variable {
        return;
    }
    let mut known = NameSet::default();
    for instr in &model.instructions {
        match instr.kind {
            Kind::Arg => known.extend(instr.pairs().iter().map(|(k, _)| k.text.as_str())),
            Kind::Env => {
                // Values as written (quotes kept) so `$A` inside quotes still counts.
                let pairs = instr.pairs();
                let raw: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| {
                        let value = v.as_ref().map_or("", |v| &source[v.span.clone()]);
                        (k.text.as_str(), value)
                    })
                    .collect();
                // A single pair cannot use itself: its value sees the name's earlier
                // value, as intended (most ENVs have one pair).
                if raw.len() > 1 {
                    // Name → the first two pairs whose values refer to it.
                    let mut used_by: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
                    for (j, (_, value)) in raw.iter().enumerate() {
                        for name in references(value) {
                            used_by
                                .entry(name)
                                .and_modify(|(first, second)| {
                                    if *first != j && second.is_none() {
                                        *second = Some(j);
                                    }
                                })
                                .or_insert((j, None));
                        }
                    }
                    let bad = raw.iter().enumerate().find(|(i, (var, _))| {
                        !known.contains(var)
                            && used_by
                                .get(var)
                                .is_some_and(|&(first, second)| first != *i || second.is_some())
                    });
                    if let Some((_, (var, _))) = bad {
                        let var = *var;
                        ck.report(instr, format!("`${var}` is used in the same `ENV` that defines it; its new value is not visible there"));
                    }
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
        "FROM a\nENV A=$A/x\n",
        "FROM a\nENV A=1 B=${A:-x}\n",
    ],
    fail: &[
        "FROM a\nENV A=1 B=$A/x\n",
        "FROM a\nENV A=1 B=x${A}\n",
        "FROM a\nENV A=1 B=$$A\n",
    ],
    fix: &[],
};
