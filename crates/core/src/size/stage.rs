//! What the walk keeps per stage: its OS, installed packages, working directory, environment
//! and the files it wrote (so `COPY --from` can find them), and the path arithmetic on them.

use std::collections::{HashMap, HashSet};

use super::Bytes;

/// The family of the base, which decides the package manager and what "installed" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Os {
    Debian,
    Ubuntu,
    Alpine,
    Rpm,
    Distroless,
    Scratch,
    #[default]
    Unknown,
}

impl Os {
    /// The family word `image_families.tsv` uses; no family is [`Os::Unknown`].
    pub(super) fn from_family(family: Option<&str>) -> Os {
        match family {
            Some("debian") => Os::Debian,
            Some("ubuntu") => Os::Ubuntu,
            Some("alpine") => Os::Alpine,
            Some("rpm") => Os::Rpm,
            Some("distroless") => Os::Distroless,
            Some("scratch") => Os::Scratch,
            _ => Os::Unknown,
        }
    }
}

/// Files a stage wrote, so `COPY --from` can find them.
#[derive(Debug, Clone)]
pub(super) struct Output {
    pub(super) path: String,
    pub(super) bytes: Bytes,
    pub(super) what: String,
    pub(super) line: usize,
}

/// What a stage holds so far, as later instructions and stages need it.
#[derive(Debug, Clone, Default)]
pub(super) struct StageState {
    pub(super) os: Os,
    pub(super) apt_installed: HashSet<&'static str>,
    pub(super) pip_dists: HashSet<&'static str>,
    pub(super) npm_modules: HashSet<&'static str>,
    pub(super) outputs: Vec<Output>,
    pub(super) workdir: String,
    pub(super) env: HashMap<String, String>,
    pub(super) venvs: Vec<String>,
    pub(super) go_modules: bool,
    /// What the stage added on top of its base.
    pub(super) added: Bytes,
    pub(super) base_bytes: Bytes,
    /// Lines whose layers left apt lists behind.
    pub(super) apt_lists_line: Option<usize>,
}

/// `path` as seen from the working directory `base`, normalized (`~` is root's home).
pub(super) fn join_path(base: &str, path: &str) -> String {
    let path = path.trim();
    if path.starts_with('/') {
        normalize_path(path)
    } else {
        let base = if base.is_empty() { "/" } else { base };
        normalize_path(&format!("{}/{}", base.trim_end_matches('/'), path))
    }
}

/// An absolute path with `~` and `$HOME` as root's home, `.`, `..` and `*` components resolved.
pub(super) fn normalize_path(path: &str) -> String {
    let path = path.replace("~/", "/root/").replace("$HOME", "/root");
    let path = if path == "~" {
        "/root".to_string()
    } else {
        path
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." | "*" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `inner` is `outer` or below it.
pub(super) fn under(inner: &str, outer: &str) -> bool {
    let outer = outer.trim_end_matches('/');
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_nest() {
        assert_eq!(join_path("/app", "./src/"), "/app/src");
        assert_eq!(join_path("/app", "/install"), "/install");
        assert!(under("/install/lib", "/install"));
        assert!(!under("/installer", "/install"));
    }
}
