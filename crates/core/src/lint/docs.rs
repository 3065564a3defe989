//! Rule documentation pages, generated from each rule's doc comment into `docs/rules/`.

use super::registry::{docs_markdown, Rule};
use super::rules::all as rules;
use crate::syntax::json_string;

/// The page for one rule.
pub fn render_rule(rule: &Rule) -> String {
    let mut out = format!("# {} — {}\n\n", rule.code, rule.name);
    out.push_str(&format!("- Default severity: {}\n", rule.severity));
    out.push_str(&format!("- Category: {}\n", rule.category.as_str()));
    if let Some(h) = rule.hadolint {
        out.push_str(&format!("- hadolint: {h}\n"));
    }
    if let Some(b) = rule.buildkit {
        out.push_str(&format!("- BuildKit check: {b}\n"));
    }
    out.push_str(&format!("- Fix: {}\n", rule.fix_label()));
    if !rule
        .activation
        .runs_with(rule.code, &super::Config::default())
    {
        out.push_str("- Enabled only when configured (see below)\n");
    }
    out.push('\n');
    out.push_str(&docs_markdown(rule));
    out
}

/// The index page: one row per rule.
pub fn render_index() -> String {
    let mut out = String::from(
        "# Stagecraft lint rules\n\nGenerated from the rules' doc comments by `cargo xtask docs`; do not edit.\n\n| code | name | severity | category | fix | also known as |\n|---|---|---|---|---|---|\n",
    );
    for rule in rules() {
        let also: Vec<&str> = rule
            .hadolint
            .into_iter()
            .chain(rule.buildkit)
            .filter(|c| *c != rule.code)
            .collect();
        out.push_str(&format!(
            "| [{code}]({code}.md) | {} | {} | {} | {} | {} |\n",
            rule.name,
            rule.severity,
            rule.category.as_str(),
            rule.fix_label(),
            also.join(", "),
            code = rule.code,
        ));
    }
    out
}

/// The file the page fetches when someone opens a rule's docs: one JSON object from each
/// rule's code to its documentation's Markdown (what [`docs_markdown`] gives). The page's
/// core is built without the text (the `rule-docs` feature), so a first visit does not
/// download it.
pub const PAGE_DOCS_FILE: &str = "rule-docs.json";

/// The contents of [`PAGE_DOCS_FILE`], one rule per line.
pub fn render_page_docs() -> String {
    let mut out = String::from("{\n");
    for (index, rule) in rules().iter().enumerate() {
        if index > 0 {
            out.push_str(",\n");
        }
        out.push_str(&json_string(rule.code));
        out.push_str(": ");
        out.push_str(&json_string(&docs_markdown(rule)));
    }
    out.push_str("\n}\n");
    out
}

/// Every generated file: `(file name, contents)`.
pub fn rendered_files() -> Vec<(String, String)> {
    let mut files = vec![
        ("README.md".to_string(), render_index()),
        (PAGE_DOCS_FILE.to_string(), render_page_docs()),
    ];
    for rule in rules() {
        files.push((format!("{}.md", rule.code), render_rule(rule)));
    }
    files
}
