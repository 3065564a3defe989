use crate::lint::registry::declare_rule;
use crate::lint::rules::common::{is_pip_install, runs};
use crate::lint::{Checker, Edit, Fix};
use crate::syntax::{Mount, MountType};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that mounts a BuildKit cache for a tool and also turns that cache
    /// off or deletes it: pip's `--no-cache-dir` (or `PIP_NO_CACHE_DIR`) under a
    /// `~/.cache/pip` mount, `npm cache clean` under a `~/.npm` mount, `apk --no-cache`
    /// under `/var/cache/apk`, `apt-get clean` under `/var/cache/apt`, or `rm -rf` of the
    /// mounted directory.
    ///
    /// ## Why is this bad?
    /// The cache mount exists to keep downloads between builds without putting them in the
    /// image. Disabling the cache makes the mount pointless: every build downloads
    /// everything again. (The reverse mistake, no cache mount and no `--no-cache-dir`, is
    /// DL3042.)
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// Removing `--no-cache-dir` is safe: the cache goes to the mount, which is never part
    /// of the image.
    RULE = {
        code: "STG008",
        name: "cache-mount-disabled",
        severity: Warning,
        category: BuildSpeed,
        hadolint: None,
        buildkit: None,
        fix: Safe,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let source = ck.source();
    for instr in runs(ck.model) {
        // Most RUNs have no `--mount`: their flags are not read into mounts.
        if !instr.flags.iter().any(|f| f.name == "mount") {
            continue;
        }
        // A cache mount spells `cache` in its type (in any case, never split by quotes):
        // the other mounts, about half of them, are not parsed (0.25% of lint).
        let cached: Vec<String> = instr
            .flags
            .iter()
            .filter(|f| f.name == "mount")
            .filter_map(|f| f.value.as_deref())
            .filter(|value| {
                value
                    .as_bytes()
                    .windows(5)
                    .any(|w| w.eq_ignore_ascii_case(b"cache"))
            })
            .filter_map(|value| Mount::parse(value).ok())
            .filter(|m| m.kind == MountType::Cache)
            .filter_map(|m| m.target)
            .collect();
        if cached.is_empty() {
            continue;
        }
        let has = |frag: &str| cached.iter().any(|t| t.contains(frag));
        // Asked once per RUN, not once per command: the mounts are the same for each.
        let (pip, npm, apk, apt) = (has(".cache/pip"), has(".npm"), has("/var/cache/apk"), has("/var/cache/apt"));
        let mut edits = Vec::new();
        let mut what: Option<String> = None;
        for cmd in instr.commands() {
            if pip && is_pip_install(cmd) {
                for w in cmd.args.iter().filter(|w| w.text == "--no-cache-dir") {
                    let mut start = w.span.start;
                    while start > 0 && matches!(source.as_bytes()[start - 1], b' ' | b'\t') {
                        start -= 1;
                    }
                    edits.push(Edit::delete(start..w.span.end));
                    what.get_or_insert_with(|| "pip's `--no-cache-dir`".to_string());
                }
            }
            if npm && cmd.is("npm") && cmd.has_arg("cache") && cmd.has_arg("clean") {
                what.get_or_insert_with(|| "`npm cache clean`".to_string());
            }
            if apk && cmd.is("apk") && cmd.has_arg("--no-cache") {
                what.get_or_insert_with(|| "`apk --no-cache`".to_string());
            }
            if apt && (cmd.is("apt-get") || cmd.is("apt")) && cmd.has_arg("clean") {
                what.get_or_insert_with(|| "`apt-get clean`".to_string());
            }
            if cmd.is("rm") {
                if let Some(t) = cached.iter().find(|t| {
                    cmd.arg_texts().any(|a| {
                        let a = a.trim_end_matches("/*").trim_end_matches('/');
                        !a.is_empty() && (a == t.trim_end_matches('/') || a == t.replacen("/root", "~", 1))
                    })
                }) {
                    what.get_or_insert_with(|| format!("`rm` of the mounted `{t}`"));
                }
            }
        }
        if instr.text.contains("PIP_NO_CACHE_DIR=1") && pip {
            what.get_or_insert_with(|| "`PIP_NO_CACHE_DIR`".to_string());
        }
        if let Some(what) = what {
            let finding = ck.report(instr, format!("This `RUN` mounts a cache and disables it with {what}: the mount does nothing"));
            if !edits.is_empty() {
                finding.add_fix(Fix::safe("Remove `--no-cache-dir`", edits));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
        "FROM python:3\nRUN pip install --no-cache-dir -r r.txt\n",
    ],
    fail: &[
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r r.txt\n",
        "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x && apt-get clean\n",
        "FROM node:22\nRUN --mount=type=cache,target=/root/.npm npm ci && rm -rf /root/.npm\n",
    ],
    fix: &[(
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r r.txt\n",
        "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\n",
    )],
};
