use crate::lint::model::Kind;
use crate::case::is_in_case;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports instruction keywords whose case differs from the rest of the file: a keyword
    /// in mixed case (`Run`, `EntryPoint`), or a lower-case keyword in a file that is
    /// mostly upper-case (and the other way round). This is BuildKit's
    /// `ConsistentInstructionCasing` build check; like BuildKit, it counts the instructions
    /// from the first `FROM` on, and a tie counts as upper-case.
    ///
    /// ## Why is this bad?
    /// Docker accepts any case, but a file that switches case is harder to read, and
    /// mixed-case keywords are easy to mistake for arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// Run echo hello > /greeting.txt
    /// entrypoint ["cat", "/greeting.txt"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN echo hello > /greeting.txt
    /// ENTRYPOINT ["cat", "/greeting.txt"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the keyword is rewritten in the file's majority case; keywords are not
    /// case-sensitive.
    RULE = {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        severity: Warning,
        category: Style,
        hadolint: None,
        buildkit: Some("ConsistentInstructionCasing"),
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Read twice rather than collected: a list per file cost more than the filter.
    let counted = || {
        model
            .instructions
            .iter()
            // Unknown keywords are a syntax error, not a casing problem.
            .filter(|i| i.stage.is_some() && i.kind != Kind::Other)
    };
    let (mut lower, mut upper) = (0, 0);
    // Whether any keyword is in neither case: a file written all in one case (most) has
    // nothing to report, whichever case wins.
    let mut mixed = false;
    for instr in counted() {
        match cases(&instr.keyword.text) {
            (true, _) => lower += 1,
            (false, true) => upper += 1,
            (false, false) => mixed = true,
        }
    }
    if !mixed && (lower == 0 || upper == 0) {
        return;
    }
    let majority_lower = lower > upper;
    for instr in counted() {
        let k = &instr.keyword.text;
        if is_in_case(k, !majority_lower) {
            continue;
        }
        let wanted = if majority_lower {
            crate::case::lower(k)
        } else {
            crate::case::upper(k)
        };
        if *k == wanted {
            continue;
        }
        let case = if majority_lower {
            "lower-case"
        } else {
            "upper-case"
        };
        ck.report_span(
            instr.line,
            instr.keyword.span.clone(),
            format!("`{k}` should be {case} like most instructions in this file"),
        )
        .add_fix(Fix::safe(
            format!("Write `{wanted}`"),
            vec![Edit::replace(instr.keyword.span.clone(), wanted)],
        ));
    }
}

/// Whether `keyword` is lower-case and whether it is upper-case ([`is_in_case`] both ways),
/// an ASCII keyword read once for both.
fn cases(keyword: &str) -> (bool, bool) {
    // One pass over the bytes, the bits any of them has and the bits all of them have: the
    // keyword of a known instruction (an unknown one is not counted) is letters only, so in
    // ASCII a byte's 0x20 bit is its case (set in lower case).
    let (mut any, mut all) = (0u8, u8::MAX);
    for b in keyword.bytes() {
        any |= b;
        all &= b;
    }
    if !any.is_ascii() {
        return (is_in_case(keyword, false), is_in_case(keyword, true));
    }
    (all & 0x20 != 0, any & 0x20 == 0)
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM alpine\nRUN true\nCMD [\"sh\"]\n",
        "from alpine\nrun true\ncmd [\"sh\"]\n",
        "arg V=1\nFROM alpine:$V\nRUN true\n",
    ],
    fail: &[
        "From alpine\nRun echo hello\nEntRYpOiNT [\"cat\"]\n",
        "FROM alpine\nRUN true\nrun false\n",
        "from alpine\nrun true\nCMD [\"sh\"]\n",
    ],
    fix: &[
        (
            "FROM alpine\nRun true\ncopy a b\n",
            "FROM alpine\nRUN true\nCOPY a b\n",
        ),
        (
            "from alpine\nrun true\nCmd [\"sh\"]\n",
            "from alpine\nrun true\ncmd [\"sh\"]\n",
        ),
    ],
};
