//! The command line's shape: every subcommand, flag and example, declared once with clap's
//! derive. `--help`, `--version`, usage errors, completions and the man page all come from it.

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands;

const EXAMPLES: &str = "\
Examples:
  stagecraft lint Dockerfile                       findings, hadolint-compatible exit status
  stagecraft lint --fix Dockerfile                 apply the safe fixes in place
  stagecraft estimate Dockerfile                   image size per layer, before building
  stagecraft cache --changed deps Dockerfile       what a dependency change rebuilds
  stagecraft parse --format json Dockerfile        the instructions, as BuildKit sees them
  stagecraft rewrite --format diff Dockerfile      the step-by-step rewrite, as a diff
  cat Dockerfile | stagecraft lint -               any command reads standard input as `-`

Each command has its own help: stagecraft lint --help";

/// Stagecraft for terminals and CI: lint Dockerfiles, size images and plan rebuilds
/// before building anything
#[derive(Debug, Parser)]
#[command(
    name = "stagecraft",
    version,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles: hadolint's rules, formats, config and exit status, plus fixes
    Lint(commands::lint::Args),
    /// Estimate the image size per layer and in total, before building
    Estimate(commands::estimate::Args),
    /// Show which layers a change rebuilds and which come from the build cache
    Cache(commands::cache::Args),
    /// Print the instructions the parser found, with their lines (or BuildKit-shaped JSON)
    Parse(commands::parse::Args),
    /// List the lint rules, or print one rule's documentation
    Rules(commands::rules::Args),
    /// Walk a Dockerfile to a slim, non-root, multi-stage build, one explained step at a time
    Rewrite(commands::rewrite::Args),
}

/// The whole command line as a `clap::Command`, for completions, the man page and tests.
pub fn command() -> clap::Command {
    Cli::command()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_definitions_are_consistent() {
        // clap's own checks: no duplicate flags, valid defaults, required groups.
        super::command().debug_assert();
    }
}
