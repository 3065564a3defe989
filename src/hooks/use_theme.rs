//! Light or dark: the system's preference until the person picks one, which is remembered.

use yew::prelude::*;

use super::use_saved_inputs::storage;

const THEME: &str = "stagecraft.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

pub struct ThemeHandle {
    pub current: Theme,
    pub toggle: Callback<()>,
}

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches())
}

fn chosen() -> Option<Theme> {
    match storage()?.get_item(THEME).ok()??.as_str() {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        _ => None,
    }
}

/// Sets `data-theme` on the root element; the style sheet's custom properties follow it.
fn apply(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let name = match theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        let _ = root.set_attribute("data-theme", name);
    }
}

#[hook]
pub fn use_theme() -> ThemeHandle {
    let current = use_state(|| {
        chosen().unwrap_or(if system_prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        })
    });
    use_effect_with(*current, |theme| apply(*theme));
    let toggle = {
        let current = current.clone();
        Callback::from(move |()| {
            let next = match *current {
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Light,
            };
            if let Some(storage) = storage() {
                let _ = storage.set_item(THEME, if next == Theme::Dark { "dark" } else { "light" });
            }
            current.set(next);
        })
    };
    ThemeHandle {
        current: *current,
        toggle,
    }
}
