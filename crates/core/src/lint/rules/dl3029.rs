use crate::lint::registry::declare_rule;
use crate::lint::Checker;

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=...` with a fixed platform (not `$BUILDPLATFORM` or
    /// `$TARGETPLATFORM`).
    ///
    /// ## Why is this bad?
    /// A fixed platform makes the image build for that architecture on every machine: on
    /// an ARM laptop an `amd64` image runs emulated and slowly, and multi-platform builds
    /// produce the wrong binaries. BuildKit reports it as `FromPlatformFlagConstDisallowed`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 python:3.12-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    /// and pass `--platform` to `docker build` when you need one.
    ///
    /// ## Fix safety
    /// No automatic fix: a fixed platform is sometimes deliberate.
    RULE = {
        code: "DL3029",
        name: "no-fixed-platform",
        severity: Warning,
        category: Reproducibility,
        hadolint: Some("DL3029"),
        buildkit: Some("FromPlatformFlagConstDisallowed"),
        fix: None,
        check: check,
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    for stage in &model.stages {
        let instr = &model.instructions[stage.from];
        if let Some(platform) = instr.flag("platform").and_then(|f| f.value.as_deref()) {
            if !platform.contains("BUILDPLATFORM") && !platform.contains("TARGETPLATFORM") {
                let p = platform.to_string();
                ck.report(instr, format!("`FROM --platform={p}` fixes the platform for every build; leave it to `docker build --platform`"));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &["FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"],
    fail: &["FROM --platform=linux/amd64 python:3.12\n"],
    fix: &[],
};
