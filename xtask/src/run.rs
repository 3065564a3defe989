//! Running child processes from the project root, and reading test counts from their output.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (the parent of `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// A command rooted at the project root.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(project_root());
    command
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command`, inheriting the terminal, and fails on a non-zero exit.
pub fn status(command: &mut Command) -> Result<(), String> {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `command` and returns its standard output, trimmed; `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Test counts read from a runner's closing lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

/// Reads counts from one line of libtest (`test result: ok. 3 passed; 0 failed; 1 ignored`)
/// or of node's test runner (`# pass 3`, `# fail 0`, `# skipped 0`).
pub fn counts_in_line(line: &str) -> Option<Counts> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("test result: ") {
        let mut counts = Counts::default();
        for part in rest.split([';', '.']) {
            let mut words = part.split_whitespace();
            let (Some(number), Some(label)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(number) = number.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => counts.passed = number,
                "failed" => counts.failed = number,
                "ignored" => counts.ignored = number,
                _ => {}
            }
        }
        return Some(counts);
    }
    let mut words = line.split_whitespace();
    if words.next() != Some("#") {
        return None;
    }
    let label = words.next()?;
    let number = words.next()?.parse::<u64>().ok()?;
    match label {
        "pass" => Some(Counts {
            passed: number,
            ..Counts::default()
        }),
        "fail" => Some(Counts {
            failed: number,
            ..Counts::default()
        }),
        "skipped" | "todo" => Some(Counts {
            ignored: number,
            ..Counts::default()
        }),
        _ => None,
    }
}

/// Runs `command`, echoing its output as it comes, and adds up the test counts it prints.
/// Fails on a non-zero exit.
pub fn counted(command: &mut Command) -> Result<Counts, String> {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut total = Counts::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            println!("{line}");
            if let Some(counts) = counts_in_line(&line) {
                total.add(counts);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    if status.success() {
        Ok(total)
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summary() {
        let counts = counts_in_line(
            "test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        assert_eq!(
            counts,
            Some(Counts {
                passed: 12,
                failed: 0,
                ignored: 2
            })
        );
    }

    #[test]
    fn reads_node_test_runner_summary() {
        assert_eq!(counts_in_line("# pass 4").map(|c| c.passed), Some(4));
        assert_eq!(counts_in_line("# fail 1").map(|c| c.failed), Some(1));
        assert_eq!(counts_in_line("# tests 5"), None);
        assert_eq!(counts_in_line("ok 1 - loads"), None);
    }
}
