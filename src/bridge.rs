//! The app's only door to JavaScript: CodeMirror behind `js/editor.js` (bundled by esbuild
//! into `js/bundle/editor.js`, loaded by the page, reached as `globalThis.stagecraftEditor`) and the browser's compression, clipboard and downloads behind
//! `js/share.js`. Everything else in the app is Rust.

use wasm_bindgen::prelude::*;

// CodeMirror is not a module of the glue: the page loads `js/bundle/editor.js` itself (a
// `<script data-trunk type="module">` in index.html, after the app's, so the wasm compiles
// while the bundle is evaluated; see `when_editor_loaded`) and the bundle
// publishes `globalThis.stagecraftEditor`. The glue then calls it by name when an editor is
// created, instead of importing it: the background worker imports the glue too, and an
// import would make it download the 118 KB (gzip) editor again, on every first visit.
#[wasm_bindgen]
extern "C" {
    /// One CodeMirror editor, owned by a `CodeEditor` component.
    pub type EditorHandle;

    #[wasm_bindgen(js_namespace = stagecraftEditor, js_name = createEditor)]
    pub fn create_editor(
        parent: &web_sys::Element,
        options: &JsValue,
        on_change: &Closure<dyn FnMut(String)>,
        on_command: &Closure<dyn FnMut(String)>,
    ) -> EditorHandle;

    #[wasm_bindgen(method)]
    pub fn text(this: &EditorHandle) -> String;

    /// Replaces the document as one undoable change; `from_person` reports it back.
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &EditorHandle, text: &str, from_person: bool);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    pub fn set_diagnostics(this: &EditorHandle, diagnostics: &js_sys::Array);

    /// The page's findings, packed: per finding seven numbers (from line and column, to line
    /// and column, severity 0-3, the UTF-16 lengths of message and code), and every message
    /// and code in turn in `text`.
    #[wasm_bindgen(method, js_name = setDiagnosticsPacked)]
    pub fn set_diagnostics_packed(this: &EditorHandle, numbers: &[u32], text: &str);

    #[wasm_bindgen(method, js_name = markLines)]
    pub fn mark_lines(this: &EditorHandle, lines: Vec<u32>);

    #[wasm_bindgen(method, js_name = moveTo)]
    pub fn move_to(this: &EditorHandle, line: u32, utf16_column: u32);

    #[wasm_bindgen(method)]
    pub fn undo(this: &EditorHandle) -> bool;

    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &EditorHandle, read_only: bool);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &EditorHandle);
}

/// The event `js/bundle/editor.js` fires on `window` once it has published
/// `globalThis.stagecraftEditor`.
const EDITOR_LOADED: &str = "stagecraft-editor-loaded";

/// Runs `create` once CodeMirror's bundle has run: at once (`create(false)`) if it has, else
/// when it fires [`EDITOR_LOADED`] (`create(true)`: late, the props may have changed since).
/// The page starts its wasm before the bundle runs (index.html), so the app may render
/// before the bundle is evaluated. Dropping the returned guard before then (the editor's
/// component went away) stops the wait.
pub fn when_editor_loaded(create: impl FnOnce(bool) + 'static) -> Option<EditorWait> {
    let loaded = js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("stagecraftEditor"))
        .unwrap_or(false);
    if loaded {
        create(false);
        return None;
    }
    let window = web_sys::window()?;
    let mut create = Some(create);
    let listener = Closure::<dyn FnMut()>::new(move || {
        if let Some(create) = create.take() {
            create(true);
        }
    });
    window
        .add_event_listener_with_callback(EDITOR_LOADED, listener.as_ref().unchecked_ref())
        .ok()?;
    Some(EditorWait { window, listener })
}

/// A wait for CodeMirror's bundle (see [`when_editor_loaded`]); dropping it stops the wait.
pub struct EditorWait {
    window: web_sys::Window,
    listener: Closure<dyn FnMut()>,
}

impl Drop for EditorWait {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback(
            EDITOR_LOADED,
            self.listener.as_ref().unchecked_ref(),
        );
    }
}

#[wasm_bindgen(module = "/js/share.js")]
extern "C" {
    /// The state a share link carries (every field optional).
    pub type SharedState;

    #[wasm_bindgen(method, getter)]
    pub fn dockerfile(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn dockerignore(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn requirements(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn pyproject(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn package_json(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn step(this: &SharedState) -> Option<u32>;
    #[wasm_bindgen(method, getter)]
    pub fn tab(this: &SharedState) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn distroless(this: &SharedState) -> Option<bool>;

    #[wasm_bindgen(js_name = packShare)]
    pub async fn pack_share(state: &JsValue) -> JsValue;

    /// Resolves to a `SharedState`, or rejects with an `Error` a person can read.
    #[wasm_bindgen(js_name = unpackShare, catch)]
    pub async fn unpack_share(payload: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = copyText)]
    pub async fn copy_text(text: &str) -> JsValue;

    pub fn download(name: &str, text: &str);

    /// Resolves to `{ code: markdown }` for every rule, downloaded once per visit; rejects
    /// with an `Error` a person can read.
    #[wasm_bindgen(js_name = loadRuleDocs, catch)]
    pub async fn load_rule_docs() -> Result<JsValue, JsValue>;
}

/// An `Error`'s message, or `fallback` for anything else thrown.
pub fn error_message(error: &JsValue, fallback: &str) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| fallback.into())
}

/// A plain JavaScript object from string keys and values.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// Hands the core the browser's Unicode case mapping (`toLowerCase`, `toUpperCase`: the full
/// mapping std applies) for non-ASCII text: the page builds the core without std's case
/// tables (`stagecraft_core::case`), which the browser carries anyway.
pub fn use_browser_case_mapping() {
    stagecraft_core::case::use_mapping(stagecraft_core::case::Mapping {
        lower: |text| js_sys::JsString::from(text).to_lower_case().into(),
        upper: |text| js_sys::JsString::from(text).to_upper_case().into(),
    });
}
