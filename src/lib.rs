//! Stagecraft in the browser: the views over what `stagecraft-core` computes.

pub mod app;
pub mod components;
pub mod example;
pub mod hooks;
pub mod state;

/// Renders the app into the page's body.
pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
