//! Running the built `stagecraft` binary and giving it files, for the CLI tests.

use std::path::PathBuf;
use std::process::Command;

/// Runs `stagecraft` with `args`: (exit status, stdout, stderr).
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
