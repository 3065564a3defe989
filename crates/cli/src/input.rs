//! Reading Dockerfiles from paths or standard input (`-`).

use std::io::Read;

/// One Dockerfile as read: the path as given (`-` for standard input) and its text.
pub struct Input {
    pub path: String,
    pub text: String,
}

/// Reads `path`, or standard input for `-`. Invalid UTF-8 is replaced, not rejected, so a
/// stray byte still gets a line-and-column message from the parser instead of a refusal.
pub fn read_dockerfile(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            format!("stagecraft: reading standard input failed ({e}); nothing was checked")
        })?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| {
            format!("stagecraft: cannot read {path} ({e}); nothing was checked. Check the path.")
        })
}

/// Reads every file before anything is printed, so a wrong path stops the run without half
/// an output. Standard input can be read once only.
pub fn read_all(paths: &[String]) -> Result<Vec<Input>, String> {
    if paths.iter().filter(|p| p.as_str() == "-").count() > 1 {
        return Err(
            "stagecraft: `-` (standard input) is named more than once, but it can be read only once; nothing was checked. Name it once."
                .into(),
        );
    }
    paths
        .iter()
        .map(|path| {
            Ok(Input {
                path: path.clone(),
                text: read_dockerfile(path)?,
            })
        })
        .collect()
}
