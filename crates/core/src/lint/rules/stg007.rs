use crate::lint::model::{Instr, Kind, Model};
use crate::lint::rules::bk_common::has_byte;
use crate::lint::shell::Word;
use crate::lint::registry::declare_rule;
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a `#` after an instruction's arguments (`FROM python:3.12  # base image`).
    /// Only lines that start with `#` are comments in a Dockerfile; elsewhere `#` and the
    /// words after it are arguments. (In a shell-form `RUN`, `CMD` or `ENTRYPOINT` the shell
    /// treats them as a comment, so those are left alone.)
    ///
    /// ## Why is this bad?
    /// Docker does something else than the line says: `FROM python:3.12 # base` fails
    /// ("FROM requires either one or three arguments"), `COPY . . # code` copies files
    /// named `#` and `code` or fails to find them, `EXPOSE 80 # web` fails on `#`, and
    /// `ENV A=1 # note` fails to parse.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim  # small base image
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # small base image
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix moves the text to a comment line above, which changes the
    /// instruction's arguments (that is the point, but review it).
    RULE = {
        code: "STG007",
        name: "trailing-comment",
        severity: Error,
        category: Correctness,
        hadolint: None,
        buildkit: None,
        fix: Unsafe,
        check: check,
    }
}

fn what_docker_does(kind: Kind, keyword: &str) -> String {
    match kind {
        Kind::Copy | Kind::Add => format!("`{keyword}` treats `#` and the words after it as more files to copy"),
        Kind::From => "`FROM` takes them as extra arguments and the build fails".to_string(),
        Kind::Env | Kind::Label | Kind::Arg => format!("`{keyword}` takes them as more keys and values and fails to parse"),
        Kind::Expose => "`EXPOSE` rejects `#` as a port".to_string(),
        Kind::Workdir | Kind::User | Kind::Stopsignal => format!("they become part of the `{keyword}` value"),
        _ => format!("`{keyword}` takes them as arguments"),
    }
}

/// The `#` word that starts text the author meant as a comment on an instruction whose
/// arguments Docker reads to the end of the line, if there is one. The linter also uses it to
/// withhold other rules' fixes on that instruction: they would edit the comment's words.
// Inlined: asked of every instruction, and answered at once for nearly all of them, where a
// call each cost a third of the answer. What follows a `#` is read in `comment_word`.
#[inline]
pub(crate) fn trailing_comment<'a>(model: &'a Model, instr: &'a Instr) -> Option<&'a Word> {
    let shell_handles_it = matches!(instr.kind, Kind::Run | Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck | Kind::Onbuild | Kind::Shell)
        && instr.json.is_none();
    if shell_handles_it || instr.kind == Kind::Other || instr.kind == Kind::Maintainer {
        return None;
    }
    // A word that starts with `#`, outside quotes, after at least one argument: none without
    // a `#` in the text, which spares reading the words of every instruction. (Eight bytes at
    // a time: the library's search cost more to set up than this search.) Asked before the
    // heredoc, whose first look searches the text for `<<`: few texts have a `#`.
    if !has_byte(instr.text.as_bytes(), b'#') {
        return None;
    }
    comment_word(model, instr)
}

/// [`trailing_comment`] of an instruction whose text has a `#`.
#[inline(never)]
fn comment_word<'a>(model: &'a Model, instr: &'a Instr) -> Option<&'a Word> {
    if instr.has_heredoc() {
        return None;
    }
    let hash = instr.args().iter().skip(1).find(|w| model.source[w.span.clone()].starts_with('#'))?;
    if instr.line != instr.end_line {
        // Multi-line instructions: only flag a `#` on the last line, where the fix is simple.
        let (line, _) = model.position(hash.span.start);
        if line != instr.end_line {
            return None;
        }
    }
    Some(hash)
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for instr in &model.instructions {
        let Some(hash) = trailing_comment(model, instr) else { continue };
        let keyword = instr.keyword.text.to_ascii_uppercase();
        let comment = model.source[hash.span.start..instr.text_span.end].to_string();
        let mut start = hash.span.start;
        while start > 0 && matches!(model.source.as_bytes()[start - 1], b' ' | b'\t') {
            start -= 1;
        }
        let line_start = model.lines.line_range(model.source, instr.line).start;
        let indent: String = model.source[line_start..instr.keyword.span.start]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let written = model.source[instr.keyword.span.start..start].trim_end();
        let message = format!(
            "`{comment}` is not a comment here: {}; put the comment on its own line above `{written}`",
            what_docker_does(instr.kind, &keyword)
        );
        let newline = ck.newline();
        ck.report_span(instr.line, hash.span.start..instr.text_span.end, message)
            .add_fix(Fix::unsafe_(
                "Move the comment to its own line above",
                vec![
                    Edit::insert(line_start, format!("{indent}{comment}{newline}")),
                    Edit::delete(start..instr.text_span.end),
                ],
            ));
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12\n# comment\nRUN make # shell comment\nCMD python app.py # shell\n",
        "FROM a\nLABEL description=\"uses # inside quotes\"\n",
    ],
    fail: &["FROM python:3.12  # base image\n", "FROM a\nCOPY . .  # code\n", "FROM a\nEXPOSE 80 # web\n"],
    fix: &[(
        "FROM python:3.12-slim  # small base\nCOPY . /app\n",
        "# small base\nFROM python:3.12-slim\nCOPY . /app\n",
    )],
};
