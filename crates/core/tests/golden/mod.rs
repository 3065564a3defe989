//! The rewrite engine's golden inputs (`tests/rewrite/<name>.before.Dockerfile` and the files
//! written beside it), read the same way by every test that walks them.

use std::path::PathBuf;

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/rewrite")
}

/// One golden input: its name, its Dockerfile, and the files beside it by extension.
pub struct Golden {
    pub name: String,
    pub dockerfile: String,
}

impl Golden {
    /// `<name>.<ext>` beside the Dockerfile (`requirements.txt`, `package.json`...).
    pub fn beside(&self, ext: &str) -> Option<String> {
        std::fs::read_to_string(dir().join(format!("{}.{ext}", self.name))).ok()
    }
}

/// Every golden input, by name.
pub fn inputs() -> Vec<Golden> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".before.Dockerfile") else {
            continue;
        };
        out.push(Golden {
            name: name.to_string(),
            dockerfile: std::fs::read_to_string(&path).unwrap(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
