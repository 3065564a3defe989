//! What a change rebuilds: the cache model's verdict for each step.

use stagecraft_core::number::decimal;
use stagecraft_core::size::{human, CachePlan, CacheStatus, Change, CHANGE_KINDS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RebuildPanelProps {
    pub plan: CachePlan,
    pub on_change: Callback<Change>,
}

#[component]
pub fn RebuildPanel(props: &RebuildPanelProps) -> Html {
    let plan = &props.plan;
    let choice = |change: Change, label: &'static str| {
        let on_change = props.on_change.clone();
        let selected = plan.change == change;
        html! {
            <button
                class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()}
                onclick={Callback::from(move |_| on_change.emit(change))}
            >
                { label }
            </button>
        }
    };
    let rebuilt = plan.rebuilt().count();
    let total = plan
        .steps
        .iter()
        .filter(|s| s.status != CacheStatus::Skipped)
        .count();
    html! {
        <div class="rebuilds">
            <div class="view-head">
                <div class="choices" role="group" aria-label="What changed">
                    { choice(Change::Code, "I edit my code") }
                    { choice(Change::Deps, "I add a dependency") }
                    { choice(Change::Env, "I edit .env") }
                    { choice(Change::Base, "The base image updates") }
                </div>
            </div>
            if let Some(kind) = CHANGE_KINDS.iter().find(|k| k.change == plan.change) {
                <p class="covers" data-testid="change-covers">{ format!("This counts as a change: {}.", kind.covers) }</p>
            }
            <p class="verdict">
                if rebuilt == 0 {
                    { "Nothing is rebuilt: every step comes from the cache." }
                } else {
                    { format!(
                        "{rebuilt} of {total} steps run again{}, writing about {} and taking roughly {} s.",
                        plan.first_rebuilt_line.map(|l| format!(" from line {l} on")).unwrap_or_default(),
                        human(plan.rebuilt_bytes.expected),
                        decimal(plan.rebuild_seconds.expected, 0),
                    ) }
                }
            </p>
            { for plan.notes.iter().map(|note| html! { <p class="note">{ note.clone() }</p> }) }
            <ol class="steps">
                { for plan.steps.iter().map(|step| html! {
                    <li class={classes!("step", step.status.as_str())}>
                        <span class={classes!("status", step.status.as_str())}>{ step.status.as_str() }</span>
                        <span class="line">{ format!("line {}", step.line) }</span>
                        <code>{ format!("{} {}", step.instruction, step.text) }</code>
                        if !step.reason.is_empty() {
                            <span class="reason">{ step.reason.clone() }</span>
                        }
                    </li>
                }) }
            </ol>
        </div>
    }
}
