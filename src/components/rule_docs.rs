//! A rule's documentation, from its doc comment, shown as text (never as HTML).

use yew::prelude::*;

use crate::hooks::{use_rule_doc, RuleDoc};

#[derive(Properties, PartialEq)]
pub struct RuleDocsProps {
    /// The rule's Markdown documentation.
    pub docs: AttrValue,
}

/// Renders the small Markdown subset rule docs use: `##` headings, fenced code blocks,
/// paragraphs and inline `code`. Everything becomes text nodes, so nothing in the docs can
/// inject markup.
#[component]
pub fn RuleDocs(props: &RuleDocsProps) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Html>| {
        if !paragraph.is_empty() {
            let text = paragraph.join(" ");
            blocks.push(html! { <p>{ inline(&text) }</p> });
            paragraph.clear();
        }
    };
    for line in props.docs.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = lines.join("\n");
                blocks.push(html! { <pre><code>{ text }</code></pre> });
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut blocks);
            code = Some(Vec::new());
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(html! { <h4>{ heading.to_string() }</h4> });
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut blocks);
    html! { <div class="rule-docs">{ for blocks }</div> }
}

/// Splits `text` on backticks into plain text and `<code>` runs.
pub fn inline(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        }) }
    }
}

#[derive(Properties, PartialEq)]
pub struct FetchedRuleDocsProps {
    pub code: &'static str,
}

/// A rule's docs, downloaded on first use (`use_rule_doc`): a line saying so while they
/// arrive, or why they cannot.
#[component]
pub fn FetchedRuleDocs(props: &FetchedRuleDocsProps) -> Html {
    match use_rule_doc(props.code, true) {
        RuleDoc::Loading => html! { <p class="docs-status">{ "Loading the documentation…" }</p> },
        RuleDoc::Ready(docs) => html! { <RuleDocs {docs} /> },
        RuleDoc::Failed(why) => html! { <p class="docs-status error">{ why }</p> },
    }
}

#[derive(Properties, PartialEq)]
pub struct RuleDocsPanelProps {
    pub code: &'static str,
    pub on_close: Callback<()>,
}

/// One rule's documentation above the results, as `#rule=CODE` or a click on a finding's
/// code opens it.
#[component]
pub fn RuleDocsPanel(props: &RuleDocsPanelProps) -> Html {
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let Some(rule) = stagecraft_core::lint::rules::find(props.code) else {
        return html! {};
    };
    html! {
        <section class="rule-panel" aria-label={format!("Rule {}", rule.code)}>
            <div class="rule-panel-head">
                <h2>{ format!("{} — {}", rule.code, rule.name) }</h2>
                <a class="permalink" href={format!("#rule={}", rule.code)} title="A link to this rule's page">{ "link" }</a>
                <button class="close" aria-label="Close the rule's documentation" onclick={on_close}>{ "×" }</button>
            </div>
            <FetchedRuleDocs code={rule.code} />
        </section>
    }
}
