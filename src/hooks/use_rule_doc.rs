//! A rule's documentation, downloaded when someone first opens one (`loadRuleDocs` in
//! `js/share.js`): the page's core is built without the docs' text, 22 KB (gzip) a first
//! visit would otherwise download for docs nobody opens.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::bridge;

thread_local! {
    /// The downloaded `{ code: markdown }` object, once it has arrived.
    static LOADED: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// What a view of one rule's docs shows.
#[derive(Clone, PartialEq)]
pub enum RuleDoc {
    Loading,
    Ready(AttrValue),
    /// Why the docs cannot be shown.
    Failed(AttrValue),
}

fn look_up(docs: &JsValue, code: &str) -> RuleDoc {
    match js_sys::Reflect::get(docs, &JsValue::from_str(code))
        .ok()
        .and_then(|text| text.as_string())
    {
        Some(text) => RuleDoc::Ready(text.into()),
        None => RuleDoc::Failed(format!("The documentation has no page for {code}.").into()),
    }
}

/// `code`'s docs if they have already arrived.
fn cached(code: &str) -> Option<RuleDoc> {
    LOADED.with(|loaded| loaded.borrow().as_ref().map(|docs| look_up(docs, code)))
}

/// `code`'s docs, downloading them if they have not arrived yet.
pub async fn rule_doc(code: &str) -> RuleDoc {
    if let Some(doc) = cached(code) {
        return doc;
    }
    match bridge::load_rule_docs().await {
        Ok(docs) => {
            let doc = look_up(&docs, code);
            LOADED.with(|loaded| *loaded.borrow_mut() = Some(docs));
            doc
        }
        Err(error) => RuleDoc::Failed(
            bridge::error_message(&error, "The rules' documentation could not be read.").into(),
        ),
    }
}

/// `code`'s docs while `wanted` (a disclosure is open, a rule's panel is shown): at once if
/// they have arrived, else `Loading` until they do.
#[hook]
pub fn use_rule_doc(code: &'static str, wanted: bool) -> RuleDoc {
    let shown = use_state(|| (code, cached(code).unwrap_or(RuleDoc::Loading)));
    {
        let shown = shown.clone();
        use_effect_with((code, wanted), move |&(code, wanted)| {
            if wanted && !(shown.0 == code && matches!(shown.1, RuleDoc::Ready(_))) {
                match cached(code) {
                    Some(doc) => shown.set((code, doc)),
                    None => wasm_bindgen_futures::spawn_local(async move {
                        shown.set((code, rule_doc(code).await));
                    }),
                }
            }
        });
    }
    if shown.0 == code {
        shown.1.clone()
    } else {
        RuleDoc::Loading
    }
}
