//! A text area for one input file, with line numbers beside it and the lines that have
//! findings marked behind the text.

use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// A line to mark: the severity class (`error`, `warning`, `info`, `style`) of its most
/// severe finding, and what the findings on it say (shown when the line number is hovered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMark {
    /// 1-based.
    pub line: usize,
    pub severity: &'static str,
    pub messages: Vec<String>,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_edit: Callback<String>,
    #[prop_or_default]
    pub marks: Vec<LineMark>,
    #[prop_or_default]
    pub placeholder: AttrValue,
}

/// The text area sits over a backdrop that repeats its lines in transparent ink; marked
/// lines get a tinted background and a wavy underline there, which shows through. A gutter
/// numbers the lines and carries each marked line's messages as its tooltip. Backdrop and
/// gutter follow the text area's scrolling.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let backdrop = use_node_ref();
    let gutter = use_node_ref();
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let area: HtmlTextAreaElement = event.target_unchecked_into();
        on_edit.emit(area.value());
    });
    let onscroll = {
        let backdrop = backdrop.clone();
        let gutter = gutter.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(backdrop) = backdrop.cast::<Element>() {
                backdrop.set_scroll_top(area.scroll_top());
                backdrop.set_scroll_left(area.scroll_left());
            }
            if let Some(gutter) = gutter.cast::<Element>() {
                gutter.set_scroll_top(area.scroll_top());
            }
        })
    };
    let mark_of = |line: usize| props.marks.iter().find(|mark| mark.line == line);
    let lines: Vec<&str> = props.value.split('\n').collect();
    html! {
        <div class="editor-wrap">
            <div class="editor-gutter" ref={gutter}>
                { for (1..=lines.len()).map(|line| match mark_of(line) {
                    Some(mark) => html! {
                        <div
                            class={classes!("gutter-line", "marked", mark.severity)}
                            title={mark.messages.join("\n")}
                        >
                            { line }
                        </div>
                    },
                    None => html! { <div class="gutter-line">{ line }</div> },
                }) }
            </div>
            <div class="editor-backdrop" ref={backdrop} aria-hidden="true">
                { for lines.iter().enumerate().map(|(index, text)| {
                    let class = match mark_of(index + 1) {
                        Some(mark) => classes!("backdrop-line", "marked", mark.severity),
                        None => classes!("backdrop-line"),
                    };
                    // A space keeps empty lines one line tall.
                    let text = if text.is_empty() { " " } else { text };
                    html! { <div {class}>{ text }</div> }
                }) }
            </div>
            <textarea
                id={props.id.clone()}
                class="editor"
                aria-label={props.label.clone()}
                placeholder={props.placeholder.clone()}
                spellcheck="false"
                autocomplete="off"
                wrap="off"
                value={props.value.clone()}
                {oninput}
                {onscroll}
            />
        </div>
    }
}
