//! Stagecraft in the browser: the views over what `stagecraft-core` computes.
//!
//! Browser-only: its dependencies (Yew, web-sys) are wasm32 dependencies, so a native build
//! of this package is just the `stagecraft` command (see `main.rs`). Check the app with
//! `cargo check -p stagecraft --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

pub mod app;
pub mod bridge;
pub mod components;
pub mod example;
pub mod examples;
pub mod hooks;
pub mod location;
pub mod state;
pub mod worker;

/// Renders the app into the page's body and registers the offline worker. In the background
/// worker (`worker.rs`), which loads this same module, there is no page: only the browser's
/// case mapping to hand to the core, as on the page.
pub fn run() {
    bridge::use_browser_case_mapping();
    if web_sys::window().is_none() {
        return;
    }
    let embed = location::is_embedded();
    yew::Renderer::<app::App>::with_props(app::AppProps { embed }).render();
    location::register_offline_worker();
}
