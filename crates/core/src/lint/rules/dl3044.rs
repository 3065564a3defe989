use std::collections::HashMap;

use crate::lint::model::{Kind, Model};
use crate::lint::rules::common::{pair_keys, NameSet};
use crate::lint::shell::Word;
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::has_byte;
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
/// to `A`), added to `names` with `pair`, the index of the value they are read from. Read in
/// one pass, so an `ENV` of thousands of pairs costs its length, not its square.
fn references<'t>(text: &'t str, pair: usize, names: &mut Vec<(usize, &'t str)>) {
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
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
                names.push((pair, &text[i + 1..close]));
            }
            continue;
        }
        let start = i;
        while i < bytes.len() && is_name(bytes[i]) {
            i += 1;
        }
        if i > start {
            names.push((pair, &text[start..i]));
        }
    }
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Env) {
        return;
    }
    let model = ck.model;
    let source = model.source;
    // The references of one ENV's values, one list for the file.
    let mut refs = Vec::new();
    let mut known = Known {
        names: NameSet::default(),
        read_to: 0,
    };
    for (at, instr) in model.instructions.iter().enumerate() {
        // A single pair cannot use itself: its value sees the name's earlier value, as
        // intended (most ENVs have one pair); and a value naming no variable uses nothing
        // (most have none).
        if instr.kind != Kind::Env
            || instr.args().len() < 2
            || !has_byte(source[instr.text_span.clone()].as_bytes(), b'$')
        {
            continue;
        }
        let pairs = instr.pairs();
        if pairs.len() < 2 {
            continue;
        }
        refs.clear();
        for (j, (_, value)) in pairs.iter().enumerate() {
            // Values as written (quotes kept) so `$A` inside quotes still counts.
            if let Some(v) = value {
                references(&source[v.span.clone()], j, &mut refs);
            }
        }
        // The first name another pair's value uses, unless an ARG or ENV before set it (the
        // names before are read only for a name so used: few are).
        let bad = used_by_another(pairs, &refs).find(|name| !known.before(model, at, name));
        if let Some(var) = bad {
            ck.report(instr, format!("`${var}` is used in the same `ENV` that defines it; its new value is not visible there"));
        }
    }
}

/// The names of `pairs`, in order, that the value of another pair refers to (`refs`: each
/// reference with the index of its pair).
fn used_by_another<'p>(
    pairs: &'p [(Word, Option<Word>)],
    refs: &'p [(usize, &'p str)],
) -> impl Iterator<Item = &'p str> {
    // Few pairs and references (nearly always): compared directly. Many: by name, so an
    // `ENV` of thousands of pairs costs its length, not its square.
    let by_name = (pairs.len() * refs.len() > 1024).then(|| {
        // Name → the first two pairs whose values refer to it.
        let mut used_by: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
        for &(j, name) in refs {
            used_by
                .entry(name)
                .and_modify(|(first, second)| {
                    if *first != j && second.is_none() {
                        *second = Some(j);
                    }
                })
                .or_insert((j, None));
        }
        used_by
    });
    pairs.iter().enumerate().filter_map(move |(i, (key, _))| {
        let name = key.text.as_str();
        let used = match &by_name {
            Some(used_by) => used_by
                .get(name)
                .is_some_and(|&(first, second)| first != i || second.is_some()),
            None => refs.iter().any(|&(j, used)| j != i && used == name),
        };
        used.then_some(name)
    })
}

/// The names `ARG`s and `ENV`s set (in any stage, as hadolint reads them), gathered only
/// when a name is asked about: most files never ask.
struct Known<'m> {
    names: NameSet<'m>,
    /// The instructions before this one are in `names`.
    read_to: usize,
}

impl<'m> Known<'m> {
    /// Whether an `ARG` or `ENV` before instruction `at` sets `name` (asked in file order).
    fn before(&mut self, model: &'m Model, at: usize, name: &str) -> bool {
        for instr in &model.instructions[self.read_to..at] {
            if matches!(instr.kind, Kind::Arg | Kind::Env) {
                self.names.extend(pair_keys(instr));
            }
        }
        self.read_to = at;
        self.names.contains(name)
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
