//! The page's glossary: the words the findings use, explained once, and the links each finding
//! has to them.

use stagecraft_core::teach::glossary::{term, TERMS};
use stagecraft_core::teach::Surface;
use yew::prelude::*;

use super::rule_docs::inline;

/// "Words: layer cache · build context" under a finding; each word moves focus to its
/// explanation in the [`Glossary`] below the list.
pub fn term_links(ids: &[&'static str]) -> Html {
    if ids.is_empty() {
        return Html::default();
    }
    let links = ids.iter().filter_map(|id| term(id)).map(|t| {
        let anchor = t.anchor();
        let onclick = Callback::from(move |_: MouseEvent| crate::location::focus(&anchor));
        html! {
            <button class="term link" title="What this word means" {onclick}>{ inline(t.on(Surface::Page).0) }</button>
        }
    });
    html! {
        <p class="terms">
            <span class="terms-label">{ "Words:" }</span>
            { for links }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct GlossaryProps {
    /// The ids of the words the findings and hints above use.
    pub used: Vec<&'static str>,
}

/// The words used above, explained in plain sentences, and the rest of the glossary folded
/// under them, so a beginner can look up a word a later change brings in.
#[component]
pub fn Glossary(props: &GlossaryProps) -> Html {
    let entry = |t: &&'static stagecraft_core::teach::Term| {
        let (word, plain) = t.on(Surface::Page);
        html! {
            <>
                // Focusable so a word's link can bring it into view (and to a screen reader).
                <dt id={t.anchor()} tabindex="-1">{ inline(word) }</dt>
                <dd>{ inline(plain) }</dd>
            </>
        }
    };
    let (used, other): (Vec<_>, Vec<_>) = TERMS.iter().partition(|t| props.used.contains(&t.id));
    html! {
        <section class="glossary" data-testid="glossary" aria-label="Glossary">
            if !used.is_empty() {
                <h3>{ "Words used above" }</h3>
                <dl>{ for used.iter().map(entry) }</dl>
            }
            <details class="more-words">
                <summary>{ if used.is_empty() { "Words Stagecraft uses".to_string() } else { format!("{} more words", other.len()) } }</summary>
                <dl>{ for other.iter().map(entry) }</dl>
            </details>
        </section>
    }
}
