//! The Rewrite tab: the rewrite engine's plan for this file, one explained step at a time,
//! with what each step buys in this file's numbers, and buttons to apply it.

use std::rc::Rc;

use stagecraft_core::rewrite::diff::{side_by_side, SplitLine, SplitRow};
use stagecraft_core::rewrite::{Plan, Safety, Status, StepReport};
use stagecraft_core::size::human;
use yew::prelude::*;

use super::rule_docs::inline;

#[derive(Properties, PartialEq)]
pub struct RewritePanelProps {
    pub plan: Rc<Plan>,
    /// Apply the file as it is after step `index` (0-based): the steps up to it.
    pub on_apply: Callback<usize>,
    pub on_apply_all: Callback<()>,
    pub on_undo: Callback<()>,
    /// Open presenter mode at step `index` (0 is the original file).
    pub on_present: Callback<usize>,
    /// Whether the distroless step may apply, and its switch.
    pub distroless: bool,
    pub on_distroless: Callback<bool>,
    #[prop_or_default]
    pub read_only: bool,
}

/// Lines of a unified diff, each with its kind, for colouring.
pub fn diff_lines(diff: &str) -> impl Iterator<Item = (&'static str, &str)> {
    diff.lines().map(|line| {
        let kind = if line.starts_with("+++") || line.starts_with("---") {
            "file"
        } else if line.starts_with("@@") {
            "hunk"
        } else if line.starts_with('+') {
            "added"
        } else if line.starts_with('-') {
            "removed"
        } else {
            "context"
        };
        (kind, line)
    })
}

/// The 1-based lines of the new file that a unified diff adds or changes.
pub fn changed_lines(diff: &str) -> Vec<u32> {
    let mut lines = Vec::new();
    let mut new_line = 0u32;
    for line in diff.lines() {
        if let Some(hunk) = line.strip_prefix("@@ ") {
            // @@ -a,b +c,d @@
            new_line = hunk
                .split_whitespace()
                .find_map(|part| part.strip_prefix('+'))
                .and_then(|range| range.split(',').next())
                .and_then(|start| start.parse().ok())
                .unwrap_or(1);
        } else if line.starts_with("+++") || line.starts_with("---") {
        } else if line.starts_with('+') {
            lines.push(new_line);
            new_line += 1;
        } else if line.starts_with('-') {
        } else {
            new_line += 1;
        }
    }
    lines
}

/// "Python · pip · FastAPI": what the engine took the file to be.
pub fn stack_summary(stack: &stagecraft_core::rewrite::Stack) -> String {
    let mut parts = vec![stack.language.as_str().to_string()];
    if stack.package_manager != stagecraft_core::rewrite::PackageManager::None {
        parts.push(stack.package_manager.as_str().to_string());
    }
    if let Some(framework) = &stack.framework {
        parts.push(framework.clone());
    }
    parts.join(" · ")
}

fn figures(step: &StepReport) -> Html {
    let before = &step.before;
    let after = &step.after;
    html! {
        <dl class="figures">
            <dt>{ "Image" }</dt>
            <dd>{ format!("{} → {}", human(before.bytes.expected), human(after.bytes.expected)) }</dd>
            <dt>{ "A code change rebuilds" }</dt>
            <dd>{ format!("{} → {}", before.rebuild, after.rebuild) }</dd>
            <dt>{ "Findings" }</dt>
            <dd>{ format!("{} → {}", before.findings, after.findings) }</dd>
        </dl>
    }
}

fn safety(step: &StepReport) -> Html {
    match &step.safety {
        Some(Safety::Safe) => html! { <span class="safety safe">{ "safe: same behaviour" }</span> },
        Some(Safety::ChangesBehaviour(what)) => html! {
            <span class="safety changes">{ "changes behaviour: " }{ inline(what) }</span>
        },
        None => html! {},
    }
}

/// One side of a side-by-side row: the line number and text, or an empty cell.
fn split_side(line: Option<SplitLine>, changed: &'static str) -> Html {
    match line {
        Some(line) => html! {
            <>
                <span class="split-no">{ line.number }</span>
                <span class={classes!("split-text", line.changed.then_some(changed))}>{ line.text }</span>
            </>
        },
        None => html! {
            <>
                <span class="split-no"></span>
                <span class="split-text empty"></span>
            </>
        },
    }
}

/// The diff side by side, old file left and new file right: shown instead of the unified
/// diff where the screen is wide enough for two columns of Dockerfile lines (styles/main.css).
fn split_view(diff: &str) -> Html {
    html! {
        <div class="diff-split" data-testid="diff-split">
            { for side_by_side(diff).into_iter().map(|row| match row {
                SplitRow::File(name) => html! { <span class="split-file">{ name }</span> },
                SplitRow::Hunk(hunk) => html! { <span class="split-hunk">{ hunk }</span> },
                SplitRow::Lines { old, new } => html! {
                    <>{ split_side(old, "removed") }{ split_side(new, "added") }</>
                },
            }) }
        </div>
    }
}

/// One step as a card: what it did or why not, and its figures and diff when it applied.
pub fn step_card(index: usize, step: &StepReport, props: &RewritePanelProps) -> Html {
    let status = step.status.as_str();
    let apply = props.on_apply.reform(move |_: MouseEvent| index);
    let present = props.on_present.reform(move |_: MouseEvent| index + 1);
    html! {
        <li class={classes!("rewrite-step", status)} data-testid="rewrite-step" data-step={step.id} data-status={status}>
            <div class="step-head">
                <span class="step-number">{ index + 1 }</span>
                <h3>{ step.title }</h3>
                <span class={classes!("status-badge", status)}>{ match step.status {
                    Status::Applied => "applies",
                    Status::NotApplicable => "not needed",
                    Status::CannotApply => "by hand",
                } }</span>
            </div>
            <p class="reason">{ inline(&step.reason) }</p>
            if let Some(todo) = &step.todo {
                <p class="todo"><strong>{ "What to do: " }</strong>{ inline(todo) }</p>
            }
            { for step.assumptions.iter().map(|a| html! { <p class="assumption">{ "Assumed: " }{ inline(a) }</p> }) }
            if step.status == Status::Applied {
                { safety(step) }
                { figures(step) }
                <details class="diff" open=true>
                    <summary>{ "What changes" }</summary>
                    <pre class="diff-text">{ for diff_lines(&step.diff).map(|(kind, line)| html! {
                        <span class={classes!("diff-line", kind)}>{ line }{ "\n" }</span>
                    }) }</pre>
                    { split_view(&step.diff) }
                </details>
                if !props.read_only {
                    <div class="step-actions">
                        <button class="primary" onclick={apply}>{ format!("Apply steps 1–{}", index + 1) }</button>
                        <button onclick={present}>{ "Present from here" }</button>
                    </div>
                }
            }
        </li>
    }
}

#[component]
pub fn RewritePanel(props: &RewritePanelProps) -> Html {
    let plan = &props.plan;
    if !plan.errors.is_empty() {
        return html! {
            <div class="rewrite">
                <p class="input-error">{ "The rewrite waits until the Dockerfile parses: fix the errors in the Findings tab first." }</p>
            </div>
        };
    }
    let applied = plan.applied().count();
    let first = plan.steps.first().map(|s| &s.before);
    let last = plan.steps.last().map(|s| &s.after);
    let on_apply_all = props.on_apply_all.reform(|_: MouseEvent| ());
    let on_undo = props.on_undo.reform(|_: MouseEvent| ());
    let on_present = props.on_present.reform(|_: MouseEvent| 0);
    let stack = &plan.stack;
    let on_distroless = props.on_distroless.reform(|event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        input.checked()
    });
    html! {
        <div class="rewrite">
            <div class="view-head">
                <div class="headline">
                    if let (Some(first), Some(last)) = (first, last) {
                        <span class="total">{ format!("{} → {}", human(first.bytes.expected), human(last.bytes.expected)) }</span>
                        <span class="range">{ format!(
                            "{applied} step{} apply · a code change rebuilds {} → {} · stack: {}",
                            if applied == 1 { "" } else { "s" },
                            first.rebuild,
                            last.rebuild,
                            stack_summary(stack),
                        ) }</span>
                    }
                </div>
                if !props.read_only {
                    <div class="view-actions">
                        <button class="primary" data-testid="apply-all-steps" disabled={applied == 0} onclick={on_apply_all}>{ "Apply all steps" }</button>
                        <button onclick={on_undo}>{ "Undo" }</button>
                        <button data-testid="presenter" onclick={on_present}>{ "Present" }</button>
                    </div>
                }
            </div>
            <label class="rewrite-option" title="A distroless runtime has no shell and no package manager: no `docker exec sh`, no RUN in the final stage, exec-form CMD only">
                <input type="checkbox" data-testid="distroless" checked={props.distroless} disabled={props.read_only} onchange={on_distroless} />
                <span>{ "Distroless runtime: end on an image without a shell or package manager (smaller, fewer CVEs; no " }<code>{ "docker exec sh" }</code>{ ")" }</span>
            </label>
            <ol class="rewrite-steps">
                { for plan.steps.iter().enumerate().map(|(index, step)| step_card(index, step, props)) }
            </ol>
        </div>
    }
}
