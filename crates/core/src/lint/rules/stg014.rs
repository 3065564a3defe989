use std::collections::HashMap;

use crate::lint::model::{Instr, Kind};
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::has_byte;
use crate::lint::rules::common::{pair_value_counts, pair_values_have};
use crate::lint::shell::MAX_NESTING;
use crate::lint::Checker;
use crate::syntax::expand::{expand_budgeted, ExpansionBudget, MAX_EXPANDED_WORD};

declare_rule! {
    /// ## What it does
    /// Reports what Stagecraft does not read to the end: an `ARG` or `ENV` value, or a word of
    /// another instruction BuildKit expands (`FROM`, `COPY`, `WORKDIR`, `LABEL`...), whose
    /// variables grow past the expansion limits (1 MiB for one value, 1 MiB plus twice the
    /// file for all of them), and a `RUN` whose `$(...)`, backticks or heredoc scripts nest
    /// deeper than 32 levels.
    ///
    /// ## Why is this bad?
    /// Values that double each other (`ARG A2=${A1}${A1}`) grow exponentially: 64 such lines
    /// ask BuildKit for a value of 2^64 bytes, which no build finishes. Stagecraft stops at
    /// the limit, so its other findings and its size estimate read such values as written.
    /// Commands nested deeper than 32 levels are not checked by the other rules.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG A0=xx
    /// ARG A1=${A0}${A0}
    /// # ...
    /// ARG A40=${A39}${A39}
    /// ```
    ///
    /// Use instead: define the value directly (`ARG A40=...`), or pass it with `--build-arg`.
    ///
    /// ## Fix safety
    /// No automatic fix.
    RULE = {
        code: "STG014",
        name: "beyond-analysis-limits",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: None,
        fix: None,
        check: check,
    }
}

/// The instructions besides FROM, ARG and ENV whose words BuildKit expands.
fn expands_its_words(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Add
            | Kind::Copy
            | Kind::Expose
            | Kind::Label
            | Kind::Stopsignal
            | Kind::User
            | Kind::Volume
            | Kind::Workdir
    )
}

/// Past this many findings the rest are summed up in the last one, so a generated file of
/// thousands of such lines does not give thousands of findings.
const MAX_FINDINGS: usize = 3;

/// Whether an expansion made below could grow past [`MAX_EXPANDED_WORD`] or use up the
/// file's budget of `budget` bytes, by an upper bound that needs no expansion: a word
/// expands to at most its own length plus, for each `$` in it, one variable's value (each
/// `$` starts at most one reference, and the words of `${V:-word}` are counted in the
/// text), and a value set by ARG or ENV is no longer than the bound of what it was expanded
/// from. Lookups take from the budget no more than the values they return. When the bound
/// stays small (nearly every file), nothing can grow and the values need not be expanded.
fn may_grow(model: &crate::lint::Model, budget: usize) -> bool {
    // No variable's value is longer than `longest`; all lookups take at most `taken`.
    let (mut longest, mut taken) = (0usize, 0usize);
    // At most what a word's lookups return, given `longest`.
    let looked_up = |text: &str, longest: usize| {
        text.bytes()
            .filter(|&b| b == b'$')
            .count()
            .saturating_mul(longest)
    };
    for instr in &model.instructions {
        match instr.kind {
            Kind::Arg | Kind::Env => {
                // Each value's length and `$`s read from the words, not from pairs built for
                // every ARG and ENV of the file.
                for (len, dollars) in pair_value_counts(instr, b'$') {
                    let most = dollars.saturating_mul(longest);
                    taken = taken.saturating_add(most);
                    longest = longest.max(len.saturating_add(most));
                    if most > MAX_EXPANDED_WORD {
                        return true;
                    }
                }
            }
            // The instructions whose words are expanded below.
            kind if kind == Kind::From || expands_its_words(kind) => {
                // Its words lie in the text's span: when that has no `$` (most), no word
                // looks anything up, and the words are not read.
                let written = model.source.get(instr.text_span.clone()).unwrap_or("");
                if !written.as_bytes().contains(&b'$') {
                    continue;
                }
                for w in instr.args() {
                    let most = looked_up(&model.source[w.span.clone()], longest);
                    taken = taken.saturating_add(most);
                    if most > MAX_EXPANDED_WORD {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    taken >= budget
}

/// The instructions whose values or words grow past the limits once expanded, in order.
fn grown<'m>(model: &'m crate::lint::Model, budget: &ExpansionBudget) -> Vec<&'m Instr<'m>> {
    let mut global: HashMap<String, String> = HashMap::new();
    let mut scope: HashMap<String, String> = HashMap::new();
    let mut too_large: Vec<&Instr> = Vec::new();
    // Whether a word BuildKit expands (as written, quotes and all) grows past the limits.
    let grows = |word: &str, vars: &HashMap<String, String>| {
        word.contains('$')
            && expand_budgeted(word, model.escape, &|name| vars.get(name).cloned(), budget)
                .is_err_and(|e| e.is_too_large())
    };
    for instr in &model.instructions {
        if instr.kind == Kind::From {
            // FROM sees the global ARGs only.
            if instr.args().iter().any(|w| grows(&model.source[w.span.clone()], &global)) {
                too_large.push(instr);
            }
            scope.clear();
            continue;
        }
        // The other instructions whose words BuildKit expands: the size model reads them too,
        // and says so when one of them grows past the limits (`WORKDIR /$HUGE/app`).
        if expands_its_words(instr.kind) {
            if instr.args().iter().any(|w| grows(&model.source[w.span.clone()], &scope)) {
                too_large.push(instr);
            }
            if budget.is_exhausted() {
                break;
            }
            continue;
        }
        if !matches!(instr.kind, Kind::Arg | Kind::Env) {
            continue;
        }
        let mut grew = false;
        for (key, value) in instr.pairs() {
            let Some(value) = value else {
                if instr.kind == Kind::Arg && instr.stage.is_some() {
                    if let Some(outer) = global.get(key.text.as_str()).cloned() {
                        scope.insert(key.text.as_str().to_owned(), outer);
                    }
                }
                continue;
            };
            let vars = if instr.stage.is_some() {
                &mut scope
            } else {
                &mut global
            };
            let expanded = expand_budgeted(
                &value.text,
                model.escape,
                &|name| vars.get(name).cloned(),
                budget,
            );
            match expanded {
                Ok(text) => {
                    vars.insert(key.text.as_str().to_owned(), text);
                }
                Err(e) if e.is_too_large() => {
                    grew = true;
                    // Unset from here on, so later values that use it stay small.
                    vars.remove(key.text.as_str());
                }
                Err(_) => {
                    vars.insert(key.text.as_str().to_owned(), value.text.as_str().to_owned());
                }
            }
        }
        if grew {
            too_large.push(instr);
        }
        if budget.is_exhausted() {
            // Every later expansion would fail on the budget, not on its own value.
            break;
        }
    }
    too_large
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // A value grows only through the variables it names: when no ARG or ENV value names
    // one (most files), nothing can grow and the values need not be expanded at all.
    // A value's `$` is one of its text's: an instruction whose text has none (most) is not
    // split into pairs to look (eight bytes at a time, cheaper to set up than the library's).
    let names_a_variable = |i: &Instr| {
        matches!(i.kind, Kind::Arg | Kind::Env)
            && has_byte(i.text.as_bytes(), b'$')
            // Read from the words, not from pairs built for it.
            && pair_values_have(i, b'$')
    };
    let names_a_variable = (model.has_kind(Kind::Arg) || model.has_kind(Kind::Env))
        && model.instructions.iter().any(names_a_variable);
    let budget = ExpansionBudget::for_source(model.source.len());
    let expand = names_a_variable && may_grow(model, budget.total());
    // Not walked at all when nothing can grow (most files), where a filter still asked of
    // every instruction; nor are the maps of values made.
    let too_large = if expand { grown(model, &budget) } else { Vec::new() };
    let count = too_large.len();
    for (i, instr) in too_large.into_iter().take(MAX_FINDINGS).enumerate() {
        let more = if i + 1 == MAX_FINDINGS && count > MAX_FINDINGS {
            format!(" ({} more lines like it follow)", count - MAX_FINDINGS)
        } else {
            String::new()
        };
        ck.report(
            instr,
            format!(
                "This value grows past {} MiB once its variables are expanded (they double or \
                 repeat each other), so BuildKit would build a value of megabytes or more and \
                 Stagecraft reads it as written; define the value directly{more}",
                MAX_EXPANDED_WORD >> 20
            ),
        );
    }
    // Taken as found, not listed first: most files have none.
    let deep = model
        .instructions
        .iter()
        .filter(|i| i.script.as_ref().is_some_and(|s| s.too_deep));
    for instr in deep.take(MAX_FINDINGS) {
        ck.report(
            instr,
            format!(
                "Commands here nest deeper than {MAX_NESTING} levels of `$(...)`, backticks or \
                 heredocs; the commands below that depth are not checked. Move the inner part \
                 into a script file"
            ),
        );
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "ARG A=x\nARG B=${A}${A}\nFROM alpine:$B\n",
        "FROM alpine\nENV A=1\nENV B=$A$A$A\nRUN echo $(echo $(echo x))\n",
    ],
    fail: &[
        "ARG A0=xxxxxxxxxxxxxxxx\nARG A1=${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}\nARG A2=${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}\nARG A3=${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}\nARG A4=${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}\nARG A5=${A4}${A4}\nFROM alpine\n",
        "FROM alpine\nRUN $($($($($($($($($($($($($($($($($($($($($($($($($($($($($($($($($($($(x)))))))))))))))))))))))))))))))))\n",
    ],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint_with, Options};

    /// A value of exactly 1 MiB is within the limits; a `WORKDIR` that adds to it is not,
    /// and the size model notes that line too. The comment gives the file's share of the
    /// budget room for the values it defines.
    #[test]
    fn reports_a_word_of_another_instruction_that_grows_past_the_limit() {
        let sixteen = |name: &str| format!("${{{name}}}").repeat(16);
        let text = format!(
            "# {}\nARG A0=xxxxxxxxxxxxxxxx\nARG A1={}\nARG A2={}\nARG A3={}\nARG A4={}\n\
             FROM alpine\nARG A4\nWORKDIR /$A4/app\n",
            "-".repeat(200_000),
            sixteen("A0"),
            sixteen("A1"),
            sixteen("A2"),
            sixteen("A3"),
        );
        let lines: Vec<usize> = lint_with(&text, Options::default())
            .into_iter()
            .filter(|f| f.code == "STG014")
            .map(|f| f.line)
            .collect();
        assert_eq!(lines, [9]);
    }
}
