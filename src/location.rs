//! What the page's address says: a share link (`#v1=…`), a rule (`#rule=DL3008`), embed mode
//! (`?embed=1`); and writing a share link back into the address bar.

use stagecraft_core::lint::rules;
use stagecraft_core::playground::Inputs;
use wasm_bindgen::{JsCast, JsValue};

use crate::bridge::{self, SharedState};
use crate::state::View;

/// A fragment longer than this cannot hold a state the page would accept (1 MB once unpacked
/// compresses to far less), so it is refused before any work.
const LONGEST_FRAGMENT: usize = 4 * 1024 * 1024;

/// What the address asks the page to open.
pub enum Opened {
    Nothing,
    /// A share link's payload, still packed.
    Share(String),
    /// A rule (its docs, and their example, are downloaded on demand).
    Rule(&'static str),
    /// An address the page cannot open, with why.
    Problem(String),
}

fn location() -> Option<web_sys::Location> {
    Some(web_sys::window()?.location())
}

/// Whether the page runs embedded (`?embed=1`).
pub fn is_embedded() -> bool {
    let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|params| params.get("embed"))
        .is_some_and(|value| value == "1" || value == "true")
}

pub fn read() -> Opened {
    let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    if fragment.is_empty() {
        return Opened::Nothing;
    }
    if fragment.len() > LONGEST_FRAGMENT {
        return Opened::Problem(
            "This share link is larger than 4 MB, more than any state the page opens, so it was not read.".into(),
        );
    }
    if let Some(payload) = fragment.strip_prefix("v1=") {
        return Opened::Share(payload.to_string());
    }
    if let Some(code) = fragment.strip_prefix("rule=") {
        return match rules::find(code) {
            Some(rule) => Opened::Rule(rule.code),
            None => Opened::Problem(format!(
                "The link names a rule Stagecraft does not have: {}.",
                code.chars().take(40).collect::<String>()
            )),
        };
    }
    if fragment.starts_with('v') && fragment.contains('=') {
        return Opened::Problem(
            "This share link was made by a newer version of Stagecraft, or is damaged.".into(),
        );
    }
    Opened::Nothing
}

/// The first fenced code block under the documentation's example heading.
pub fn rule_example(docs: &str) -> Option<String> {
    let mut in_example = false;
    let mut code: Option<Vec<&str>> = None;
    for line in docs.lines() {
        let trimmed = line.trim();
        if let Some(lines) = code.as_mut() {
            if trimmed.starts_with("```") {
                return Some(lines.join("\n") + "\n");
            }
            lines.push(line);
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            in_example = heading.to_ascii_lowercase().contains("example");
        } else if in_example && trimmed.starts_with("```") {
            code = Some(Vec::new());
        }
    }
    None
}

/// Whether a Python manifest is a pyproject.toml rather than a requirements.txt.
fn is_pyproject(text: &str) -> bool {
    text.lines()
        .any(|line| line.trim_start().starts_with('[') && line.contains(']'))
}

/// The object `packShare` writes into a link; in presenter mode, the slide it shows.
pub fn share_object(inputs: &Inputs, view: View, slide: Option<usize>) -> JsValue {
    let python = if is_pyproject(&inputs.requirements) {
        "pyproject"
    } else {
        "requirements"
    };
    bridge::object(&[
        ("dockerfile", JsValue::from_str(&inputs.dockerfile)),
        ("dockerignore", JsValue::from_str(&inputs.dockerignore)),
        (python, JsValue::from_str(&inputs.requirements)),
        ("package_json", JsValue::from_str(&inputs.package_json)),
        (
            "tab",
            JsValue::from_str(if slide.is_some() {
                PRESENTER
            } else {
                view.key()
            }),
        ),
        ("step", JsValue::from(slide.unwrap_or(0) as u32)),
        ("distroless", JsValue::from_bool(inputs.distroless)),
    ])
}

/// The `tab` of a link that opens presenter mode (at its `step`).
const PRESENTER: &str = "presenter";

/// What a share link asks the page to show.
pub struct Shared {
    pub inputs: Inputs,
    pub view: Option<View>,
    /// Presenter mode at this slide.
    pub slide: Option<usize>,
}

/// The inputs and view a share link holds.
pub fn shared_inputs(shared: JsValue) -> Shared {
    let shared: SharedState = shared.unchecked_into();
    let inputs = Inputs {
        dockerfile: shared.dockerfile().unwrap_or_default(),
        dockerignore: shared.dockerignore().unwrap_or_default(),
        requirements: shared
            .pyproject()
            .or_else(|| shared.requirements())
            .unwrap_or_default(),
        package_json: shared.package_json().unwrap_or_default(),
        distroless: shared.distroless().unwrap_or(false),
        ..Inputs::default()
    };
    let tab = shared.tab();
    let presenting = tab.as_deref() == Some(PRESENTER);
    Shared {
        inputs,
        view: if presenting {
            Some(View::Rewrite)
        } else {
            tab.as_deref().and_then(View::from_key)
        },
        slide: presenting.then(|| shared.step().unwrap_or(0) as usize),
    }
}

/// Puts `#v1=payload` in the address bar without a reload or a history entry, and returns
/// the whole link.
pub fn set_share_fragment(payload: &str) -> String {
    let Some(location) = location() else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    let link = format!("{base}#v1={payload}");
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
    }
    link
}

/// Moves keyboard focus to the element with `id`, if it exists.
pub fn focus(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Registers the service worker that keeps the page's files for offline visits. A browser
/// without service workers, or a page opened from a file, simply has no offline mode.
pub fn register_offline_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = navigator.service_worker().register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // A refusal (an http page, a sandboxed frame) only means no offline mode.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
