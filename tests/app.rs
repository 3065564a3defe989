//! Browser tests: the real app mounted in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh root for one test, so tests do not see each other's DOM.
fn mount_root(id: &str) -> Element {
    let root = document().create_element("div").unwrap();
    root.set_id(id);
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Yew renders through its scheduler: give it a turn before looking at the DOM.
async fn settle() {
    TimeoutFuture::new(20).await;
}

fn kinds(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all("tr.instruction td.kind").unwrap();
    (0..cells.length())
        .map(|i| cells.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn type_into(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = root
        .query_selector("textarea#dockerfile")
        .unwrap()
        .expect("the editor is on the page")
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
}

fn forget_saved_text() {
    if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
        storage.clear().unwrap();
    }
}

#[wasm_bindgen_test]
async fn the_example_is_parsed_on_first_load() {
    forget_saved_text();
    let root = mount_root("first-load");
    yew::Renderer::<stagecraft::app::App>::with_root(root.clone()).render();
    settle().await;
    let kinds = kinds(&root);
    assert_eq!(kinds.first().map(String::as_str), Some("FROM"));
    assert!(kinds.iter().any(|k| k == "RUN"), "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("CMD"));
}

#[wasm_bindgen_test]
async fn typing_updates_the_instruction_list() {
    forget_saved_text();
    let root = mount_root("typing");
    yew::Renderer::<stagecraft::app::App>::with_root(root.clone()).render();
    settle().await;

    type_into(&root, "FROM alpine:3.20\nUSER app\n");
    settle().await;
    assert_eq!(kinds(&root), ["FROM", "USER"]);

    type_into(&root, "");
    settle().await;
    assert!(kinds(&root).is_empty());
    let empty = root.query_selector(".instructions .empty").unwrap();
    assert!(empty.is_some(), "an empty file explains what to write");
}

#[wasm_bindgen_test]
async fn user_text_is_shown_as_text_never_as_html() {
    forget_saved_text();
    let root = mount_root("escaping");
    yew::Renderer::<stagecraft::app::App>::with_root(root.clone()).render();
    settle().await;

    type_into(
        &root,
        "FROM alpine\nRUN echo <img src=x onerror=alert(1)>\n",
    );
    settle().await;
    assert!(root.query_selector("img").unwrap().is_none());
    let arguments = root
        .query_selector_all("tr.instruction td.arguments")
        .unwrap();
    let shown = arguments.item(1).unwrap().text_content().unwrap();
    assert_eq!(shown, "echo <img src=x onerror=alert(1)>");
}

#[wasm_bindgen_test]
async fn the_text_survives_a_reload() {
    forget_saved_text();
    let first = mount_root("before-reload");
    yew::Renderer::<stagecraft::app::App>::with_root(first.clone()).render();
    settle().await;
    type_into(&first, "FROM debian:12\nEXPOSE 80\n");
    settle().await;

    let second = mount_root("after-reload");
    yew::Renderer::<stagecraft::app::App>::with_root(second.clone()).render();
    settle().await;
    assert_eq!(kinds(&second), ["FROM", "EXPOSE"]);
}
