//! The sentences a step's reason adds to the step's own: what it changed in this file's
//! figures, and, on a file too large to measure after every step, which figures it did not
//! measure.

use std::collections::HashSet;

use crate::size;

use super::guard::without;
use super::{Measure, Rebuild, MEASURE_EVERY_STEP_UP_TO};

/// What an applied step on an enormous file says about the figures it did not measure:
/// the size and rebuild figures, and the findings too when it was not linted whole.
pub(super) fn not_measured_sentence(
    bytes: usize,
    line: usize,
    linted_whole: bool,
    surface: crate::Surface,
) -> String {
    let (figures, how) = if linted_whole {
        (
            "size and rebuild figures are the last measured ones",
            "sizes",
        )
    } else {
        (
            "lint, size and rebuild figures are the last measured ones",
            "lints and sizes",
        )
    };
    let (guard, commands) = if linted_whole {
        ("", "`stagecraft estimate`")
    } else {
        (
            ", and the instructions it edits were linted on their own to guard it",
            "`stagecraft lint` and `stagecraft estimate`",
        )
    };
    let then = match surface {
        crate::Surface::Cli => format!("run {commands} on the result for its figures"),
        crate::Surface::Page => {
            "apply it, and the Findings and Layers tabs show the result's figures".to_string()
        }
    };
    format!(
        " Its {figures}, not this result's (line {line} is where it edits): this Dockerfile is \
         {} KB, over the {} KB the plan {how} again after every step{guard}; {then}.",
        bytes.div_ceil(1024),
        MEASURE_EVERY_STEP_UP_TO / 1024
    )
}

/// The step's own sentence, then what it changed in this file's figures.
pub(super) fn why(summary: &str, before: &Measure, after: &Measure) -> String {
    let mut out = summary.trim().to_string();
    if size::human(before.bytes.expected) != size::human(after.bytes.expected) {
        out.push_str(&format!(
            " The size model puts the image at {} (was {}).",
            size::human(after.bytes.expected),
            size::human(before.bytes.expected)
        ));
    }
    if let Some(sentence) = rebuild_sentence(&before.rebuild, &after.rebuild) {
        out.push(' ');
        out.push_str(&sentence);
    }
    if after.findings < before.findings {
        // Each code once, in the order it first went: a megabyte file fixes thousands.
        let mut seen = HashSet::new();
        let mut gone = without(&before.codes, &after.codes);
        gone.retain(|code| seen.insert(*code));
        out.push_str(&format!(
            " Lint findings go from {} to {} ({} fixed).",
            before.findings,
            after.findings,
            gone.join(", ")
        ));
    }
    out
}

/// What a step changed in a code edit's rebuild, in bytes and seconds (a layer count alone
/// misleads: a step that adds `USER` after the code adds a layer that costs nothing). When a
/// code edit rebuilds more, the sentence names what it now also rebuilds.
fn rebuild_sentence(before: &Rebuild, after: &Rebuild) -> Option<String> {
    let words = |r: &Rebuild| r.to_string();
    if words(before) == words(after) {
        return None;
    }
    // The same megabytes and less than a second apart ("under 1 s" → "about 1 s"): a
    // metadata line more or less, not a change worth a sentence.
    if size::human(before.bytes.expected) == size::human(after.bytes.expected)
        && (after.seconds.expected - before.seconds.expected).abs() < 1.0
    {
        return None;
    }
    let mut sentence = format!(
        "A code edit now rebuilds {} instead of {}",
        words(after),
        words(before)
    );
    if after.bytes.expected > before.bytes.expected {
        let had: HashSet<&str> = before.writes.iter().map(|b| b.text.as_str()).collect();
        let new = after
            .writes
            .iter()
            .filter(|layer| !had.contains(layer.text.as_str()))
            .max_by_key(|layer| layer.bytes);
        if let Some(layer) = new {
            sentence.push_str(&format!(
                ": it also writes line {} again (`{}`, {}) because {}",
                layer.line,
                layer.text,
                size::human(layer.bytes),
                layer.reason
            ));
        }
    }
    sentence.push('.');
    Some(sentence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::RebuiltLayer;
    use crate::size::Bytes;

    #[test]
    fn a_rebuild_sentence_speaks_of_bytes_and_seconds_never_of_free_layers() {
        let rebuild =
            |layers, bytes: u64, seconds: f64, writes: Vec<(usize, &str, u64, &str)>| Rebuild {
                layers,
                bytes: Bytes::exact(bytes),
                seconds: size::Seconds {
                    low: seconds,
                    expected: seconds,
                    high: seconds,
                },
                writes: writes
                    .into_iter()
                    .map(|(line, text, bytes, reason)| RebuiltLayer {
                        line,
                        text: text.to_string(),
                        bytes,
                        reason: reason.to_string(),
                    })
                    .collect(),
            };
        let four = rebuild(
            4,
            1_000_000,
            0.4,
            vec![(3, "COPY . .", 1_000_000, "it copies the changed code")],
        );
        // One more layer (a `USER`) that writes nothing: nothing to say.
        let five = rebuild(
            5,
            1_000_000,
            0.4,
            vec![(3, "COPY . .", 1_000_000, "it copies the changed code")],
        );
        assert_eq!(rebuild_sentence(&four, &five), None);
        // The same megabytes, under a second apart ("under 1 s" → "about 1 s"): nothing.
        let slower = rebuild(
            5,
            1_000_000,
            1.1,
            vec![(3, "COPY . .", 1_000_000, "it copies the changed code")],
        );
        assert_eq!(rebuild_sentence(&four, &slower), None);
        // Fewer bytes: said plainly.
        let big = rebuild(
            4,
            125_000_000,
            12.0,
            vec![(3, "COPY . .", 1_000_000, "it copies the changed code")],
        );
        assert_eq!(
            rebuild_sentence(&big, &four).unwrap(),
            "A code edit now rebuilds 1.00 MB (under 1 s) instead of 125 MB (about 12 s)."
        );
        // More bytes: what is rebuilt now that was not.
        let more = rebuild(
            6,
            94_000_000,
            9.0,
            vec![
                (3, "COPY . .", 1_000_000, "it copies the changed code"),
                (
                    9,
                    "COPY /opt/venv /opt/venv",
                    93_000_000,
                    "stage `builder` it uses was rebuilt",
                ),
            ],
        );
        let said = rebuild_sentence(&four, &more).unwrap();
        assert!(
            said.ends_with(": it also writes line 9 again (`COPY /opt/venv /opt/venv`, 93.0 MB) because stage `builder` it uses was rebuilt."),
            "{said}"
        );
    }
}
