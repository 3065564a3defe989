use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::common::stage_instructions;
use crate::lint::{Checker, Fix};
use crate::size::image_ref::{has_part, is_windows_written};

declare_rule! {
    /// ## What it does
    /// Reports a final stage that never sets `USER`, itself or through the stages it builds
    /// on, so the container runs as root. (An explicit `USER root` at the end of a stage is
    /// DL3002's finding.) Images whose tag says they run unprivileged (`:nonroot`,
    /// `-nonroot`, `-rootless`) and `scratch` images with no shell are not reported. On a
    /// Windows base (`mcr.microsoft.com/windows/...`, a `nanoserver` or `ltsc2022` tag) the
    /// container runs as `ContainerAdministrator`, and the message points to the
    /// `ContainerUser` those images ship.
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container turns any vulnerability in it into
    /// root in the container, and with a misconfigured runtime or mounted socket, on the
    /// host. Kubernetes' `runAsNonRoot` refuses such images.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --create-home --uid 10001 app
    /// COPY . /app
    /// USER 10001
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: the user must exist in the image and own the files it writes.
    RULE = {
        code: "STG003",
        name: "final-stage-runs-as-root",
        severity: Warning,
        category: Security,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(last) = model.stages.last() else { return };
    // The chain walked in place (`stage_chain`'s order), not listed: a list was an
    // allocation per file, and most files have no `USER` to look for.
    let chain = || {
        std::iter::successors(Some(last.index), |&s| {
            model.parent_stage(s).filter(|&parent| parent < s)
        })
    };
    let has_user = model.has_kind(Kind::User)
        && chain().any(|s| stage_instructions(model, s).iter().any(|i| i.kind == Kind::User));
    if has_user {
        return;
    }
    let root = &model.stages[chain().last().expect("chain has the stage itself")];
    let image = &root.image.resolved;
    // Both words have `root` in them, which most images' names do not: one search then.
    let unprivileged =
        has_part(image, "root") && ["nonroot", "rootless"].iter().any(|w| has_part(image, w));
    let scratch = root.image.name == "scratch";
    if unprivileged || scratch {
        return;
    }
    // Windows images run as `ContainerAdministrator` and ship an unprivileged
    // `ContainerUser`: there is no user to create, and no `useradd` to create one with.
    if is_windows_written(&root.image.resolved, root.image.resolved_written()) {
        ck.report(
            &model.instructions[last.from],
            "The final image runs as `ContainerAdministrator` (it has no `USER` line): a process taken over through the app can change the whole container and its own code. Windows images ship an unprivileged `ContainerUser`: switch to it with `USER ContainerUser`, and give it write access (`icacls`) to the folders the app writes",
        )
        .add_fix(Fix::display_only("Add `USER ContainerUser`", vec![]));
        return;
    }
    ck.report(
        &model.instructions[last.from],
        "The final image runs as root (it has no `USER` line): a process taken over through the app can change the whole system and its own code. Create an unprivileged user in a `RUN`, then switch to it with `USER` and its name or id",
    )
    .add_fix(Fix::display_only("Add `USER 10001` (after creating that user)", vec![]));
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM python:3.12-slim\nUSER 10001\n",
        "FROM python:3.12-slim AS base\nUSER app\nFROM base\n",
        "FROM gcr.io/distroless/static-debian12:nonroot\n",
        "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /app /app\n",
    ],
    fail: &[
        "FROM python:3.12-slim\nCMD [\"python\"]\n",
        "FROM a AS b\nUSER 1\nFROM c\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD [\"mongod\"]\n",
    ],
    fix: &[],
};
