//! Embeds `data/apt.tsv` in a compact form: the page downloads the engine with its data, and
//! the Debian table is the largest file (135 KB of text, 36 KB gzip). Its relations repeat
//! package names thousands of times; here each name is written once and every dependency is a
//! row number, which is 10 KB smaller gzip in the wasm. `size/knowledge/mod.rs` decodes it on first use.
//!
//! Written to `OUT_DIR`:
//! - `apt_names.txt`: one name a line, the table's rows first (in file order), then names
//!   that are only ever depended on;
//! - `apt_rows.bin`: LEB128 numbers: the row count, then per row its installed KiB, the
//!   number of depends and their name numbers, the number of recommends and theirs;
//! - `apt_source.txt`: the file's `# source:` line;
//! - `apt_problems.txt`: rows that could not be read, one a line (empty for the shipped data;
//!   the knowledge base reports them as it does for every other file).
//!
//! Every other table is embedded as its rows and its `# source:` line, without the comments
//! that explain it to a person reading the file (about 4 KB gzip of the page's wasm); the
//! engine reads no other comment. In `npm.tsv` and `pypi.tsv` a `P` row's members are written
//! as the numbers of their `D` rows (0 for the first), as the Debian table's relations are
//! (1.3 KB gzip); a member without a `D` row gets an `N` row of its name after the `D` rows,
//! numbered after them. `tests/size_data.rs` checks the files against the manifest and each
//! embedded copy against its file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=data/apt.tsv");
    println!("cargo:rerun-if-changed=data/MANIFEST.tsv");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The embedded files are the ones the manifest lists (`cargo xtask data` writes it from
    // its one list of data files); apt.tsv is packed below instead of copied as text.
    let manifest =
        std::fs::read_to_string("data/MANIFEST.tsv").expect("data/MANIFEST.tsv is readable");
    let text_tables = manifest
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split('\t').next())
        .filter(|name| !name.is_empty() && *name != "apt.tsv");
    for name in text_tables {
        println!("cargo:rerun-if-changed=data/{name}");
        let text =
            std::fs::read_to_string(format!("data/{name}")).expect("data files are readable");
        let mut embedded = rows_and_source(&text);
        if matches!(name, "npm.tsv" | "pypi.tsv") {
            embedded = members_as_numbers(&embedded);
        }
        std::fs::write(out.join(name), embedded).expect("OUT_DIR is writable");
    }
    let text = std::fs::read_to_string("data/apt.tsv").expect("data/apt.tsv is readable");
    let encoded = encode_apt(&text);
    for (name, bytes) in [
        ("apt_names.txt", encoded.names.into_bytes()),
        ("apt_rows.bin", encoded.rows),
        ("apt_source.txt", encoded.source.into_bytes()),
        ("apt_problems.txt", encoded.problems.into_bytes()),
    ] {
        std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
    }
}

struct Encoded {
    names: String,
    rows: Vec<u8>,
    source: String,
    problems: String,
}

fn encode_apt(text: &str) -> Encoded {
    let source = text
        .lines()
        .find_map(|line| line.strip_prefix("# source: "))
        .unwrap_or("unknown source")
        .to_string();
    let mut problems = String::new();
    let mut rows = Vec::new();
    let mut numbers: HashMap<&str, u64> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [name, kib, depends, recommends] = cells[..] else {
            let _ = writeln!(
                problems,
                "apt.tsv:{}: row `{}`",
                number + 1,
                cells.join(" ")
            );
            continue;
        };
        let Ok(kib) = kib.parse::<u64>() else {
            let _ = writeln!(problems, "apt.tsv:{}: size of {name}", number + 1);
            continue;
        };
        // A name listed twice keeps its last row, as a map filled row by row would.
        let row = (name, kib, list(depends), list(recommends));
        match numbers.get(name) {
            Some(&number) => rows[number as usize] = row,
            None => {
                numbers.insert(name, rows.len() as u64);
                rows.push(row);
            }
        }
    }
    let mut names: Vec<&str> = rows.iter().map(|(name, ..)| *name).collect();
    let mut bytes = Vec::new();
    leb128(&mut bytes, rows.len() as u64);
    for (_, kib, depends, recommends) in &rows {
        leb128(&mut bytes, *kib);
        for relation in [depends, recommends] {
            leb128(&mut bytes, relation.len() as u64);
            for name in relation {
                let number = *numbers.entry(name).or_insert_with(|| {
                    names.push(name);
                    names.len() as u64 - 1
                });
                leb128(&mut bytes, number);
            }
        }
    }
    Encoded {
        names: names.join("\n"),
        rows: bytes,
        source,
        problems,
    }
}

/// The table's rows and its first `# source:` line, in file order: every other comment out.
fn rows_and_source(text: &str) -> String {
    let mut source_kept = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let keep = if line.starts_with("# source: ") {
            !std::mem::replace(&mut source_kept, true)
        } else {
            !line.starts_with('#')
        };
        if keep {
            out.push_str(line);
        }
    }
    out
}

/// A measured table with each `P` row's members replaced by their `D` row numbers; names
/// without a `D` row get `N` rows after the `D` rows. Rows keep their order otherwise.
fn members_as_numbers(text: &str) -> String {
    // Numbered as the engine reads them: every `D` row in order, then every `N` row.
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut count = 0;
    for line in text.lines() {
        if let Some(("D", rest)) = line.split_once('\t') {
            let name = rest.split('\t').next().unwrap_or(rest);
            numbers.entry(name).or_insert(count);
            count += 1;
        }
    }
    let mut extra: Vec<&str> = Vec::new();
    let mut rows = String::with_capacity(text.len());
    let mut n_rows_at = None;
    for line in text.split_inclusive('\n') {
        let cells: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        match cells[..] {
            ["P", name, members] => {
                n_rows_at.get_or_insert(rows.len());
                let numbered: Vec<String> = members
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(|member| {
                        let number = *numbers.entry(member).or_insert_with(|| {
                            extra.push(member);
                            count + extra.len() - 1
                        });
                        number.to_string()
                    })
                    .collect();
                let _ = writeln!(rows, "P\t{name}\t{}", numbered.join(","));
            }
            _ => rows.push_str(line),
        }
    }
    let n_rows: String = extra.iter().map(|name| format!("N\t{name}\n")).collect();
    let at = n_rows_at.unwrap_or(rows.len());
    rows.insert_str(at, &n_rows);
    rows
}

fn list(cell: &str) -> Vec<&str> {
    if cell == "-" {
        Vec::new()
    } else {
        cell.split(',').filter(|s| !s.is_empty()).collect()
    }
}

fn leb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}
