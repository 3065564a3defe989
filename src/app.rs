//! The page layout: the editor beside what the core found.

use yew::prelude::*;

use crate::components::{Editor, InstructionList};
use crate::example::NAIVE_PYTHON;
use crate::hooks::{load_saved_text, use_saved_text};
use crate::state::{Action, Playground};

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        Playground::new(load_saved_text().unwrap_or_else(|| NAIVE_PYTHON.to_string()))
    });
    use_saved_text(state.source.clone());

    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Edit(NAIVE_PYTHON.to_string())))
    };

    html! {
        <div class="page">
            <header class="masthead">
                <h1>{ "Stagecraft" }</h1>
                <p class="tagline">{ "Paste a Dockerfile. Everything runs in your browser; nothing is sent anywhere." }</p>
            </header>
            <main class="workspace">
                <section class="panel source" aria-labelledby="source-title">
                    <div class="panel-head">
                        <h2 id="source-title">{ "Dockerfile" }</h2>
                        <button class="reset" onclick={on_reset}>{ "Load the example" }</button>
                    </div>
                    <Editor value={AttrValue::from(state.source.clone())} {on_edit} />
                </section>
                <InstructionList parsed={state.parsed.clone()} />
            </main>
        </div>
    }
}
