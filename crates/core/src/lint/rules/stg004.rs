use crate::lint::registry::declare_rule;
use crate::lint::rules::common::copies_whole_context;
use crate::lint::{Checker, Fix, Kind};

declare_rule! {
    /// ## What it does
    /// Reports `COPY . .` (or `ADD .`) when there is no `.dockerignore`, or when it does not
    /// exclude `.git`, `.env` and the stack's local build outputs (`node_modules` for Node,
    /// `__pycache__` and `.venv` for Python, `target` for Rust and Maven). The CLI reads the
    /// `.dockerignore` beside the Dockerfile; the page has a `.dockerignore` pane.
    ///
    /// ## Why is this bad?
    /// Everything the context contains is sent to the builder and copied into the image:
    /// the whole git history, local secrets in `.env`, and hundreds of megabytes of
    /// `node_modules` built for your laptop's platform. It also breaks caching: any change
    /// under `.git` invalidates the `COPY`.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY . .
    /// ```
    /// with no `.dockerignore`.
    ///
    /// Use instead: a `.dockerignore` beside the Dockerfile:
    /// ```text
    /// .git
    /// .env
    /// node_modules
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the fix is a new file, shown in the finding.
    RULE = {
        code: "STG004",
        name: "context-not-ignored",
        severity: Warning,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

/// Whether the `.dockerignore` patterns exclude a top-level `name`, with the last matching
/// pattern winning as in Docker (`!` re-includes).
pub(crate) fn excludes(dockerignore: &str, name: &str) -> bool {
    let mut excluded = false;
    for line in dockerignore.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negate, pattern) = match line.strip_prefix('!') {
            Some(p) => (true, p.trim()),
            None => (false, line),
        };
        let pattern = pattern
            .trim_start_matches("./")
            .trim_start_matches('/')
            .trim_start_matches("**/")
            .trim_end_matches('/')
            .trim_end_matches("/**");
        if glob(pattern, name) {
            excluded = !negate;
        }
    }
    excluded
}

/// `*` and `?` glob on one path segment.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(copy) = model.instructions.iter().find(|i| copies_whole_context(i)) else {
        return;
    };
    let text = |needle: &str| model.source.contains(needle);
    let images: Vec<&str> = model.stages.iter().map(|s| s.image.short_name()).collect();
    let mut wanted = vec![".git", ".env"];
    if images.iter().any(|i| i.starts_with("node")) || text("npm ") || text("yarn ") {
        wanted.push("node_modules");
    }
    if images.iter().any(|i| i.starts_with("python")) || text("pip ") || text("pip3 ") {
        wanted.extend(["__pycache__", ".venv"]);
    }
    if images.iter().any(|i| i.starts_with("rust") || i.starts_with("maven")) || text("cargo ") || text("mvn ") {
        wanted.push("target");
    }
    let missing: Vec<&str> = match ck.dockerignore {
        None => wanted.clone(),
        Some(ignore) => wanted.iter().copied().filter(|w| !excludes(ignore, w)).collect(),
    };
    if missing.is_empty() {
        return;
    }
    let kw = if copy.kind == Kind::Add { "ADD" } else { "COPY" };
    let message = match ck.dockerignore {
        None => format!("`{kw} .` copies the whole context and there is no `.dockerignore`: `{}` end up in the image", missing.join("`, `")),
        Some(_) => format!("`{kw} .` copies the whole context and `.dockerignore` does not exclude `{}`", missing.join("`, `")),
    };
    ck.report(copy, message).fixes.push(Fix::display_only(
        format!("Add to `.dockerignore`: {}", missing.join(", ")),
        vec![],
    ));
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM a\nCOPY app.py /app/\n"],
    fail: &["FROM node:22\nCOPY . .\n"],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use super::excludes;
    use crate::lint::{lint_with, Config, Options};

    #[test]
    fn reads_the_dockerignore() {
        let config = Config::default();
        let count = |ignore: &str| {
            lint_with(
                "FROM node:22\nCOPY . .\n",
                Options { config: Some(&config), dockerignore: Some(ignore) },
            )
            .iter()
            .filter(|f| f.code == "STG004")
            .count()
        };
        assert_eq!(count(".git\n.env\nnode_modules/\n"), 0);
        assert_eq!(count(".git\n"), 1);
        assert_eq!(count("*\n!src\n"), 0);
        assert!(excludes("**/.git\n", ".git"));
        assert!(excludes(".env*\n", ".env"));
        assert!(!excludes(".env\n!.env\n", ".env"));
    }
}
