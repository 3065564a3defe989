//! `--format gitlab`: GitLab's Code Quality report (Code Climate JSON).

use serde_json::json;
use stagecraft_core::lint::Severity;

use super::FileReport;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// A stable fingerprint (FNV-1a, 64 bits), so GitLab can tell new findings from old ones.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

pub fn render(reports: &[FileReport]) -> String {
    let items: Vec<serde_json::Value> = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                let line = f.line.to_string();
                json!({
                    "type": "issue",
                    "check_name": f.code,
                    "description": f.message,
                    "categories": ["Bug Risk"],
                    "severity": severity(f.severity),
                    "fingerprint": fingerprint(&[&r.path, f.code, &line, &f.message]),
                    "location": {
                        "path": r.path,
                        "lines": { "begin": f.line, "end": f.location.end_line.max(f.line) },
                    },
                })
            })
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}
