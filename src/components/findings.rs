//! What the linter found, most severe first, with the rule's docs and its fixes.

use stagecraft_core::lint::{registry, Applicability, Finding, Fix, Severity};
use yew::prelude::*;

use super::rule_docs::{inline, RuleDocs};

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub findings: Vec<Finding>,
    pub safe_fixes: usize,
    pub on_fix: Callback<Fix>,
    pub on_fix_all_safe: Callback<()>,
}

fn applicability_label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "review",
        Applicability::DisplayOnly => "hint",
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

#[component]
pub fn FindingsPanel(props: &FindingsProps) -> Html {
    let mut findings: Vec<&Finding> = props.findings.iter().collect();
    findings.sort_by_key(|f| (f.severity, f.location.line, f.location.column));
    let summary = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ]
    .into_iter()
    .filter_map(|severity| {
        let n = count(&props.findings, severity);
        (n > 0).then(|| {
            html! {
                <span class={classes!("badge", severity.as_str())}>
                    { format!("{n} {}", severity.as_str()) }
                </span>
            }
        })
    })
    .collect::<Html>();
    let on_fix_all = props.on_fix_all_safe.clone();
    html! {
        <div class="findings">
            <div class="view-head">
                <div class="summary">
                    if props.findings.is_empty() {
                        <span class="all-clear">{ "No findings. This Dockerfile follows every rule Stagecraft knows." }</span>
                    } else {
                        { summary }
                    }
                </div>
                if props.safe_fixes > 0 {
                    <button class="primary" onclick={Callback::from(move |_| on_fix_all.emit(()))}>
                        { format!("Apply {} safe fix{}", props.safe_fixes, if props.safe_fixes == 1 { "" } else { "es" }) }
                    </button>
                }
            </div>
            <ul class="finding-list">
                { for findings.into_iter().map(|finding| finding_item(finding, &props.on_fix)) }
            </ul>
        </div>
    }
}

fn finding_item(finding: &Finding, on_fix: &Callback<Fix>) -> Html {
    let rule = registry::find(finding.code);
    let names = std::iter::once(finding.code)
        .chain(
            finding
                .also
                .iter()
                .copied()
                .filter(|name| *name != finding.code),
        )
        .collect::<Vec<_>>()
        .join(" · ");
    let fixes = finding.fixes.iter().map(|fix| {
        let label = applicability_label(fix.applicability);
        if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
            html! {
                <span class="fix-hint">
                    <span class={classes!("applicability", label)}>{ label }</span>
                    { inline(&fix.title) }
                </span>
            }
        } else {
            let on_fix = on_fix.clone();
            let chosen = fix.clone();
            html! {
                <button
                    class={classes!("fix", label)}
                    title={if fix.applicability == Applicability::Safe {
                        "Does not change what the image does"
                    } else {
                        "Changes what the image does: review the result"
                    }}
                    onclick={Callback::from(move |_| on_fix.emit(chosen.clone()))}
                >
                    <span class={classes!("applicability", label)}>{ label }</span>
                    { inline(&fix.title) }
                </button>
            }
        }
    });
    html! {
        <li class={classes!("finding", finding.severity.as_str())}>
            <div class="finding-head">
                <span class={classes!("badge", finding.severity.as_str())}>{ finding.severity.as_str() }</span>
                <span class="where">{ format!("line {}:{}", finding.location.line, finding.location.column) }</span>
                <span class="code">{ names }</span>
                if let Some(rule) = rule {
                    <span class="rule-name">{ rule.name }</span>
                }
            </div>
            <p class="message">{ inline(&finding.message) }</p>
            if !finding.fixes.is_empty() {
                <div class="fixes">{ for fixes }</div>
            }
            if let Some(rule) = rule {
                <details class="docs">
                    <summary>{ "Why, and what to write instead" }</summary>
                    <RuleDocs docs={AttrValue::from(rule.docs)} />
                </details>
            }
        </li>
    }
}
