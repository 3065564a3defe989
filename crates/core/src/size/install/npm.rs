//! `npm`, `yarn`, `pnpm` and `bun`: `node_modules` sized from the npm table.

use crate::size::steps::Word;
use std::collections::HashSet;

use crate::size::packages::package_json_dependencies;
use crate::size::run::{Part, RunScan};
use crate::size::stage::join_path;
use crate::size::walk::Model;
use crate::size::Bytes;

impl Model<'_> {
    pub(in crate::size) fn npm(&mut self, tool: &str, words: &[Word], run: &mut RunScan) {
        let args: Vec<&str> = words[1..].iter().map(Word::as_str).collect();
        let sub = args
            .iter()
            .find(|w| !w.starts_with('-'))
            .copied()
            .unwrap_or(if tool == "yarn" { "install" } else { "" });
        let workdir = self.state().workdir.clone();
        let production = args.iter().any(|w| {
            matches!(
                *w,
                "--production" | "--omit=dev" | "--only=prod" | "--only=production" | "--prod"
            )
        }) || self
            .state()
            .env
            .get("NODE_ENV")
            .is_some_and(|v| v == "production");
        let global = args.iter().any(|w| *w == "-g" || *w == "--global");
        match sub {
            "install" | "i" | "ci" | "add" => {
                let named: Vec<String> = args
                    .iter()
                    .skip_while(|w| **w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .map(|w| {
                        // `name@version`, keeping a leading scope `@org/name`.
                        let (scope, rest) = if let Some(stripped) = w.strip_prefix('@') {
                            ("@", stripped)
                        } else {
                            ("", *w)
                        };
                        format!("{scope}{}", rest.split('@').next().unwrap_or(rest))
                    })
                    .collect();
                let mut names = named.clone();
                let mut notes = Vec::new();
                let mut sources = Vec::new();
                let mut extra = Bytes::ZERO;
                let path = if global {
                    "/usr/local/lib/node_modules".to_string()
                } else {
                    join_path(&workdir, "node_modules")
                };
                // Without package.json the modules are one unknown set: a second install of
                // it into the same node_modules (`yarn install --production` after the
                // build) finds them there and only prunes or completes them. `ci` deletes
                // node_modules and writes it all again.
                let installed_here = sub != "ci"
                    && (self
                        .state()
                        .outputs_under(&path)
                        .iter()
                        .any(|o| o.what == "node modules")
                        // An install earlier in this very RUN (`yarn install && yarn build
                        // && yarn install --production`).
                        || run.parts.iter().any(|p| {
                            p.path.as_deref() == Some(path.as_str())
                                && p.output.as_deref() == Some("node modules")
                        }));
                if named.is_empty() && self.inputs.package_json.is_none() && installed_here {
                    notes.push(format!(
                        "{path} was installed earlier in this stage: this install finds the packages there and only prunes or completes them (counted as 0 B)"
                    ));
                } else if named.is_empty() {
                    match &self.inputs.package_json {
                        Some(text) => {
                            let (deps, dev) = package_json_dependencies(text);
                            names.extend(deps);
                            if !production {
                                names.extend(dev);
                            } else {
                                notes.push(
                                    "devDependencies left out (production install)".to_string(),
                                );
                            }
                            sources.push("package.json you gave".to_string());
                        }
                        None => {
                            let h = self.k.heuristic("npm-install-unknown");
                            extra += h.bytes;
                            sources.push(format!("heuristics.tsv npm-install-unknown: {}", h.note));
                            notes.push(format!(
                                "package.json was not given ({}), so the packages are not known: range widened",
                                self.inputs.surface.pick(
                                    "--package-json",
                                    "paste it into the package.json tab"
                                )
                            ));
                        }
                    }
                }
                let table = &self.k.npm;
                let mut modules: Vec<&'static str> = Vec::new();
                let mut measured = Vec::new();
                for name in &names {
                    if let Some(members) = table.closures.get(name.as_str()) {
                        modules.extend(members.iter().copied());
                        measured.push(name.clone());
                    } else if let Some((k, _)) = table.units.get_key_value(name.as_str()) {
                        modules.push(k);
                        measured.push(format!("{name} (alone)"));
                    } else {
                        extra += self.k.heuristic("npm-unknown-package").bytes;
                        notes.push(format!(
                            "`{name}` is not in the measured npm table: range widened"
                        ));
                    }
                }
                let mut bytes = 0;
                let mut counted: HashSet<&'static str> = HashSet::new();
                if let Some(state) = self.states.last_mut() {
                    for module in modules {
                        // `npm ci` deletes node_modules and writes every module again, so
                        // the new layer holds them all; `npm install` skips what is there.
                        let first_here = counted.insert(module);
                        let fresh = state.npm_modules.insert(module);
                        if first_here && (fresh || sub == "ci") {
                            bytes += table.units.get(module).copied().unwrap_or(0);
                        }
                    }
                }
                if !measured.is_empty() {
                    sources.push(format!(
                        "npm.tsv: {} ({})",
                        measured.join(", "),
                        table.source
                    ));
                }
                let installed = self.k.scale("npm-table-spread", Bytes::exact(bytes)) + extra;
                let mut part = Part::new(installed)
                    .path(path)
                    .output("node modules")
                    .seconds(self.seconds_for("npm-install", installed));
                part.source = Some(sources.join("; "));
                if !notes.is_empty() {
                    part.note = Some(notes.join("; "));
                }
                run.parts.push(part);
                let ratio = self.k.heuristic("npm-cache-ratio").bytes;
                let (cache_path, label) = match tool {
                    "yarn" => ("/usr/local/share/.cache/yarn", "yarn's cache stays in the layer: run `yarn cache clean` in this RUN or use a cache mount"),
                    "pnpm" => ("/root/.local/share/pnpm/store", "pnpm's store stays in the layer: use a cache mount"),
                    _ => ("/root/.npm", "npm's cache stays in the layer: run `npm cache clean --force` in this RUN or use a cache mount"),
                };
                run.parts.push(
                    Part::new(installed.per_mille(ratio.low, ratio.expected, ratio.high))
                        .source(format!(
                            "heuristics.tsv npm-cache-ratio: {tool}'s download cache"
                        ))
                        .note(label)
                        .path(cache_path),
                );
            }
            "cache" if args.contains(&"clean") => {
                run.npm_cache_cleaned = true;
                run.removed.push("/usr/local/share/.cache/yarn".into());
            }
            "run" | "build" | "run-script" => {
                let script = args
                    .iter()
                    .skip_while(|w| **w != sub)
                    .nth(1)
                    .copied()
                    .unwrap_or(sub);
                if script.contains("build") || sub == "build" {
                    run.parts.push(
                        self.heuristic_part("build-output")
                            .note("what the build writes (dist/, build/, .next/) is not known")
                            .path(join_path(&workdir, "dist"))
                            .output("build output")
                            .seconds(self.duration("npm-run-build")),
                    );
                }
            }
            "prune" => {}
            _ => {}
        }
    }
}
