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
    // The bits any keyword byte has: with no lower-case bit and no high byte, every keyword
    // is in upper case (most files), and there is nothing to count. One pass with an `or`
    // per keyword, where counting asked two things of each.
    let any = counted().fold(0, |any, instr| any | or_and(instr.keyword.text.as_bytes()).0);
    if any & (HIGH | CASE) == 0 {
        return;
    }
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
    // The bits any of its bytes has and the bits all of them have: the keyword of a known
    // instruction (an unknown one is not counted) is letters only, so in ASCII a byte's 0x20
    // bit is its case (set in lower case).
    let (any, all) = or_and(keyword.as_bytes());
    if any & HIGH != 0 {
        return (is_in_case(keyword, false), is_in_case(keyword, true));
    }
    (all & CASE == CASE, any & CASE == 0)
}

const HIGH: u64 = 0x8080_8080_8080_8080;
const CASE: u64 = 0x2020_2020_2020_2020;

/// The OR and the AND of the bytes of `bytes`, in each byte of two words. A keyword (three
/// to eleven bytes) is read as two words of 2, 4 or 8 bytes, overlapping where it is
/// shorter than both: a byte read twice changes neither. The bytes of the AND's word that
/// no byte of `bytes` fills are set, those of the OR's clear.
fn or_and(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len();
    macro_rules! two_words {
        ($ty:ty) => {{
            const SIZE: usize = std::mem::size_of::<$ty>();
            let word = |at: usize| {
                <$ty>::from_le_bytes(bytes[at..at + SIZE].try_into().expect("a word"))
            };
            let (a, b) = (word(0), word(n - SIZE));
            let unfilled = !(<$ty>::MAX as u64);
            (u64::from(a | b), u64::from(a & b) | unfilled)
        }};
    }
    match n {
        8..=16 => two_words!(u64),
        4..=7 => two_words!(u32),
        2..=3 => two_words!(u16),
        _ => {
            let (mut any, mut all) = (0u8, u8::MAX);
            for &b in bytes {
                any |= b;
                all &= b;
            }
            (u64::from(any), u64::from(all) | !0xff)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::cases;

    /// Read a word at a time, a keyword's case is what reading it byte by byte gives.
    #[test]
    fn reads_the_case_of_keywords_of_every_length() {
        for keyword in ["", "a", "as", "RUN", "run", "Run", "COPY", "copY", "LABEL", "Expose"]
            .into_iter()
            .chain(["onbuild", "ONBUILD", "WorkDir", "healthcheck", "HEALTHCHECK", "Healthcheck"])
            .chain(["abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPq", "ruN", "éNV"])
        {
            let bytewise = (
                crate::case::is_in_case(keyword, false),
                crate::case::is_in_case(keyword, true),
            );
            assert_eq!(cases(keyword), bytewise, "{keyword}");
        }
    }
}
