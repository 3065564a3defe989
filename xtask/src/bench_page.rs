//! `cargo xtask bench-page`: the release site's load time and edit latency in Chromium,
//! measured by a script (`tests/e2e/bench-page.mjs`), after a release build.

use crate::run::{command, project_root, status};
use crate::{dist, tools};

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask bench-page".into());
    }
    dist::ensure_tools()?;
    tools::ensure_chromium()?;
    dist::build_release(None)?;
    status(
        command("node")
            .arg("tests/e2e/bench-page.mjs")
            .env("PATH", tools::tool_path())
            .env("STAGECRAFT_DIST", project_root().join("dist")),
    )
}
