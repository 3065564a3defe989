//! `--format json`: hadolint's JSON, byte for byte in shape — one array of
//! `{code, column, file, level, line, message}` objects — so tools that read hadolint's
//! output read ours.

use serde_json::json;

use super::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let items: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                json!({
                    "code": f.code,
                    "column": 1,
                    "file": r.path,
                    "level": f.severity.as_str(),
                    "line": f.line,
                    "message": f.message,
                })
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}
