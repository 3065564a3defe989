//! `--format json`: hadolint's JSON, byte for byte in shape — one array of
//! `{code, column, file, level, line, message}` objects — so tools that read hadolint's
//! output read ours.

use serde::Serialize;

use super::FileReport;

/// One finding as hadolint writes it. Borrowed and serialized directly: building a
/// `serde_json::Value` per finding cost more than linting on files with 100,000 findings.
#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    column: usize,
    file: &'a str,
    level: &'a str,
    line: usize,
    message: &'a str,
}

/// Writes the array to `out` as it is serialized, without a final newline.
pub fn write(reports: &[FileReport], out: &mut impl std::io::Write) -> std::io::Result<()> {
    let items = Items(reports);
    serde_json::to_writer(out, &items).map_err(std::io::Error::from)
}

/// Every file's findings as one array, each serialized as it is reached.
struct Items<'a>(&'a [FileReport]);

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().flat_map(|r| {
            r.findings.iter().map(move |f| Item {
                code: f.code,
                column: 1,
                file: &r.path,
                level: f.severity.as_str(),
                line: f.line,
                message: &f.message,
            })
        }))
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    match write(reports, &mut out) {
        Ok(()) => String::from_utf8(out).expect("serde_json writes UTF-8"),
        Err(_) => "[]".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_shape_as_hadolint() {
        let findings = stagecraft_core::lint::lint("FROM debian\nRUN apt-get install -y curl\n");
        let out = render(&[FileReport {
            path: "Dockerfile".into(),
            findings,
            lesson: None,
        }]);
        // hadolint: an array of objects with exactly these keys, in this order, column 1.
        assert!(out.starts_with("[{\"code\":\"DL3006\",\"column\":1,\"file\":\"Dockerfile\",\"level\":\"warning\",\"line\":1,\"message\":"));
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        for item in parsed.as_array().unwrap() {
            let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["code", "column", "file", "level", "line", "message"]);
        }
        assert_eq!(render(&[]), "[]");
    }
}
