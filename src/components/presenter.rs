//! Presenter mode for workshops: full screen, large type, the file as it is after each step
//! beside the step's explanation, with running figures; → and ← move through the steps.

use std::rc::Rc;

use stagecraft_core::rewrite::{Plan, StepReport};
use stagecraft_core::size::human;
use yew::prelude::*;

use super::code_editor::CodeEditor;
use super::rewrite_panel::{changed_lines, diff_lines};
use super::rule_docs::inline;

#[derive(Properties, PartialEq)]
pub struct PresenterProps {
    pub plan: Rc<Plan>,
    /// The original file, slide 0.
    pub original: AttrValue,
    /// 0 is the original file; slide k is the k-th step that applies.
    pub slide: usize,
    pub on_slide: Callback<usize>,
    pub on_close: Callback<()>,
    /// Put a link to this slide in the address bar and copy it.
    pub on_share: Callback<()>,
}

/// The steps that change the file: the slides after the first.
pub fn slides(plan: &Plan) -> Vec<&StepReport> {
    plan.applied().collect()
}

#[component]
pub fn Presenter(props: &PresenterProps) -> Html {
    let steps = slides(&props.plan);
    let last = steps.len();
    let slide = props.slide.min(last);
    let host = use_node_ref();
    {
        let host = host.clone();
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    let onkeydown = {
        let on_slide = props.on_slide.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            let to = match event.key().as_str() {
                "ArrowRight" | "PageDown" | " " => (slide + 1).min(last),
                "ArrowLeft" | "PageUp" => slide.saturating_sub(1),
                "Home" => 0,
                "End" => last,
                "Escape" => {
                    on_close.emit(());
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            on_slide.emit(to);
        })
    };
    let previous = props
        .on_slide
        .reform(move |_: MouseEvent| slide.saturating_sub(1));
    let next = props
        .on_slide
        .reform(move |_: MouseEvent| (slide + 1).min(last));
    let close = props.on_close.reform(|_: MouseEvent| ());
    let share = props.on_share.reform(|_: MouseEvent| ());
    let (text, marked, measure) = match slide {
        0 => (
            props.original.clone(),
            Vec::new(),
            steps.first().map(|s| s.before.clone()),
        ),
        k => {
            let step = steps[k - 1];
            (
                AttrValue::from(step.dockerfile.to_string()),
                changed_lines(&step.diff),
                Some(step.after.clone()),
            )
        }
    };
    let explanation = match slide {
        0 => html! {
            <>
                <h2>{ "The Dockerfile as written" }</h2>
                <p class="reason">{ format!("{last} step{} will take it to a slim, non-root, cache-friendly build. Press → to walk through them.", if last == 1 { "" } else { "s" }) }</p>
            </>
        },
        k => {
            let step = steps[k - 1];
            html! {
                <>
                    <h2>{ format!("{k}. {}", step.title) }</h2>
                    <p class="reason">{ inline(&step.reason) }</p>
                    <pre class="diff-text">{ for diff_lines(&step.diff).filter(|(kind, _)| *kind == "added" || *kind == "removed").map(|(kind, line)| html! {
                        <span class={classes!("diff-line", kind)}>{ line }{ "\n" }</span>
                    }) }</pre>
                </>
            }
        }
    };
    html! {
        <div class="presenter" role="dialog" aria-label="Presenter mode" data-testid="presenter-view" tabindex="0" ref={host} {onkeydown}>
            <header class="presenter-bar">
                <span class="slide-count" data-testid="slide">{ format!("{slide} / {last}") }</span>
                if let Some(measure) = &measure {
                    <span class="running" data-testid="running-size">{ format!("Image ≈ {}", human(measure.bytes.expected)) }</span>
                    <span class="running" data-testid="running-rebuild">{ format!("A code change rebuilds {}", measure.rebuild) }</span>
                }
                <span class="spacer"></span>
                <button onclick={previous} disabled={slide == 0} aria-label="Previous step">{ "←" }</button>
                <button onclick={next} disabled={slide == last} aria-label="Next step">{ "→" }</button>
                <button onclick={share} title="Copy a link that opens this slide">{ "Link to this slide" }</button>
                <button onclick={close} aria-label="Leave presenter mode">{ "Close" }</button>
            </header>
            <div class="presenter-body">
                <div class="presenter-editor">
                    <CodeEditor
                        key={format!("slide-{slide}")}
                        label="The Dockerfile at this step"
                        language="dockerfile"
                        value={text}
                        on_edit={Callback::noop()}
                        read_only=true
                        marked_lines={Rc::new(marked)}
                    />
                </div>
                <div class="presenter-text">{ explanation }</div>
            </div>
        </div>
    }
}
