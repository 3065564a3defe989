//! What the linter found, most severe first, with the rule's docs and its fixes.

use std::rc::Rc;

use stagecraft_core::lint::{rules, Applicability, Finding, Fix, Severity};
use stagecraft_core::playground::Analysis;
use stagecraft_core::teach;
use yew::prelude::*;

use super::glossary::{term_links, Glossary};
use super::rule_docs::{inline, RuleDocs};
use crate::worker::PageLesson;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub analysis: Rc<Analysis>,
    pub on_fix: Callback<Fix>,
    pub on_fix_all_safe: Callback<()>,
    /// Undo the last change to the Dockerfile (a fix, or typing).
    pub on_undo: Callback<()>,
    /// Put the editor's cursor at a 1-based line and UTF-16 column.
    pub on_locate: Callback<(usize, usize)>,
    pub on_copy_markdown: Callback<()>,
    pub on_open_rule: Callback<&'static str>,
    /// Embedded pages show findings without the buttons that change the file.
    #[prop_or_default]
    pub read_only: bool,
    /// Next steps and each finding's cost before → after, once the worker has measured them.
    #[prop_or_default]
    pub lesson: Option<Rc<PageLesson>>,
    /// Whether `lesson` was measured on the text shown (an older one only keeps the order).
    #[prop_or_default]
    pub lesson_fresh: bool,
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// How many findings are drawn at first, and how many more each "show more" adds.
const FIRST_SHOWN: usize = 50;

#[component]
pub fn FindingsPanel(props: &FindingsProps) -> Html {
    // A long file can have hundreds of findings; drawing them all on every keystroke would
    // cost more than a frame, so the list grows on request.
    let shown = use_state(|| FIRST_SHOWN);
    let analysis = &props.analysis;
    let mut findings: Vec<&Finding> = analysis.findings.iter().collect();
    findings.sort_by_key(|f| (f.severity, f.location.line, f.location.column));
    // Once the worker has ranked them: security first, then what saves the most megabytes and
    // rebuild seconds on this file (the order a good guide teaches).
    if let Some(lesson) = &props.lesson {
        findings.sort_by_cached_key(|f| lesson.rank_of(f.code, f.line));
    }
    let fresh = props.lesson.as_ref().filter(|_| props.lesson_fresh);
    let summary = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ]
    .into_iter()
    .filter_map(|severity| {
        let n = count(&analysis.findings, severity);
        (n > 0).then(|| {
            html! {
                <span class={classes!("badge", severity.as_str())}>
                    { format!("{n} {}", severity.as_str()) }
                </span>
            }
        })
    })
    .collect::<Html>();
    let on_fix_all = props.on_fix_all_safe.reform(|_: MouseEvent| ());
    let on_undo = props.on_undo.reform(|_: MouseEvent| ());
    let on_copy = props.on_copy_markdown.reform(|_: MouseEvent| ());
    let safe_fixes = analysis.safe_fixes;
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + FIRST_SHOWN))
    };
    let item = |finding: &Finding| {
        let start = analysis.parsed.position(finding.location.range.start);
        let on_locate = props
            .on_locate
            .reform(move |_: MouseEvent| (start.line, start.utf16_column));
        let on_fix = (!props.read_only).then_some(&props.on_fix);
        let cost = fresh
            .as_ref()
            .and_then(|l| l.cost_of(finding.code, finding.line));
        finding_item(finding, on_fix, on_locate, &props.on_open_rule, cost)
    };
    // The words every finding and hint uses; the glossary under the list keeps its own order.
    let used: Vec<&'static str> = {
        let mut ids: Vec<&'static str> = analysis
            .findings
            .iter()
            .flat_map(teach::terms_of)
            .chain(analysis.hints.iter().flat_map(|h| h.terms.iter().copied()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let hints = (!analysis.hints.is_empty()).then(|| {
        let hint = |h: &stagecraft_core::teach::hints::Hint| {
            let line = h.line;
            let on_locate = props.on_locate.reform(move |_: MouseEvent| (line, 1));
            html! {
                <li key={format!("{}:{}", h.id, h.line)} class="tip" data-testid="hint">
                    <button class="where link" title="Show this line in the editor" onclick={on_locate}>
                        { format!("line {}", h.line) }
                    </button>
                    <span class="message">{ inline(&h.message) }</span>
                    { term_links(&h.terms) }
                </li>
            }
        };
        html! {
            <section class="tips" aria-label="Also worth knowing">
                <h3>{ "Also worth knowing" }</h3>
                <ul>{ for analysis.hints.iter().map(hint) }</ul>
            </section>
        }
    });
    let next_steps = fresh
        .as_ref()
        .filter(|l| !l.next_steps.is_empty())
        .map(|lesson| {
            html! {
                <section class="next-steps" data-testid="next-steps" aria-label="Next steps">
                    <h3>{ lesson.heading.clone() }</h3>
                    <ol>
                        { for lesson.next_steps.iter().map(|step| html! { <li>{ inline(step) }</li> }) }
                    </ol>
                </section>
            }
        });
    html! {
        <div class="findings">
            <div class="view-head">
                <div class="summary">
                    if analysis.findings.is_empty() {
                        <span class="all-clear">{ "No findings. This Dockerfile follows every rule Stagecraft knows." }</span>
                    } else {
                        { summary }
                    }
                </div>
                <div class="view-actions">
                    if safe_fixes > 0 && !props.read_only {
                        <button class="primary" onclick={on_fix_all}>
                            { format!("Apply {} safe fix{}", safe_fixes, if safe_fixes == 1 { "" } else { "es" }) }
                        </button>
                    }
                    if !props.read_only {
                        <button title="Undo the last change to the Dockerfile (Ctrl/⌘-Z in the editor)" onclick={on_undo}>{ "Undo" }</button>
                    }
                    if !analysis.findings.is_empty() {
                        <button title="Copy the findings as a Markdown list, for a code review" onclick={on_copy}>{ "Copy as Markdown" }</button>
                    }
                </div>
            </div>
            { for next_steps }
            { for hints }
            <ul class="finding-list">
                { for findings.iter().take(*shown).map(|f| item(f)) }
            </ul>
            if findings.len() > *shown {
                <button class="more" onclick={more}>
                    { format!("Show {} more of {} findings", (findings.len() - *shown).min(FIRST_SHOWN), findings.len()) }
                </button>
            }
            <Glossary {used} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LazyDocsProps {
    docs: AttrValue,
}

/// A rule's docs under a disclosure, rendered only once opened: a long list of findings then
/// costs a keystroke nothing for docs nobody reads.
#[component]
fn LazyDocs(props: &LazyDocsProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            let details: web_sys::HtmlDetailsElement = event.target_unchecked_into();
            open.set(details.open());
        })
    };
    html! {
        <details class="docs" {ontoggle}>
            <summary>{ "Why, and what to write instead" }</summary>
            if *open {
                <RuleDocs docs={props.docs.clone()} />
            }
        </details>
    }
}

fn finding_item(
    finding: &Finding,
    on_fix: Option<&Callback<Fix>>,
    on_locate: Callback<MouseEvent>,
    on_open_rule: &Callback<&'static str>,
    cost: Option<&str>,
) -> Html {
    let rule = rules::find(finding.code);
    let names = std::iter::once(finding.code)
        .chain(
            finding
                .also
                .iter()
                .copied()
                .filter(|name| *name != finding.code),
        )
        .collect::<Vec<_>>()
        .join(" · ");
    let fixes = finding.fixes.iter().map(|fix| {
        let label = fix.applicability.as_str();
        let on_fix = match on_fix {
            Some(on_fix)
                if fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty() =>
            {
                on_fix
            }
            _ => {
                return html! {
                    <span class="fix-hint">
                        <span class={classes!("applicability", label)}>{ label }</span>
                        { inline(&fix.title) }
                    </span>
                };
            }
        };
        {
            let on_fix = on_fix.clone();
            let chosen = fix.clone();
            html! {
                <button
                    class={classes!("fix", label)}
                    title={if fix.applicability == Applicability::Safe {
                        "Does not change what the image does"
                    } else {
                        "Changes what the image does: review the result"
                    }}
                    onclick={Callback::from(move |_| on_fix.emit(chosen.clone()))}
                >
                    <span class={classes!("applicability", label)}>{ label }</span>
                    { inline(&fix.title) }
                </button>
            }
        }
    });
    let code = finding.code;
    let open_rule = on_open_rule.reform(move |_: MouseEvent| code);
    html! {
        // Keyed, so that when the ranking arrives and reorders the list each finding keeps its
        // own element (and a click in flight lands on the finding it was aimed at).
        <li key={format!("{}:{}:{}", finding.code, finding.location.line, finding.location.column)}
            class={classes!("finding", finding.severity.as_str())} data-testid="finding" data-code={finding.code}>
            <div class="finding-head">
                <span class={classes!("badge", finding.severity.as_str())}>{ finding.severity.as_str() }</span>
                <button class="where link" title="Show this line in the editor" onclick={on_locate}>
                    { format!("line {}:{}", finding.location.line, finding.location.column) }
                </button>
                <button class="code link" title="Open this rule's documentation" onclick={open_rule}>{ names }</button>
                if let Some(rule) = rule {
                    <span class="rule-name">{ rule.name }</span>
                }
            </div>
            <p class="message">{ inline(&finding.message) }</p>
            { term_links(&teach::terms_of(finding)) }
            if let Some(cost) = cost {
                <p class="cost">{ inline(cost) }</p>
            }
            if !finding.fixes.is_empty() {
                <div class="fixes">{ for fixes }</div>
            }
            if let Some(rule) = rule {
                <LazyDocs docs={AttrValue::from(rule.docs)} />
            }
        </li>
    }
}
