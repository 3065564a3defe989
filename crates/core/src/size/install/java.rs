//! Maven and Gradle builds: the dependency repository and the built jars.

use crate::size::run::RunScan;
use crate::size::stage::join_path;
use crate::size::steps::Word;
use crate::size::walk::Model;

impl Model<'_> {
    pub(in crate::size) fn java_build(
        &mut self,
        cache_key: &'static str,
        out_dir: &str,
        words: &[Word],
        run: &mut RunScan,
    ) {
        let workdir = self.state().workdir.clone();
        let builds = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "package" | "install" | "build" | "bootJar" | "jar" | "assemble" | "shadowJar"
            )
        });
        let cache_path = if cache_key == "maven-repo" {
            "/root/.m2"
        } else {
            "/root/.gradle"
        };
        // A repository an earlier layer filled (`mvn dependency:go-offline` before the
        // source) is reused: this build downloads nothing more.
        let filled = self
            .states
            .last_mut()
            .is_some_and(|s| !s.dependency_caches.insert(cache_key));
        if !filled {
            run.parts.push(
                self.heuristic_part(cache_key)
                    .path(cache_path)
                    .seconds(self.duration("java-dependencies")),
            );
        }
        if builds {
            run.parts.push(
                self.heuristic_part("java-jar")
                    .path(join_path(&workdir, out_dir))
                    .output("the application jar")
                    .seconds(self.duration("java-package")),
            );
        }
    }
}

impl Model<'_> {
    /// `jlink --output DIR`: a trimmed Java runtime, sized by the stated range (the modules it
    /// links are often a `$(jdeps ...)` the model cannot read, so no per-module table).
    pub(in crate::size) fn jlink(&mut self, words: &[Word], run: &mut RunScan) {
        let output = words
            .iter()
            .position(|w| w == "--output")
            .and_then(|i| words.get(i + 1))
            .map(Word::as_str)
            .or_else(|| words.iter().find_map(|w| w.strip_prefix("--output=")));
        let Some(output) = output else {
            // `jlink --list-plugins` and friends write nothing.
            return;
        };
        let workdir = self.state().workdir.clone();
        run.parts.push(
            self.heuristic_part("java-jlink-runtime")
                .path(join_path(&workdir, output))
                .output("the Java runtime jlink linked")
                .seconds(self.duration("java-jlink")),
        );
    }
}
