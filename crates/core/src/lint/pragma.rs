//! Suppressions written in the Dockerfile itself: hadolint's `# hadolint ignore=...`
//! (next line), `# hadolint global ignore=...` and `# hadolint stage ignore=...`, and
//! BuildKit's `# check=skip=...;error=true` directive.

use super::model::Model;

/// Codes by line, in line order, one entry per line.
type ByLine = Vec<(usize, Vec<String>)>;

/// What the file's own comments switch off. Kept as lists in line order, looked up by
/// binary search: a file has a handful of pragmas, and ordered-map code for them was a few
/// KB of the page's WASM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pragmas {
    /// Codes ignored on a given line (the line after the comment).
    pub by_line: ByLine,
    /// Codes ignored from a line until the next `FROM` (hadolint's stage ignore); each
    /// `FROM` line of a file with such a pragma has an entry, empty unless a pragma
    /// precedes it directly.
    pub by_stage_start: ByLine,
    pub global: Vec<String>,
    /// BuildKit `check=skip=`: check names (or `all`).
    pub skip_checks: Vec<String>,
    /// BuildKit `check=error=true`: BuildKit checks fail the build.
    pub checks_are_errors: bool,
}

/// Adds `codes` to `line`'s entry. Comments come in line order, so this appends; an
/// entry for a line already there is merged.
fn add(list: &mut ByLine, line: usize, codes: Vec<String>) {
    match list.last_mut() {
        Some((last, existing)) if *last == line => existing.extend(codes),
        Some((last, _)) if *last > line => {
            let at = list.partition_point(|(l, _)| *l < line);
            match list.get_mut(at) {
                Some((l, existing)) if *l == line => existing.extend(codes),
                _ => list.insert(at, (line, codes)),
            }
        }
        _ => list.push((line, codes)),
    }
}

impl Pragmas {
    pub fn read(model: &Model) -> Pragmas {
        let mut pragmas = Pragmas::default();
        let first_instruction_line = model.instructions.first().map_or(usize::MAX, |i| i.line);
        for comment in &model.comments {
            let text = comment.text;
            // Every pragma read below starts so: most comments are none, and are not read
            // three times to find that out.
            let hadolint = text.trim_start_matches([' ', '\t']).starts_with("hadolint");
            if !hadolint {
                if comment.line < first_instruction_line {
                    pragmas.read_check_directive(text);
                }
            } else if let Some(codes) = hadolint_pragma(text, None) {
                add(&mut pragmas.by_line, comment.line + 1, codes);
            } else if let Some(codes) = hadolint_pragma(text, Some("global")) {
                pragmas.global.extend(codes);
            } else if let Some(codes) = hadolint_pragma(text, Some("stage")) {
                add(&mut pragmas.by_stage_start, comment.line + 1, codes);
            } else if comment.line < first_instruction_line {
                pragmas.read_check_directive(text);
            }
        }
        // A stage ignore lasts until the next FROM (nothing to end without one).
        if pragmas.by_stage_start.is_empty() {
            return pragmas;
        }
        let mut starts = std::mem::take(&mut pragmas.by_stage_start);
        starts.extend(
            model
                .stages
                .iter()
                .map(|s| (model.instructions[s.from].line, Vec::new())),
        );
        crate::order::sort_by_key(&mut starts, |(line, _)| *line);
        for (line, codes) in starts {
            add(&mut pragmas.by_stage_start, line, codes);
        }
        pragmas
    }

    fn read_check_directive(&mut self, text: &str) {
        // The key is `check`: a comment that does not start so (license headers, notes) is
        // passed over before its `=` is searched for.
        if !starts_with_check(text) {
            return;
        }
        let Some((key, value)) = text.split_once('=') else {
            return;
        };
        if !key.trim().eq_ignore_ascii_case("check") {
            return;
        }
        for part in value.split(';') {
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "skip" => self.skip_checks.extend(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                ),
                "error" => self.checks_are_errors = v.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
    }

    /// Whether any `# hadolint ignore=` pragma names a code at all (most files have none,
    /// and then no finding needs its names looked up).
    pub fn ignores_any(&self) -> bool {
        !self.global.is_empty()
            || !self.by_line.is_empty()
            || self
                .by_stage_start
                .iter()
                .any(|(_, codes)| !codes.is_empty())
    }

    /// Whether a finding with any of these names, on this line, is suppressed.
    pub fn suppresses(&self, names: &[&str], line: usize) -> bool {
        let hit = |codes: &[String]| codes.iter().any(|c| names.contains(&c.as_str()));
        if hit(&self.global) {
            return true;
        }
        let at = self.by_line.partition_point(|(l, _)| *l < line);
        if self
            .by_line
            .get(at)
            .is_some_and(|(l, codes)| *l == line && hit(codes))
        {
            return true;
        }
        // The last stage start at or before the line.
        let after = self.by_stage_start.partition_point(|(l, _)| *l <= line);
        after
            .checked_sub(1)
            .is_some_and(|at| hit(&self.by_stage_start[at].1))
    }

    /// Whether BuildKit's `check=skip` switches off a check.
    /// Whether `# check=skip=` names this check.
    pub fn skips_check(&self, name: &str) -> bool {
        self.skip_checks.iter().any(|c| c == name)
    }

    /// `# check=skip=all`: every BuildKit check is off. hadolint's rules are not BuildKit
    /// checks, so they stay on.
    pub fn skips_all_checks(&self) -> bool {
        self.skip_checks.iter().any(|c| c == "all")
    }
}

/// `hadolint [global|stage] ignore=A,B` → the codes.
fn hadolint_pragma(text: &str, scope: Option<&str>) -> Option<Vec<String>> {
    let rest = text
        .trim_start_matches([' ', '\t'])
        .strip_prefix("hadolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut rest = rest.trim_start_matches([' ', '\t']);
    if let Some(scope) = scope {
        rest = rest.strip_prefix(scope)?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        rest = rest.trim_start_matches([' ', '\t']);
    }
    let rest = rest.strip_prefix("ignore")?.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('=')?;
    let rest = rest.split('#').next().unwrap_or("");
    let codes: Vec<String> = rest
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let valid = codes
        .iter()
        .all(|c| c.chars().all(|ch| ch.is_ascii_alphanumeric()));
    (!codes.is_empty() && valid).then_some(codes)
}

/// Whether a comment's text starts with `check` in any case, after blanks: what every
/// `# check=...` directive does, tested before the text is split on its `=`.
pub(crate) fn starts_with_check(text: &str) -> bool {
    text.trim_start()
        .as_bytes()
        .get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"check"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_pragma_form() {
        let model = Model::new(
            "# check=skip=StageNameCasing,JSONArgsRecommended;error=true\n# hadolint global ignore=DL3059\nFROM a\n# hadolint ignore=DL3008, DL3015\nRUN apt-get install x\n",
        );
        let p = Pragmas::read(&model);
        assert!(p.skips_check("StageNameCasing"));
        assert!(p.checks_are_errors);
        assert!(p.suppresses(&["DL3059"], 99));
        assert!(p.suppresses(&["DL3015"], 5));
        assert!(!p.suppresses(&["DL3015"], 4));
        assert!(!p.suppresses(&["DL3009"], 5));
    }

    #[test]
    fn stage_ignore_ends_at_the_next_from() {
        let model = Model::new("FROM a\n# hadolint stage ignore=DL3059\nRUN a\nFROM b\nRUN b\n");
        let p = Pragmas::read(&model);
        assert!(p.suppresses(&["DL3059"], 3));
        assert!(!p.suppresses(&["DL3059"], 5));
    }

    #[test]
    fn a_stage_ignore_right_above_a_from_covers_that_stage_only() {
        let model = Model::new(
            "FROM a\nRUN a\n# hadolint stage ignore=DL3059,DL3008\nFROM b\nRUN b\nFROM c\nRUN c\n",
        );
        let p = Pragmas::read(&model);
        assert!(!p.suppresses(&["DL3059"], 2));
        assert!(p.suppresses(&["DL3059"], 4));
        assert!(p.suppresses(&["DL3008"], 5));
        assert!(!p.suppresses(&["DL3059"], 7));
        assert!(!p.suppresses(&["DL3059"], 99));
    }

    #[test]
    fn not_a_pragma() {
        assert_eq!(hadolint_pragma(" hadolintignore=DL1", None), None);
        assert_eq!(hadolint_pragma(" hadolint ignore=", None), None);
    }
}
