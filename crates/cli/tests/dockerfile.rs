//! Our own container image (`Dockerfile` at the repository root) passes our own lint with
//! no finding at all, and the size its comment states is what `stagecraft estimate` gives.

mod common;

use std::path::PathBuf;

use common::{stagecraft_with, Run};

fn root_dockerfile() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../Dockerfile")
}

#[test]
fn our_dockerfile_is_lint_clean() {
    let path = root_dockerfile();
    let p = path.to_str().unwrap();
    // The default threshold, and no finding even at `style`.
    let (code, out, err) = stagecraft_with(&["lint", p], Run::default());
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = stagecraft_with(
        &["lint", "--failure-threshold", "style", "-f", "json", p],
        Run::default(),
    );
    assert_eq!((code, out.trim()), (0, "[]"));
}

#[test]
fn its_comment_states_our_estimate() {
    let path = root_dockerfile();
    let text = std::fs::read_to_string(&path).unwrap();
    let stated = text
        .lines()
        .find_map(|l| l.strip_prefix("# Stagecraft's own estimate of this image: "))
        .expect("a comment with the estimate")
        .split(" (crates/")
        .next()
        .unwrap();
    let (code, out, err) = stagecraft_with(&["estimate", path.to_str().unwrap()], Run::default());
    assert_eq!(code, 0, "{err}");
    // `image (stage 1): 2.20 MB (1.57 MB–22.6 MB) on disk, about ... to download`
    let last = out
        .lines()
        .rev()
        .find(|l| l.starts_with("image ("))
        .unwrap();
    let estimate = last
        .split_once("): ")
        .and_then(|(_, rest)| rest.split_once(" on disk"))
        .map(|(size, _)| size)
        .unwrap();
    assert_eq!(
        stated, estimate,
        "update the Dockerfile's comment to the estimate: {last}"
    );
    // The image is the distroless stage, not the toolchain.
    assert!(last.contains("stage 1"), "{last}");
}
