//! What the linter found, most severe first, with the rule's docs and its fixes.

use std::collections::HashMap;
use std::rc::Rc;

use stagecraft_core::lint::{rules, Applicability, Finding, Fix, Severity};
use stagecraft_core::order;
use stagecraft_core::playground::Analysis;
use stagecraft_core::teach;
use yew::prelude::*;

use super::glossary::{term_links, Glossary};
use super::rule_docs::{inline, FetchedRuleDocs};
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
    // The glossary words of each message, kept from one analysis to the next: finding them
    // reads every message for every word, and most messages survive a keystroke unchanged.
    let terms_cache = use_mut_ref(
        HashMap::<(&'static str, stagecraft_core::lint::Text), Rc<[&'static str]>>::new,
    );
    // A card's fix button names its finding, and the fix applied is that finding's in the
    // newest analysis: a card that was not redrawn may hold an older one, whose fixes' places
    // are out of date after an edit above it.
    let latest = use_mut_ref(|| analysis.clone());
    *latest.borrow_mut() = analysis.clone();
    let on_fix_of = use_callback(
        props.on_fix.clone(),
        move |(shown, fix): (ShownFinding, usize), on_fix| {
            let fix = latest
                .borrow()
                .findings
                .iter()
                .find(|f| shown.is(f))
                .and_then(|f| f.fixes.get(fix).cloned());
            if let Some(fix) = fix {
                on_fix.emit(fix);
            }
        },
    );
    let mut findings: Vec<(usize, &Finding)> = analysis.findings.iter().enumerate().collect();
    order::sort_by_key(&mut findings, |(_, f)| {
        (f.severity, f.location.line, f.location.column)
    });
    // Once the worker has ranked them: security first, then what saves the most megabytes and
    // rebuild seconds on this file (the order a good guide teaches).
    if let Some(lesson) = &props.lesson {
        order::sort_by_cached_key(&mut findings, |(_, f)| lesson.rank_of(f.code, f.line));
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
    // Each card is its own component, compared by what it shows: a keystroke redraws only
    // the cards whose finding changed, not every card in the list.
    let mut terms_seen = terms_cache.borrow_mut();
    let mut terms_now = HashMap::with_capacity(analysis.findings.len());
    let mut terms_of = |finding: &Finding| -> Rc<[&'static str]> {
        let key = (finding.code, finding.message.clone());
        if let Some(terms) = terms_now.get(&key) {
            return Rc::clone(terms);
        }
        let terms: Rc<[&'static str]> = terms_seen
            .remove(&key)
            .unwrap_or_else(|| teach::terms_of(finding).into());
        terms_now.insert(key, Rc::clone(&terms));
        terms
    };
    let cards: Vec<Html> = findings
        .iter()
        .take(*shown)
        .map(|&(index, finding)| {
            let start = analysis.parsed.position(finding.location.range.start);
            let cost = fresh
                .as_ref()
                .and_then(|l| l.cost_of(finding.code, finding.line))
                .map(|cost| AttrValue::from(cost.to_string()));
            html! {
                // Keyed, so that when the ranking arrives and reorders the list each finding
                // keeps its own element (and a click in flight lands on the finding it was
                // aimed at).
                <FindingCard
                    key={format!("{}:{}:{}", finding.code, finding.location.line, finding.location.column)}
                    analysis={analysis.clone()}
                    {index}
                    start={(start.line, start.utf16_column)}
                    terms={terms_of(finding)}
                    {cost}
                    read_only={props.read_only}
                    on_fix={on_fix_of.clone()}
                    on_locate={props.on_locate.clone()}
                    on_open_rule={props.on_open_rule.clone()}
                />
            }
        })
        .collect();
    // The words every finding and hint uses; the glossary under the list keeps its own order.
    let used: Vec<&'static str> = {
        let mut ids: Vec<&'static str> = analysis
            .findings
            .iter()
            .flat_map(|finding| terms_of(finding).to_vec())
            .chain(analysis.hints.iter().flat_map(|h| h.terms.iter().copied()))
            .collect();
        order::sort(&mut ids);
        ids.dedup();
        ids
    };
    // Only this analysis's messages are kept for the next keystroke.
    *terms_seen = terms_now;
    drop(terms_seen);
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
                { for cards }
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
    code: &'static str,
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
                <FetchedRuleDocs code={props.code} />
            }
        </details>
    }
}

/// Which finding a card shows, as the reader sees it: rule, place and message.
#[derive(Debug, Clone, PartialEq)]
struct ShownFinding {
    code: &'static str,
    line: usize,
    column: usize,
    message: String,
}

impl ShownFinding {
    fn of(finding: &Finding) -> Self {
        ShownFinding {
            code: finding.code,
            line: finding.location.line,
            column: finding.location.column,
            message: finding.message.to_string(),
        }
    }

    fn is(&self, finding: &Finding) -> bool {
        finding.code == self.code
            && finding.location.line == self.line
            && finding.location.column == self.column
            && finding.message == self.message
    }
}

#[derive(Properties)]
struct FindingCardProps {
    analysis: Rc<Analysis>,
    /// The finding's index in `analysis.findings`.
    index: usize,
    /// Where the finding starts, as the editor counts: 1-based line and UTF-16 column.
    start: (usize, usize),
    /// The glossary words its message uses.
    terms: Rc<[&'static str]>,
    /// What it costs before → after its remedy, once the worker has measured it.
    cost: Option<AttrValue>,
    read_only: bool,
    /// The finding (as shown) and the index of the fix chosen.
    on_fix: Callback<(ShownFinding, usize)>,
    on_locate: Callback<(usize, usize)>,
    on_open_rule: Callback<&'static str>,
}

impl FindingCardProps {
    fn finding(&self) -> &Finding {
        &self.analysis.findings[self.index]
    }
}

/// Two cards are equal when they draw the same: the byte offsets behind a finding move with
/// every edit above it, and comparing them would redraw every card below the cursor.
impl PartialEq for FindingCardProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.finding(), other.finding());
        let fixes_look_alike = a.fixes.len() == b.fixes.len()
            && a.fixes.iter().zip(&b.fixes).all(|(x, y)| {
                x.title == y.title
                    && x.applicability == y.applicability
                    && x.edits.is_empty() == y.edits.is_empty()
            });
        ShownFinding::of(a) == ShownFinding::of(b)
            && a.severity == b.severity
            && a.also == b.also
            && fixes_look_alike
            && self.start == other.start
            && self.terms == other.terms
            && self.cost == other.cost
            && self.read_only == other.read_only
            && self.on_fix == other.on_fix
            && self.on_locate == other.on_locate
            && self.on_open_rule == other.on_open_rule
    }
}

#[component]
fn FindingCard(props: &FindingCardProps) -> Html {
    let finding = props.finding();
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
    let start = props.start;
    let on_locate = props.on_locate.reform(move |_: MouseEvent| start);
    let fixes = finding.fixes.iter().enumerate().map(|(index, fix)| {
        let label = fix.applicability.as_str();
        if props.read_only
            || fix.applicability == Applicability::DisplayOnly
            || fix.edits.is_empty()
        {
            return html! {
                <span class="fix-hint">
                    <span class={classes!("applicability", label)}>{ label }</span>
                    { inline(&fix.title) }
                </span>
            };
        }
        let on_fix = props.on_fix.clone();
        let shown = ShownFinding::of(finding);
        html! {
            <button
                class={classes!("fix", label)}
                title={if fix.applicability == Applicability::Safe {
                    "Does not change what the image does"
                } else {
                    "Changes what the image does: review the result"
                }}
                onclick={Callback::from(move |_| on_fix.emit((shown.clone(), index)))}
            >
                <span class={classes!("applicability", label)}>{ label }</span>
                { inline(&fix.title) }
            </button>
        }
    });
    let code = finding.code;
    let open_rule = props.on_open_rule.reform(move |_: MouseEvent| code);
    html! {
        <li class={classes!("finding", finding.severity.as_str())} data-testid="finding" data-code={finding.code}>
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
            { term_links(&props.terms) }
            if let Some(cost) = &props.cost {
                <p class="cost">{ inline(cost) }</p>
            }
            if !finding.fixes.is_empty() {
                <div class="fixes">{ for fixes }</div>
            }
            if let Some(rule) = rule {
                <LazyDocs code={rule.code} />
            }
        </li>
    }
}
