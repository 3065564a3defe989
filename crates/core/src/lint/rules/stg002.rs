use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::model::Instr;
use crate::lint::rules::common::{copies_whole_context, stage_chain};
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a dependency install (`pip install -r`, `npm install`/`ci`, `yarn install`,
    /// `pnpm install`, `go mod download`, `poetry install`, `pipenv install`, `uv sync`,
    /// `bundle install`, `composer install`, `mvn dependency:go-offline`) that comes after
    /// the whole build context was copied (`COPY . .`), when the same stage did not already
    /// install dependencies before that copy.
    ///
    /// ## Why is this bad?
    /// Docker reuses a layer only while everything before it is unchanged. After
    /// `COPY . .`, any edit to any file invalidates the cache, so every code change
    /// downloads and installs all dependencies again. `stagecraft cache --changed code` (the
    /// Rebuilds tab on the page) shows what that costs in this file, in megabytes and seconds.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR /app
    /// COPY . .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /app
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// COPY . .
    /// ```
    ///
    /// The message quotes the whole-context copy as the file writes it, and the suggested
    /// lines come from this file's paths: the copy's source and destination, the WORKDIR at
    /// the copy and at the install, a `cd` earlier in the same `RUN`, and `-r PATH`, so the
    /// manifest lands where the install reads it (`ADD . /code` + `cd /code && pip install -r
    /// requirements.txt` → `COPY requirements.txt /code/`).
    ///
    /// ## Fix safety
    /// Display-only: the finding shows which manifest to copy first; moving the lines is
    /// left to you because installs sometimes need more files than the manifest.
    RULE = {
        code: "STG002",
        name: "install-after-copy-all",
        severity: Warning,
        category: BuildSpeed,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

/// The ecosystem and the manifest files an install command reads, if it installs
/// dependencies.
pub(crate) fn dependency_install(cmd: &Command) -> Option<(&'static str, &'static str)> {
    let name = cmd.program();
    // Every program matched below starts with one of these bytes: most commands (`apt-get`,
    // `echo`, `rm`) are passed over before their subcommand is looked for. (A program added
    // below must add its first byte here.)
    if !name
        .bytes()
        .next()
        .is_some_and(|b| matches!(b, b'b' | b'c' | b'g' | b'm' | b'n' | b'p' | b'u' | b'y' | b'.'))
    {
        return None;
    }
    let sub = cmd.subcommand().unwrap_or("");
    let pip = (name.starts_with("pip") && !name.starts_with("pipx") && !name.starts_with("pipenv") && sub == "install")
        || (name.starts_with("python") && cmd.has_args_in_order(&["-m", "pip", "install"]));
    if pip && (cmd.has_arg("-r") || cmd.has_arg("--requirement") || cmd.arg_texts().any(|a| a.starts_with("--requirement="))) {
        return Some(("python", "requirements.txt"));
    }
    Some(match (name, sub) {
        ("npm", "install" | "i" | "ci") if cmd.args_no_flags().len() == 1 => ("node", "package.json package-lock.json"),
        ("yarn", "install") | ("yarn", "") => ("node", "package.json yarn.lock"),
        ("pnpm", "install" | "i") => ("node", "package.json pnpm-lock.yaml"),
        ("go", "mod") if cmd.has_arg("download") => ("go", "go.mod go.sum"),
        ("poetry", "install") => ("python", "pyproject.toml poetry.lock"),
        ("pipenv", "install") => ("python", "Pipfile Pipfile.lock"),
        ("uv", "sync") => ("python", "pyproject.toml uv.lock"),
        ("uv", "pip") if cmd.has_arg("install") && cmd.has_arg("-r") => ("python", "requirements.txt"),
        ("bundle", "install") | ("bundle", "") => ("ruby", "Gemfile Gemfile.lock"),
        ("composer", "install") => ("php", "composer.json composer.lock"),
        ("mvn" | "mvnw" | "./mvnw", _) if cmd.arg_texts().any(|a| a.starts_with("dependency:")) => ("java", "pom.xml"),
        _ => return None,
    })
}

/// `dir` joined with `path` as the shell and WORKDIR do: an absolute path replaces it. `""`
/// stands for the base image's own working directory, which the file does not say.
fn join(dir: &str, path: &str) -> String {
    // The parts of `dir/path`, `.` and `..` resolved, written straight into the result: a
    // joined copy, a list of parts and their join were four allocations per call.
    let head = if path.starts_with('/') || dir.is_empty() {
        None
    } else {
        Some(dir.trim_end_matches('/'))
    };
    let absolute = head.map_or(path.starts_with('/'), |h| h.is_empty() || h.starts_with('/'));
    let mut out = String::with_capacity(head.map_or(0, str::len) + path.len() + 1);
    if absolute {
        out.push('/');
    }
    let base = out.len();
    // The parts cut at `/` bytes (ASCII, so each cut is a character boundary), where a
    // `char` splitter cost more to set up than these short paths take to read.
    for part in head.into_iter().flat_map(parts).chain(parts(path)) {
        match part {
            "" | "." => {}
            ".." => {
                // The last part goes, with the `/` before it when it has one.
                let cut = out[base..].rfind('/').map_or(base, |at| base + at);
                out.truncate(cut);
            }
            p => {
                if out.len() > base {
                    out.push('/');
                }
                out.push_str(p);
            }
        }
    }
    out
}

/// `path` relative to `dir` (`""` when they are the same), if it is inside it.
/// `path`'s parts between `/`s (empty ones too), as `path.split('/')` gives them.
fn parts(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == b'/') {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

fn inside(path: &str, dir: &str) -> Option<String> {
    if path == dir {
        return Some(String::new());
    }
    if dir.is_empty() {
        // Relative paths are under the base image's directory; absolute ones cannot be placed.
        return (!path.starts_with('/')).then(|| path.to_string());
    }
    path.strip_prefix(dir.trim_end_matches('/'))
        .and_then(|rest| rest.strip_prefix('/'))
        .map(str::to_string)
}

/// The working directories before instructions `at` of `stage` (indexes into the model's
/// instructions), following WORKDIR through the stages it builds on; `None` once a WORKDIR
/// uses a variable. Walked for the instructions asked about, where a map of every
/// instruction's directory cost a copy of the directory per instruction.
fn workdirs_at<const N: usize>(
    model: &crate::lint::Model,
    stage: usize,
    at: [usize; N],
) -> [Option<String>; N] {
    let mut out = [const { None }; N];
    let mut dir = Some(String::new());
    for &s in stage_chain(model, stage).iter().rev() {
        for index in model.stages[s].instructions.clone() {
            for (slot, &wanted) in out.iter_mut().zip(&at) {
                if wanted == index {
                    slot.clone_from(&dir);
                }
            }
            let instr = &model.instructions[index];
            if instr.kind == Kind::Workdir {
                dir = match (dir, instr.args().first()) {
                    (Some(d), Some(w)) if !w.text.contains('$') => Some(join(&d, &w.text)),
                    _ => None,
                };
            }
        }
    }
    out
}

/// The line as the file writes it, on one line.
fn as_written(model: &crate::lint::Model, instr: &Instr) -> String {
    let text = &model.source[instr.keyword.span.start..instr.span.end];
    // Written into one string, where a list of the words and their join were two.
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Each of `items` in backquotes, joined by `sep`: written into one string, where a quoted
/// copy of each and their join were an allocation per item.
fn quoted<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    // Sized ahead: grown push by push, the string was copied several times.
    let len: usize = items.iter().map(|i| i.as_ref().len() + 2).sum();
    let mut out = String::with_capacity(len + sep.len() * items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push('`');
        out.push_str(item.as_ref());
        out.push('`');
    }
    out
}

/// Where the install reads its manifests: the `-r PATH` values of a pip install, else the
/// ecosystem's manifest names; each relative to the install's directory. Borrowed, not
/// copied.
fn manifest_paths<'c>(cmd: &'c Command, manifest: &'static str) -> Vec<&'c str> {
    let from_r = cmd.flag_values(Some("r"), Some("requirement"));
    if !from_r.is_empty() {
        return from_r;
    }
    manifest.split(' ').collect()
}

/// What to write before the whole-context copy so the install runs first, built from this
/// file's paths: `(lines, the context paths to copy)`, or `None` when a path uses a variable
/// or the manifest is not under the copy's destination.
fn suggestion(
    copy: &Instr,
    copy_dir: &str,
    run_dir: &str,
    cd: Option<&str>,
    manifests: &[&str],
) -> Option<(Vec<String>, Vec<String>)> {
    let dest = copy.args().last()?;
    if dest.text.contains('$') || manifests.iter().any(|m| m.contains('$')) {
        return None;
    }
    let dest_abs = join(copy_dir, &dest.text);
    let install_dir = cd.map_or(run_dir.to_string(), |c| join(run_dir, c));
    let mut lines = Vec::new();
    // The RUN keeps its own working directory: without a `cd` it needs the WORKDIR it had.
    let block_dir = if cd.is_none() && run_dir != copy_dir {
        if run_dir.is_empty() {
            return None;
        }
        // Joined, not formatted, as the texts below: the formatting machinery cost more than
        // the copies.
        lines.push(["WORKDIR ", run_dir].concat());
        run_dir.to_string()
    } else {
        copy_dir.to_string()
    };
    let mut sources = Vec::new();
    let mut target_dirs = Vec::new();
    for manifest in manifests {
        let absolute = join(&install_dir, manifest);
        let in_context = inside(&absolute, &dest_abs).filter(|p| !p.is_empty())?;
        // Cut at the last `/`, found as a byte.
        let dir = absolute.bytes().rposition(|b| b == b'/').map_or(String::new(), |at| absolute[..at].to_string());
        let dir = if dir.is_empty() && absolute.starts_with('/') { "/".to_string() } else { dir };
        sources.push(in_context);
        target_dirs.push(dir);
    }
    target_dirs.dedup();
    let [target] = &target_dirs[..] else { return None };
    let target = match inside(target, &block_dir) {
        Some(rel) if rel.is_empty() => "./".to_string(),
        Some(mut rel) => {
            rel.push('/');
            rel
        }
        None if target.starts_with('/') => [target.trim_end_matches('/'), "/"].concat(),
        None => return None,
    };
    let flags: String = copy
        .flags
        .iter()
        .filter(|f| matches!(f.name.as_str(), "chown" | "chmod"))
        .filter_map(|f| f.value.as_ref().map(|v| format!("--{}={v} ", f.name)))
        .collect();
    lines.push(["COPY ", &flags, &sources.join(" "), " ", &target].concat());
    Some((lines, sources))
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let own = &model.instructions[stage.instructions.clone()];
        // Only an install after a copy of the whole context is reported: a stage without
        // such a copy (most) has nothing to report, and its scripts are not read. The kind
        // is asked first: most instructions are no COPY or ADD, and a call each was most of
        // this search.
        let Some(first_copy) = own
            .iter()
            .position(|i| matches!(i.kind, Kind::Copy | Kind::Add) && copies_whole_context(i))
        else {
            continue;
        };
        let mut whole_copy: Option<(usize, &Instr)> = None;
        let mut installed_before: Vec<&str> = Vec::new();
        let mut reported: Vec<&str> = Vec::new();
        for (at, instr) in own.iter().enumerate() {
            let index = stage.instructions.start + at;
            // The first copy of the whole context, found above.
            if at == first_copy {
                whole_copy = Some((index, instr));
                continue;
            }
            if instr.kind != Kind::Run {
                continue;
            }
            let mut cd: Option<String> = None;
            for cmd in instr.commands() {
                if cmd.is("cd") {
                    cd = cmd.args.first().map(|a| match &cd {
                        Some(prev) => join(prev, &a.text),
                        None => a.text.as_str().to_owned(),
                    });
                    continue;
                }
                let Some((ecosystem, manifest)) = dependency_install(cmd) else { continue };
                match whole_copy {
                    None => installed_before.push(ecosystem),
                    Some((copy_index, copy)) if !installed_before.contains(&ecosystem) && !reported.contains(&ecosystem) => {
                        reported.push(ecosystem);
                        let copy_line = as_written(model, copy);
                        let related = ck.related(copy.span.clone(), "the whole build context is copied here");
                        let paths = manifest_paths(cmd, manifest);
                        // Read only for a stage with a finding: following every stage's
                        // chain would make a file of thousands of chained stages quadratic.
                        let built = match workdirs_at(model, stage.index, [copy_index, index]) {
                            [Some(copy_dir), Some(run_dir)] => {
                                suggestion(copy, &copy_dir, &run_dir, cd.as_deref(), &paths)
                            }
                            _ => None,
                        };
                        let (message, title) = match built {
                            Some((lines, sources)) => (
                                format!(
                                    "Dependencies are installed after `{copy_line}` (line {}), so every code change reinstalls them; copy {} first and install before copying the rest",
                                    copy.line,
                                    quoted(&sources, " and ")
                                ),
                                ["Before `", &copy_line, "`: ", &quoted(&lines, ", "), ", then this `RUN`"].concat(),
                            ),
                            None => (
                                format!(
                                    "Dependencies are installed after `{copy_line}` (line {}), so every code change reinstalls them; copy the file the install reads ({}) first and install before copying the rest",
                                    copy.line,
                                    quoted(&paths, ", ")
                                ),
                                [
                                    "Before `",
                                    &copy_line,
                                    "`: copy ",
                                    &paths.join(" "),
                                    " to where this `RUN` reads it, then this `RUN`",
                                ]
                                .concat(),
                            ),
                        };
                        let finding = ck.report(instr, message);
                        finding.related.push(related);
                        finding.add_fix(Fix::display_only(title, vec![]));
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install --no-deps -e .\n",
        "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
    ],
    fail: &[
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\n",
        "FROM golang:1.22\nWORKDIR /src\nADD . .\nRUN go mod download && go build ./...\n",
    ],
    fix: &[],
};

#[cfg(test)]
mod tests {
    use super::{join, parts};

    #[test]
    fn parts_are_the_split_at_slashes() {
        for path in ["", "/", "//", "a", "/a", "a/", "/app/src/", "a//b", "./x/../y", "é/ü"] {
            assert_eq!(parts(path).collect::<Vec<_>>(), path.split('/').collect::<Vec<_>>(), "{path:?}");
        }
        assert_eq!(join("/app", "src/../lib/"), "/app/lib");
        assert_eq!(join("", "a/./b"), "a/b");
        assert_eq!(join("/app", "/srv"), "/srv");
    }
}
