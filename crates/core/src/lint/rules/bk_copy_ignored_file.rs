use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::dockerignore::{clean_path, Dockerignore};
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` source from the build context that the `.dockerignore`
    /// excludes (the path itself or a directory above it). This is BuildKit's
    /// `CopyIgnoredFile` build check and it follows BuildKit's limits: it needs the
    /// `.dockerignore` (the CLI reads the one beside the Dockerfile; the page has a pane for
    /// it), it does nothing when the `.dockerignore` has `!` exceptions (an excluded folder
    /// may have re-included files), and `.` is only reported when a pattern such as `*`
    /// excludes everything. Sources with variables, URLs, heredocs and `--from` copies are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// Excluded files are not sent to the builder, so the copy fails with "not found", or a
    /// wildcard silently copies less than intended.
    ///
    /// ## Example
    /// With a `.dockerignore` holding `dist`:
    /// ```dockerfile
    /// COPY dist/ /usr/share/nginx/html/
    /// ```
    ///
    /// Use instead: build `dist` in an earlier stage and copy it from there, or stop
    /// excluding it:
    /// ```dockerfile
    /// COPY --from=build /src/dist/ /usr/share/nginx/html/
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: either the `.dockerignore` or the copy is wrong.
    RULE = {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("CopyIgnoredFile"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(text) = ignore_text(ck) else {
        return;
    };
    let ignore = Dockerignore::parse(&text);
    if ignore.patterns.is_empty() || ignore.has_exceptions() {
        return;
    }
    for instr in &model.instructions {
        if !matches!(instr.kind, Kind::Copy | Kind::Add) || instr.has_flag("from") {
            continue;
        }
        let sources: Vec<(String, std::ops::Range<usize>)> = match &instr.json {
            Some(items) if items.len() >= 2 => items[..items.len() - 1]
                .iter()
                .map(|s| (s.clone(), instr.text_span.clone()))
                .collect(),
            Some(_) => continue,
            None if instr.args().len() >= 2 => instr.args()[..instr.args().len() - 1]
                .iter()
                .map(|w| (w.text.as_str().to_owned(), w.span.clone()))
                .collect(),
            None => continue,
        };
        let what = if instr.kind == Kind::Add {
            "ADD"
        } else {
            "COPY"
        };
        for (source, span) in sources {
            if source.contains('$')
                || source.starts_with("<<")
                || source.contains("://")
                || source.starts_with("git@")
            {
                continue;
            }
            let path = clean_path(&source);
            let excluded = if path.is_empty() {
                ignore.excludes_root()
            } else {
                ignore.excludes(&path)
            };
            if excluded {
                ck.report_span(
                    instr.line,
                    span,
                    format!("`{what} {source}`: the .dockerignore excludes this path, so it is not in the build context"),
                );
            }
        }
    }
}

fn ignore_text(ck: &Checker) -> Option<String> {
    if let Some(text) = ck.dockerignore {
        return Some(text.to_string());
    }
    test_ignore(ck)
}

/// The shared rule cases can only pass a Dockerfile, so in tests a first line
/// `# .dockerignore: a, b` stands for a `.dockerignore` holding `a` and `b`.
#[cfg(test)]
fn test_ignore(ck: &Checker) -> Option<String> {
    let first = ck.model.comments.first().filter(|c| c.line == 1)?;
    let list = first.text.trim().strip_prefix(".dockerignore:")?;
    Some(
        list.split(',')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[cfg(not(test))]
fn test_ignore(_: &Checker) -> Option<String> {
    None
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "# .dockerignore: *.md, node_modules, .git\nFROM node:22\nCOPY package.json src/ ./\nCOPY . .\nCOPY --from=build /x/README.md /x\n",
        "# .dockerignore: dist, !dist/keep\nFROM nginx\nCOPY dist/keep /x\n",
        "FROM nginx\nCOPY dist /x\n",
    ],
    fail: &[
        "# .dockerignore: dist\nFROM nginx\nCOPY dist/ /usr/share/nginx/html/\n",
        "# .dockerignore: **/*.pyc, *\nFROM python\nADD [\"a/b.pyc\", \"/x/\"]\nCOPY . .\n",
    ],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint_with, Options};

    fn codes(dockerfile: &str, ignore: Option<&str>) -> Vec<(usize, String)> {
        let options = Options {
            dockerignore: ignore,
            ..Options::default()
        };
        lint_with(dockerfile, options)
            .into_iter()
            .filter(|f| f.code == "CopyIgnoredFile")
            .map(|f| (f.line, f.message.into_owned()))
            .collect()
    }

    #[test]
    fn reads_the_real_dockerignore() {
        let file = "FROM nginx\nCOPY ./tmp/hello.txt /hello.txt\nCOPY forever/hello.txt /x\n";
        let found = codes(file, Some("# build outputs\ntmp\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert!(codes(file, None).is_empty());
        assert!(codes(file, Some("tmp\n!tmp/hello.txt\n")).is_empty());
        assert!(codes("FROM a\nCOPY . .\n", Some(".git\n")).is_empty());
        assert_eq!(codes("FROM a\nCOPY . .\n", Some("**\n")).len(), 1);
    }
}
