//! Where Stagecraft's findings differ from hadolint 2.15.1 on purpose, one test per reason.
//! Each names the case and says why our answer is the right one.

use stagecraft_core::lint::lint;

fn codes(source: &str, code: &str) -> Vec<usize> {
    lint(source)
        .into_iter()
        .filter(|f| f.code == code)
        .map(|f| f.line)
        .collect()
}

/// hadolint reports DL3042 when the cache mount covers `~/.cache` rather than
/// `~/.cache/pip` (its check looks for the text `.cache/pip`; see hadolint issues #497 and
/// #983 on cache mounts). pip's cache lives under the mount either way, so nothing reaches
/// the image.
#[test]
fn dl3042_cache_mount_on_the_parent_cache_directory() {
    let source = "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache \\\n    pip install -r requirements.txt\n";
    assert!(codes(source, "DL3042").is_empty());
    // Without the mount it is still reported.
    assert_eq!(
        codes(
            "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
            "DL3042"
        ),
        [2]
    );
}

/// `CMD [ "\/usr\\\"/bin/znc", "-f", "-r" ]` (moby's parser test file `escapes`, twice in
/// the corpus) is valid JSON — `\/` is a JSON escape — and BuildKit's own parser reads it
/// as exec form (see `buildkit.jsonl`). hadolint's JSON reader rejects it and reports
/// DL3025; we do not.
#[test]
fn dl3025_json_with_escaped_slash_is_exec_form() {
    let source = "FROM ubuntu:14.04\nCMD [ \"\\/usr\\\\\\\"/bin/znc\", \"-f\", \"-r\" ]\n";
    assert!(codes(source, "DL3025").is_empty());
}

/// hadolint stops with DL1000 on a `#` comment right after a heredoc terminator (three
/// docker/awesome-compose files) and then reports nothing else. BuildKit accepts these
/// files, and so do we: the rest of the file is still linted.
#[test]
fn comment_after_heredoc_terminator_does_not_stop_linting() {
    let source = "FROM php:8-apache\nRUN <<EOF\napt-get update\nEOF\n# install the extension\nRUN apt-get install -y libzip-dev\n";
    assert!(codes(source, "DL1000").is_empty());
    assert_eq!(codes(source, "DL3008"), [6]);
    // The heredoc body is a script: `apt-get update` without removing the lists is seen.
    assert_eq!(codes(source, "DL3009"), [2]);
}

/// A trailing `# comment` on a `FROM` line is not a comment; hadolint says nothing, BuildKit
/// fails the build. Stagecraft reports STG007.
#[test]
fn trailing_comment_on_from_is_reported() {
    assert_eq!(codes("FROM python:3.12  # base image\n", "STG007"), [1]);
}
