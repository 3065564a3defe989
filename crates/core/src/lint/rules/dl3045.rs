use crate::lint::model::{Instr, Kind};
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::StageState;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `COPY` to a relative destination in a stage (or its parent stages) that has
    /// no `WORKDIR`.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory, which then comes
    /// from the base image and may be `/` or anything the base image's authors chose. The
    /// files end up somewhere the reader cannot see from this file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py .
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: choosing the directory is yours.
    RULE = {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        severity: Warning,
        category: Correctness,
        hadolint: Some("DL3045"),
        buildkit: None,
        fix: None,
        check: check,
    }
}

fn is_absolute(dest: &str) -> bool {
    let d = dest.trim_matches(|c| c == '"' || c == '\'');
    let mut chars = d.chars();
    let windows = matches!((chars.next(), chars.next()), (Some(l), Some(':')) if l.is_alphabetic());
    d.starts_with('/') || d.starts_with('$') || windows
}

/// The destination of a `COPY` that is reported unless a `WORKDIR` is set: a relative one.
fn relative_destination<'i>(instr: &'i Instr) -> Option<&'i str> {
    // Borrowed from the instruction: most are absolute, and need no copy.
    let dest = match &instr.json {
        Some(items) => items.last().map(String::as_str),
        // `COPY <<EOF dest`: the destination is on the first line.
        None if instr.has_heredoc() => instr
            .text
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().last()),
        None => instr.args().last().map(|w| w.text.as_str()),
    }?;
    if instr.args().len() < 2 && instr.json.is_none() && !instr.has_heredoc() {
        return None;
    }
    (!is_absolute(dest)).then_some(dest)
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    // Only a `COPY` is reported: a file without one has no stage to follow.
    if !model.has_kind(Kind::Copy) {
        return;
    }
    // A stage's own WORKDIR, before a COPY, is enough to know the COPY is fine; what a stage
    // inherits from the stage it builds on only matters to a relative COPY before any WORKDIR
    // of its own. Looked for first, with a flag per stage: most files have none, and need not
    // follow each stage's state by its name.
    let mut own_workdir = false;
    let any = model.instructions.iter().any(|instr| {
        match instr.kind {
            Kind::From => own_workdir = false,
            Kind::Workdir => own_workdir = true,
            Kind::Copy if !own_workdir => return relative_destination(instr).is_some(),
            _ => {}
        }
        false
    });
    if !any {
        return;
    }
    let mut workdir: StageState<bool> = StageState::new();
    for instr in &model.instructions {
        match instr.kind {
            Kind::From => {
                if let Some(stage) = instr.stage {
                    workdir.enter(model, stage);
                }
            }
            Kind::Workdir => workdir.set(true),
            Kind::Copy if !workdir.get() => {
                if let Some(dest) = relative_destination(instr) {
                    ck.report(
                        instr,
                        format!("`COPY` to the relative path `{dest}` without a `WORKDIR`: set `WORKDIR` first or use an absolute path"),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM a\nCOPY x /app/\n",
        "FROM a AS b\nWORKDIR /app\nFROM b\nCOPY x .\n",
        "FROM a\nCOPY x $HOME/\n",
    ],
    fail: &["FROM a\nCOPY app.py .\n", "FROM a\nWORKDIR /x\nFROM c\nCOPY a b\n"],
    fix: &[],
};
