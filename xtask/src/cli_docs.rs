//! `cargo xtask cli-docs`: shell completions and man pages for `stagecraft`, generated from
//! the CLI's clap definitions (`stagecraft_cli::cli::command`), so they never drift from
//! what the binary accepts. Written to `target/cli-docs/` (or `--out DIR`), not checked in.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

use crate::run::project_root;

pub fn run(args: &[String]) -> Result<(), String> {
    let out = match args {
        [] => project_root().join("target").join("cli-docs"),
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask cli-docs [--out DIR]".into()),
    };
    let written = generate(&out)?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

/// Writes `completions/` (bash, zsh, fish, PowerShell, elvish) and `man/` (stagecraft.1 and
/// one page per subcommand) under `out`; returns every file written.
pub fn generate(out: &Path) -> Result<Vec<PathBuf>, String> {
    let completions = out.join("completions");
    let man = out.join("man");
    for dir in [&completions, &man] {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    let mut written = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut command = stagecraft_cli::cli::command();
        let path = clap_complete::generate_to(shell, &mut command, "stagecraft", &completions)
            .map_err(|e| format!("writing {shell} completions: {e}"))?;
        written.push(path);
    }
    let command = stagecraft_cli::cli::command();
    clap_mangen::generate_to(command, &man)
        .map_err(|e| format!("writing man pages into {}: {e}", man.display()))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&man)
        .map_err(|e| format!("reading {}: {e}", man.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    pages.sort();
    written.extend(pages);
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn completions_and_man_pages_name_every_command_and_flag() {
        let out = std::env::temp_dir().join(format!("stagecraft-cli-docs-{}", std::process::id()));
        let written = super::generate(&out).unwrap();
        let read = |name: &str| {
            let path = written
                .iter()
                .find(|p| p.file_name().is_some_and(|n| n == name))
                .unwrap_or_else(|| panic!("{name} in {written:?}"));
            std::fs::read_to_string(path).unwrap()
        };
        let bash = read("stagecraft.bash");
        for word in [
            "lint",
            "estimate",
            "cache",
            "parse",
            "rules",
            "--failure-threshold",
            "--changed",
        ] {
            assert!(bash.contains(word), "bash completion offers {word}");
        }
        assert!(read("_stagecraft").contains("--trusted-registry"));
        assert!(read("stagecraft.fish").contains("require-label"));
        let man = read("stagecraft.1");
        assert!(
            man.starts_with(".ie") || man.contains(".TH stagecraft"),
            "{man}"
        );
        assert!(read("stagecraft-lint.1").contains("failure\\-threshold"));
        let _ = std::fs::remove_dir_all(&out);
    }
}
