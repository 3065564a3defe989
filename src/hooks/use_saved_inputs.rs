//! Keeps what the person typed in the browser's local storage, so a reload never loses work.

use stagecraft_core::playground::Inputs;
use yew::prelude::*;

const DOCKERFILE: &str = "stagecraft.dockerfile";
const DOCKERIGNORE: &str = "stagecraft.dockerignore";
const REQUIREMENTS: &str = "stagecraft.requirements";
const PACKAGE_JSON: &str = "stagecraft.package-json";
const CONTEXT_SIZE: &str = "stagecraft.context-size";
/// `"on"` when the Rewrite tab's distroless switch is on, empty otherwise.
const DISTROLESS: &str = "stagecraft.distroless";

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The inputs saved by an earlier visit, if a Dockerfile was saved.
pub fn load_saved_inputs() -> Option<Inputs> {
    let storage = storage()?;
    let get = |key: &str| storage.get_item(key).ok().flatten();
    Some(Inputs {
        dockerfile: get(DOCKERFILE)?,
        dockerignore: get(DOCKERIGNORE).unwrap_or_default(),
        requirements: get(REQUIREMENTS).unwrap_or_default(),
        package_json: get(PACKAGE_JSON).unwrap_or_default(),
        context_size: get(CONTEXT_SIZE).unwrap_or_default(),
        distroless: get(DISTROLESS).is_some_and(|value| value == "on"),
        ..Inputs::default()
    })
}

/// Saves the inputs whenever they change, unless `enabled` is false (an embedded page).
/// Storage can be full or disabled (private windows): then the page still works, it just
/// does not remember.
#[hook]
pub fn use_saved_inputs(inputs: Inputs, enabled: bool) {
    // What this page last wrote: a keystroke in the Dockerfile rewrites that one entry, not
    // all six.
    let written = use_mut_ref(|| None::<Inputs>);
    use_effect_with(inputs, move |inputs| {
        if !enabled {
            return;
        }
        if let Some(storage) = storage() {
            let before = written.borrow_mut().take();
            let mut all_written = true;
            let switch = |on: bool| if on { "on" } else { "" }.to_string();
            let distroless = switch(inputs.distroless);
            let distroless_before = before.as_ref().map(|b| switch(b.distroless));
            for (key, value, old) in [
                (
                    DOCKERFILE,
                    &inputs.dockerfile,
                    before.as_ref().map(|b| &b.dockerfile),
                ),
                (
                    DOCKERIGNORE,
                    &inputs.dockerignore,
                    before.as_ref().map(|b| &b.dockerignore),
                ),
                (
                    REQUIREMENTS,
                    &inputs.requirements,
                    before.as_ref().map(|b| &b.requirements),
                ),
                (
                    PACKAGE_JSON,
                    &inputs.package_json,
                    before.as_ref().map(|b| &b.package_json),
                ),
                (
                    CONTEXT_SIZE,
                    &inputs.context_size,
                    before.as_ref().map(|b| &b.context_size),
                ),
                (DISTROLESS, &distroless, distroless_before.as_ref()),
            ] {
                if old != Some(value) {
                    all_written &= storage.set_item(key, value).is_ok();
                }
            }
            // A write that failed (storage full) is tried again on the next change.
            if all_written {
                *written.borrow_mut() = Some(inputs.clone());
            }
        }
    });
}
