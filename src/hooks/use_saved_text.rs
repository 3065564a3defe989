//! Keeps the editor's text in the browser's local storage, so a reload never loses work.

use yew::prelude::*;

const KEY: &str = "stagecraft.dockerfile";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text saved by an earlier visit, if any.
pub fn load_saved_text() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves `text` whenever it changes. Storage can be full or disabled (private windows):
/// then the page still works, it just does not remember.
#[hook]
pub fn use_saved_text(text: String) {
    use_effect_with(text, |text| {
        if let Some(storage) = storage() {
            let _ = storage.set_item(KEY, text);
        }
    });
}
