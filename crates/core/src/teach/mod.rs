//! Teaching: the findings as a beginner should meet them — most important first, each with
//! what it costs on this file before and after its fix, a three-line "next steps" summary
//! that follows the order a good guide teaches, short hints, and the words explained.
//!
//! [`lesson`] is pure and reusable: the CLI's tty output and the page's Findings tab show
//! the same [`Lesson`]; [`Surface`] picks the words that point to each one's own tools.

pub mod glossary;
pub mod hints;
pub mod impact;
pub mod ranges;

use crate::lint::{self, Category, Finding, Severity};
use crate::rewrite::{self, Manifests, Options, Status, StepReport, Walk};
use crate::size;
use crate::syntax;
use std::collections::HashMap;
use std::sync::Arc;

pub use glossary::{Term, TERMS};
pub use hints::{Hint, KnownWheels, WheelFacts};
pub use impact::{Cost, Impact, Remedy};

/// Where the lesson is shown, so that it names that surface's tools.
pub use crate::surface::Surface;

/// Why a finding sits where it does in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    /// Someone can read or exploit something: first, whatever it costs in megabytes.
    Security,
    /// The models measure a saving: ordered by megabytes, then seconds.
    Measured,
    /// The build fails or does something other than the file says.
    Breaks,
    /// Everything else, by severity.
    Other,
}

/// One finding with what the lesson knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedFinding {
    pub finding: Finding,
    pub weight: Weight,
    pub category: Option<Category>,
    /// Its cost before and after its remedy, when the models see a difference.
    pub impact: Option<Box<Impact>>,
    /// The rewrite step that does what the finding asks, when one exists.
    pub rewrite_step: Option<&'static str>,
    /// Glossary term ids its words use; findings with the same message share one list.
    pub terms: Arc<[&'static str]>,
}

impl RankedFinding {
    /// "a code edit rebuilds 22.4 MB, about 4 s; after this fix, 11.0 MB, under 1 s".
    pub fn cost_sentence(&self, surface: Surface) -> Option<String> {
        let impact = self.impact.as_ref()?;
        let after = match (&impact.remedy, surface) {
            (Remedy::Fix(_), _) => "after this fix".to_string(),
            (Remedy::Step(id), Surface::Cli) => {
                format!("after `stagecraft rewrite`'s step `{id}`")
            }
            (Remedy::Step(id), Surface::Page) => format!("after the Rewrite tab's step `{id}`"),
        };
        impact.sentence(&after)
    }

    /// Where the surface does this for the reader, when a rewrite step exists.
    pub fn rewrite_pointer(&self, surface: Surface) -> Option<String> {
        let step = self.rewrite_step?;
        Some(match surface {
            Surface::Cli => format!("`stagecraft rewrite --until {step}` does this"),
            Surface::Page => format!("the Rewrite tab's step `{step}` does this"),
        })
    }
}

/// One of the (at most three) next steps at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct NextStep {
    /// The rewrite steps it covers, in order (`dockerignore`, `layer-order`).
    pub steps: Vec<&'static str>,
    /// What to do, in plain words.
    pub title: String,
    /// Its effect, from the rewrite plan's measurements ("a code edit rebuilds 11.0 MB,
    /// under 1 s, instead of 22.4 MB, about 4 s").
    pub effect: String,
    pub before: Cost,
    pub after: Cost,
}

impl NextStep {
    /// Where the surface does it.
    pub fn pointer(&self, surface: Surface) -> String {
        let last = self.steps.last().copied().unwrap_or_default();
        match surface {
            Surface::Cli => format!("stagecraft rewrite --until {last}"),
            Surface::Page => format!("Rewrite tab, step `{last}`"),
        }
    }

    /// One line: "Install dependencies before copying the code: <effect> (<pointer>)".
    pub fn line(&self, surface: Surface) -> String {
        format!(
            "{}: {} ({})",
            self.title,
            self.effect,
            self.pointer(surface)
        )
    }
}

/// The heading over the next steps: each is measured on this file as the next steps above
/// it would leave it, so the first one's "before" is the file as written.
pub fn next_steps_heading(surface: Surface) -> &'static str {
    match surface {
        Surface::Cli => "next steps, each measured on this file after the ones above it",
        Surface::Page => "Next steps, each measured on this file after the ones above it",
    }
}

/// Everything the findings view shows, ranked and explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// At most three, in the order a guide teaches them.
    pub next_steps: Vec<NextStep>,
    /// Every finding, most important first.
    pub findings: Vec<RankedFinding>,
    pub hints: Vec<Hint>,
    /// The file as it is; `None` when it is too large to measure (see `not_measured`).
    pub now: Option<Cost>,
    /// Set when the file is too large to measure fixes on (see [`MAX_MEASURED_BYTES`]):
    /// the findings are then in severity and line order, without costs or next steps.
    pub not_measured: Option<String>,
}

impl Lesson {
    /// The glossary terms the lesson's findings and hints use, in glossary order.
    pub fn terms(&self) -> Vec<&'static Term> {
        let mut used: Vec<&str> = Vec::new();
        for id in self
            .findings
            .iter()
            .flat_map(|f| f.terms.iter().copied())
            .chain(self.hints.iter().flat_map(|h| h.terms.iter().copied()))
        {
            if !used.contains(&id) {
                used.push(id);
            }
        }
        TERMS.iter().filter(|t| used.contains(&t.id)).collect()
    }
}

/// The glossary terms a finding's message uses or leans on, in glossary order: its rule's
/// terms and every term the message's own words name (so each message links to them).
pub fn terms_of(finding: &Finding) -> Vec<&'static str> {
    let mut used = terms_for(finding.code);
    used.extend(glossary::terms_in(&finding.message));
    TERMS
        .iter()
        .map(|t| t.id)
        .filter(|id| used.contains(id))
        .collect()
}

/// The glossary terms a rule's message leans on.
pub fn terms_for(code: &str) -> Vec<&'static str> {
    match code {
        "STG001" => vec!["slim"],
        "STG002" => vec!["layer-cache"],
        "STG004" | "STG006" => vec!["build-context"],
        "STG005" => vec!["multi-stage"],
        "STG008" | "DL3042" | "DL3019" | "DL3060" => vec!["download-cache"],
        "DL3009" | "DL3059" => vec!["layer"],
        "DL3025" | "DL4006" => vec!["pid-1"],
        _ => Vec::new(),
    }
}

/// Orders findings by what matters most: security, then what the models measure (megabytes
/// saved, then rebuild seconds), then what breaks the build, then the rest by severity; line
/// order within each group. The input order of equal findings is kept.
pub fn rank(findings: Vec<RankedFinding>) -> Vec<RankedFinding> {
    use std::cmp::Reverse;
    let mut ranked = findings;
    // Each finding's key is read once: comparing the findings themselves read two of them
    // (400 bytes each) per comparison, a cache miss apiece in a megabyte file's 120,000.
    crate::order::sort_by_cached_key(&mut ranked, |f| {
        let (bytes, seconds) = f.impact.as_ref().map_or((0, 0), |i| i.weight());
        (
            f.weight,
            Reverse(bytes),
            Reverse(seconds),
            f.finding.severity,
            f.finding.line,
        )
    });
    ranked
}

/// Measured remedies per file: each is a parse, an estimate and a cache plan, so a file with
/// thousands of findings does not make thousands of them.
const MAX_MEASURED: usize = 40;

/// Inputs larger than this (the Dockerfile with its `.dockerignore` and manifests, which
/// the size model reads on every measurement) get no costs and no next steps: each costs
/// a walk through the rewrite steps and up to [`MAX_MEASURED`] estimates, a few seconds
/// for a megabyte. The largest of the 992 real Dockerfiles in the corpus is 15 KB.
pub const MAX_MEASURED_BYTES: usize = 64_000;

/// The bytes the models read for one measurement of `text` with `manifests`.
fn measured_bytes(text: &str, manifests: &Manifests) -> usize {
    text.len()
        + [
            &manifests.requirements,
            &manifests.pyproject,
            &manifests.package_json,
            &manifests.dockerignore,
        ]
        .iter()
        .filter_map(|side| side.as_ref().map(String::len))
        .sum::<usize>()
}

/// The lesson for `findings` of `text` (lint them first, with the same `.dockerignore`).
pub fn lesson(text: &str, findings: &[Finding], manifests: &Manifests) -> Lesson {
    lesson_of(text, findings.to_vec(), manifests)
}

/// [`lesson`] of findings the caller hands over: a file's hundred thousand findings are
/// ranked where they are, not copied first.
pub fn lesson_of(text: &str, findings: Vec<Finding>, manifests: &Manifests) -> Lesson {
    let file = syntax::parse(text);
    let bytes = measured_bytes(text, manifests);
    let too_large = bytes > MAX_MEASURED_BYTES;
    // A file too large to measure is not sized either: nothing would show the figure.
    let baseline = (!too_large).then(|| impact::Baseline::new(&file, manifests, &findings));
    let mut measured = 0;
    // Findings of one rule often say the same words (one message for every RUN it flags):
    // their terms are looked up once per message, not once per finding.
    let terms: Vec<Arc<[&'static str]>> = {
        let mut by_message: HashMap<(&str, &str), Arc<[&'static str]>> = HashMap::new();
        findings
            .iter()
            .map(|f| {
                Arc::clone(
                    by_message
                        .entry((f.code, &*f.message))
                        .or_insert_with(|| terms_of(f).into()),
                )
            })
            .collect()
    };
    let mut categories: Vec<(&'static str, Option<Category>)> = Vec::new();
    let ranked: Vec<RankedFinding> = findings
        .into_iter()
        .zip(terms)
        .map(|(finding, terms)| {
            // A rule is found by name once per code, not once per finding.
            let category = match categories.iter().find(|(code, _)| *code == finding.code) {
                Some(&(_, category)) => category,
                None => {
                    let category = lint::rules::find(finding.code).map(|r| r.category);
                    categories.push((finding.code, category));
                    category
                }
            };
            let impact = match &baseline {
                Some(baseline)
                    if measured < MAX_MEASURED && impact::costs_in(category, finding.code) =>
                {
                    measured += 1;
                    baseline.impact_of_costly(&finding).map(Box::new)
                }
                _ => None,
            };
            let weight = if category == Some(Category::Security) {
                Weight::Security
            } else if impact.is_some() {
                Weight::Measured
            } else if finding.severity == Severity::Error {
                Weight::Breaks
            } else {
                Weight::Other
            };
            RankedFinding {
                rewrite_step: impact::step_for(finding.code),
                finding,
                weight,
                category,
                impact,
                terms,
            }
        })
        .collect();
    let requirements = manifests
        .requirements
        .as_deref()
        .or(manifests.pyproject.as_deref());
    Lesson {
        next_steps: match &baseline {
            Some(baseline) => baseline.walk().map_or_else(Vec::new, guide),
            None => Vec::new(),
        },
        findings: rank(ranked),
        hints: hints::hints(&file, requirements, &KnownWheels),
        now: baseline.map(|b| b.cost),
        not_measured: too_large.then(|| {
            let what = if bytes == text.len() {
                "this file is"
            } else {
                "this file with its .dockerignore and manifests is"
            };
            format!(
                "{what} {}, over the {} up to which the findings' costs and next steps are measured; they are listed security first, then by severity",
                size::human(bytes as u64),
                size::human(MAX_MEASURED_BYTES as u64)
            )
        }),
    }
}

/// The path a good guide teaches, as rewrite step ids; the first two are one lesson.
const GUIDE: &[&[&str]] = &[
    &["dockerignore", "layer-order"],
    &["slim-base"],
    &["multi-stage"],
    &["cache-mounts"],
    &["non-root"],
];

/// The fix-ups the rewrite plan makes before any lesson (a build that fails, an unpinned
/// base): the lessons' steps expect them done.
const PREREQUISITES: &[&str] = &["fix-build", "pin-base"];

/// The first three lessons of [`GUIDE`] that help this file, in that order, each measured on
/// the file as the lessons listed above it (and the [`PREREQUISITES`]) would leave it: the
/// first one's "before" is this file's own figure. A lesson that is not listed is not
/// applied for the ones after it.
pub fn next_steps(text: &str, manifests: &Manifests) -> Vec<NextStep> {
    let options = Options::default();
    match Walk::new(text, manifests, &options) {
        Ok(walk) => guide(walk),
        Err(_) => Vec::new(),
    }
}

/// [`next_steps`] from `walk`, at the file as written.
fn guide(mut walk: Walk) -> Vec<NextStep> {
    for step in PREREQUISITES
        .iter()
        .filter_map(|id| rewrite::steps::find(id))
    {
        walk.run(step);
    }
    let mut out = Vec::new();
    for lesson in GUIDE {
        let mut tried = walk.clone();
        let applied: Vec<StepReport> = lesson
            .iter()
            .filter_map(|id| rewrite::steps::find(id))
            .map(|step| tried.run(step).clone())
            .filter(|report| report.status == Status::Applied)
            .collect();
        let (Some(first), Some(last)) = (applied.first(), applied.last()) else {
            continue;
        };
        let before = cost_of(&first.before, first.before.rebuild.seconds);
        let after = cost_of(&last.after, last.after.rebuild.seconds);
        let ids: Vec<&'static str> = applied.iter().map(|s| s.id).collect();
        if !worth_doing(&ids, &before, &after) {
            continue;
        }
        out.push(NextStep {
            title: title_for(&ids),
            effect: effect(&ids, &before, &after),
            steps: ids,
            before,
            after,
        });
        walk = tried;
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// A lesson goes to the top when the models see it help (a trade — a smaller image for a
/// bigger rebuild — is shown with both figures when it gains more bytes than it costs), or when it helps in ways they do not
/// measure (running as non-root, cache mounts) and makes nothing worse. A step the models
/// see only making things worse on this file is left to the findings and the rewrite.
fn worth_doing(ids: &[&str], before: &Cost, after: &Cost) -> bool {
    const MB: i64 = 1_000_000;
    let image = before.image.expected as i64 - after.image.expected as i64;
    let rebuild = before.code_edit.expected as i64 - after.code_edit.expected as i64;
    // A megabyte off a 200 MB image is noise next to what a multi-stage split costs to
    // learn; ten is the least worth a line at the top.
    let improves = image >= 10 * MB || rebuild >= MB;
    let worsens = image <= -MB || rebuild <= -MB;
    // A trade must gain more than it costs: 10 MB less to rebuild is not worth a gigabyte
    // more image (a cargo dependency layer in a single-stage file).
    let net_gain = image + rebuild > 0;
    (improves && (!worsens || net_gain))
        || (!worsens && matches!(ids, ["non-root"] | ["cache-mounts"]))
}

fn cost_of(measure: &rewrite::Measure, seconds: size::Seconds) -> Cost {
    Cost {
        image: measure.bytes,
        code_edit: measure.rebuild.bytes,
        code_edit_seconds: seconds,
    }
}

fn title_for(ids: &[&str]) -> String {
    match ids {
        ["dockerignore", "layer-order"] => {
            "Add a `.dockerignore` and install dependencies before copying the code".into()
        }
        ["dockerignore"] => {
            "Add a `.dockerignore` so copying the whole context sends only your source".into()
        }
        ["layer-order"] => "Install dependencies before copying the code".into(),
        ["slim-base"] => "Start from the slim variant of the base image".into(),
        ["multi-stage"] => "Build in one stage and run from a clean one (multi-stage)".into(),
        ["cache-mounts"] => "Keep the package download cache between builds".into(),
        ["non-root"] => "Run the app as a user other than root".into(),
        other => other.join(", "),
    }
}

/// The step's projected effect in the figures it moves.
fn effect(ids: &[&'static str], before: &Cost, after: &Cost) -> String {
    let impact = Impact {
        remedy: Remedy::Step(ids.last().copied().unwrap_or_default()),
        before: *before,
        after: *after,
    };
    let (image, rebuild) = (impact.image_moves(), impact.rebuild_moves());
    // What the step gains comes first; a figure it makes worse is said as its cost, in the
    // same numbers, so a step that shrinks the image but rebuilds more on a code edit does
    // not read as if it saved both.
    let mut gains = Vec::new();
    let mut costs = Vec::new();
    if rebuild {
        let worse = after.code_edit.expected > before.code_edit.expected
            || (after.code_edit.expected == before.code_edit.expected
                && after.code_edit_seconds.expected > before.code_edit_seconds.expected);
        let figures = format!(
            "{} ({}) instead of {} ({})",
            size::human(after.code_edit.expected),
            impact::seconds_words(after.code_edit_seconds.expected),
            size::human(before.code_edit.expected),
            impact::seconds_words(before.code_edit_seconds.expected)
        );
        if worse {
            costs.push(format!("a code edit rebuilds more, {figures}"));
        } else {
            gains.push(format!("a code edit rebuilds {figures}"));
        }
    }
    if image {
        let figures = format!(
            "{} instead of {}",
            size::human(after.image.expected),
            size::human(before.image.expected)
        );
        if after.image.expected > before.image.expected {
            costs.push(format!("the image grows to {figures}"));
        } else {
            gains.push(format!("the image is {figures}"));
        }
    }
    let parts: Vec<String> = match (gains.is_empty(), costs.is_empty()) {
        (false, false) => vec![format!(
            "{}; but {}",
            gains.join(", and "),
            costs.join(", and ")
        )],
        (false, true) => gains,
        (true, _) => costs,
    };
    if parts.is_empty() {
        return match ids {
            ["non-root", ..] => {
                "a process taken over through the app can no longer change the system or its own code".into()
            }
            ["cache-mounts", ..] => {
                "a dependency change downloads only the packages that changed".into()
            }
            _ => "same size and rebuilds; the image is easier to keep up to date".into(),
        };
    }
    parts.join(", and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_comes_first_then_the_biggest_saving() {
        // A secret, a slim base (about 1 GB), pip's cache (tens of MB), a healthcheck
        // (nothing measurable) and a syntax-level error.
        let text = "FROM python:3.12\nENV AWS_SECRET_ACCESS_KEY=abc\nRUN pip install flask\nEXPOSE 80\nCMD [\"python\", \"-m\", \"flask\", \"run\"]\n";
        let findings = lint::lint(text);
        let lesson = lesson(text, &findings, &Manifests::default());
        let order: Vec<(Weight, &str)> = lesson
            .findings
            .iter()
            .map(|f| (f.weight, f.finding.code))
            .collect();
        let first_measured = order.iter().position(|(w, _)| *w == Weight::Measured);
        let slim = order.iter().position(|(_, c)| *c == "STG001").unwrap();
        let cache = order.iter().position(|(_, c)| *c == "DL3042").unwrap();
        let health = order.iter().position(|(_, c)| *c == "STG009").unwrap();
        assert_eq!(order[0].0, Weight::Security, "{order:?}");
        assert_eq!(first_measured, Some(slim), "{order:?}");
        assert!(slim < cache && cache < health, "{order:?}");
        let said = lesson.findings[slim].cost_sentence(Surface::Cli).unwrap();
        assert!(said.starts_with("the image is 1."), "{said}");
        assert!(said.contains("; after this fix, "), "{said}");
        // The page's wording names the page's tools, the CLI's the CLI's.
        let order_step = lesson
            .findings
            .iter()
            .find(|f| f.rewrite_step.is_some())
            .unwrap();
        assert!(order_step
            .rewrite_pointer(Surface::Page)
            .unwrap()
            .contains("Rewrite tab"));
        assert!(order_step
            .rewrite_pointer(Surface::Cli)
            .unwrap()
            .contains("stagecraft rewrite --until"));
    }

    #[test]
    fn next_steps_are_measured_in_the_order_they_are_listed() {
        // A pinned file (no prerequisite applies): the first step starts from its own figures,
        // and each next step starts where the one above it ended, whatever order the rewrite
        // plan runs its steps in (it slims the base before it reorders the layers).
        let text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let manifests = Manifests {
            requirements: Some("flask==3.0.0\n".into()),
            ..Manifests::default()
        };
        let steps = next_steps(text, &manifests);
        assert!(steps.len() >= 2, "{steps:?}");
        assert_eq!(steps[0].steps, ["dockerignore", "layer-order"]);
        assert_eq!(steps[1].steps, ["slim-base"]);
        let file = crate::parse(text);
        let now = Cost::measure(&file, &manifests, None);
        assert_eq!(steps[0].before, now);
        for pair in steps.windows(2) {
            assert_eq!(pair[1].before, pair[0].after, "{pair:?}");
        }
        // The lesson's own figure is the same one, and its walk, which starts from the
        // baseline's tree and stack and sizes each text once, finds the same next steps.
        let lesson = lesson(text, &lint::lint(text), &manifests);
        assert_eq!(lesson.now, Some(now));
        assert_eq!(lesson.next_steps, steps);
    }

    #[test]
    fn a_megabyte_of_side_files_is_said_not_measured() {
        let text = "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n";
        let manifests = Manifests {
            requirements: Some("flask==3.0.0\n".repeat(80_000)),
            ..Manifests::default()
        };
        let lesson = lesson(text, &lint::lint(text), &manifests);
        assert!(lesson.next_steps.is_empty());
        assert_eq!(lesson.now, None);
        let said = lesson.not_measured.unwrap();
        assert!(
            said.starts_with("this file with its .dockerignore and manifests is 1.04 MB"),
            "{said}"
        );
    }
}
