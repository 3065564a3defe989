//! Running the built `stagecraft` binary and giving it files, for the CLI tests.

use std::path::PathBuf;
use std::process::Command;

/// Runs `stagecraft` with `args`: (exit status, stdout, stderr).
#[allow(dead_code)] // each test binary uses its own subset
pub fn stagecraft(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .output()
        .expect("the stagecraft binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to a file called `file` in a folder of its own for test `name`.
#[allow(dead_code)] // each test binary uses its own subset
pub fn temp_named(name: &str, file: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stagecraft-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// A Dockerfile with `text` in a folder of its own for test `name`.
#[allow(dead_code)]
pub fn temp_file(name: &str, text: &str) -> PathBuf {
    temp_named(name, "Dockerfile", text)
}

/// How to run `stagecraft` beyond its arguments.
#[allow(dead_code)]
#[derive(Default)]
pub struct Run<'a> {
    pub stdin: Option<&'a str>,
    pub cwd: Option<&'a std::path::Path>,
    pub env: &'a [(&'a str, &'a str)],
}

/// Runs `stagecraft` with `args` as `how` says, with hadolint's environment variables and
/// HOME cleared first so the machine's own config cannot change the outcome.
#[allow(dead_code)]
pub fn stagecraft_with(args: &[&str], how: Run) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut command = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    command.args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("HADOLINT_") || name == "NO_COLOR" || name == "XDG_CONFIG_HOME" {
            command.env_remove(name);
        }
    }
    command.env_remove("HOME");
    command.envs(how.env.iter().copied());
    if let Some(dir) = how.cwd {
        command.current_dir(dir);
    }
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the stagecraft binary runs");
    let mut stdin = child.stdin.take().unwrap();
    // Nothing to write closes standard input at once, as `< /dev/null` would.
    let _ = stdin.write_all(how.stdin.unwrap_or("").as_bytes());
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
