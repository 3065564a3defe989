//! `--format stagecraft-json`: everything Stagecraft knows about a finding — precise spans,
//! related places, other names of the rule, its docs and its fixes.
//!
//! Serialized straight from borrowed records, fields in alphabetical order as a
//! `serde_json::Value` map would print them: a tree of values for a 1 MB file's 80,000
//! findings held most of a gigabyte.

use serde::Serialize;
use stagecraft_core::lint::{docs_url, rules, Finding, Fix, Location, Related};

use super::FileReport;

#[derive(Serialize)]
struct Document<'a> {
    files: Vec<File<'a>>,
    version: u32,
}

#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
    findings: Findings<'a>,
}

/// A file's findings, serialized one at a time.
struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Item::of))
    }
}

#[derive(Serialize)]
struct Item<'a> {
    also: &'a [&'static str],
    code: &'a str,
    docs: Option<String>,
    fixes: Vec<ItemFix<'a>>,
    line: usize,
    location: ItemLocation,
    message: &'a str,
    name: Option<&'static str>,
    related: Vec<ItemRelated<'a>>,
    severity: &'static str,
}

impl<'a> Item<'a> {
    fn of(f: &'a Finding) -> Item<'a> {
        let rule = rules::find(f.code);
        Item {
            also: &f.also,
            code: f.code,
            docs: rule.map(docs_url),
            fixes: f.fixes.iter().map(ItemFix::of).collect(),
            line: f.line,
            location: ItemLocation::of(&f.location),
            message: &f.message,
            name: rule.map(|r| r.name),
            related: f.related.iter().map(ItemRelated::of).collect(),
            severity: f.severity.as_str(),
        }
    }
}

#[derive(Serialize)]
struct ItemLocation {
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    line: usize,
    start: usize,
}

impl ItemLocation {
    fn of(l: &Location) -> ItemLocation {
        ItemLocation {
            column: l.column,
            end: l.range.end,
            end_column: l.end_column,
            end_line: l.end_line,
            line: l.line,
            start: l.range.start,
        }
    }
}

#[derive(Serialize)]
struct ItemRelated<'a> {
    location: ItemLocation,
    message: &'a str,
}

impl<'a> ItemRelated<'a> {
    fn of(r: &'a Related) -> ItemRelated<'a> {
        ItemRelated {
            location: ItemLocation::of(&r.location),
            message: &r.message,
        }
    }
}

#[derive(Serialize)]
struct ItemFix<'a> {
    applicability: &'static str,
    edits: Vec<ItemEdit<'a>>,
    title: &'a str,
}

impl<'a> ItemFix<'a> {
    fn of(fix: &'a Fix) -> ItemFix<'a> {
        ItemFix {
            applicability: fix.applicability.as_str(),
            edits: fix
                .edits
                .iter()
                .map(|e| ItemEdit {
                    end: e.span.end,
                    replacement: &e.replacement,
                    start: e.span.start,
                })
                .collect(),
            title: &fix.title,
        }
    }
}

#[derive(Serialize)]
struct ItemEdit<'a> {
    end: usize,
    replacement: &'a str,
    start: usize,
}

/// Writes the document to `out`, pretty-printed, without a final newline.
pub fn write(reports: &[FileReport], out: &mut impl std::io::Write) -> std::io::Result<()> {
    let document = Document {
        files: reports
            .iter()
            .map(|r| File {
                file: &r.path,
                findings: Findings(&r.findings),
            })
            .collect(),
        version: 1,
    };
    serde_json::to_writer_pretty(out, &document).map_err(std::io::Error::from)
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    write(reports, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
