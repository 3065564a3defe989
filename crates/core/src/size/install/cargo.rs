//! `cargo build` and `cargo install`: the target directory, registry and binaries.

use crate::size::run::RunScan;
use crate::size::stage::join_path;
use crate::size::steps::Word;
use crate::size::walk::Model;

/// What `cargo build` leaves behind, as `COPY --from` finds it.
pub(in crate::size) const CARGO_TARGET: &str = "cargo's target directory";

impl Model<'_> {
    pub(in crate::size) fn cargo(&mut self, words: &[Word], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        // Whether an earlier layer of this stage filled `cache`; records that this one does.
        let mut filled = |cache: &'static str| {
            self.states
                .last_mut()
                .is_some_and(|s| !s.dependency_caches.insert(cache))
        };
        match words.get(1).map(Word::as_str) {
            Some("build") => {
                let registry = filled("cargo-registry");
                if filled("cargo-target") {
                    // The dependencies were compiled by an earlier layer (the placeholder
                    // build before the source): this one compiles the app's own crates.
                    run.parts.push(
                        self.heuristic_part("rust-binary")
                            .note("the dependencies were compiled by an earlier layer; this build compiles the app's own crates into target/")
                            .path(join_path(&workdir, "target"))
                            .output(CARGO_TARGET)
                            .seconds(self.duration("cargo-build-app")),
                    );
                } else {
                    run.parts.push(
                        self.heuristic_part("cargo-target")
                            .note("cargo's target/ directory stays in this layer; copy only the binary into the final stage")
                            .path(join_path(&workdir, "target"))
                            .output(CARGO_TARGET)
                            .seconds(self.duration("cargo-build")),
                    );
                }
                if !registry {
                    run.parts.push(
                        self.heuristic_part("cargo-registry")
                            .path("/usr/local/cargo/registry"),
                    );
                }
            }
            Some("install") => {
                run.parts.push(
                    self.heuristic_part("rust-binary")
                        .path("/usr/local/cargo/bin")
                        .output("installed Rust binaries")
                        .seconds(self.duration("cargo-install")),
                );
                run.parts.push(
                    self.heuristic_part("cargo-registry")
                        .path("/usr/local/cargo/registry"),
                );
            }
            Some("fetch") if !filled("cargo-registry") => {
                run.parts.push(
                    self.heuristic_part("cargo-registry")
                        .path("/usr/local/cargo/registry")
                        .seconds(self.duration("cargo-fetch")),
                );
            }
            _ => {}
        }
    }
}
