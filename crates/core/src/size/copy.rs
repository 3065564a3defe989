//! `COPY` and `ADD`: from the build context (sized by the context input or a heuristic) or from
//! an earlier stage (`COPY --from`, sized by what that stage wrote there).

use super::base::{resolve_base, split_reference};
use super::install::cargo::CARGO_TARGET;
use super::stage::{join_path, under, Output};
use super::steps::Step;
use super::walk::Model;
use super::{Bytes, Layer, LayerKind, Seconds};

impl Model<'_> {
    /// `COPY` / `ADD`: one layer from the context or, with `--from`, from an earlier stage.
    pub(super) fn copy(&mut self, step: &Step) -> Layer {
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: step.keyword.to_string(),
            text: self.label(step),
            kind: LayerKind::Files,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let heredoc = step.words.iter().any(|w| w.starts_with("<<"));
        let (sources, dest) = match step.words.split_last() {
            Some((dest, sources)) if !sources.is_empty() => (sources.to_vec(), dest.clone()),
            _ if heredoc => (Vec::new(), String::new()),
            _ => {
                layer
                    .notes
                    .push("COPY needs a source and a destination".to_string());
                return layer;
            }
        };
        let Some((_, state)) = self.current() else {
            return layer;
        };
        let dest = join_path(&state.workdir.clone(), &dest);
        if heredoc {
            layer.bytes = Bytes::new(10, 1_000, 100_000);
            layer.sources.push("an inline heredoc file".into());
            return layer;
        }
        if let Some(from) = step.flag("from").map(str::to_string) {
            self.copy_from(&from, &sources, &mut layer);
        } else {
            let mut total = Bytes::ZERO;
            for source in &sources {
                total += self.context_part(step, source, &mut layer);
            }
            layer.bytes = total;
        }
        layer.rebuild_seconds = Seconds {
            low: 0.2,
            expected: self.seconds_for("copy-expected", layer.bytes),
            high: self.seconds_for("copy-high", layer.bytes),
        };
        if let Some((_, state)) = self.current() {
            state.push_output(Output {
                path: dest,
                bytes: layer.bytes,
                what: format!("files copied at line {}", step.line),
                line: step.line,
            });
        }
        layer
    }

    pub(super) fn context_part(&self, step: &Step, source: &str, layer: &mut Layer) -> Bytes {
        if source.starts_with("http://") || source.starts_with("https://") {
            if step.keyword == "ADD" {
                let part = self.heuristic_part("download");
                layer.sources.extend(part.source);
                layer
                    .notes
                    .push(format!("ADD {source}: the download's size is not known"));
                return part.bytes;
            }
            layer
                .notes
                .push("COPY cannot fetch URLs; use ADD or curl".into());
            return Bytes::ZERO;
        }
        if source.starts_with("git@") || source.ends_with(".git") {
            let part = self.heuristic_part("download");
            layer.sources.extend(part.source);
            return part.bytes;
        }
        let (context, context_source) = self.context();
        let trimmed = source.trim_start_matches("./").trim_end_matches('/');
        let whole = trimmed.is_empty() || trimmed == "." || trimmed == "*" || source == "/";
        if whole {
            layer.sources.push(context_source);
            let mut bytes = context;
            if self.inputs.dockerignore != Some(true) {
                let git = self.k.heuristic("context-git");
                bytes += git.bytes;
                layer
                    .sources
                    .push(format!("heuristics.tsv context-git: {}", git.note));
                layer.notes.push(
                    "copies the whole context: without a .dockerignore, .git, local virtualenvs \
                     and node_modules come along too"
                        .into(),
                );
            }
            return bytes;
        }
        let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
        let is_file = name.contains('.') && !name.contains('*') && !name.starts_with('.')
            || is_dotfile(name)
            || is_manifest(name);
        let archive = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if archive && step.keyword == "ADD" {
            layer.notes.push(format!(
                "ADD unpacks {name}: the unpacked files are several times the archive"
            ));
            layer.sources.push(context_source);
            return self.k.scale("add-archive-ratio", context);
        }
        // `COPY target/app.jar app.jar`, `COPY build/libs/*.jar app.jar`: the application
        // built outside Docker, tens of megabytes, not a config file.
        if [".jar", ".war", ".ear"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            let part = self.heuristic_part("java-jar");
            layer.sources.extend(part.source);
            // A context the person sized cannot hold a bigger jar than itself.
            return match self.inputs.context_bytes {
                Some(given) => Bytes::new(
                    part.bytes.low.min(given),
                    part.bytes.expected.min(given),
                    part.bytes.high.min(given),
                ),
                None => part.bytes,
            };
        }
        if is_file {
            layer
                .sources
                .push(format!("{name}: a single file from the context"));
            return Bytes::new(100, 5_000, 1_000_000.min(context.high.max(100)));
        }
        layer
            .sources
            .push(format!("{trimmed}: part of the context ({context_source})"));
        self.k.scale("context-part-ratio", context)
    }

    pub(super) fn copy_from(&mut self, from: &str, sources: &[String], layer: &mut Layer) {
        let index = self.stages.len().saturating_sub(1);
        let Some(stage) = self.find_stage(from, index) else {
            // An image reference: `COPY --from=nginx:alpine /etc/nginx/nginx.conf ...`.
            let base = resolve_base(self.k, from, None);
            let part = self.heuristic_part("download");
            layer.bytes = Bytes::new(0, part.bytes.expected, base.bytes.high);
            layer.sources.push(format!(
                "files from the image `{from}` (at most the whole image)"
            ));
            layer.notes.push(format!(
                "copies from the image `{from}`: how much depends on the paths"
            ));
            return;
        };
        let state = &self.states[stage];
        let label = self.stages[stage].label();
        let mut total = Bytes::ZERO;
        for source in sources {
            // `target/*.jar`: the files matching a pattern in a folder are what that folder's
            // outputs hold.
            let src = match source.rsplit_once('/') {
                Some((dir, last)) if last.contains(['*', '?']) => join_path(&state.workdir, dir),
                _ => join_path(&state.workdir, source),
            };
            let mut found = Bytes::ZERO;
            let mut hits = Vec::new();
            // Front-end builds write dist/, build/, out/ or .next/ depending on the tool.
            let build_dir = src.rsplit('/').next().is_some_and(|last| {
                matches!(
                    last,
                    "dist" | "build" | "out" | ".next" | "public" | "static" | "www"
                )
            });
            if build_dir && !state.outputs.iter().any(|o| o.path == src) {
                for output in state.outputs.iter().filter(|o| o.what == "build output") {
                    found += output.bytes;
                    hits.push(format!("{} (line {})", output.what, output.line));
                }
            }
            let exact = !hits.is_empty()
                || state
                    .outputs
                    .iter()
                    .any(|o| under(&o.path, &src) || python_site(&src, &o.path));
            let from_build = !hits.is_empty();
            for output in state.outputs.iter().filter(|_| !from_build) {
                if under(&output.path, &src) || python_site(&src, &output.path) {
                    found += output.bytes;
                    hits.push(format!("{} (line {})", output.what, output.line));
                } else if !exact && under(&src, &output.path) {
                    if output.what == CARGO_TARGET && names_a_binary(&src, &output.path) {
                        // `target/release/app` is one binary, not a share of every
                        // dependency and incremental artifact beside it.
                        found += self.heuristic_part("rust-binary").bytes;
                        hits.push(format!(
                            "one binary of {} (line {})",
                            output.what, output.line
                        ));
                    } else {
                        // A part of what that step wrote.
                        found += self.k.scale("stage-part-ratio", output.bytes);
                        hits.push(format!("part of {} (line {})", output.what, output.line));
                    }
                }
            }
            if hits.is_empty() {
                let base = if src == "/" {
                    state.base_bytes
                } else {
                    Bytes::ZERO
                };
                let guess = Bytes::new(0, state.added.expected / 10, state.added.high) + base;
                layer.notes.push(format!(
                    "nothing the model tracked in stage `{label}` was written under {src}: \
                     anywhere from nothing to all the stage added"
                ));
                layer.sources.push(format!("stage `{label}`: unknown part"));
                total += guess;
            } else {
                layer
                    .sources
                    .push(format!("stage `{label}` {src}: {}", hits.join(", ")));
                total += found;
            }
        }
        // distroless/python3-debian12 runs Debian 12's Python 3.11: extension modules built
        // by another Python minor version do not import there.
        let here = self
            .stages
            .last()
            .map(|s| s.base.to_ascii_lowercase())
            .unwrap_or_default();
        let there = self.stages[stage].base.to_ascii_lowercase();
        if here.contains("distroless/python3") && !self.states[stage].pip_dists.is_empty() {
            let (name, tag) = split_reference(&there);
            if name == "python" && !tag.starts_with("3.11") {
                layer.notes.push(format!(
                    "{here} runs Python 3.11; packages installed with {there} may not import \
                     there (build them on python:3.11-slim)"
                ));
            }
        }
        layer.bytes = total;
        // The copied Python packages / node modules are now in this stage.
        let (pip, npm) = (
            self.states[stage].pip_dists.clone(),
            self.states[stage].npm_modules.clone(),
        );
        if let Some((_, state)) = self.current() {
            state.pip_dists.extend(pip);
            state.npm_modules.extend(npm);
        }
        if self.read_done(stage) {
            self.close_stage(stage);
        }
    }
}

/// Whether `src` inside cargo's `target` directory is one built file
/// (`target/release/app`, `target/x86_64-unknown-linux-musl/release/app`) rather than a
/// profile folder or its `deps`, `build` and `incremental` artifacts.
/// A name with a leading dot that is a file, not a folder like `.git`, `.venv` or `.next`:
/// one with a second dot (`.env.production`, `.eslintrc.json`), or one of the common
/// configuration files that have none.
fn is_dotfile(name: &str) -> bool {
    const DOTFILES: &[&str] = &[
        ".env",
        ".npmrc",
        ".yarnrc",
        ".babelrc",
        ".nvmrc",
        ".node-version",
        ".python-version",
        ".ruby-version",
        ".tool-versions",
        ".gitignore",
        ".dockerignore",
        ".editorconfig",
        ".prettierrc",
        ".eslintrc",
        ".htaccess",
        ".bashrc",
        ".profile",
        ".pypirc",
        ".netrc",
    ];
    name.strip_prefix('.').is_some_and(|rest| {
        !rest.is_empty() && !rest.contains('*') && (rest.contains('.') || DOTFILES.contains(&name))
    })
}

fn names_a_binary(src: &str, target: &str) -> bool {
    let Some(rest) = src.strip_prefix(target).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    parts.len() >= 2
        && matches!(parts[parts.len() - 2], "release" | "debug")
        && !parts
            .iter()
            .any(|p| matches!(*p, "deps" | "build" | "incremental" | ".fingerprint"))
        && !parts[parts.len() - 1].contains(['*', '?'])
}

fn is_manifest(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains('*') || lower.contains('?') {
        // `package*.json`, `requirements*.txt`, `*.lock`: a pattern that names manifests.
        // The literal start must name the manifest (`*.py` matches setup.py but means code).
        let prefix = lower.split(['*', '?']).next().unwrap_or("");
        return prefix.len() >= 2
            && MANIFESTS
                .iter()
                .any(|m| crate::dockerignore::pattern_matches(&lower, m));
    }
    lower.starts_with("requirements") || MANIFESTS.contains(&lower.as_str())
}

const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "npm-shrinkwrap.json",
    "pyproject.toml",
    "poetry.lock",
    "pipfile",
    "pipfile.lock",
    "uv.lock",
    "setup.py",
    "setup.cfg",
    "go.mod",
    "go.sum",
    "cargo.toml",
    "cargo.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "gemfile",
    "gemfile.lock",
    "composer.json",
    "composer.lock",
    "mix.exs",
    "mix.lock",
];

/// Whether `name` is a dependency manifest or lock file (for the cache model).
pub(crate) fn is_dependency_manifest(name: &str) -> bool {
    is_manifest(name.rsplit('/').next().unwrap_or(name))
}

/// `COPY --from=build /usr/local/lib/python3.12/site-packages` finds packages the model filed
/// under the generic site-packages path.
fn python_site(src: &str, output: &str) -> bool {
    output == "/usr/local/lib/python3/site-packages"
        && (src.contains("site-packages")
            || src.starts_with("/usr/local/lib/python")
            || src == "/usr/local"
            || src == "/usr/local/lib")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_under_a_cargo_profile_is_one_binary() {
        let target = "/usr/src/app/target";
        assert!(names_a_binary("/usr/src/app/target/release/app", target));
        assert!(names_a_binary(
            "/usr/src/app/target/x86_64-unknown-linux-musl/release/app",
            target
        ));
        assert!(!names_a_binary("/usr/src/app/target/release", target));
        assert!(!names_a_binary(
            "/usr/src/app/target/release/deps/x",
            target
        ));
        assert!(!names_a_binary("/usr/src/app/target/release/*", target));
        assert!(!names_a_binary("/usr/src/app/targets/release/app", target));
    }

    #[test]
    fn manifest_patterns_match_manifests_only() {
        assert!(is_manifest("package*.json"));
        assert!(is_manifest("requirements*.txt"));
        assert!(is_manifest("go.*"));
        assert!(!is_manifest("*"));
        assert!(!is_manifest("*.py"));
    }
}
