//! `go build`, `go install` and `go mod download`: the module and build caches and binaries.

use crate::size::run::RunScan;
use crate::size::stage::{join_path, normalize_path};
use crate::size::steps::Word;
use crate::size::walk::Model;

impl Model<'_> {
    pub(in crate::size) fn go(&mut self, words: &[Word], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        let env = &self.state().env;
        let build_cache = env
            .get("GOCACHE")
            .map(|p| normalize_path(p))
            .unwrap_or_else(|| "/root/.cache/go-build".to_string());
        let module_cache = env
            .get("GOMODCACHE")
            .map(|p| normalize_path(p))
            .unwrap_or_else(|| {
                let gopath = env.get("GOPATH").map_or("/go", String::as_str);
                normalize_path(&format!("{gopath}/pkg/mod"))
            });
        match words.get(1).map(Word::as_str) {
            Some("mod") if words.get(2).map(Word::as_str) == Some("download") => {
                if let Some(s) = self.states.last_mut() {
                    s.go_modules = true;
                }
                run.parts.push(
                    self.heuristic_part("go-module-cache")
                        .path(module_cache)
                        .seconds(self.duration("go-mod-download")),
                );
            }
            Some("build") | Some("install") => {
                let output = words
                    .iter()
                    .position(|w| w == "-o")
                    .and_then(|i| words.get(i + 1))
                    .map(|o| join_path(&workdir, o))
                    .unwrap_or_else(|| join_path(&workdir, "app"));
                let output = if words.get(1).map(Word::as_str) == Some("install") {
                    "/go/bin".to_string()
                } else {
                    output
                };
                run.parts.push(
                    self.heuristic_part("go-binary")
                        .path(output)
                        .output("the Go binary")
                        .seconds(self.duration("go-build")),
                );
                run.parts.push(
                    self.heuristic_part("go-build-cache")
                        .note(format!("Go's build cache stays in the layer: use `--mount=type=cache,target={build_cache}`"))
                        .path(build_cache),
                );
                if !self.state().go_modules {
                    run.parts
                        .push(self.heuristic_part("go-module-cache").path(module_cache));
                }
            }
            Some("get") => run.parts.push(
                self.heuristic_part("go-module-cache")
                    .path("/go/pkg/mod")
                    .seconds(self.duration("go-mod-download")),
            ),
            _ => {}
        }
    }
}
