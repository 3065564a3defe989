use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::parse_platform;
use crate::lint::Checker;
use crate::size::image_ref::image_os;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM --platform=os/arch` whose base image cannot exist for that operating
    /// system: a Windows image (`mcr.microsoft.com/windows/...`, tags with `nanoserver`,
    /// `windowsservercore` or `ltsc`) asked for as `linux/...`, or a Linux-only image
    /// (`alpine`, `debian`, `ubuntu`... or tags such as `-alpine`, `-slim`, `-bookworm`)
    /// asked for as `windows/...`. This is the part of BuildKit's
    /// `InvalidBaseImagePlatform` check that can be known without a registry.
    ///
    /// BuildKit compares the platform of the image it actually pulled with the platform
    /// asked for. Which architectures an image is published for is only known to its
    /// registry, so Stagecraft reports nothing for architecture mismatches, for images it
    /// cannot place, or when the platform comes from a variable.
    ///
    /// ## Why is this bad?
    /// The build either fails to pull the image or gets an image for another platform,
    /// whose programs cannot run in the stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore:ltsc2022
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=windows/amd64 mcr.microsoft.com/windows/servercore:ltsc2022
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: either the platform or the image is wrong, and only you know
    /// which.
    RULE = {
        code: "InvalidBaseImagePlatform",
        name: "invalid-base-image-platform",
        severity: Warning,
        category: Correctness,
        hadolint: None,
        buildkit: Some("InvalidBaseImagePlatform"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let from = &model.instructions[stage.from];
        let Some(value) = from.flag("platform").and_then(|f| f.value.as_deref()) else {
            continue;
        };
        if value.contains('$') || stage.image.resolved.contains('$') {
            continue;
        }
        let Some((wanted, _)) = parse_platform(value) else {
            continue;
        };
        let Some(actual) = image_os(&stage.image.resolved) else {
            continue;
        };
        if wanted != actual {
            let Some(base) = from.args().first() else {
                continue;
            };
            ck.report_span(
                from.line,
                base.span.clone(),
                format!(
                    "`{}` is a {actual} image, but the stage asks for platform `{value}`",
                    stage.image.resolved
                ),
            );
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM --platform=windows/amd64 mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "FROM --platform=linux/arm64 python:3.12-slim\nFROM --platform=linux/amd64 someone/tool:1\n",
        "FROM --platform=$BUILDPLATFORM alpine\nFROM alpine\n",
    ],
    fail: &[
        "FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore:ltsc2022\n",
        "FROM --platform=windows/amd64 node:22-alpine\n",
        "FROM --platform=windows/amd64 ubuntu:24.04\n",
    ],
    fix: &[],
};
