//! `curl` and `wget`: downloaded files, and installer scripts piped into a shell.

use crate::size::run::RunScan;
use crate::size::stage::join_path;
use crate::size::steps::Word;
use crate::size::walk::Model;

impl Model<'_> {
    pub(in crate::size) fn download(
        &mut self,
        words: &[Word],
        into_shell: bool,
        piped: bool,
        run: &mut RunScan,
    ) {
        let workdir = self.state().workdir.clone();
        if into_shell && words.iter().any(|w| w.contains("rustup")) {
            run.parts.push(
                self.heuristic_part("rust-toolchain")
                    .note("rustup installs a whole Rust toolchain")
                    .path("/root/.rustup")
                    .output("the Rust toolchain")
                    .seconds(self.duration("rust-toolchain-install")),
            );
            return;
        }
        if into_shell {
            run.parts.push(
                self.heuristic_part("curl-pipe-shell")
                    .note("a downloaded script runs here: what it installs is unknown, so the range is wide")
                    .path("/usr/local")
                    .seconds(self.duration("curl-pipe-shell")),
            );
            return;
        }
        let output = words
            .iter()
            .position(|w| w == "-o" || w == "-O" || w == "--output" || w == "--output-document")
            .and_then(|i| words.get(i + 1))
            .filter(|w| !w.starts_with("http") && *w != "-");
        let remote_name =
            words.iter().any(|w| w == "-O" || w == "--remote-name") && words[0].ends_with("curl");
        let path = match output {
            Some(o) => join_path(&workdir, o),
            None if words[0].ends_with("wget") || remote_name => {
                let url = words
                    .iter()
                    .rev()
                    .find(|w| w.contains("://"))
                    .cloned()
                    .unwrap_or_default();
                join_path(&workdir, url.rsplit('/').next().unwrap_or("download"))
            }
            None if piped => {
                // `curl ... | tar -x`: only the unpacked files land.
                let mut part = self
                    .heuristic_part("download")
                    .seconds(self.duration("download"));
                part.bytes = self.k.scale("unpacked-archive-ratio", part.bytes);
                run.parts.push(
                    part.note(
                        "a download unpacked in a pipe: counted as 0.5–5× a typical download",
                    )
                    .path("/usr/local"),
                );
                return;
            }
            None => return,
        };
        let mut part = self
            .heuristic_part("download")
            .path(path)
            .seconds(self.duration("download"));
        part.group = Some("download".into());
        run.parts.push(part);
    }
}
