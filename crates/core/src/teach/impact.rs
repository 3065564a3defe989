//! What a finding costs on this file, and what it would cost after its fix: the fix (or the
//! rewrite step that addresses it) is applied to a copy of the text and the copy is sized and
//! cache-planned again, so the "after" number comes from the same models as the "before".

use crate::edit;
use crate::lint::{Applicability, Category, Finding};
use crate::rewrite::{self, facts, Context, Manifests, Options, Outcome, Sizes, Walk};
use crate::size::{self, Bytes, Change, Seconds};
use crate::syntax::{self, Dockerfile};

/// One version of the file in the two figures a beginner feels: how big the image is, and
/// what editing the application code makes Docker do again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// The image on disk (`docker images`).
    pub image: Bytes,
    /// Bytes written again when application code changes (the cache model's `code` change).
    pub code_edit: Bytes,
    /// Rough time of that rebuild.
    pub code_edit_seconds: Seconds,
}

impl Cost {
    /// Sizes and cache-plans one version of the file.
    pub fn measure(file: &Dockerfile, manifests: &Manifests, dockerignore: Option<&str>) -> Cost {
        let inputs = manifests.estimate_inputs(dockerignore.is_some_and(facts::keeps_git_out));
        let (image, rebuilt) = size::image_and_rebuilt(file, &inputs, Change::Code);
        Cost {
            image,
            code_edit: rebuilt.bytes,
            code_edit_seconds: rebuilt.seconds,
        }
    }

    /// [`Cost::measure`] from `sizes`, which size each text once.
    fn sized(sizes: &Sizes, file: &Dockerfile, dockerignore: Option<&str>) -> Cost {
        let git_out = dockerignore.is_some_and(facts::keeps_git_out);
        let (image, rebuild) = sizes.figures(file, git_out);
        Cost {
            image,
            code_edit: rebuild.bytes,
            code_edit_seconds: rebuild.seconds,
        }
    }

    /// "22.4 MB, about 4 s": the typical figures; the model's ranges are in `estimate`/`cache`.
    pub fn code_edit_words(&self) -> String {
        format!(
            "{}, {}",
            size::human(self.code_edit.expected),
            seconds_words(self.code_edit_seconds.expected)
        )
    }
}

/// "about 4 s", "under 1 s", "about 2 min", "about 3 h".
pub fn seconds_words(seconds: f64) -> String {
    if seconds < 1.0 {
        "under 1 s".into()
    } else if seconds < 90.0 {
        format!("about {} s", seconds.round() as u64)
    } else if seconds < 90.0 * 60.0 {
        format!("about {} min", (seconds / 60.0).round() as u64)
    } else {
        format!("about {} h", (seconds / 3600.0).round() as u64)
    }
}

/// What was applied to the copy to measure the "after".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// The finding's own fix, by its title.
    Fix(String),
    /// A rewrite step run on this file alone, by its id.
    Step(&'static str),
}

/// A finding's cost before and after its remedy.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    pub remedy: Remedy,
    pub before: Cost,
    pub after: Cost,
}

/// Differences smaller than this are noise in a model whose ranges are wider.
const MIN_BYTES: i64 = 1_000_000;
const MIN_SECONDS: f64 = 0.5;

impl Impact {
    /// Image bytes the remedy saves (negative when it adds).
    pub fn image_saved(&self) -> i64 {
        self.before.image.expected as i64 - self.after.image.expected as i64
    }

    /// Bytes a code edit no longer rebuilds (negative when it rebuilds more).
    pub fn code_edit_saved(&self) -> i64 {
        self.before.code_edit.expected as i64 - self.after.code_edit.expected as i64
    }

    /// Seconds a code edit no longer costs.
    pub fn seconds_saved(&self) -> f64 {
        self.before.code_edit_seconds.expected - self.after.code_edit_seconds.expected
    }

    // A difference is said only when it shows in the figures as printed: "33.1 GB instead
    // of 33.1 GB" teaches nothing.
    pub fn image_moves(&self) -> bool {
        self.image_saved().abs() >= MIN_BYTES
            && size::human(self.before.image.expected) != size::human(self.after.image.expected)
    }

    pub fn rebuild_moves(&self) -> bool {
        let bytes = self.code_edit_saved().abs() >= MIN_BYTES
            && size::human(self.before.code_edit.expected)
                != size::human(self.after.code_edit.expected);
        let seconds = self.seconds_saved().abs() >= MIN_SECONDS
            && seconds_words(self.before.code_edit_seconds.expected)
                != seconds_words(self.after.code_edit_seconds.expected);
        bytes || seconds
    }

    /// Whether the models see any difference worth saying.
    pub fn matters(&self) -> bool {
        self.image_moves() || self.rebuild_moves()
    }

    /// How much it matters, for ordering: the larger of the image bytes and the rebuilt bytes
    /// saved, then seconds saved.
    pub fn weight(&self) -> (i64, i64) {
        let bytes = if self.matters() {
            self.image_saved().max(self.code_edit_saved())
        } else {
            0
        };
        (bytes, (self.seconds_saved() * 10.0) as i64)
    }

    /// "a code edit rebuilds 125 MB, about 12 s; after this fix, 11.0 MB, about 1 s", with
    /// only the figures that move. `after` names the change ("after this fix").
    pub fn sentence(&self, after: &str) -> Option<String> {
        let (before, after_figures) = match (self.image_moves(), self.rebuild_moves()) {
            (false, false) => return None,
            (true, false) => (
                format!("the image is {}", size::human(self.before.image.expected)),
                size::human(self.after.image.expected),
            ),
            (false, true) => (
                format!("a code edit rebuilds {}", self.before.code_edit_words()),
                self.after.code_edit_words(),
            ),
            (true, true) => (
                format!(
                    "the image is {} and a code edit rebuilds {} ({})",
                    size::human(self.before.image.expected),
                    size::human(self.before.code_edit.expected),
                    seconds_words(self.before.code_edit_seconds.expected)
                ),
                format!(
                    "{} and {} ({})",
                    size::human(self.after.image.expected),
                    size::human(self.after.code_edit.expected),
                    seconds_words(self.after.code_edit_seconds.expected)
                ),
            ),
        };
        Some(format!("{before}; {after}, {after_figures}"))
    }
}

/// The rewrite step that does what a rule asks, when there is one.
pub fn step_for(code: &str) -> Option<&'static str> {
    Some(match code {
        "STG001" => "slim-base",
        "STG002" => "layer-order",
        "STG004" => "dockerignore",
        "STG003" | "DL3002" => "non-root",
        "STG005" => "multi-stage",
        "STG008" => "cache-mounts",
        "DL3009" | "DL3015" | "DL3019" | "DL3042" | "DL3060" | "DL3032" | "DL3036" | "DL3040" => {
            "hygiene"
        }
        "DL3025" => "runtime-polish",
        "DL3006" | "DL3007" => "pin-base",
        _ => return None,
    })
}

/// Whether a finding's rule can change what the models measure.
pub fn may_cost(finding: &Finding) -> bool {
    let category = crate::lint::rules::find(finding.code).map(|r| r.category);
    costs_in(category, finding.code)
}

/// [`may_cost`] of a rule whose category the caller has looked up already.
pub(super) fn costs_in(category: Option<Category>, code: &str) -> bool {
    matches!(category, Some(Category::Size | Category::BuildSpeed)) || code == "STG004"
}

/// The file, read once, that every finding's remedy is applied to.
pub struct Baseline<'a> {
    pub file: &'a Dockerfile,
    pub manifests: &'a Manifests,
    pub cost: Cost,
    /// The figures of every text measured for this file: the fixes' and, after them, the
    /// next steps' walk ([`Baseline::walk`]).
    pub sizes: Sizes<'a>,
    /// The rewrite's defaults, which `stack` was read with.
    options: Options,
    stack: rewrite::Stack,
    codes: Vec<&'static str>,
}

impl<'a> Baseline<'a> {
    pub fn new(file: &'a Dockerfile, manifests: &'a Manifests, findings: &[Finding]) -> Self {
        let options = Options::default();
        let sizes = Sizes::new(manifests);
        Baseline {
            file,
            manifests,
            cost: Cost::sized(&sizes, file, manifests.dockerignore.as_deref()),
            sizes,
            stack: rewrite::stack::detect(file, manifests, &options),
            options,
            codes: findings.iter().map(|f| f.code).collect(),
        }
    }

    /// The rewrite walk from this file, with the tree, stack and figures read already; `None`
    /// when the file does not parse.
    pub fn walk(&self) -> Option<Walk<'_>> {
        self.file.errors().is_empty().then(|| {
            Walk::of_parsed(
                self.file.clone(),
                self.stack.clone(),
                &self.sizes,
                &self.options,
            )
        })
    }

    /// The finding's cost before and after its fix (or its rewrite step), when the models can
    /// say; `None` for findings that do not change size or rebuilds, or whose remedy does
    /// not apply to this file.
    pub fn impact(&self, finding: &Finding) -> Option<Impact> {
        if !may_cost(finding) {
            return None;
        }
        self.impact_of_costly(finding)
    }

    /// [`Baseline::impact`] of a finding the caller knows [`may_cost`].
    pub(super) fn impact_of_costly(&self, finding: &Finding) -> Option<Impact> {
        if !self.file.errors().is_empty() {
            return None;
        }
        let source = self.file.source();
        let fix = finding.fixes.iter().find(|f| {
            !f.edits.is_empty()
                && matches!(f.applicability, Applicability::Safe | Applicability::Unsafe)
        });
        let (remedy, text, dockerignore) = match fix {
            Some(fix) => (
                Remedy::Fix(fix.title.to_string()),
                edit::apply(source, &fix.edits)?,
                self.manifests.dockerignore.clone(),
            ),
            None => {
                let step = rewrite::steps::find(step_for(finding.code)?)?;
                let context = Context {
                    file: self.file,
                    stack: &self.stack,
                    manifests: self.manifests,
                    options: &self.options,
                    dockerignore: self.manifests.dockerignore.as_deref(),
                    style: edit::Style::of_file(self.file),
                    codes: &self.codes,
                    findings: None,
                };
                let Outcome::Applied(change) = (step.run)(&context) else {
                    return None;
                };
                let text = edit::apply(source, &change.edits)?;
                let ignore = change
                    .dockerignore
                    .or_else(|| self.manifests.dockerignore.clone());
                (Remedy::Step(step.id), text, ignore)
            }
        };
        let after_file = syntax::parse(&text);
        if !after_file.errors().is_empty() {
            return None;
        }
        let impact = Impact {
            remedy,
            before: self.cost,
            after: Cost::sized(&self.sizes, &after_file, dockerignore.as_deref()),
        };
        impact.matters().then_some(impact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn impacts(text: &str, manifests: &Manifests) -> Vec<(&'static str, Impact)> {
        let file = crate::parse(text);
        let findings = crate::lint::lint(text);
        let base = Baseline::new(&file, manifests, &findings);
        findings
            .iter()
            .filter_map(|f| base.impact(f).map(|i| (f.code, i)))
            .collect()
    }

    #[test]
    fn moving_the_install_before_the_code_makes_a_code_edit_cheaper() {
        let text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let manifests = Manifests {
            requirements: Some("django==5.0\npsycopg2-binary==2.9.9\n".into()),
            ..Manifests::default()
        };
        let all = impacts(text, &manifests);
        let (_, order) = all
            .iter()
            .find(|(c, _)| *c == "STG002")
            .expect("STG002 measured");
        assert_eq!(order.remedy, Remedy::Step("layer-order"));
        assert!(order.code_edit_saved() > 10_000_000, "{order:?}");
        assert!(order.seconds_saved() > 0.0, "{order:?}");
        let words = order.sentence("after this fix").unwrap();
        assert!(words.starts_with("a code edit rebuilds "), "{words}");
    }

    #[test]
    fn the_slim_base_fix_is_measured_on_the_image() {
        let all = impacts(
            "FROM python:3.12\nCMD [\"python\"]\n",
            &Manifests::default(),
        );
        let (_, slim) = all
            .iter()
            .find(|(c, _)| *c == "STG001")
            .expect("STG001 measured");
        assert!(matches!(slim.remedy, Remedy::Fix(_)));
        assert!(slim.image_saved() > 500_000_000, "{slim:?}");
        let words = slim.sentence("after this fix").unwrap();
        assert!(words.starts_with("the image is 1."), "{words}");
    }

    #[test]
    fn findings_that_cost_nothing_have_no_impact() {
        // A missing HEALTHCHECK and a root user change neither size nor rebuilds.
        let all = impacts(
            "FROM python:3.12-slim\nEXPOSE 80\nCMD [\"python\", \"-m\", \"http.server\", \"80\"]\n",
            &Manifests::default(),
        );
        assert!(all.is_empty(), "{all:?}");
    }

    #[test]
    fn seconds_read_as_a_person_says_them() {
        assert_eq!(seconds_words(0.3), "under 1 s");
        assert_eq!(seconds_words(12.4), "about 12 s");
        assert_eq!(seconds_words(200.0), "about 3 min");
        assert_eq!(seconds_words(163.0 * 60.0), "about 3 h");
    }
}
