//! Python installers: `pip`, virtual environments, `uv`, and project tools (poetry, pipenv,
//! pdm, conda) sized from the PyPI table.

use crate::size::packages::{normalize_python, requirements_names};
use crate::size::run::{Part, RunScan};
use crate::size::stage::join_path;
use crate::size::steps::Word;
use crate::size::walk::Model;
use crate::size::Bytes;

impl Model<'_> {
    pub(in crate::size) fn pip(&mut self, program: &str, args: &[Word], run: &mut RunScan) {
        let Some(sub) = args.iter().find(|w| !w.starts_with('-')) else {
            return;
        };
        match sub.as_str() {
            "install" => {}
            "cache" => {
                if args.iter().any(|w| w == "purge" || w == "remove") {
                    run.pip_cache_purged = true;
                }
                return;
            }
            _ => return,
        }
        let mut no_cache = false;
        let mut requirements = Vec::new();
        let mut packages: Vec<String> = Vec::new();
        let mut location: Option<String> = None;
        let mut user = false;
        let mut upgrade = false;
        let mut local_project = false;
        let mut i = args
            .iter()
            .position(|w| w == "install")
            .map_or(0, |p| p + 1);
        while i < args.len() {
            let word = &args[i];
            let (flag, inline) = match word.split_once('=') {
                Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
                _ => (word.as_str(), None),
            };
            let mut value = || {
                inline.clone().or_else(|| {
                    i += 1;
                    args.get(i).map(Word::to_string)
                })
            };
            match flag {
                "--no-cache-dir" | "--no-cache" => no_cache = true,
                "-r" | "--requirement" => requirements.extend(value()),
                // Flags with a value that does not change what is installed: skip the value.
                "-c" | "--constraint" | "-i" | "--index-url" | "--extra-index-url" | "-f"
                | "--find-links" | "--trusted-host" | "--platform" | "--python-version"
                | "--implementation" | "--abi" | "--progress-bar" | "--src" | "--cache-dir"
                | "--root-user-action" | "--only-binary" | "--no-binary" | "--root" => {
                    value();
                }
                "-t" | "--target" | "--prefix" => location = value(),
                // `-e .` installs the local project; its path is not needed.
                "-e" | "--editable" => {
                    value();
                    local_project = true;
                }
                "--user" => user = true,
                "-U" | "--upgrade" => upgrade = true,
                f if f.starts_with('-') => {}
                _ => {
                    if word == "."
                        || word.starts_with("./")
                        || word.starts_with('/')
                        || word.ends_with(".whl")
                        || word.ends_with(".tar.gz")
                    {
                        local_project = true;
                    } else {
                        packages.push(word.to_string());
                    }
                }
            }
            i += 1;
        }
        let env = &self.state().env;
        if env
            .get("PIP_NO_CACHE_DIR")
            .is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no"))
        {
            no_cache = true;
        }
        let workdir = self.state().workdir.clone();
        let site = match (&location, user) {
            (Some(l), _) => join_path(&workdir, l),
            (None, true) => "/root/.local".to_string(),
            (None, false) => {
                let venv_from_program = program
                    .strip_suffix("/bin/pip")
                    .or_else(|| program.strip_suffix("/bin/pip3"))
                    .or_else(|| program.strip_suffix("/bin/python"))
                    .or_else(|| program.strip_suffix("/bin/python3"))
                    .map(str::to_string);
                // pip installs into the interpreter `PIP_PYTHON` names (pip 22.3 and later),
                // the way a builder fills a virtualenv made `--without-pip`.
                let venv_from_pip_python = self.state().env.get("PIP_PYTHON").and_then(|p| {
                    p.strip_suffix("/bin/python")
                        .or_else(|| p.strip_suffix("/bin/python3"))
                        .map(str::to_string)
                });
                let venv_from_env = self.state().env.get("VIRTUAL_ENV").cloned().or_else(|| {
                    let path = self.state().env.get("PATH").cloned().unwrap_or_default();
                    self.state()
                        .venvs
                        .iter()
                        .find(|v| path.contains(&format!("{v}/bin")))
                        .cloned()
                });
                venv_from_program
                    .or(venv_from_pip_python)
                    .or(venv_from_env)
                    .unwrap_or_else(|| "/usr/local/lib/python3/site-packages".to_string())
            }
        };
        let mut names: Vec<String> = packages.iter().map(|p| normalize_python(p)).collect();
        let mut sources = Vec::new();
        let mut unknown_bytes = Bytes::ZERO;
        let mut notes = Vec::new();
        for file in &requirements {
            match &self.inputs.requirements {
                Some(text) => {
                    names.extend(requirements_names(text));
                    sources.push(format!("{file}: the requirements you gave"));
                }
                None => {
                    let h = self.k.heuristic("pip-requirements-unknown");
                    unknown_bytes += h.bytes;
                    sources.push(format!(
                        "heuristics.tsv pip-requirements-unknown: {}",
                        h.note
                    ));
                    notes.push(format!(
                        "{file} was not given ({}), so the packages are not known: range widened",
                        self.inputs
                            .surface
                            .pick("--requirements", "paste it into the Python deps tab")
                    ));
                }
            }
        }
        if local_project {
            match &self.inputs.requirements {
                Some(text) if requirements.is_empty() => {
                    names.extend(requirements_names(text));
                    sources
                        .push("the project's dependencies, from the requirements you gave".into());
                }
                _ => {
                    let h = self.k.heuristic("pip-unknown-package");
                    unknown_bytes += h.bytes;
                    notes.push("installs a local project: its dependencies are not known".into());
                }
            }
        }
        let (bytes, measured, unknown, pip_upgrade) = self.python_closure(&names, upgrade);
        if !measured.is_empty() {
            sources.push(format!(
                "pypi.tsv: {} ({})",
                measured.join(", "),
                self.k.pypi.source
            ));
        }
        if pip_upgrade {
            let h = self.k.heuristic("pip-self-upgrade");
            unknown_bytes += h.bytes;
            sources.push(format!("heuristics.tsv pip-self-upgrade: {}", h.note));
        }
        for name in &unknown {
            let h = self.k.heuristic("pip-unknown-package");
            unknown_bytes += h.bytes;
            notes.push(format!(
                "`{name}` is not in the measured table: range widened"
            ));
        }
        if !unknown.is_empty() {
            sources.push(format!(
                "heuristics.tsv pip-unknown-package ×{}",
                unknown.len()
            ));
        }
        let installed = self.k.scale("pypi-table-spread", Bytes::exact(bytes)) + unknown_bytes;
        let mut part = Part::new(installed)
            .path(site.clone())
            .output("Python packages")
            .seconds(self.seconds_for("pip-install", installed));
        part.source = Some(sources.join("; "));
        if !notes.is_empty() {
            part.note = Some(notes.join("; "));
        }
        run.parts.push(part);
        if !no_cache && !installed.is_zero() {
            let ratio = self.k.heuristic("pip-cache-ratio").bytes;
            let cache = installed.per_mille(ratio.low, ratio.expected, ratio.high);
            run.parts.push(
                Part::new(cache)
                    .source("heuristics.tsv pip-cache-ratio: pip's wheel cache")
                    .note("pip's cache stays in the layer: add --no-cache-dir (or a cache mount)")
                    .path("/root/.cache/pip"),
            );
        }
    }

    /// Bytes of the distributions `names` pull in that this stage does not have yet.
    pub(in crate::size) fn python_closure(
        &mut self,
        names: &[String],
        upgrade: bool,
    ) -> (u64, Vec<String>, Vec<String>, bool) {
        let table = &self.k.pypi;
        let mut measured = Vec::new();
        let mut unknown = Vec::new();
        let mut bytes = 0;
        let mut pip_upgrade = false;
        let mut dists: Vec<&'static str> = Vec::new();
        for name in names {
            // A source build is sized by its binary wheel (stand_ins.tsv: psycopg2).
            let lookup = self
                .k
                .stated
                .stand_in("pypi", name, "")
                .unwrap_or(name.as_str());
            let bare = lookup.split('[').next().unwrap_or(lookup);
            if matches!(bare, "pip") {
                pip_upgrade |= upgrade;
                continue;
            }
            if let Some(members) = table
                .closures
                .get(lookup)
                .or_else(|| table.closures.get(bare))
            {
                dists.extend(members.iter().copied());
                measured.push(name.clone());
            } else if let Some((k, _)) = table.units.get_key_value(bare) {
                dists.push(k);
                measured.push(format!("{name} (alone)"));
            } else {
                unknown.push(name.clone());
            }
        }
        let Some(state) = self.states.last_mut() else {
            return (0, measured, unknown, pip_upgrade);
        };
        for dist in dists {
            if state.pip_dists.insert(dist) {
                bytes += table.units.get(dist).copied().unwrap_or(0);
            }
        }
        (bytes, measured, unknown, pip_upgrade)
    }

    /// A new virtualenv at `path`: interpreter links and scripts, and a copy of pip when
    /// `with_pip` (the default of `python -m venv`, not of `--without-pip` or `uv venv`).
    pub(in crate::size) fn venv(&mut self, path: Option<&str>, with_pip: bool, run: &mut RunScan) {
        let Some(path) = path else {
            return;
        };
        let workdir = self.state().workdir.clone();
        let path = join_path(&workdir, path);
        if let Some(state) = self.states.last_mut() {
            state.venvs.push(path.clone());
        }
        let key = if with_pip { "venv" } else { "venv-without-pip" };
        let h = self.k.heuristic(key);
        run.parts.push(
            Part::new(h.bytes)
                .source(format!("heuristics.tsv {key}: {}", h.note))
                .path(path)
                .output("a virtual environment"),
        );
    }

    pub(in crate::size) fn uv(&mut self, words: &[Word], run: &mut RunScan) {
        match words.get(1).map(Word::as_str) {
            Some("pip") => {
                let mut args: Vec<Word> = words[2..].to_vec();
                if self.state().env.contains_key("UV_NO_CACHE") {
                    args.push(Word::from("--no-cache"));
                }
                self.pip("uv", &args, run);
                // uv's cache is at ~/.cache/uv, not pip's.
                for part in run.parts.iter_mut() {
                    if part.path.as_deref() == Some("/root/.cache/pip") {
                        part.path = Some("/root/.cache/uv".into());
                        part.note = Some(
                            "uv's cache stays in the layer: add --no-cache or a cache mount".into(),
                        );
                    }
                }
            }
            // `uv venv` makes no pip unless asked (`--seed`).
            Some("venv") => self.venv(
                words
                    .iter()
                    .skip(2)
                    .find(|w| !w.starts_with('-'))
                    .map(Word::as_str),
                words[2..].iter().any(|w| w == "--seed"),
                run,
            ),
            Some("sync") => self.project_install("uv", run),
            _ => {}
        }
    }

    pub(in crate::size) fn project_install(&mut self, tool: &str, run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        match self.inputs.requirements.clone() {
            Some(text) => {
                let names = requirements_names(&text);
                let (bytes, measured, unknown, _) = self.python_closure(&names, false);
                let mut extra = Bytes::ZERO;
                for _ in &unknown {
                    extra += self.k.heuristic("pip-unknown-package").bytes;
                }
                let total = self.k.scale("pypi-table-spread", Bytes::exact(bytes)) + extra;
                run.parts.push(
                    Part::new(total)
                        .source(format!(
                            "pypi.tsv: {} (from the requirements you gave)",
                            measured.join(", ")
                        ))
                        .path(join_path(&workdir, ".venv"))
                        .output("Python packages")
                        .seconds(self.seconds_for("project-install", total)),
                );
            }
            None => {
                // A second install in the same folder (`poetry install --no-root` before the
                // code is copied, `poetry install` after it) finds the dependencies there and
                // adds only the project itself; counting them again would make the
                // cache-friendly order look 120 MB bigger than the naive one.
                let venv = join_path(&workdir, ".venv");
                let earlier = self
                    .state()
                    .outputs
                    .iter()
                    .find(|o| o.what == "Python packages" && o.path == venv)
                    .map(|o| o.line);
                if let Some(line) = earlier {
                    run.parts.push(
                        Part::new(Bytes::ZERO)
                            .source(format!(
                                "line {line} installed the project's dependencies into {venv}"
                            ))
                            .note(format!(
                                "`{tool}` finds the dependencies line {line} installed and adds only the project itself"
                            ))
                            .seconds(self.seconds_for("project-install", Bytes::ZERO)),
                    );
                    return;
                }
                let h = self.k.heuristic("pip-requirements-unknown");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!(
                            "heuristics.tsv pip-requirements-unknown: {}",
                            h.note
                        ))
                        .note(format!(
                            "`{tool}` installs the project's dependencies: {} to size them",
                            self.inputs.surface.pick(
                                "give --requirements",
                                "paste requirements.txt or pyproject.toml into the Python deps tab"
                            )
                        ))
                        .path(join_path(&workdir, ".venv"))
                        .output("Python packages")
                        .seconds(self.duration("project-install-unknown")),
                );
            }
        }
    }
}
