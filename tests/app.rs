//! Browser tests: the real app mounted in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use stagecraft::bridge;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit};

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

/// Yew renders through its scheduler: give it a turn before looking at the DOM. A debug
/// build on a busy machine can take longer; checks that follow an action use [`eventually`].
async fn settle() {
    TimeoutFuture::new(60).await;
}

/// Waits up to five seconds for `check` to hold; returns whether it did.
async fn eventually(check: impl Fn() -> bool) -> bool {
    for _ in 0..250 {
        if check() {
            return true;
        }
        TimeoutFuture::new(20).await;
    }
    check()
}

fn kinds(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all("tr.instruction td.kind").unwrap();
    (0..cells.length())
        .map(|i| cells.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Clicks the button whose text starts with `label` (tabs carry counts after their name).
fn click(root: &Element, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        let button: web_sys::HtmlElement = buttons.item(i).unwrap().dyn_into().unwrap();
        if button.text_content().unwrap_or_default().starts_with(label) {
            button.click();
            return;
        }
    }
    panic!("no button labelled {label}");
}

// The tests load the editor bundle as a module (the page loads it with a script tag):
// importing it also publishes the `stagecraftEditor` global the app's bridge calls.
#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/bundle/editor.js")]
extern "C" {
    /// Replaces the document of the editor owning `element` as a person's edit.
    #[wasm_bindgen(js_name = typeInto)]
    fn type_into_editor(element: &Element, text: &str) -> bool;

    /// The document of the editor owning `element`.
    #[wasm_bindgen(js_name = documentText)]
    fn document_text(element: &Element) -> Option<String>;
}

/// The Dockerfile editor's editing area (CodeMirror's content element).
fn editor(root: &Element) -> Element {
    root.query_selector("[data-testid=editor]")
        .unwrap()
        .expect("the editor is on the page")
}

fn editor_text(root: &Element) -> String {
    document_text(&editor(root)).expect("the editor holds a document")
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Replaces the Dockerfile the way a person's typing does (CodeMirror reports the change).
fn type_into(root: &Element, text: &str) {
    assert!(type_into_editor(&editor(root), text));
}

fn forget_saved_text() {
    if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
        storage.clear().unwrap();
    }
}

/// Waits until `selector` matches inside `root`: the editor is created by an effect after
/// the first render, which in a debug build can take longer than one turn of the scheduler.
async fn until(root: &Element, selector: &str) {
    for _ in 0..250 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("{selector} never appeared");
}

/// The app mounted in a fresh root, starting from the example (nothing saved).
async fn fresh_app(id: &str) -> Element {
    forget_saved_text();
    let root = mount_root(id);
    yew::Renderer::<stagecraft::app::App>::with_root(root.clone()).render();
    until(&root, "[data-testid=editor]").await;
    root
}

/// Fires a bubbling event, as a person's edit would.
fn send_event(target: &web_sys::EventTarget, name: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(name, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn the_example_is_parsed_on_first_load() {
    let root = fresh_app("first-load").await;
    click(&root, "Instructions");
    settle().await;
    let kinds = kinds(&root);
    assert_eq!(kinds.first().map(String::as_str), Some("FROM"));
    assert!(kinds.iter().any(|k| k == "RUN"), "{kinds:?}");
    assert_eq!(kinds.last().map(String::as_str), Some("CMD"));
}

#[wasm_bindgen_test]
async fn typing_updates_the_instruction_list() {
    let root = fresh_app("typing").await;
    click(&root, "Instructions");

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
    let root = fresh_app("escaping").await;
    click(&root, "Instructions");

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
    let first = fresh_app("before-reload").await;
    type_into(&first, "FROM debian:12\nEXPOSE 80\n");
    settle().await;

    let second = mount_root("after-reload");
    yew::Renderer::<stagecraft::app::App>::with_root(second.clone()).render();
    until(&second, "[data-testid=editor]").await;
    click(&second, "Instructions");
    settle().await;
    assert_eq!(kinds(&second), ["FROM", "EXPOSE"]);
}

#[wasm_bindgen_test]
async fn findings_are_listed_and_a_fix_rewrites_the_text() {
    let root = fresh_app("fixing").await;
    type_into(
        &root,
        "FROM alpine:3.20\nMAINTAINER me@example.com\nCMD [\"sh\"]\n",
    );
    settle().await;

    let codes = texts(&root, ".finding .code");
    assert!(
        codes.iter().any(|c| c.contains("DL4000")),
        "MAINTAINER is reported: {codes:?}"
    );
    // The finding is underlined in the editor: the editor draws its lint marks in a frame
    // of its own, which a loaded machine delays past `settle`.
    assert!(
        eventually(|| root
            .query_selector(".cm-lintRange-error")
            .unwrap()
            .is_some())
        .await,
        "the MAINTAINER line is underlined"
    );

    let findings = root.query_selector_all(".finding").unwrap();
    let fix_button = (0..findings.length())
        .map(|i| findings.item(i).unwrap().dyn_into::<Element>().unwrap())
        .find(|f| f.text_content().unwrap_or_default().contains("DL4000"))
        .and_then(|f| f.query_selector("button.fix").unwrap())
        .expect("the MAINTAINER finding offers a fix");
    fix_button
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(
        !editor_text(&root).contains("MAINTAINER"),
        "{}",
        editor_text(&root)
    );
    let codes = texts(&root, ".finding .code");
    assert!(!codes.iter().any(|c| c.contains("DL4000")), "{codes:?}");
}

#[wasm_bindgen_test]
async fn findings_link_to_the_glossary_words_they_use() {
    let root = fresh_app("glossary").await;
    type_into(
        &root,
        "FROM --platform=linux/amd64 python:3.12\nCOPY . /app\nRUN pip install flask\nCMD python /app/app.py\n",
    );
    settle().await;
    // STG001 suggests the slim image: its message links to that word, and the glossary
    // under the list explains it.
    let words = texts(&root, ".finding .terms .term");
    assert!(words.iter().any(|w| w == "slim image"), "{words:?}");
    let explained = texts(&root, "[data-testid=glossary] dl > dt");
    assert!(explained.iter().any(|w| w == "slim image"), "{explained:?}");
    // A word no finding uses is not among "Words used above" but stays in the folded list.
    assert!(
        !explained[..explained.len() - texts(&root, ".more-words dt").len()]
            .iter()
            .any(|w| w == "musl")
    );
    assert!(texts(&root, ".more-words dt").iter().any(|w| w == "musl"));
    // The pinned architecture is a hint no rule gives.
    let hints = texts(&root, "[data-testid=hint]");
    assert!(hints.iter().any(|h| h.contains("buildx")), "{hints:?}");
}

#[wasm_bindgen_test]
async fn the_size_view_shows_layers_and_a_slimmer_base_is_smaller() {
    let root = fresh_app("sizing").await;
    click(&root, "Layers");
    type_into(&root, "FROM python:3.12\nCOPY . /app\n");
    settle().await;
    let layers = texts(&root, "tr.layer td.kind");
    assert_eq!(layers, ["FROM", "COPY"]);
    let full = texts(&root, ".headline .total").join("");

    type_into(&root, "FROM python:3.12-slim\nCOPY . /app\n");
    settle().await;
    let slim = texts(&root, ".headline .total").join("");
    assert_ne!(full, slim, "the total follows the base image");
}

#[wasm_bindgen_test]
async fn the_rebuild_view_shows_what_a_code_edit_reruns() {
    let root = fresh_app("rebuilds").await;
    click(&root, "Rebuilds");
    type_into(
        &root,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
    );
    settle().await;
    let statuses = texts(&root, ".step .status");
    assert_eq!(statuses, ["cached", "cached", "rebuilt", "rebuilt"]);

    click(&root, "The base image");
    settle().await;
    let statuses = texts(&root, ".step .status");
    assert!(statuses.iter().all(|s| s == "rebuilt"), "{statuses:?}");
}

#[wasm_bindgen_test]
async fn choosing_a_build_target_sizes_that_stage() {
    let root = fresh_app("target").await;
    click(&root, "Layers");
    type_into(
        &root,
        "FROM golang:1.23 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n",
    );
    settle().await;
    let shipped = texts(&root, ".headline .total").join("");

    let select: web_sys::HtmlSelectElement = root
        .query_selector("select#target")
        .unwrap()
        .expect("a multi-stage file offers a target picker")
        .dyn_into()
        .unwrap();
    select.set_value("build");
    send_event(&select, "change");
    settle().await;
    let build = texts(&root, ".headline .total").join("");
    assert_ne!(
        shipped, build,
        "the build stage is far larger than the shipped one"
    );
    assert!(texts(&root, ".headline .range")
        .join("")
        .contains("stage build"));
}

#[wasm_bindgen_test]
async fn the_editor_numbers_lines_and_marks_findings_in_its_gutter() {
    let root = fresh_app("gutter").await;
    type_into(&root, "FROM alpine:3.20\nMAINTAINER me@example.com\n");
    settle().await;
    let numbers: Vec<String> = texts(&root, ".cm-lineNumbers .cm-gutterElement")
        .into_iter()
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // CodeMirror keeps a hidden spacer (the widest number) before the visible ones.
    assert!(
        numbers.windows(3).any(|w| w == ["1", "2", "3"]),
        "{numbers:?}"
    );
    assert!(
        eventually(|| root
            .query_selector(".cm-lint-marker-error")
            .unwrap()
            .is_some())
        .await,
        "the MAINTAINER line carries an error marker"
    );
    assert_eq!(
        editor_text(&root),
        "FROM alpine:3.20\nMAINTAINER me@example.com\n"
    );
}

#[wasm_bindgen_test]
async fn undo_brings_back_what_a_fix_changed() {
    let root = fresh_app("undo").await;
    type_into(&root, "FROM alpine:3.20\nMAINTAINER me@example.com\n");
    settle().await;
    let fix = root
        .query_selector("[data-code=DL4000] button.fix")
        .unwrap()
        .expect("the MAINTAINER finding offers a fix");
    fix.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    settle().await;
    assert!(!editor_text(&root).contains("MAINTAINER"));
    click(&root, "Undo");
    settle().await;
    assert!(
        editor_text(&root).contains("MAINTAINER"),
        "{}",
        editor_text(&root)
    );
    assert!(root.query_selector("[data-code=DL4000]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_share_payload_round_trips_and_a_damaged_one_is_explained() {
    let state = bridge::object(&[
        (
            "dockerfile",
            JsValue::from_str("FROM alpine:3.20\nRUN echo ünïcödé\n"),
        ),
        ("tab", JsValue::from_str("layers")),
    ]);
    let payload = bridge::pack_share(&state).await.as_string().unwrap();
    assert!(
        payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{payload}"
    );
    let opened = bridge::unpack_share(&payload)
        .await
        .expect("its own payload opens");
    let shared = stagecraft::location::shared_inputs(opened);
    assert_eq!(
        shared.inputs.dockerfile,
        "FROM alpine:3.20\nRUN echo ünïcödé\n"
    );
    assert_eq!(shared.view, Some(stagecraft::state::View::Layers));
    assert_eq!(shared.slide, None);

    for damaged in ["%%%", "AAAA", &payload[..payload.len() / 2]] {
        let error = bridge::unpack_share(damaged).await.expect_err(damaged);
        let message = js_sys::Reflect::get(&error, &JsValue::from_str("message")).unwrap();
        assert!(
            message.as_string().unwrap().contains("damaged"),
            "{damaged}: {message:?}"
        );
    }
}

#[wasm_bindgen_test]
fn a_rule_link_loads_the_example_from_the_rules_docs() {
    // The file the page downloads when a rule's docs are opened (`cargo xtask docs`).
    let docs = js_sys::JSON::parse(include_str!("../docs/rules/rule-docs.json")).unwrap();
    let docs = js_sys::Reflect::get(&docs, &JsValue::from_str("DL3007"))
        .unwrap()
        .as_string()
        .expect("rule-docs.json documents DL3007");
    let example = stagecraft::location::rule_example(&docs).expect("DL3007 documents an example");
    assert!(example.contains("FROM"), "{example}");
}

#[wasm_bindgen_test]
async fn the_rewrite_tab_lists_the_steps_and_apply_all_makes_a_multi_stage_file() {
    let root = fresh_app("rewrite").await;
    type_into(
        &root,
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n",
    );
    settle().await;
    click(&root, "Rewrite");
    let count = |selector: &str| root.query_selector_all(selector).unwrap().length();
    assert!(eventually(|| count("[data-testid=rewrite-step]") >= 10).await);
    let steps = root
        .query_selector_all("[data-testid=rewrite-step]")
        .unwrap();
    assert!(steps.length() >= 10, "{} steps", steps.length());
    let applied = root
        .query_selector_all("[data-testid=rewrite-step][data-status=applied]")
        .unwrap();
    assert!(applied.length() >= 3, "{} applied", applied.length());
    root.query_selector("[data-testid=apply-all-steps]")
        .unwrap()
        .expect("an apply-all button")
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    // The new file is analysed (and the plan worked out again) before the editor shows it.
    for _ in 0..250 {
        if editor_text(&root).contains(" AS ") {
            break;
        }
        TimeoutFuture::new(20).await;
    }
    let text = editor_text(&root);
    let stages = text
        .lines()
        .filter(|l| l.to_ascii_uppercase().starts_with("FROM "))
        .count();
    assert!(stages >= 2, "{text}");
    assert!(text.contains("USER "), "{text}");
}

#[wasm_bindgen_test]
async fn presenter_mode_steps_forward_and_back_with_the_arrow_keys() {
    let root = fresh_app("presenter").await;
    type_into(
        &root,
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n",
    );
    settle().await;
    click(&root, "Rewrite");
    until(&root, "[data-testid=presenter]").await;
    click(&root, "Present");
    until(&root, "[data-testid=presenter-view]").await;
    let view = root
        .query_selector("[data-testid=presenter-view]")
        .unwrap()
        .expect("presenter mode is open");
    let slide = || texts(&root, "[data-testid=slide]").join("");
    assert!(slide().starts_with("0 /"), "{}", slide());
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        view.dispatch_event(&event).unwrap();
    };
    key("ArrowRight");
    assert!(
        eventually(|| slide().starts_with("1 /")).await,
        "{}",
        slide()
    );
    key("ArrowLeft");
    assert!(
        eventually(|| slide().starts_with("0 /")).await,
        "{}",
        slide()
    );
    key("Escape");
    assert!(
        eventually(|| root
            .query_selector("[data-testid=presenter-view]")
            .unwrap()
            .is_none())
        .await
    );
    assert!(root
        .query_selector("[data-testid=presenter-view]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn the_background_engine_summarises_what_the_page_would_show() {
    let inputs = bridge::object(&[
        (
            "dockerfile",
            "FROM python:3.12\nRUN pip install flask\nCOPY . /app\n".into(),
        ),
        ("change", "code".into()),
    ]);
    let result = stagecraft::worker::analyze_in_worker(inputs);
    let get = |key: &str| js_sys::Reflect::get(&result, &JsValue::from_str(key)).unwrap();
    assert_eq!(get("instructions").as_f64(), Some(3.0));
    assert_eq!(get("stages").as_f64(), Some(1.0));
    // Each finding comes in the editor's diagnostic shape: the rule is its `source`.
    let findings = js_sys::Array::from(&get("findings"));
    let codes: Vec<String> = findings
        .iter()
        .map(|f| {
            js_sys::Reflect::get(&f, &JsValue::from_str("source"))
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect();
    assert!(codes.iter().any(|c| c == "DL3013"), "{codes:?}");
    assert_eq!(get("findingCount").as_f64(), Some(codes.len() as f64));
    // pip's line: the editor's 1-based line, UTF-16 columns.
    let pip = findings
        .iter()
        .find(|f| {
            js_sys::Reflect::get(f, &JsValue::from_str("source")).unwrap()
                == JsValue::from_str("DL3013")
        })
        .unwrap();
    let field = |key: &str| {
        js_sys::Reflect::get(&pip, &JsValue::from_str(key))
            .unwrap()
            .as_string()
            .unwrap_or_default()
    };
    assert!(
        field("message").starts_with("DL3013: "),
        "{}",
        field("message")
    );
    assert_eq!(field("level"), "warning");
    assert_eq!(
        js_sys::Reflect::get(&pip, &JsValue::from_str("fromLine"))
            .unwrap()
            .as_f64(),
        Some(2.0)
    );
    let (low, expected) = (
        get("imageLow").as_f64().unwrap(),
        get("imageExpected").as_f64().unwrap(),
    );
    assert!(low > 0.0 && low <= expected, "{low} {expected}");
}

#[wasm_bindgen_test]
async fn a_large_file_shows_the_background_findings_and_says_what_waits() {
    use stagecraft::components::LargeFilePanel;
    use stagecraft::worker::{LargeAnalysis, LargeFinding};
    use stagecraft_core::lint::Severity;
    use std::rc::Rc;

    let root = mount_root("large-file");
    let findings: Vec<LargeFinding> = (1..=150)
        .map(|line| LargeFinding {
            code: "DL3013".into(),
            severity: Severity::Warning,
            message: format!("Pin versions in pip <b>{line}</b>"),
            from: (line, 1),
            to: (line, 10),
        })
        .collect();
    let (diagnostics, counts) = LargeAnalysis::listing(&findings);
    let result = LargeAnalysis {
        diagnostics,
        counts,
        finding_count: 7_000,
        instructions: 26_000,
        stages: 1,
        image: (1_000_000_000, 1_500_000_000, 2_000_000_000),
        rebuilt: 20_000,
    };
    let props = stagecraft::components::large_file::LargeFileProps {
        view: stagecraft::state::View::Findings,
        result: Some(Rc::new(result)),
        pending: true,
        error: None,
        bytes: 1024 * 1024,
        lines: 26_000,
        change: "A code change".into(),
        on_locate: yew::Callback::noop(),
        on_open_rule: yew::Callback::noop(),
    };
    yew::Renderer::<LargeFilePanel>::with_root_and_props(root.clone(), props).render();
    assert!(eventually(|| !texts(&root, "[data-testid=finding]").is_empty()).await);
    let head = texts(&root, "[data-testid=large-file]").concat();
    assert!(head.contains("1.0 MB (26,000 lines)"), "{head}");
    assert!(head.contains("Analysing the newest text"), "{head}");
    // The first hundred are drawn; the rest wait for "show more" or are only counted.
    assert_eq!(texts(&root, "[data-testid=finding]").len(), 100);
    let all = root.text_content().unwrap_or_default();
    assert!(all.contains("Show 50 more of 150 findings"), "{all}");
    assert!(all.contains("6,850 more findings are counted"), "{all}");
    // Messages are text, never markup.
    assert!(root.query_selector(".message b").unwrap().is_none());
}

/// The page's core is built without std's Unicode case tables: the browser's mapping, which
/// `stagecraft::run` installs, gives what std gives (full mapping, final sigma included).
#[wasm_bindgen_test]
fn non_ascii_case_goes_through_the_browser() {
    bridge::use_browser_case_mapping();
    use stagecraft_core::case::{lower, upper};
    assert_eq!(lower("Builder ÄRGER"), "builder ärger");
    assert_eq!(lower("ΟΔΟΣ"), "\u{3bf}\u{3b4}\u{3bf}\u{3c2}");
    assert_eq!(upper("straße"), "STRASSE");
    assert_eq!(upper("from"), "FROM");
}
