//! The one reader of `.dockerignore` files, as Docker reads them: patterns, `!` exceptions,
//! and Docker's glob (`*` and `?` within a path segment, `**` across segments, `[...]`
//! classes). Lint (STG004, `CopyIgnoredFile`), the playground's size inputs (whether `.git`
//! is kept out) and the rewrite steps share it; the size model gets its answer through
//! `size::Inputs::dockerignore`.

/// A `.dockerignore` file's patterns, as Docker reads them: comments and blank lines
/// dropped, each pattern cleaned, a leading `/` removed, `!` marking an exception.
#[derive(Debug, Clone, Default)]
pub struct Dockerignore {
    pub patterns: Vec<(bool, String)>,
}

impl Dockerignore {
    pub fn parse(text: &str) -> Dockerignore {
        let mut patterns = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(p) => (true, p.trim()),
                None => (false, line),
            };
            let cleaned = clean_path(pattern);
            if cleaned.is_empty() {
                continue;
            }
            patterns.push((exception, cleaned));
        }
        Dockerignore { patterns }
    }

    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|(e, _)| *e)
    }

    /// Whether the path, or a directory above it, matches a pattern (no exceptions).
    pub fn excludes(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        (1..=parts.len()).any(|n| {
            let prefix = parts[..n].join("/");
            self.patterns
                .iter()
                .any(|(exception, p)| !exception && glob(p.as_bytes(), prefix.as_bytes()))
        })
    }

    /// Whether a top-level entry `name` is left out of the context: the last pattern that
    /// matches it decides (`!` re-includes), and a pattern for the entry anywhere (`**/name`)
    /// or for everything inside it (`name/**`) counts too.
    pub fn excludes_top_level(&self, name: &str) -> bool {
        let mut excluded = false;
        for (exception, pattern) in &self.patterns {
            let pattern = pattern.trim_start_matches("**/").trim_end_matches("/**");
            if glob(pattern.as_bytes(), name.as_bytes()) {
                excluded = !exception;
            }
        }
        excluded
    }

    /// Whether the repository's history stays out of the context: `.git` is excluded by
    /// name, or everything at the root is.
    pub fn keeps_git_out(&self) -> bool {
        self.excludes_root() || self.excludes(".git")
    }

    /// Whether a pattern excludes every entry at the root (`*`, `**`, `**/*`).
    pub fn excludes_root(&self) -> bool {
        self.patterns
            .iter()
            .any(|(e, p)| !e && matches!(p.as_str(), "*" | "**" | "**/*"))
    }
}

/// `filepath.Clean` for slash-separated relative paths: `./a//b/../c` → `a/c`.
pub fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether `path` matches one pattern in Docker's glob syntax (see [`glob`]), for callers
/// that match names against patterns of their own (the size model's manifest names).
pub fn pattern_matches(pattern: &str, path: &str) -> bool {
    glob(pattern.as_bytes(), path.as_bytes())
}

/// Docker's ignore-pattern match: `*` and `?` stay within a path segment, `**` crosses
/// segments, `[...]` is a class, `\` escapes.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    if pattern.is_empty() {
        return text.is_empty();
    }
    if pattern.starts_with(b"**") {
        let rest = &pattern[2..];
        let rest_after_slash = rest.strip_prefix(b"/").unwrap_or(rest);
        // `**/` may match nothing at all.
        if rest.starts_with(b"/") && glob(rest_after_slash, text) {
            return true;
        }
        return (0..=text.len()).any(|i| glob(rest, &text[i..]));
    }
    match pattern[0] {
        b'*' => (0..=text.len())
            .take_while(|&i| i == 0 || text[i - 1] != b'/')
            .any(|i| glob(&pattern[1..], &text[i..])),
        b'?' => !text.is_empty() && text[0] != b'/' && glob(&pattern[1..], &text[1..]),
        b'[' => {
            let Some(close) = pattern[1..].iter().position(|&b| b == b']') else {
                return !text.is_empty() && text[0] == b'[' && glob(&pattern[1..], &text[1..]);
            };
            let class = &pattern[1..1 + close];
            if text.is_empty() || text[0] == b'/' {
                return false;
            }
            let (negated, class) = match class.first() {
                Some(b'^') | Some(b'!') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == b'-' {
                    hit |= class[i] <= text[0] && text[0] <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == text[0];
                    i += 1;
                }
            }
            hit != negated && glob(&pattern[close + 2..], &text[1..])
        }
        b'\\' if pattern.len() > 1 => {
            !text.is_empty() && text[0] == pattern[1] && glob(&pattern[2..], &text[1..])
        }
        c => !text.is_empty() && text[0] == c && glob(&pattern[1..], &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_matching() {
        let ignore = Dockerignore::parse("# c\n*.md\n/build\n**/*.pyc\nsecret?\n");
        assert!(ignore.excludes("README.md"));
        assert!(!ignore.excludes("docs/README.md"));
        assert!(ignore.excludes("build/out.bin"));
        assert!(ignore.excludes("a/b/c.pyc"));
        assert!(ignore.excludes("c.pyc"));
        assert!(ignore.excludes("secret1"));
        assert!(!ignore.excludes("src/main.rs"));
        assert!(!ignore.has_exceptions());
        assert!(Dockerignore::parse("*\n!src\n").has_exceptions());
    }

    #[test]
    fn top_level_names_follow_the_last_matching_pattern() {
        assert!(Dockerignore::parse("**/.git\n").excludes_top_level(".git"));
        assert!(Dockerignore::parse(".env*\n").excludes_top_level(".env"));
        assert!(Dockerignore::parse(".git/**\n").excludes_top_level(".git"));
        assert!(!Dockerignore::parse(".env\n!.env\n").excludes_top_level(".env"));
        assert!(!Dockerignore::parse("node_modules\n").excludes_top_level(".git"));
    }

    #[test]
    fn git_is_kept_out_by_name_or_by_excluding_everything() {
        assert!(Dockerignore::parse(".git\n").keeps_git_out());
        assert!(Dockerignore::parse("*\n!src\n").keeps_git_out());
        assert!(!Dockerignore::parse("node_modules\n").keeps_git_out());
    }
}
