//! A message across the top of the page, with what can be done about it.

use std::rc::Rc;

use stagecraft_core::playground::Inputs;
use yew::prelude::*;

use crate::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Rc<Notice>,
    pub on_dismiss: Callback<()>,
    pub on_restore: Callback<Inputs>,
}

#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let notice = &props.notice;
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let restore = notice.restore.clone().map(|saved| {
        let on_restore = props.on_restore.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_restore.emit(saved.clone()));
        html! { <button class="primary" {onclick}>{ "Back to my saved work" }</button> }
    });
    html! {
        <div
            class={classes!("notice", notice.is_error.then_some("error"))}
            role={if notice.is_error { "alert" } else { "status" }}
            data-testid="notice"
        >
            <p>{ notice.text.clone() }</p>
            if let Some(link) = notice.link.clone() {
                <input class="share-link" readonly=true aria-label="Share link" value={link} />
            }
            { for restore }
            <button class="close" aria-label="Dismiss this message" onclick={on_dismiss}>{ "×" }</button>
        </div>
    }
}
