//! What the walk keeps per stage: its OS, installed packages, working directory, environment
//! and the files it wrote (so `COPY --from` can find them), and the path arithmetic on them.

use std::collections::BTreeMap;

use super::knowledge::AptSet;
use crate::table_hash::TableSet;

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

/// How many outputs a stage holds before they are indexed by path
/// ([`StageState::output_paths`]).
const INDEXED_FROM: usize = 16;

/// The `ENV` variables an installer reads: only these are kept, so a stage built on another
/// holds a handful of variables, not a copy of every one of a chain of thousands.
const ENV_READ: [&str; 10] = [
    "GOCACHE",
    "GOMODCACHE",
    "GOPATH",
    "NODE_ENV",
    "PATH",
    "PIP_NO_CACHE_DIR",
    "PIP_PYTHON",
    "RUSTUP_HOME",
    "UV_NO_CACHE",
    "VIRTUAL_ENV",
];

/// A stage's environment as the size model reads it: the [`ENV_READ`] variables set so far.
#[derive(Debug, Clone, Default)]
pub(super) struct Env(Vec<(&'static str, String)>);

impl Env {
    /// Sets `name` when an installer reads it; other variables are not kept.
    pub(super) fn set(&mut self, name: &str, value: impl FnOnce() -> String) {
        let Some(&name) = ENV_READ.iter().find(|read| **read == name) else {
            return;
        };
        match self.0.iter_mut().find(|(set, _)| *set == name) {
            Some((_, old)) => *old = value(),
            None => self.0.push((name, value())),
        }
    }

    /// The value of `name`, one of [`ENV_READ`].
    pub(super) fn get(&self, name: &str) -> Option<&String> {
        debug_assert!(ENV_READ.contains(&name), "{name} is not in ENV_READ");
        self.0
            .iter()
            .find(|(set, _)| *set == name)
            .map(|(_, value)| value)
    }

    pub(super) fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// What a stage holds so far, as later instructions and stages need it.
#[derive(Debug, Clone, Default)]
pub(super) struct StageState {
    pub(super) os: Os,
    pub(super) apt_installed: AptSet,
    pub(super) pip_dists: TableSet<&'static str>,
    pub(super) npm_modules: TableSet<&'static str>,
    pub(super) outputs: Vec<Output>,
    /// Where each output sits in `outputs`, by path, once there are [`INDEXED_FROM`] of
    /// them: what lies under a directory is then a range of this map, not a scan of every
    /// file the stage wrote (a RUN that removes a directory asks this, and a file can have
    /// ten thousand such RUNs). Fewer outputs are scanned: a map node per stage was most of
    /// what a file of thousands of small stages held.
    pub(super) output_paths: BTreeMap<String, Vec<usize>>,
    pub(super) workdir: String,
    pub(super) env: Env,
    pub(super) venvs: Vec<String>,
    pub(super) go_modules: bool,
    /// Dependency caches an earlier layer of this stage filled (`maven-repo`,
    /// `gradle-cache`, `cargo-registry`, `cargo-target`): a later build reuses them instead of
    /// downloading or compiling the dependencies again.
    pub(super) dependency_caches: TableSet<&'static str>,
    /// What the stage added on top of its base.
    pub(super) added: Bytes,
    pub(super) base_bytes: Bytes,
    /// Lines whose layers left apt lists behind.
    pub(super) apt_lists_line: Option<usize>,
}

/// Every stage's state, by stage index. A state is kept while a later instruction reads it
/// ([`super::walk::Model::readers_left`]) and boxed, so a file of thousands of stages holds a
/// pointer for each closed one and the few states still to be read.
#[derive(Debug, Default)]
pub(super) struct States {
    held: Vec<Option<Box<StageState>>>,
    /// What a dropped state reads as (the walk reads none: it drops a state after its last
    /// reader).
    empty: StageState,
}

impl States {
    pub(super) fn with_capacity(stages: usize) -> States {
        States {
            held: Vec::with_capacity(stages),
            empty: StageState::default(),
        }
    }

    pub(super) fn push(&mut self, state: StageState) {
        self.held.push(Some(Box::new(state)));
    }

    /// The state of the stage being walked.
    pub(super) fn last(&self) -> Option<&StageState> {
        self.held
            .last()
            .map(|s| s.as_deref().unwrap_or(&self.empty))
    }

    pub(super) fn last_mut(&mut self) -> Option<&mut StageState> {
        self.held
            .last_mut()
            .map(|s| &mut **s.get_or_insert_with(Box::default))
    }

    /// A copy of stage `index`'s state.
    pub(super) fn copy_of(&self, index: usize) -> StageState {
        self[index].clone()
    }

    /// Stage `index`'s state, which it no longer holds.
    pub(super) fn take(&mut self, index: usize) -> StageState {
        self.held
            .get_mut(index)
            .and_then(Option::take)
            .map_or_else(StageState::default, |state| *state)
    }

    /// Forgets stage `index`'s state: no later instruction reads it.
    pub(super) fn drop_state(&mut self, index: usize) {
        if let Some(state) = self.held.get_mut(index) {
            *state = None;
        }
    }
}

impl std::ops::Index<usize> for States {
    type Output = StageState;

    fn index(&self, index: usize) -> &StageState {
        self.held
            .get(index)
            .and_then(Option::as_deref)
            .unwrap_or(&self.empty)
    }
}

impl StageState {
    /// Records a file the stage wrote.
    pub(super) fn push_output(&mut self, output: Output) {
        self.outputs.push(output);
        if self.outputs.len() == INDEXED_FROM {
            for (at, output) in self.outputs.iter().enumerate() {
                self.output_paths
                    .entry(output.path.clone())
                    .or_default()
                    .push(at);
            }
        } else if self.outputs.len() > INDEXED_FROM {
            let at = self.outputs.len() - 1;
            self.output_paths
                .entry(self.outputs[at].path.clone())
                .or_default()
                .push(at);
        }
    }

    /// The outputs that [`under`] `dir`, in the order they were written.
    pub(super) fn outputs_under(&self, dir: &str) -> Vec<&Output> {
        let dir = dir.trim_end_matches('/');
        if dir.is_empty() {
            return self.outputs.iter().collect();
        }
        if self.outputs.len() < INDEXED_FROM {
            return self
                .outputs
                .iter()
                .filter(|o| under(&o.path, dir))
                .collect();
        }
        // Paths below `dir` start with `dir/`; `0` is the character after `/`, so they are
        // exactly the keys from `dir/` up to `dir0`.
        let below = self
            .output_paths
            .range(format!("{dir}/")..format!("{dir}0"))
            .flat_map(|(_, at)| at);
        let mut at: Vec<usize> = self
            .output_paths
            .get(dir)
            .into_iter()
            .flatten()
            .chain(below)
            .copied()
            .collect();
        crate::order::sort(&mut at);
        at.into_iter().map(|i| &self.outputs[i]).collect()
    }
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
    // Most paths are already absolute and clean: copied, not split, rewritten and joined.
    let clean = path == "/"
        || (path.starts_with('/')
            && !path.contains("~/")
            && !path.contains("$HOME")
            && path[1..]
                .split('/')
                .all(|part| !matches!(part, "" | "." | ".." | "*")));
    if clean {
        return path.to_string();
    }
    resolve_path(path)
}

/// [`normalize_path`] the long way: every component read.
fn resolve_path(path: &str) -> String {
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
    // No `format!` here: the size model asks this per pair of paths.
    outer.is_empty()
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths_normalize_to_themselves_and_others_the_long_way() {
        for path in [
            "/", "/a", "/a/b", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/a/*", "/a*b", "~",
            "~/x", "/a~/b", "/a~", "$HOME/x", "/x/$HOME", "a/b", "", ".", "/..", "/é/ü",
        ] {
            assert_eq!(normalize_path(path), resolve_path(path), "{path:?}");
        }
    }

    #[test]
    fn paths_join_and_nest() {
        assert_eq!(join_path("/app", "./src/"), "/app/src");
        assert_eq!(join_path("/app", "/install"), "/install");
        assert!(under("/install/lib", "/install"));
        assert!(!under("/installer", "/install"));
        assert!(under("/install", "/install/"));
        assert!(under("/anything", "/"));
    }

    #[test]
    fn outputs_under_a_directory_are_the_ones_under_finds_in_written_order() {
        let mut state = StageState::default();
        let paths = [
            "/app/b",
            "/app",
            "/apple",
            "/app/a/deep",
            "/",
            "/app0",
            "/app.d",
            "/app/a",
        ];
        for (line, path) in paths.iter().enumerate() {
            state.push_output(Output {
                path: path.to_string(),
                bytes: Bytes::ZERO,
                what: String::new(),
                line,
            });
        }
        // What `outputs_under` finds is what a scan of every output with `under` finds.
        let agrees = |state: &StageState| {
            for dir in ["/app", "/app/", "/app/a", "/", "", "/nothing", "/ap"] {
                let indexed: Vec<usize> = state.outputs_under(dir).iter().map(|o| o.line).collect();
                let scanned: Vec<usize> = state
                    .outputs
                    .iter()
                    .filter(|o| under(&o.path, dir))
                    .map(|o| o.line)
                    .collect();
                assert_eq!(indexed, scanned, "{dir}");
            }
        };
        agrees(&state);
        assert_eq!(state.outputs_under("/app").len(), 4);
        // Past INDEXED_FROM outputs the index answers, the same way.
        for line in paths.len()..INDEXED_FROM + 4 {
            state.push_output(Output {
                path: paths[line % paths.len()].to_string(),
                bytes: Bytes::ZERO,
                what: String::new(),
                line,
            });
        }
        assert!(!state.output_paths.is_empty());
        agrees(&state);
    }
}
