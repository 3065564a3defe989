//! `--format stagecraft-json`: everything Stagecraft knows about a finding — precise spans,
//! related places, other names of the rule, its docs and its fixes.

use serde_json::json;
use stagecraft_core::lint::{docs_url, rules, Location};

use super::FileReport;

fn location(l: &Location) -> serde_json::Value {
    json!({
        "start": l.range.start,
        "end": l.range.end,
        "line": l.line,
        "column": l.column,
        "end_line": l.end_line,
        "end_column": l.end_column,
    })
}

pub fn render(reports: &[FileReport]) -> String {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let findings: Vec<serde_json::Value> = r
                .findings
                .iter()
                .map(|f| {
                    let rule = rules::find(f.code);
                    json!({
                        "code": f.code,
                        "also": f.also,
                        "name": rule.map(|r| r.name),
                        "severity": f.severity.as_str(),
                        "message": f.message,
                        "line": f.line,
                        "location": location(&f.location),
                        "related": f.related.iter().map(|x| json!({
                            "message": x.message,
                            "location": location(&x.location),
                        })).collect::<Vec<_>>(),
                        "docs": rule.map(docs_url),
                        "fixes": f.fixes.iter().map(|fix| json!({
                            "title": fix.title,
                            "applicability": fix.applicability.as_str(),
                            "edits": fix.edits.iter().map(|e| json!({
                                "start": e.span.start,
                                "end": e.span.end,
                                "replacement": e.replacement,
                            })).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({ "file": r.path, "findings": findings })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "version": 1, "files": files }))
        .expect("JSON values always serialize")
}
