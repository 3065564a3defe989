//! `--format checkstyle`: Checkstyle XML, one `<file>` per input, as Jenkins and others read.

use super::FileReport;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><checkstyle version=\"4.3\">");
    for r in reports {
        out.push_str(&format!("<file name=\"{}\">", escape(&r.path)));
        for f in &r.findings {
            out.push_str(&format!(
                "<error column=\"{}\" line=\"{}\" message=\"{}\" severity=\"{}\" source=\"{}\"/>",
                f.location.column,
                f.line,
                escape(&f.message),
                f.severity.as_str(),
                f.code
            ));
        }
        out.push_str("</file>");
    }
    out.push_str("</checkstyle>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_messages() {
        let findings = stagecraft_core::lint::lint("FROM debian\nRUN apt-get install -y curl\n");
        let out = render(&[FileReport {
            path: "a&b/Dockerfile".into(),
            findings,
            lesson: None,
        }]);
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><checkstyle version=\"4.3\"><file name=\"a&amp;b/Dockerfile\">"));
        assert!(out.contains("source=\"DL3008\""));
        assert!(!out.contains("<version>"));
        assert!(out.ends_with("</file></checkstyle>"));
    }
}
