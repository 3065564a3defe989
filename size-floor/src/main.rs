//! The least Yew page that shows Stagecraft's first view: a text box, its findings, and the
//! image estimate; with `--features lesson`, also the Findings tab's measured lesson (each
//! finding's before → after figures and the next steps), which runs the rewrite engine.
//!
//! It has no tabs, no styles, no share links, no rewrite panel and no presenter: whatever the
//! real page weighs above this is its own interface. `measure.sh` builds it as the page is
//! built (wasm-bindgen, then wasm-opt with the page's flags) and prints its gzip weight
//! beside a minimal CodeMirror 6 editor's. `black_box` keeps the results whole, so the
//! optimiser cannot drop the parts of the engine whose output this page does not print.

use stagecraft_core::playground::{self, Inputs};
use std::hint::black_box;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

const EXAMPLE: &str = "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n";

#[function_component]
fn Floor() -> Html {
    let text = use_state(|| EXAMPLE.to_string());
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };
    let inputs = Inputs {
        dockerfile: (*text).clone(),
        ..Inputs::default()
    };
    let analysis = black_box(playground::analyze(&inputs));
    #[cfg(feature = "lesson")]
    black_box(playground::lesson(&inputs, &analysis));
    html! {
        <main>
            <textarea value={(*text).clone()} {oninput} />
            <p>{ stagecraft_core::size::human(analysis.estimate.image.expected) }</p>
            <ul>
                { for analysis.findings.iter().map(|f| html! {
                    <li>{ f.code }{ " " }{ f.message.to_string() }</li>
                }) }
            </ul>
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
