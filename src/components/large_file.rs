//! What the page shows for a Dockerfile too large to analyse on every keystroke: the
//! background worker's findings and totals, and why the other views wait for a smaller file.

use std::rc::Rc;

use stagecraft_core::lint::{rules, Severity};
use stagecraft_core::number::decimal;
use stagecraft_core::size::human;
use yew::prelude::*;

use super::rule_docs::inline;
use crate::state::View;
use crate::worker::{LargeAnalysis, LARGE_FILE};

#[derive(Properties, PartialEq)]
pub struct LargeFileProps {
    pub view: View,
    pub result: Option<Rc<LargeAnalysis>>,
    /// The worker has not answered for the newest text yet.
    pub pending: bool,
    pub error: Option<AttrValue>,
    pub bytes: usize,
    pub lines: usize,
    /// The change the rebuild count is for, in words ("a code change").
    pub change: AttrValue,
    pub on_locate: Callback<(usize, usize)>,
    pub on_open_rule: Callback<&'static str>,
}

/// How many findings are drawn at first, and how many more each "show more" adds.
const FIRST_SHOWN: usize = 100;

/// The page's byte counts in the units a person reads (1.6 MB, 64 KB).
fn kilobytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", decimal(bytes as f64 / (1024.0 * 1024.0), 1))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A count with thousands separated (26,000), as the page writes counts.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[component]
pub fn LargeFilePanel(props: &LargeFileProps) -> Html {
    let shown = use_state(|| FIRST_SHOWN);
    let status = if let Some(error) = &props.error {
        format!("The background analysis failed: {error}. Reload the page to try again; your text is saved.")
    } else if props.pending {
        "Analysing the newest text in the background…".to_string()
    } else {
        "Up to date.".to_string()
    };
    let head = html! {
        <div class="large-file" data-testid="large-file">
            <p>
                { format!(
                    "This Dockerfile is {} ({} lines), more than the {} Stagecraft analyses on every keystroke, so it works on it in the background and typing stays smooth.",
                    kilobytes(props.bytes),
                    grouped(props.lines),
                    kilobytes(LARGE_FILE),
                ) }
            </p>
            <p class="large-status" role="status" aria-live="polite">{ status }</p>
        </div>
    };
    let Some(result) = props.result.as_ref() else {
        return head;
    };
    let smaller = |what: &str| {
        html! {
            <p class="large-off">
                { format!("{what} is shown for files up to {}: paste one stage or part of this file to see it.", kilobytes(LARGE_FILE)) }
            </p>
        }
    };
    let body = match props.view {
        View::Findings => {
            let more = {
                let shown = shown.clone();
                Callback::from(move |_: MouseEvent| shown.set(*shown + FIRST_SHOWN))
            };
            let counts = [
                Severity::Error,
                Severity::Warning,
                Severity::Info,
                Severity::Style,
            ]
            .into_iter()
            .zip(result.counts)
            .filter(|&(_, n)| n > 0)
            .map(|(severity, n)| {
                html! {
                    <span class={classes!("badge", severity.as_str())}>{ format!("{n} {}", severity.as_str()) }</span>
                }
            })
            .collect::<Html>();
            let listed = result.listed();
            let unlisted = result.finding_count.saturating_sub(listed);
            let item = |finding: crate::worker::LargeFinding| {
                let at = finding.from;
                let on_locate = props.on_locate.reform(move |_: MouseEvent| at);
                let rule = rules::find(&finding.code);
                let open_rule = rule.map(|rule| {
                    let code = rule.code;
                    props.on_open_rule.reform(move |_: MouseEvent| code)
                });
                html! {
                    <li class={classes!("finding", finding.severity.as_str())} data-testid="finding" data-code={finding.code.clone()}>
                        <div class="finding-head">
                            <span class={classes!("badge", finding.severity.as_str())}>{ finding.severity.as_str() }</span>
                            <button class="where link" title="Show this line in the editor" onclick={on_locate}>
                                { format!("line {}", finding.from.0) }
                            </button>
                            <button class="code link" title="Open this rule's documentation" onclick={open_rule}>{ finding.code.clone() }</button>
                            if let Some(rule) = rule {
                                <span class="rule-name">{ rule.name }</span>
                            }
                        </div>
                        <p class="message">{ inline(&finding.message) }</p>
                    </li>
                }
            };
            html! {
                <div class="findings">
                    <div class="view-head">
                        <div class="summary">
                            if result.finding_count == 0 {
                                <span class="all-clear">{ "No findings. This Dockerfile follows every rule Stagecraft knows." }</span>
                            } else {
                                { counts }
                            }
                        </div>
                    </div>
                    <p class="large-off">{ "Fixes are offered for files up to the size above: the editor marks every finding listed here." }</p>
                    <ul class="finding-list">
                        { for (0..listed.min(*shown)).filter_map(|i| result.finding(i)).map(item) }
                    </ul>
                    if listed > *shown {
                        <button class="more" onclick={more}>
                            { format!("Show {} more of {} findings", (listed - *shown).min(FIRST_SHOWN), listed) }
                        </button>
                    }
                    if unlisted > 0 {
                        <p class="large-off">{ format!("{} more findings are counted but not listed.", grouped(unlisted)) }</p>
                    }
                </div>
            }
        }
        View::Layers => {
            let (low, expected, high) = result.image;
            html! {
                <div class="large-layers">
                    <p class="total">
                        { "Final image ≈ " }
                        <strong data-testid="image-total">{ human(expected) }</strong>
                        { format!(" ({} – {}), over {} stage{}.", human(low), human(high), result.stages, if result.stages == 1 { "" } else { "s" }) }
                    </p>
                    { smaller("The table of layers") }
                </div>
            }
        }
        View::Rebuilds => html! {
            <div class="large-rebuilds">
                <p>{ format!("{} rebuilds {} of the {} instructions' layers.", props.change, grouped(result.rebuilt), grouped(result.instructions)) }</p>
                { smaller("Which layers, and why,") }
            </div>
        },
        View::Rewrite => smaller("The step-by-step rewrite"),
        View::Instructions => smaller("The list of instructions"),
    };
    html! {
        <>
            { head }
            { body }
        </>
    }
}
