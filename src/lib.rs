//! Stagecraft in the browser: the views over what `stagecraft-core` computes.

pub mod app;
pub mod bridge;
pub mod components;
pub mod example;
pub mod hooks;
pub mod location;
pub mod state;

/// Renders the app into the page's body and registers the offline worker.
pub fn run() {
    let embed = location::is_embedded();
    yew::Renderer::<app::App>::with_props(app::AppProps { embed }).render();
    location::register_offline_worker();
}
