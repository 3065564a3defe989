use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::has_from;
use crate::lint::rules::dl3020::is_archive;
use crate::lint::{Checker, Instr};

declare_rule! {
    /// ## What it does
    /// Reports `COPY` of a local archive that a later `RUN` of the same stage extracts
    /// (`tar -x`, `unzip`, `gunzip`...).
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it, so the image holds
    /// the files twice. `ADD` unpacks a local archive in one step and one layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: `ADD`'s destination differs from the `tar -C` one.
    RULE = {
        code: "DL3010",
        name: "add-for-archives",
        severity: Info,
        category: Size,
        hadolint: Some("DL3010"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn basename(path: &str) -> String {
    let p = path.trim_matches(|c| c == '"' || c == '\'');
    p.rsplit(['/', '\\']).next().unwrap_or(p).to_string()
}

/// The programs whose commands extract an archive (`tar` only with an extracting flag).
const EXTRACTORS: &[&str] = &[
    "tar", "unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat",
];

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Only a command of these programs extracts what a `COPY` brought: a file whose scripts
    // run none (most) has no finding, and its copies' words are not read for archives.
    if !EXTRACTORS.iter().any(|p| model.may_run(p)) {
        return;
    }
    let mut archives: Vec<(&Instr, String)> = Vec::new();
    let mut extracted: Vec<&Instr> = Vec::new();
    for instr in &model.instructions {
        match instr.kind {
            Kind::From => archives.clear(),
            Kind::Copy if !has_from(instr) && instr.args().len() >= 2 => {
                let (sources, target) = instr.args().split_at(instr.args().len() - 1);
                if is_archive(&target[0].text) {
                    archives.push((instr, basename(&target[0].text)));
                } else {
                    for s in sources {
                        if is_archive(&s.text) {
                            archives.push((instr, basename(&s.text)));
                        }
                    }
                }
            }
            // Nothing copied so far is an archive: no extraction can match one.
            Kind::Run if !archives.is_empty() => {
                for cmd in instr.commands() {
                    let tar = cmd.is("tar")
                        && cmd.arg_texts().any(|a| {
                            a == "--extract" || a == "--get" || (a.starts_with('-') && a.contains('x'))
                        });
                    let unzip = EXTRACTORS[1..].contains(&cmd.name.text.as_str());
                    if !(tar || unzip) {
                        continue;
                    }
                    let args: Vec<String> = cmd.args_no_flags().iter().map(|w| basename(&w.text)).collect();
                    for (copy, name) in &archives {
                        if args.contains(name) && !extracted.iter().any(|e| std::ptr::eq(*e, *copy)) {
                            extracted.push(copy);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for copy in extracted {
        ck.report(copy, "This archive is copied and then extracted: `ADD` unpacks it in one layer without keeping the archive");
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY app.tar.gz /tmp/\n", "FROM a\nADD app.tar.gz /opt/\n"],
    fail: &["FROM a\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"],
    fix: &[],
};
