//! `--format sarif`: SARIF 2.1.0, with the `rules` array (hadolint leaves it out) so code
//! scanning UIs show each rule's name, help text and link.

use std::collections::BTreeMap;

use serde_json::json;
use stagecraft_core::lint::{docs_url, registry, rules, Severity};

use super::FileReport;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

pub fn render(reports: &[FileReport]) -> String {
    // Only the rules that appear, in a stable order; results point at them by index.
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        used.entry(f.code).or_insert(0);
    }
    for (i, (_, index)) in used.iter_mut().enumerate() {
        *index = i;
    }
    let rules: Vec<serde_json::Value> = used
        .keys()
        .map(|code| match rules::find(code) {
            Some(rule) => {
                let summary = first_paragraph(rule.docs);
                json!({
                    "id": rule.code,
                    "name": rule.name,
                    "shortDescription": { "text": summary },
                    "fullDescription": { "text": registry::docs_markdown(rule) },
                    "helpUri": docs_url(rule),
                    "help": { "text": summary, "markdown": registry::docs_markdown(rule) },
                    "defaultConfiguration": { "level": level(rule.severity) },
                    "properties": { "tags": [rule.category.as_str()] },
                })
            }
            None => json!({ "id": code, "shortDescription": { "text": code } }),
        })
        .collect();
    let results: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| {
            let used = &used;
            r.findings.iter().map(move |f| {
                json!({
                    "ruleId": f.code,
                    "ruleIndex": used[f.code],
                    "level": level(f.severity),
                    "message": { "text": f.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": r.path },
                            "region": {
                                "startLine": f.location.line,
                                "startColumn": f.location.column,
                                "endLine": f.location.end_line,
                                "endColumn": f.location.end_column,
                            }
                        }
                    }],
                })
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "Stagecraft",
                    "informationUri": "https://stagecraft.dev/rules",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&sarif).expect("JSON values always serialize")
}

/// The text under "What it does", on one line.
fn first_paragraph(docs: &str) -> String {
    docs.lines()
        .map(str::trim)
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_point_into_the_rules_array() {
        let findings = stagecraft_core::lint::lint("FROM python\nCMD python app.py\n");
        let out = render(&[FileReport {
            path: "Dockerfile".into(),
            findings,
            lesson: None,
        }]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
            assert!(
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
                    >= 1
            );
        }
        assert!(rules
            .iter()
            .all(|r| r["helpUri"].is_string() && r["shortDescription"]["text"].is_string()));
    }
}
