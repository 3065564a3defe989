//! The Dockerfile text area.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub value: AttrValue,
    pub on_edit: Callback<String>,
}

/// A plain text area; every keystroke reports the whole text.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        on_edit.emit(area.value());
    });
    html! {
        <textarea
            id="dockerfile"
            class="editor"
            aria-label="Dockerfile"
            spellcheck="false"
            autocomplete="off"
            value={props.value.clone()}
            {oninput}
        />
    }
}
