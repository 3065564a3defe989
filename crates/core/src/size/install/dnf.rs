//! `yum`, `dnf`, `microdnf` and `tdnf` on RPM-based images.

use crate::size::run::{Part, RunScan};
use crate::size::steps::Word;
use crate::size::walk::Model;
use crate::size::Bytes;

impl Model<'_> {
    pub(in crate::size) fn dnf(&mut self, words: &[Word], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        match sub.as_str() {
            "install" | "groupinstall" => {
                let count = words
                    .iter()
                    .skip_while(|w| *w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .count() as u64;
                let h = self.k.heuristic("dnf-unknown-package");
                run.parts.push(
                    Part::new(Bytes::new(
                        h.bytes.low * count,
                        h.bytes.expected * count,
                        h.bytes.high * count,
                    ))
                    .source(format!(
                        "heuristics.tsv dnf-unknown-package ×{count}: {}",
                        h.note
                    ))
                    .note("no RPM table is embedded: each package gets a wide default")
                    .path("/usr")
                    .seconds(10.0 + 5.0 * count as f64),
                );
                let cache = self.k.heuristic("dnf-cache");
                run.parts.push(
                    Part::new(cache.bytes)
                        .source(format!("heuristics.tsv dnf-cache: {}", cache.note))
                        .note("the package manager's cache stays unless `dnf clean all` runs in this RUN")
                        .path("/var/cache/dnf"),
                );
            }
            "clean" => run.removed.push("/var/cache/dnf".into()),
            _ => {}
        }
    }
}
