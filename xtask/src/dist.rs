//! `cargo xtask dist`: the release build, optimised by wasm-opt, and what each file weighs.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::run::{command, project_root, status};
use crate::tools;

pub fn run(args: &[String]) -> Result<(), String> {
    let public_url = match args {
        [] => None,
        [flag, url] if flag == "--public-url" => Some(url.as_str()),
        _ => return Err("usage: cargo xtask dist [--public-url /sub/path/]".into()),
    };
    ensure_tools()?;
    build_release(public_url)?;
    print_sizes(&project_root().join("dist"))
}

/// Everything a release build needs.
pub fn ensure_tools() -> Result<(), String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_trunk()?;
    tools::ensure_editor_bundle()?;
    tools::fetch_crates()
}

/// `trunk build --release`: wasm-opt runs because index.html asks for it (`data-wasm-opt`),
/// and Trunk minifies the page and the stylesheet (`Trunk.toml`). Then `js/minify-dist.mjs`
/// minifies the scripts Trunk copies as they are (the wasm-bindgen glue, the JS snippets, the
/// offline worker) and puts their new digests into index.html's integrity attributes.
pub fn build_release(public_url: Option<&str>) -> Result<(), String> {
    forget_old_snippets("release")?;
    let mut trunk = command("trunk");
    trunk.args(["build", "--release", "--offline"]);
    if let Some(url) = public_url {
        trunk.args(["--public-url", url]);
    }
    status(trunk.env("PATH", tools::tool_path()))?;
    let root = project_root();
    status(
        command("node")
            .arg(root.join("js").join("minify-dist.mjs"))
            .arg(root.join("dist"))
            .env("PATH", tools::tool_path()),
    )
}

/// wasm-bindgen writes the JS snippets into `target/wasm-bindgen/<profile>/snippets` and never
/// removes one the app stopped using; Trunk copies the whole folder into `dist/` and preloads
/// every file in it, so a stale snippet (CodeMirror was one: 118 KB gzip) would be downloaded
/// on every first visit. The folder is rebuilt from scratch instead.
pub fn forget_old_snippets(profile: &str) -> Result<(), String> {
    let snippets = project_root()
        .join("target/wasm-bindgen")
        .join(profile)
        .join("snippets");
    match std::fs::remove_dir_all(&snippets) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("removing {}: {e}", snippets.display())),
    }
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files_under(&path, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .map(|out| out.len())
        .unwrap_or(0)
}

fn print_sizes(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    files_under(dist, &mut files)?;
    files.sort();
    println!("{:<48} {:>12} {:>12}", "file", "bytes", "gzip -9");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let gzip = gzip_len(&bytes);
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        println!("{name:<48} {:>12} {:>12}", bytes.len(), gzip);
        raw_total += bytes.len();
        gzip_total += gzip;
    }
    println!("{:<48} {raw_total:>12} {gzip_total:>12}", "total");
    Ok(())
}
