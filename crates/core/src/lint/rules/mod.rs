//! The list of rules, one module each, and lookups over it. What a rule *is* (its metadata
//! and the `declare_rule!` macro) is in [`super::registry`]. Adding a rule: write its file,
//! add its name to the list below, and run the tests (they create its snapshot and its docs
//! page); see "Add a lint rule" in ARCHITECTURE.md.

pub mod bk_common;
pub mod common;
pub mod label_values;

/// Declares the rule modules, the registry list and the list of test cases in one place.
macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every rule, in the order of this list.
        pub static ALL: &[&crate::lint::registry::Rule] = &[$(&$module::RULE),*];

        /// Runs, in the order of this list, every rule that runs under a configuration
        /// that names none ([`crate::lint::registry::Activation::runs_unconfigured`]), each
        /// with its code's place from `ranks` (one per rule of [`ALL`]). Returns where
        /// STG007's findings are among the checker's.
        ///
        /// Each rule is called by name, not through its `check` pointer: a loop over the
        /// pointers made one call site jump to a hundred places in turn, which the
        /// processor's guess of where a call goes missed nearly every time.
        pub(crate) fn run_unconfigured(
            checker: &mut crate::lint::Checker,
            ranks: &[u16],
        ) -> std::ops::Range<usize> {
            let mut at = 0;
            let mut trailing_comments = 0..0;
            $(
                if $module::RULE.activation.runs_unconfigured() {
                    checker.rule = ALL[at];
                    checker.rank = ranks[at];
                    let start = checker.findings.len();
                    ($module::RULE.check)(checker);
                    if stringify!($module) == "stg007" {
                        trailing_comments = start..checker.findings.len();
                    }
                }
                at += 1;
            )*
            debug_assert_eq!(at, ALL.len());
            trailing_comments
        }

        #[cfg(test)]
        pub(crate) static CASES: &[(&crate::lint::registry::Rule, &Cases)] =
            &[$((&$module::RULE, &$module::CASES)),*];
    };
}

rules! {
    dl1000, dl1001, dl3000, dl3001, dl3002, dl3003, dl3004, dl3006, dl3007, dl3008, dl3009, dl3010, dl3011,
    dl3012, dl3013, dl3014, dl3015, dl3016, dl3018, dl3019, dl3020, dl3021, dl3022, dl3023,
    dl3024, dl3025, dl3026, dl3027, dl3028, dl3029, dl3030, dl3032, dl3033, dl3034, dl3035,
    dl3036, dl3037, dl3038, dl3040, dl3041, dl3042, dl3043, dl3044, dl3045, dl3046, dl3047,
    dl3048, dl3049, dl3050, dl3051, dl3052, dl3053, dl3054, dl3055, dl3056, dl3057, dl3058, dl3059, dl3060, dl3061, dl3062, dl3063, dl3064, dl3065, dl3066, dl3067,
    dl4000, dl4001, dl4003, dl4004, dl4005, dl4006,
    stg001, stg002, stg003, stg004, stg005, stg006, stg007, stg008, stg009, stg010,
    stg011, stg012, stg013, stg014,
    bk_stage_name_casing, bk_from_as_casing, bk_no_empty_continuation, bk_consistent_instruction_casing, bk_undefined_arg_in_from, bk_undefined_var, bk_multiple_instructions_disallowed, bk_legacy_key_value_format, bk_invalid_default_arg_in_from, bk_copy_ignored_file, bk_expose_proto_casing, bk_expose_invalid_format, bk_invalid_definition_description, bk_invalid_base_image_platform,
}

/// Every rule, in the order of the list above.
pub fn all() -> &'static [&'static crate::lint::registry::Rule] {
    ALL
}

/// Finds a rule by code (`DL3008`) or name (`pin-apt-versions`), case-insensitively.
pub fn find(code_or_name: &str) -> Option<&'static crate::lint::registry::Rule> {
    ALL.iter().copied().find(|r| {
        r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// A rule's examples: files it must accept, files it must report, and fixes it must make.
#[cfg(test)]
pub(crate) struct Cases {
    pub pass: &'static [&'static str],
    pub fail: &'static [&'static str],
    /// `(before, after)`: applying the rule's fixes (safe and unsafe) to `before` gives
    /// `after`, which no longer has the finding.
    pub fix: &'static [(&'static str, &'static str)],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{apply_fixes, lint, Applicability, Finding};

    fn of(code: &str, source: &str) -> Vec<Finding> {
        lint(source)
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    #[test]
    fn every_rule_passes_fails_and_fixes_its_cases() {
        let mut problems = Vec::new();
        for (rule, cases) in CASES {
            for source in cases.pass {
                if !of(rule.code, source).is_empty() {
                    problems.push(format!(
                        "{}: reported on a passing case:\n{source}",
                        rule.code
                    ));
                }
            }
            for source in cases.fail {
                if of(rule.code, source).is_empty() {
                    problems.push(format!("{}: missed a failing case:\n{source}", rule.code));
                }
            }
            for (before, after) in cases.fix {
                let findings = of(rule.code, before);
                let (fixed, _) = apply_fixes(before, &findings, Applicability::Unsafe);
                if fixed != *after {
                    problems.push(format!(
                        "{}: fix gave\n{fixed}\ninstead of\n{after}",
                        rule.code
                    ));
                }
                if !of(rule.code, after).is_empty() {
                    problems.push(format!(
                        "{}: still reported after the fix:\n{after}",
                        rule.code
                    ));
                }
            }
            // Rules that need a configuration keep their failing cases in their own tests.
            if cases.fail.is_empty() && !rule.activation.needs_config() {
                problems.push(format!("{}: has no failing case", rule.code));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    }

    /// Each rule's declared fix ([`crate::lint::Rule::fix`]) is what it emits: no fix from a
    /// rule that declares none, no fix more automatic than declared (a `safe` rule may fall
    /// back to a suggestion where a value is tricky, an `unsafe` one never offers a safe
    /// fix), and the declared kind itself emitted somewhere in its cases or the corpus.
    #[test]
    fn declared_fix_kinds_match_emitted_fixes() {
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
        let mut sources: Vec<String> = Vec::new();
        if let Ok(repos) = std::fs::read_dir(&corpus) {
            for repo in repos.flatten() {
                for file in std::fs::read_dir(repo.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    if let Ok(bytes) = std::fs::read(file.path()) {
                        sources.push(String::from_utf8_lossy(&bytes).into_owned());
                    }
                }
            }
        }
        assert!(
            sources.len() > 900,
            "the shared corpus is missing at {}",
            corpus.display()
        );
        for (_, cases) in CASES {
            sources.extend(cases.fail.iter().map(|s| s.to_string()));
            sources.extend(cases.fix.iter().map(|(before, _)| before.to_string()));
        }
        let mut emitted: std::collections::HashMap<&str, usize> = Default::default();
        let mut problems = std::collections::BTreeSet::new();
        for source in &sources {
            for finding in lint(source) {
                let rule = find(finding.code).expect("every finding names a rule");
                for fix in &finding.fixes {
                    if rule.fix == Some(fix.applicability) {
                        *emitted.entry(rule.code).or_default() += 1;
                    }
                    if rule.fix.is_none_or(|declared| fix.applicability < declared) {
                        problems.insert(format!(
                            "{} declares fix {} but emitted a {} fix (`{}`)",
                            rule.code,
                            rule.fix_label(),
                            fix.applicability.as_str(),
                            fix.title
                        ));
                    }
                }
            }
        }
        for rule in ALL {
            if rule.fix.is_some()
                && !emitted.contains_key(rule.code)
                && !rule.activation.needs_config()
            {
                problems.insert(format!(
                    "{} declares fix {} but emitted no such fix over the corpus and its cases",
                    rule.code,
                    rule.fix_label()
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{}",
            problems.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in ALL {
            for heading in [
                "## What it does",
                "## Why",
                "## Example",
                "Use instead",
                "## Fix safety",
            ] {
                assert!(
                    rule.docs.contains(heading),
                    "{} docs lack `{heading}`",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn codes_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
        }
    }

    /// The rendered findings of every failing case, one snapshot per rule.
    #[test]
    fn findings_snapshots() {
        for (rule, cases) in CASES {
            let mut out = String::new();
            for source in cases.fail {
                out.push_str("--- source\n");
                out.push_str(source);
                if !source.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("--- findings\n");
                for f in of(rule.code, source) {
                    out.push_str(&format!(
                        "{}:{}-{}:{} {} {} {}\n",
                        f.location.line,
                        f.location.column,
                        f.location.end_line,
                        f.location.end_column,
                        f.code,
                        f.severity,
                        f.message
                    ));
                    for fix in &f.fixes {
                        out.push_str(&format!(
                            "  fix ({}): {}\n",
                            fix.applicability.as_str(),
                            fix.title
                        ));
                    }
                }
            }
            insta::assert_snapshot!(rule.code, out);
        }
    }
}
