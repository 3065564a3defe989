//! `apk add` and `apk del` (with `--virtual` groups) on Alpine.

use crate::size::run::{Part, RunScan};
use crate::size::steps::Word;
use crate::size::walk::Model;
use crate::size::Bytes;

impl Model<'_> {
    pub(in crate::size) fn apk(&mut self, words: &[Word], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        let no_cache = words.iter().any(|w| w == "--no-cache");
        match sub.as_str() {
            "add" => {
                let mut group = None;
                let mut skip = false;
                let mut names = Vec::new();
                for (i, word) in words
                    .iter()
                    .enumerate()
                    .skip_while(|(_, w)| *w != "add")
                    .skip(1)
                {
                    if skip {
                        skip = false;
                        continue;
                    }
                    match word.as_str() {
                        "--virtual" | "-t" => {
                            group = words.get(i + 1).cloned();
                            skip = true;
                        }
                        "--repository" | "-X" => skip = true,
                        w if w.starts_with('-') => {}
                        w => names.push(
                            w.split(['=', '<', '>', '~'])
                                .next()
                                .unwrap_or(w)
                                .to_string(),
                        ),
                    }
                }
                for name in names {
                    let key = format!("apk:{name}");
                    let (h, known) = match self.k.heuristics.get(key.as_str()) {
                        Some(h) => (h.clone(), true),
                        None => (self.k.heuristic("apk-unknown-package"), false),
                    };
                    let mut part = Part::new(h.bytes)
                        .source(format!(
                            "heuristics.tsv {}: {}",
                            if known {
                                key.as_str()
                            } else {
                                "apk-unknown-package"
                            },
                            h.note
                        ))
                        .path("/usr")
                        .seconds(self.seconds_for("apk-add", h.bytes));
                    part.group = group.as_ref().map(Word::to_string).or(Some("apk".into()));
                    run.parts.push(part);
                }
                if !no_cache {
                    let h = self.k.heuristic("apk-index");
                    run.parts.push(
                        Part::new(h.bytes)
                            .source(format!("heuristics.tsv apk-index: {}", h.note))
                            .note("apk's index stays in the layer: use `apk add --no-cache`")
                            .path("/var/cache/apk"),
                    );
                }
            }
            "del" => {
                for name in words
                    .iter()
                    .skip_while(|w| *w != "del")
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                {
                    let group_bytes: Bytes = run
                        .parts
                        .iter()
                        .filter(|p| p.group.as_deref() == Some(name.as_str()))
                        .map(|p| p.bytes)
                        .sum();
                    if !group_bytes.is_zero() {
                        run.parts
                            .retain(|p| p.group.as_deref() != Some(name.as_str()));
                        run.parts.push(Part::new(Bytes::ZERO).note(format!(
                            "`apk del {name}` in the same RUN: the build dependencies never reach the layer"
                        )));
                    }
                }
            }
            "update" if !no_cache => {
                let h = self.k.heuristic("apk-index");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!("heuristics.tsv apk-index: {}", h.note))
                        .path("/var/cache/apk"),
                );
            }
            "upgrade" => run.parts.push(self.heuristic_part("upgrade").path("/usr")),
            _ => {}
        }
    }
}
