use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `ADD` of local files or folders, where `COPY` does the same thing.
    ///
    /// ## Why is this bad?
    /// `ADD` also downloads URLs and unpacks local archives. Using it for plain files hides
    /// that magic where a reader does not expect it: rename `app.tar` and `ADD` starts
    /// extracting it. `COPY` says exactly what happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// COPY . /app
    /// ```
    ///
    /// ## Fix safety
    /// Replacing `ADD` by `COPY` is safe: the rule only fires when no source is a URL or an
    /// archive, and for other sources the two instructions copy the same files.
    RULE = {
        code: "DL3020",
        name: "copy-instead-of-add",
        severity: Error,
        category: Correctness,
        hadolint: Some("DL3020"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

/// Extensions `ADD` unpacks (hadolint's list of archive formats).
pub(crate) const ARCHIVES: &[&str] = &[
    ".tar", ".tar.bz2", ".tb2", ".tbz", ".tbz2", ".tar.gz", ".tgz", ".tpz", ".tar.lz", ".tar.lzma",
    ".tlz", ".tar.xz", ".txz", ".tar.Z", ".tZ", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz", ".lz",
    ".lzma", ".Z", ".zst", ".zip",
];

pub(crate) fn is_archive(path: &str) -> bool {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    // Every extension ends in one with a single dot that is in the list too (`.tar.gz` in
    // `.gz`), so a path ends with one of them exactly when its text from the last dot is
    // one: one comparison of lengths per extension, where a suffix test each cost more.
    path.bytes()
        .rposition(|b| b == b'.')
        .is_some_and(|dot| ARCHIVES.contains(&&path[dot..]))
}

pub(crate) fn is_url(path: &str) -> bool {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    path.starts_with("https://") || path.starts_with("http://")
}

fn check(ck: &mut Checker) {
    if !ck.model.has_kind(Kind::Add) {
        return;
    }
    for instr in &ck.model.instructions {
        if instr.kind != Kind::Add {
            continue;
        }
        // The sources read where they are: a copy of each was an allocation per source.
        let remote_or_archive = |s: &str| is_archive(s) || is_url(s);
        let all_remote_or_archive = match &instr.json {
            Some(items) if items.len() >= 2 => items[..items.len() - 1]
                .iter()
                .all(|s| remote_or_archive(s)),
            Some(_) => continue,
            None if instr.has_heredoc() => continue,
            None if instr.args().len() >= 2 => instr.args()[..instr.args().len() - 1]
                .iter()
                .all(|w| remote_or_archive(&w.text)),
            None => continue,
        };
        if all_remote_or_archive {
            continue;
        }
        let keyword = instr.keyword.span.clone();
        let replacement = if ck.source()[keyword.clone()].chars().all(|c| c.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        ck.report(instr, "Use `COPY` for local files and folders; `ADD` is for URLs and archives")
            .add_fix(Fix::safe(
                "Replace `ADD` by `COPY`",
                vec![Edit::replace(keyword, replacement)],
            ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nADD https://example.com/x.tgz /x\n",
        "FROM a\nADD rootfs.tar.xz /\n",
    ],
    fail: &["FROM a\nADD . /app\n", "FROM a\nADD [\"a.txt\", \"/b/\"]\n"],
    fix: &[("FROM a\nADD --chown=1 app /app\n", "FROM a\nCOPY --chown=1 app /app\n")],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_archive_extension_ends_in_one_with_a_single_dot() {
        // What `is_archive` relies on to compare the text from the last dot only.
        for ext in ARCHIVES {
            let last = &ext[ext.rfind('.').unwrap()..];
            assert!(ARCHIVES.contains(&last), "{ext}: {last} is not in the list");
        }
        assert!(is_archive("a.tar.gz") && is_archive("\"x.tZ\"") && !is_archive("tar"));
    }
}
