//! One CodeMirror editor as a Yew component: the document, the findings as underlines and
//! gutter markers, highlighted lines, and cursor moves the page asks for.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::bridge::{self, EditorHandle};

/// A finding as the editor shows it: from and to as 1-based lines and 1-based UTF-16 columns
/// (what the core's `LineIndex` gives), the severity as CodeMirror names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorDiagnostic {
    pub from: (usize, usize),
    pub to: (usize, usize),
    /// `error`, `warning`, `info` or `hint`.
    pub severity: &'static str,
    pub message: String,
    pub code: String,
}

/// A request to put the cursor somewhere; `seq` makes two requests for the same place
/// distinct, so clicking the same finding twice moves the cursor twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CursorRequest {
    pub line: usize,
    pub utf16_column: usize,
    pub seq: u32,
}

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    pub value: AttrValue,
    pub on_edit: Callback<String>,
    /// The accessible name of the editing area.
    pub label: AttrValue,
    /// `dockerfile` highlights Dockerfile syntax; anything else is plain text.
    #[prop_or_default]
    pub language: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// `data-testid` of the editing area, whose text content is the document.
    #[prop_or_default]
    pub test_id: AttrValue,
    #[prop_or_default]
    pub diagnostics: Rc<Diagnostics>,
    /// 1-based lines to highlight, e.g. what a rewrite step changed.
    #[prop_or_default]
    pub marked_lines: Rc<Vec<u32>>,
    #[prop_or_default]
    pub cursor: Option<CursorRequest>,
    /// Bumped to undo the last change in this editor.
    #[prop_or_default]
    pub undo: u32,
    #[prop_or_default]
    pub read_only: bool,
    /// Page shortcuts pressed in the editor: `apply-next-step`, `share`.
    #[prop_or_default]
    pub on_command: Callback<String>,
}

struct Live {
    handle: EditorHandle,
    // Kept alive as long as the editor: CodeMirror calls them.
    _on_change: Closure<dyn FnMut(String)>,
    _on_command: Closure<dyn FnMut(String)>,
}

/// The findings the editor marks: made on the page, or already in the editor's shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Diagnostics {
    /// Made on the page, from its own analysis.
    List(Vec<EditorDiagnostic>),
    /// A large file's, shaped in the background worker (`worker::LargeAnalysis`): handed to
    /// the editor as they are, so tens of thousands of findings never cross between
    /// JavaScript and the page's wasm one by one on the page's thread.
    Shaped(js_sys::Array),
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::List(Vec::new())
    }
}

/// Hands the findings to the editor: the page's own in the packed form (two values cross to
/// JavaScript, not an object per finding), a large file's as the worker shaped them.
fn show_diagnostics(handle: &EditorHandle, diagnostics: &Diagnostics) {
    let list = match diagnostics {
        Diagnostics::List(list) => list,
        Diagnostics::Shaped(array) => return handle.set_diagnostics(array),
    };
    let mut numbers = Vec::with_capacity(list.len() * 7);
    let mut text = String::new();
    for d in list {
        let units = |s: &str| s.encode_utf16().count() as u32;
        numbers.extend([
            d.from.0 as u32,
            d.from.1 as u32,
            d.to.0 as u32,
            d.to.1 as u32,
            match d.severity {
                "error" => 0,
                "warning" => 1,
                "info" => 2,
                _ => 3,
            },
            units(&d.message),
            units(&d.code),
        ]);
        text.push_str(&d.message);
        text.push_str(&d.code);
    }
    handle.set_diagnostics_packed(&numbers, &text);
}

/// What the editor shows, as the latest render asked.
#[derive(Clone, Default)]
struct Shown {
    value: AttrValue,
    read_only: bool,
    diagnostics: Rc<Diagnostics>,
    marked_lines: Rc<Vec<u32>>,
}

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    // The latest callbacks, read by the closures CodeMirror holds.
    let on_edit = use_mut_ref(|| props.on_edit.clone());
    *on_edit.borrow_mut() = props.on_edit.clone();
    let on_command = use_mut_ref(|| props.on_command.clone());
    *on_command.borrow_mut() = props.on_command.clone();
    // The text the person last typed, as the editor reported it: when the page hands that
    // same text back, the editor already shows it and is not asked for its document.
    let typed: Rc<RefCell<Option<AttrValue>>> = use_mut_ref(|| None);
    // What this render asks the editor to show, for an editor made later than this render
    // (CodeMirror's bundle had not run yet: `bridge::when_editor_loaded`).
    let latest = use_mut_ref(Shown::default);
    *latest.borrow_mut() = Shown {
        value: props.value.clone(),
        read_only: props.read_only,
        diagnostics: props.diagnostics.clone(),
        marked_lines: props.marked_lines.clone(),
    };

    {
        let host = host.clone();
        let live = live.clone();
        let typed = typed.clone();
        // Read once, when the editor is made (not on every render: the text is the whole file).
        let made_with = (
            props.language.clone(),
            props.label.clone(),
            props.placeholder.clone(),
            props.test_id.clone(),
        );
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let live_now = live.clone();
            let create = move |late: bool| {
                let live = live_now;
                let (language, label, placeholder, test_id) = made_with;
                let now = latest.borrow().clone();
                let (value, read_only) = (now.value, now.read_only);
                let options = bridge::object(&[
                    ("text", JsValue::from_str(&value)),
                    ("language", JsValue::from_str(&language)),
                    ("label", JsValue::from_str(&label)),
                    ("placeholder", JsValue::from_str(&placeholder)),
                    ("testId", JsValue::from_str(&test_id)),
                    ("readOnly", JsValue::from_bool(read_only)),
                ]);
                if let Some(parent) = host.cast::<web_sys::Element>() {
                    let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| {
                        let text = AttrValue::from(text);
                        *typed.borrow_mut() = Some(text.clone());
                        let callback = on_edit.borrow().clone();
                        callback.emit(text.to_string());
                    });
                    let on_command = Closure::<dyn FnMut(String)>::new(move |name: String| {
                        let callback = on_command.borrow().clone();
                        callback.emit(name);
                    });
                    let handle = bridge::create_editor(&parent, &options, &on_change, &on_command);
                    // The value may have changed between render and effect.
                    handle.set_text(&value, false);
                    // Made after the bundle loaded: the effects below ran without an editor.
                    if late {
                        show_diagnostics(&handle, &now.diagnostics);
                        handle.mark_lines(now.marked_lines.to_vec());
                    }
                    *live.borrow_mut() = Some(Live {
                        handle,
                        _on_change: on_change,
                        _on_command: on_command,
                    });
                }
            };
            let waiting = bridge::when_editor_loaded(create);
            move || {
                drop(waiting);
                if let Some(live) = live.borrow_mut().take() {
                    live.handle.destroy();
                }
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(props.value.clone(), move |value| {
            if typed.borrow().as_deref() == Some(value.as_str()) {
                return;
            }
            // Another text (a fix, an example): from now on ask the editor what it shows.
            *typed.borrow_mut() = None;
            if let Some(live) = live.borrow().as_ref() {
                if live.handle.text() != value.as_str() {
                    live.handle.set_text(value, false);
                }
            }
        });
    }
    {
        let live = live.clone();
        // After the text: positions refer to the document the findings were computed for.
        use_effect_with(
            (props.diagnostics.clone(), props.value.clone()),
            move |(diagnostics, _)| {
                if let Some(live) = live.borrow().as_ref() {
                    show_diagnostics(&live.handle, diagnostics);
                }
            },
        );
    }
    {
        let live = live.clone();
        use_effect_with(
            (props.marked_lines.clone(), props.value.clone()),
            move |(lines, _)| {
                if let Some(live) = live.borrow().as_ref() {
                    live.handle.mark_lines(lines.to_vec());
                }
            },
        );
    }
    // An undo asked for before this editor existed (another tab was open) is not replayed:
    // this editor has no history yet. The last cursor request is, so a finding clicked while
    // another file was open still lands on its line.
    let seen_cursor = use_mut_ref(|| None);
    let seen_undo = use_mut_ref(|| props.undo);
    {
        let live = live.clone();
        use_effect_with(props.cursor, move |cursor| {
            if *seen_cursor.borrow() == *cursor {
                return;
            }
            *seen_cursor.borrow_mut() = *cursor;
            if let (Some(live), Some(cursor)) = (live.borrow().as_ref(), cursor) {
                live.handle
                    .move_to(cursor.line as u32, cursor.utf16_column as u32);
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(props.undo, move |undo| {
            if *seen_undo.borrow() == *undo {
                return;
            }
            *seen_undo.borrow_mut() = *undo;
            if let Some(live) = live.borrow().as_ref() {
                live.handle.undo();
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(props.read_only, move |read_only| {
            if let Some(live) = live.borrow().as_ref() {
                live.handle.set_read_only(*read_only);
            }
        });
    }
    html! { <div class="code-editor" ref={host}></div> }
}
