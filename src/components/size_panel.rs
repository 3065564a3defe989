//! The estimated image size, layer by layer, with where each figure comes from.

use stagecraft_core::number::decimal;
use stagecraft_core::size::what_if::OtherBase;
use stagecraft_core::size::{human, Bytes, Layer, SizeEstimate};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SizePanelProps {
    pub estimate: SizeEstimate,
    pub context_size: AttrValue,
    pub context_size_error: Option<AttrValue>,
    pub on_context_size: Callback<String>,
    /// The stage to build; empty means the last one.
    pub target: AttrValue,
    pub on_target: Callback<String>,
    /// The shipped image on a slim, an Alpine and a distroless base (the "what if" table).
    pub other_bases: Vec<OtherBase>,
}

/// `−412 MB (−46%)` against this file's image, or why there is no figure.
fn difference(other: &OtherBase, image: u64) -> String {
    match other.image_bytes {
        _ if other.current => "this file's base".to_string(),
        None => "not in the table".to_string(),
        Some(bytes) if bytes.expected <= image => {
            let saved = image - bytes.expected;
            let percent = (saved * 100).checked_div(image).unwrap_or(0);
            format!("−{} (−{percent}%)", human(saved))
        }
        Some(bytes) => {
            let added = bytes.expected - image;
            let percent = (added * 100).checked_div(image).unwrap_or(0);
            format!("+{} (+{percent}%)", human(added))
        }
    }
}

fn what_if_row(other: &OtherBase, image: u64) -> Html {
    html! {
        <>
            <tr class="what-if-row" data-testid="what-if-row" data-kind={other.kind}>
                <td class="kind">{ other.kind }</td>
                <td><code>{ other.image.clone() }</code></td>
                <td class="size">{ other.image_bytes.map_or_else(|| "—".to_string(), |b| format!("≈ {}", human(b.expected))) }</td>
                <td class="difference">{ difference(other, image) }</td>
            </tr>
            if let Some(note) = &other.note {
                <tr class="what-if-note"><td colspan="4"><p class="note">{ note.clone() }</p></td></tr>
            }
        </>
    }
}

fn range(bytes: &Bytes) -> String {
    if bytes.low == bytes.high {
        human(bytes.expected)
    } else {
        format!("{} – {}", human(bytes.low), human(bytes.high))
    }
}

fn layer_row(layer: &Layer, total: u64) -> Html {
    let share = if total == 0 {
        0.0
    } else {
        layer.bytes.expected as f64 * 100.0 / total as f64
    };
    // A <meter>, not a styled div: the page's CSP allows no inline styles.
    let value = decimal(share.clamp(0.0, 100.0), 1);
    html! {
        <>
            <tr class="layer">
                <td class="line">{ layer.line }</td>
                <td class="kind"><code>{ layer.instruction.clone() }</code></td>
                <td class="text"><code>{ layer.text.clone() }</code></td>
                <td class="bytes" title={range(&layer.bytes)}>{ human(layer.bytes.expected) }</td>
                <td class="share">
                    <meter class="bar" min="0" max="100" {value}></meter>
                    <span class="percent">{ format!("{}%", decimal(share, 0)) }</span>
                </td>
            </tr>
            if !layer.notes.is_empty() || !layer.sources.is_empty() {
                <tr class="layer-notes">
                    <td></td>
                    <td colspan="4">
                        { for layer.notes.iter().map(|note| html! { <p class="note">{ note.clone() }</p> }) }
                        if !layer.sources.is_empty() {
                            <details class="sources">
                                <summary>{ format!("Sources ({})", layer.sources.len()) }</summary>
                                <ul>{ for layer.sources.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
                            </details>
                        }
                    </td>
                </tr>
            }
        </>
    }
}

#[component]
pub fn SizePanel(props: &SizePanelProps) -> Html {
    let estimate = &props.estimate;
    let on_context_size = props.on_context_size.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_context_size.emit(input.value());
    });
    let image = estimate.image_stage();
    let on_target = props.on_target.clone();
    let onchange = Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        on_target.emit(select.value());
    });
    let target_picker = (estimate.stages.len() > 1).then(|| {
        html! {
            <label class="target">
                { "Build target" }
                <select id="target" {onchange}>
                    <option value="" selected={props.target.is_empty()}>{ "last stage" }</option>
                    { for estimate.stages.iter().map(|stage| {
                        let label = stage.label();
                        let selected = props.target.as_str() == label;
                        html! { <option value={label.clone()} {selected}>{ label }</option> }
                    }) }
                </select>
            </label>
        }
    });
    html! {
        <div class="size">
            <div class="view-head">
                <div class="headline">
                    if let Some(stage) = image {
                        <span class="total" data-testid="image-total">{ format!("≈ {}", human(estimate.image.expected)) }</span>
                        <span class="range">{ format!("likely {} · stage {} from {}", range(&estimate.image), stage.label(), stage.base) }</span>
                        if let Some(base) = &stage.base_image {
                            <span class={classes!("base-match", base.matched.as_str())}>{ base.describe(&stage.base) }</span>
                        }
                    } else {
                        <span class="range">{ "No image yet: a Dockerfile needs a FROM." }</span>
                    }
                </div>
                { for target_picker }
                <label class="context-size">
                    { "Build context" }
                    <input
                        id="context-size"
                        type="text"
                        placeholder="e.g. 5 MB"
                        value={props.context_size.clone()}
                        {oninput}
                    />
                </label>
            </div>
            if let Some(error) = &props.context_size_error {
                <p class="input-error">{ error.clone() }</p>
            }
            { for estimate.notes.iter().map(|note| html! { <p class="note">{ note.clone() }</p> }) }
            if let Some(stage) = image {
                <table class="layer-table">
                    <thead>
                        <tr><th>{ "Line" }</th><th>{ "Layer" }</th><th></th><th>{ "Size" }</th><th>{ "Share" }</th></tr>
                    </thead>
                    <tbody>
                        { for stage.layers.iter().map(|layer| layer_row(layer, stage.total.expected)) }
                    </tbody>
                </table>
            }
            if !props.other_bases.is_empty() {
                <h3 class="what-if-title">{ "What if this image were built on another base" }</h3>
                <table class="what-if" data-testid="what-if">
                    <thead>
                        <tr><th>{ "Base" }</th><th>{ "Image" }</th><th>{ "Size" }</th><th>{ "Against this file" }</th></tr>
                    </thead>
                    <tbody>
                        { for props.other_bases.iter().map(|other| what_if_row(other, estimate.image.expected)) }
                    </tbody>
                </table>
            }
            if estimate.stages.len() > 1 {
                <h3 class="other-stages-title">{ "Build stages" }</h3>
                <ul class="stages">
                    { for estimate.stages.iter().map(|stage| {
                        let shipped = Some(stage.index) == estimate.image_stage;
                        html! {
                            <li class={classes!("stage", shipped.then_some("shipped"))}>
                                <code>{ stage.label() }</code>
                                { format!(" from {} — {}", stage.base, human(stage.total.expected)) }
                                { if shipped { " (the image)" } else { " (left behind: only what you COPY --from it ships)" } }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
