//! Reading a Dockerfile from a path or standard input.

use std::io::Read;

/// Reads `path`, or standard input for `-`. Invalid UTF-8 is replaced, not rejected, so a
/// stray byte still gets a line-and-column message from the parser instead of a refusal.
pub fn read_dockerfile(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("stagecraft: reading standard input: {e}"))?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| format!("stagecraft: {path}: {e}"))
}
