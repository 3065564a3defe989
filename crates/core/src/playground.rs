//! Everything the playground page shows, computed in one call from what the person typed.
//!
//! The app keeps the inputs and shows the [`Analysis`]; it derives nothing itself.

use crate::dockerignore::Dockerignore;
use crate::lint::{self, Applicability, Finding, Fix};
use crate::size::{self, CachePlan, Change, EstimateInputs, SizeEstimate};
use crate::syntax::{self, Dockerfile};
use crate::teach::hints::{self, Hint, KnownWheels};

/// What the person typed: the Dockerfile and the optional files and figures beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub dockerfile: String,
    /// The `.dockerignore` text; empty means there is none.
    pub dockerignore: String,
    /// requirements.txt text; empty means none was given.
    pub requirements: String,
    /// package.json text; empty means none was given.
    pub package_json: String,
    /// The stage to build (`--target`); empty means the last stage.
    pub target: String,
    /// The build context's size as typed (`5 MB`); empty means the model's default.
    pub context_size: String,
    /// What the person imagines changing, for the rebuild view.
    pub change: Change,
    /// Whether the rewrite may move the runtime to a distroless image (the Rewrite tab's
    /// switch; `stagecraft rewrite --distroless`).
    pub distroless: bool,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            dockerfile: String::new(),
            dockerignore: String::new(),
            requirements: String::new(),
            package_json: String::new(),
            target: String::new(),
            context_size: String::new(),
            change: Change::Code,
            distroless: false,
        }
    }
}

/// What the page shows for some [`Inputs`].
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub parsed: Dockerfile,
    pub findings: Vec<Finding>,
    pub estimate: SizeEstimate,
    pub rebuild: CachePlan,
    /// How many findings a "fix all safe" would fix right now.
    pub safe_fixes: usize,
    /// A context size that could not be read, with what to write instead.
    pub context_size_error: Option<String>,
    /// What a good guide would add that no rule says (Python packages on Alpine, a pinned
    /// architecture); cheap, so computed on every edit.
    pub hints: Vec<Hint>,
}

fn optional(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// Whether a `.dockerignore` keeps the repository's history out of the context.
fn keeps_git_out(dockerignore: &str) -> bool {
    Dockerignore::parse(dockerignore).keeps_git_out()
}

/// What the size model reads besides the Dockerfile, and a context size that could not be read.
fn estimate_inputs(inputs: &Inputs) -> (EstimateInputs, Option<String>) {
    let (context_bytes, context_size_error) = match optional(&inputs.context_size) {
        None => (None, None),
        Some(text) => match size::parse_size(text) {
            Some(bytes) => (Some(bytes), None),
            None => (
                None,
                Some(format!(
                    "`{}` is not a size: write a number and a unit, such as 5 MB or 1.2 GB",
                    text.trim()
                )),
            ),
        },
    };
    let estimate_inputs = EstimateInputs {
        requirements: optional(&inputs.requirements).map(str::to_string),
        package_json: optional(&inputs.package_json).map(str::to_string),
        target: optional(&inputs.target).map(|t| t.trim().to_string()),
        context_bytes,
        dockerignore: Some(optional(&inputs.dockerignore).is_some_and(keeps_git_out)),
        surface: crate::Surface::Page,
        ..EstimateInputs::default()
    };
    (estimate_inputs, context_size_error)
}

/// The shipped image on a slim, an Alpine and a distroless base ([`size::what_if`]), for the
/// Layers tab: three more estimates, so not part of [`analyze`]; the page asks while the tab
/// shows.
pub fn other_bases(inputs: &Inputs, analysis: &Analysis) -> Vec<size::what_if::OtherBase> {
    let (estimate_inputs, _) = estimate_inputs(inputs);
    size::what_if::other_bases(&analysis.parsed, &estimate_inputs, &analysis.estimate)
}

/// Lints, estimates and plans rebuilds for `inputs`.
pub fn analyze(inputs: &Inputs) -> Analysis {
    let parsed = syntax::parse(&inputs.dockerfile);
    let dockerignore = optional(&inputs.dockerignore);
    // One parse per edit: the linter's model is built from the same tree the size model reads.
    let findings = lint::lint_model_with(
        &lint::Model::from_parsed(&inputs.dockerfile, &parsed),
        &lint::Config::default(),
        dockerignore,
        manifests(inputs),
    );
    let (estimate_inputs, context_size_error) = estimate_inputs(inputs);
    // One reading of the file's steps for both: the cache plan is built on the estimate, and
    // estimating twice was a third of a keystroke's analysis.
    let (estimate, rebuild) =
        size::estimate_and_cache_plan(&parsed, &estimate_inputs, inputs.change);
    let safe_fixes = findings
        .iter()
        .filter(|f| {
            f.fixes
                .iter()
                .any(|x| x.applicability == Applicability::Safe)
        })
        .count();
    let hints = hints::hints(&parsed, optional(&inputs.requirements), &KnownWheels);
    Analysis {
        parsed,
        findings,
        estimate,
        rebuild,
        safe_fixes,
        context_size_error,
        hints,
    }
}

/// The findings of `analysis` ranked and explained, with next steps (see [`crate::teach`]).
/// Not part of [`analyze`]: it runs the rewrite plan and measures each fix, which is more
/// than a keystroke should pay for, so the page asks for it when the Findings tab shows.
pub fn lesson(inputs: &Inputs, analysis: &Analysis) -> crate::teach::Lesson {
    crate::teach::lesson(
        &inputs.dockerfile,
        &analysis.findings,
        &rewrite_manifests(inputs),
    )
}

/// The rewrite engine's plan for what the person typed (the Rewrite tab, presenter mode),
/// worded for the page: what a step asks a person to give names the page's tabs, not the
/// CLI's flags.
pub fn rewrite_plan(inputs: &Inputs) -> crate::rewrite::Plan {
    let options = crate::rewrite::Options {
        surface: crate::Surface::Page,
        distroless: inputs.distroless,
        ..crate::rewrite::Options::default()
    };
    crate::rewrite::plan(&inputs.dockerfile, &rewrite_manifests(inputs), &options)
}

/// The files beside the Dockerfile as the rewrite engine reads them. The Python deps tab holds
/// a requirements.txt or a pyproject.toml; a `[section]` line says which.
fn rewrite_manifests(inputs: &Inputs) -> crate::rewrite::Manifests {
    let (requirements, pyproject) = python_manifest(inputs);
    crate::rewrite::Manifests {
        requirements: requirements.map(str::to_string),
        pyproject: pyproject.map(str::to_string),
        package_json: optional(&inputs.package_json).map(str::to_string),
        dockerignore: optional(&inputs.dockerignore).map(str::to_string),
        ..crate::rewrite::Manifests::default()
    }
}

/// Applies one fix to the text; a fix that no longer fits (the text changed since it was
/// computed) leaves the text as it is.
pub fn apply_fix(source: &str, fix: &Fix) -> String {
    lint::fix::apply_fix(source, fix).unwrap_or_else(|| source.to_string())
}

/// Applies every safe fix, re-linting between rounds, with the `.dockerignore` in view.
pub fn apply_safe_fixes(inputs: &Inputs) -> String {
    let options = lint::Options {
        config: None,
        dockerignore: optional(&inputs.dockerignore),
    };
    lint::fix::fix_all_with(
        &inputs.dockerfile,
        options,
        manifests(inputs),
        Applicability::Safe,
    )
    .0
}

/// The manifests the page has, for the rules that check advice against them (STG001).
fn manifests(inputs: &Inputs) -> lint::Manifests<'_> {
    let (requirements, pyproject) = python_manifest(inputs);
    lint::Manifests {
        requirements,
        pyproject,
        package_json: optional(&inputs.package_json),
    }
}

/// The Python deps tab's text as a requirements.txt or as a pyproject.toml (it has a
/// `[section]` line), in that order.
fn python_manifest(inputs: &Inputs) -> (Option<&str>, Option<&str>) {
    let python = optional(&inputs.requirements);
    let is_pyproject =
        python.is_some_and(|text| text.lines().any(|line| line.trim_start().starts_with('[')));
    if is_pyproject {
        (None, python)
    } else {
        (python, None)
    }
}

/// The findings as a Markdown list for a code review: most severe first, each with its line,
/// code and message, and the fix it offers.
pub fn findings_markdown(findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    crate::order::sort_by_key(&mut sorted, |f| {
        (f.severity, f.location.line, f.location.column)
    });
    let mut out = format!(
        "**Stagecraft found {} finding{} in this Dockerfile**\n\n",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    for finding in sorted {
        // A message is one paragraph in a list item: a line break would end the item.
        let message = finding.message.replace('\n', " ");
        out.push_str(&format!(
            "- **{}** {} (line {}): {}\n",
            finding.code,
            finding.severity.as_str(),
            finding.location.line,
            message
        ));
        if let Some(fix) = finding.fixes.first() {
            out.push_str(&format!("  - Fix: {}\n", fix.title.replace('\n', " ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(dockerfile: &str) -> Inputs {
        Inputs {
            dockerfile: dockerfile.to_string(),
            ..Inputs::default()
        }
    }

    /// The page's requirements pane reaches the linter: STG001 names the package that would
    /// not build on slim, and the size model flags the install on a slim base.
    #[test]
    fn the_requirements_pane_checks_the_slim_advice() {
        let mut given = inputs(
            "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
        );
        given.requirements = "psycopg2==2.9.9\n".to_string();
        let analysis = analyze(&given);
        let stg001 = analysis
            .findings
            .iter()
            .find(|f| f.code == "STG001")
            .expect("STG001");
        assert!(
            stg001.message.contains("psycopg2 needs gcc and libpq-dev"),
            "{}",
            stg001.message
        );
        assert!(
            stg001.fixes.iter().all(|f| f.edits.is_empty()),
            "no tag swap that breaks the build"
        );
        given.dockerfile = given.dockerfile.replace("python:3.12", "python:3.12-slim");
        let analysis = analyze(&given);
        let notes: Vec<&String> = analysis
            .estimate
            .stages
            .iter()
            .flat_map(|s| &s.layers)
            .flat_map(|l| &l.notes)
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("this RUN would fail: psycopg2")),
            "{notes:?}"
        );
    }

    #[test]
    fn one_call_gives_findings_sizes_and_rebuilds() {
        let analysis = analyze(&inputs(
            "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n",
        ));
        assert_eq!(analysis.parsed.instructions().len(), 5);
        assert!(analysis.findings.iter().any(|f| f.code == "DL3042"));
        assert!(analysis.estimate.image.expected > 500_000_000);
        // Editing code re-runs the pip install, because the whole context was copied first.
        assert!(analysis.rebuild.rebuilt().any(|s| s.line == 4));
        assert_eq!(analysis.context_size_error, None);
    }

    #[test]
    fn the_target_stage_and_package_json_reach_the_size_model() {
        let dockerfile = "FROM node:22 AS build\nWORKDIR /app\nCOPY package.json .\nRUN npm install\n\nFROM node:22-slim\nCOPY --from=build /app/node_modules /app/node_modules\n";
        let last = analyze(&inputs(dockerfile));
        let build = analyze(&Inputs {
            target: "build".into(),
            ..inputs(dockerfile)
        });
        assert_eq!(last.estimate.image_stage, Some(1));
        assert_eq!(build.estimate.image_stage, Some(0));

        let with_express = analyze(&Inputs {
            package_json: r#"{"dependencies": {"express": "^4"}}"#.into(),
            ..inputs(dockerfile)
        });
        let with_next = analyze(&Inputs {
            package_json:
                r#"{"dependencies": {"next": "^15", "react": "^19", "react-dom": "^19"}}"#.into(),
            ..inputs(dockerfile)
        });
        assert!(
            with_next.estimate.image.expected > with_express.estimate.image.expected,
            "the dependencies named in package.json change the estimate"
        );
    }

    #[test]
    fn findings_become_a_markdown_list_most_severe_first() {
        let analysis = analyze(&inputs(
            "FROM alpine:3.20\nMAINTAINER me@example.com\nRUN apk add curl\n",
        ));
        let markdown = findings_markdown(&analysis.findings);
        let first_line = markdown.lines().next().unwrap();
        assert!(first_line.starts_with("**Stagecraft found"), "{markdown}");
        let items: Vec<&str> = markdown.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(items.len(), analysis.findings.len(), "{markdown}");
        assert!(markdown.contains("**DL4000**"), "{markdown}");
        assert!(markdown.contains("(line 2)"), "{markdown}");
        // Sorted by severity: no error comes after a warning.
        let severities: Vec<usize> = items
            .iter()
            .map(|l| {
                ["error", "warning", "info", "style"]
                    .iter()
                    .position(|s| l.contains(&format!("** {s} ")))
                    .unwrap()
            })
            .collect();
        assert!(severities.windows(2).all(|w| w[0] <= w[1]), "{markdown}");
    }

    #[test]
    fn a_bad_context_size_is_explained_not_ignored() {
        let analysis = analyze(&Inputs {
            context_size: "lots".into(),
            ..inputs("FROM alpine\n")
        });
        assert!(analysis.context_size_error.unwrap().contains("lots"));
    }

    #[test]
    fn applying_a_finding_fix_removes_the_finding() {
        let source = "FROM alpine:3.20\nMAINTAINER me@example.com\n";
        let analysis = analyze(&inputs(source));
        let finding = analysis
            .findings
            .iter()
            .find(|f| f.code == "DL4000" && !f.fixes.is_empty())
            .expect("MAINTAINER is reported with a fix");
        let fixed = apply_fix(source, &finding.fixes[0]);
        assert_ne!(fixed, source);
        assert!(!analyze(&inputs(&fixed))
            .findings
            .iter()
            .any(|f| f.code == "DL4000"));
    }

    #[test]
    fn a_stale_fix_leaves_the_text_alone() {
        let fix = Fix::safe("x", vec![lint::Edit::replace(100..120, "y")]);
        assert_eq!(apply_fix("FROM a\n", &fix), "FROM a\n");
    }

    #[test]
    fn a_dockerignore_that_excludes_git_is_recognised() {
        assert!(keeps_git_out(".git\nnode_modules\n"));
        assert!(keeps_git_out("*\n!src\n"));
        assert!(!keeps_git_out("node_modules\n"));
    }
}
