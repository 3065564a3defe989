use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::copies_whole_context;
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
    let sub = cmd.subcommand().unwrap_or("");
    let name = cmd.program();
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

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let mut whole_copy: Option<&crate::lint::Instr> = None;
        let mut installed_before: Vec<&str> = Vec::new();
        let mut reported: Vec<&str> = Vec::new();
        for instr in &model.instructions[stage.instructions.clone()] {
            if copies_whole_context(instr) && whole_copy.is_none() {
                whole_copy = Some(instr);
                continue;
            }
            if instr.kind != Kind::Run {
                continue;
            }
            for cmd in instr.commands() {
                let Some((ecosystem, manifest)) = dependency_install(cmd) else { continue };
                match whole_copy {
                    None => installed_before.push(ecosystem),
                    Some(copy) if !installed_before.contains(&ecosystem) && !reported.contains(&ecosystem) => {
                        reported.push(ecosystem);
                        let related = ck.related(copy.span.clone(), "the whole build context is copied here");
                        let first = manifest.split(' ').next().unwrap_or(manifest);
                        let finding = ck.report(
                            instr,
                            format!("Dependencies are installed after `COPY . .`, so every code change reinstalls them; copy `{first}` first and install before copying the rest"),
                        );
                        finding.related.push(related);
                        finding.fixes.push(Fix::display_only(
                            format!("Before `COPY . .`: `COPY {manifest} ./` and this `RUN`"),
                            vec![],
                        ));
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
