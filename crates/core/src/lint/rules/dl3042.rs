use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{
    is_pip_install, pair_keys, subcommand_word, truthy, StageState,
};
use crate::lint::{Checker, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `pip install` without `--no-cache-dir`, unless pip's cache cannot end up in
    /// the image: a BuildKit cache or tmpfs mount over `~/.cache/pip` (or over `~/.cache`
    /// itself), or `PIP_NO_CACHE_DIR`
    /// set in the stage or in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel under `~/.cache/pip`. In an image that cache is dead
    /// weight, often tens of megabytes, that no container will ever read.
    ///
    /// Unlike hadolint, a cache mount counts: with
    /// `--mount=type=cache,target=/root/.cache/pip` the cache lives outside the image and
    /// speeds up rebuilds, which is the better practice.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    /// or, to keep the cache between builds without shipping it:
    /// ```dockerfile
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// Adding `--no-cache-dir` is safe: the installed packages are the same, only the cache
    /// is not written.
    RULE = {
        code: "DL3042",
        name: "pip-no-cache-dir",
        severity: Warning,
        category: Size,
        hadolint: Some("DL3042"),
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn pip_wrapper(cmd: &crate::lint::shell::Command) -> bool {
    ["pipx", "pipenv"].iter().any(|w| {
        cmd.name.text.contains(w)
            || (cmd.name.text.starts_with("python") && cmd.has_args_in_order(&["-m", w]))
    })
}

fn check(ck: &mut Checker) {
    // Only a pip install can be reported: a file without one is done at once.
    if !ck.installs_with_pip() {
        return;
    }
    let model = ck.model;
    let mut no_cache: StageState<bool> = StageState::new();
    for instr in &model.instructions {
        let instr = match instr.kind {
            Kind::From => {
                if let Some(stage) = instr.stage {
                    no_cache.enter(model, stage);
                }
                continue;
            }
            // The keys looked at first, cut from the words: the pairs (values and all) are
            // built only for an ENV that sets the variable.
            Kind::Env if pair_keys(instr).any(|k| k == "PIP_NO_CACHE_DIR") => {
                for (key, value) in instr.pairs() {
                    if key.text == "PIP_NO_CACHE_DIR"
                        && value.as_ref().is_none_or(|v| truthy(&v.text))
                    {
                        no_cache.set(true);
                    }
                }
                continue;
            }
            Kind::Env => continue,
            Kind::Run => instr,
            Kind::Onbuild => match instr.onbuild.as_deref() {
                Some(inner) if inner.kind == Kind::Run => inner,
                _ => continue,
            },
            _ => continue,
        };
        // Most RUNs install nothing with pip: ask that first, before reading mounts.
        let offenders: Vec<_> = instr
            .commands()
            .iter()
            .filter(|c| is_pip_install(c) && !c.has_arg("--no-cache-dir") && !pip_wrapper(c))
            .collect();
        if offenders.is_empty() {
            continue;
        }
        // A cache mount on pip's cache directory, or on the `.cache` directory above it
        // (`--mount=type=cache,target=/root/.cache`), keeps the cache out of the image.
        let mounted_cache = instr.has_cache_mount_with(".cache/pip")
            || instr.mounts().iter().any(|m| {
                matches!(m.kind, crate::syntax::MountType::Cache | crate::syntax::MountType::Tmpfs)
                    && m.target.as_deref().is_some_and(|t| t.trim_end_matches('/').ends_with("/.cache"))
            });
        if no_cache.get() || mounted_cache {
            continue;
        }
        // Looked for with `contains` first (a vectorised search), found with `find` (whose
        // searcher cost more to set up than the search) only in the few RUNs that set it.
        let set = "PIP_NO_CACHE_DIR=";
        if let Some(at) = instr.text.contains(set).then(|| instr.text.find(set)).flatten() {
            let value = &instr.text[at + set.len()..];
            if ["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"]
                .iter()
                .any(|t| value.starts_with(t))
            {
                continue;
            }
        }
        let edits: Vec<Edit> = offenders
            .iter()
            .filter_map(|c| subcommand_word(c, "install"))
            .map(|w| Edit::insert(w.span.end, " --no-cache-dir"))
            .collect();
        let finding = ck.report(
            instr,
            "pip keeps its download cache in the image; add `--no-cache-dir` (or use a cache mount)",
        );
        if !edits.is_empty() {
            finding
                .add_fix(Fix::safe("Add `--no-cache-dir`", edits));
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0\n",
        "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0\n",
        "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install flask==3.0\n",
        "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0\n",
        "FROM python:3.12\nRUN pipx install poetry\n",
    ],
    fail: &[
        "FROM python:3.12\nRUN pip install -r requirements.txt\n",
        "FROM python:3.12\nRUN python -m pip install \\\n    flask\n",
    ],
    fix: &[(
        "FROM python:3.12\nRUN pip3 install -r requirements.txt\n",
        "FROM python:3.12\nRUN pip3 install --no-cache-dir -r requirements.txt\n",
    )],
};
