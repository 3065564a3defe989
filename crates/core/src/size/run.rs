//! `RUN`: reads each shell command, hands package managers and downloads to their installer in
//! [`super::install`], and folds the parts into one layer (same-RUN removals, cache mounts,
//! commands it does not model).

use std::collections::{HashMap, HashSet};

use super::knowledge::AptSet;
use super::stage::{join_path, normalize_path, under, Output, StageState};
use super::steps::{join, shell_commands, Command, Step, Word};
use super::walk::{short, Model};
use super::{Bytes, Layer, LayerKind, Seconds};
use crate::syntax::MountType;

/// One part of a RUN layer, tagged so a later `rm` in the same RUN can take it out again.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) bytes: Bytes,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
    /// Where the files land, for `rm` and cache mounts.
    pub(super) path: Option<String>,
    /// Output recorded for `COPY --from`.
    pub(super) output: Option<String>,
    /// apk `--virtual` group, apt packages installed here (for purge).
    pub(super) group: Option<String>,
    pub(super) seconds: f64,
}

impl Part {
    pub(super) fn new(bytes: Bytes) -> Part {
        Part {
            bytes,
            source: None,
            note: None,
            path: None,
            output: None,
            group: None,
            seconds: 0.0,
        }
    }
    pub(super) fn source(mut self, s: impl Into<String>) -> Part {
        self.source = Some(s.into());
        self
    }
    pub(super) fn note(mut self, s: impl Into<String>) -> Part {
        self.note = Some(s.into());
        self
    }
    pub(super) fn path(mut self, s: impl Into<String>) -> Part {
        self.path = Some(s.into());
        self
    }
    pub(super) fn output(mut self, what: impl Into<String>) -> Part {
        self.output = Some(what.into());
        self
    }
    pub(super) fn seconds(mut self, s: f64) -> Part {
        self.seconds = s;
        self
    }
}

impl Model<'_> {
    /// `RUN`: sizes every command, then drops what the same RUN removed or kept in a mount.
    pub(super) fn run(&mut self, step: &Step) -> Layer {
        let mut layer = Layer {
            line: step.line,
            end_line: step.end_line,
            instruction: "RUN".into(),
            text: self.label(step),
            kind: LayerKind::Run,
            bytes: Bytes::ZERO,
            sources: Vec::new(),
            notes: Vec::new(),
            rebuild_seconds: Seconds::default(),
        };
        let mounts: Vec<(&str, String)> = step
            .mounts
            .iter()
            .filter_map(|mount| {
                let kind = match mount.kind {
                    MountType::Cache => "cache",
                    MountType::Tmpfs => "tmpfs",
                    _ => return None,
                };
                Some((kind, normalize_path(mount.target.as_deref()?)))
            })
            .collect();
        let mut run = RunScan {
            parts: Vec::new(),
            removed: Vec::new(),
            unknown: Vec::new(),
            pip_cache_purged: false,
            npm_cache_cleaned: false,
            apt_installed_here: AptSet::default(),
            apt_marked_auto: false,
            env: HashMap::new(),
        };
        self.scan_commands(&step.commands, &mut run, 0);

        let k = self.k;
        let Some((_, state)) = self.current() else {
            return layer;
        };
        // Same-layer removals: these files never reach a layer.
        let mut kept = Vec::new();
        for part in run.parts {
            let removed_by = part.path.as_ref().and_then(|p| {
                run.removed.iter().find(|r| {
                    under(p, r) || (r.ends_with("/*") && under(p, r.trim_end_matches("/*")))
                })
            });
            let cached_by = part.path.as_ref().and_then(|p| {
                mounts
                    .iter()
                    .find(|(_, target)| under(p, target) || under(target, p))
            });
            if let Some(removed) = removed_by {
                layer.notes.push(format!(
                    "{} removed again in this RUN ({removed}): it never reaches a layer",
                    part.path.as_deref().unwrap_or("")
                ));
                continue;
            }
            if let Some((kind, target)) = cached_by {
                layer.notes.push(format!(
                    "{} lives in a {kind} mount at {target}, not in the layer",
                    part.path.as_deref().unwrap_or("")
                ));
                continue;
            }
            kept.push(part);
        }
        if run.pip_cache_purged {
            kept.retain(|p| p.path.as_deref() != Some("/root/.cache/pip"));
        }
        if run.npm_cache_cleaned {
            kept.retain(|p| p.path.as_deref() != Some("/root/.npm"));
        }
        // A later rm does not shrink what earlier layers hold: say so.
        for removed in &run.removed {
            let trimmed = removed.trim_end_matches("/*");
            for output in state.outputs_under(trimmed) {
                if output.line != step.line {
                    layer.notes.push(format!(
                        "`rm {removed}` does not shrink the image: {} from line {} stays in that \
                         layer; remove it in the RUN that creates it",
                        output.path, output.line
                    ));
                }
            }
            if under("/var/lib/apt/lists", trimmed) {
                if let Some(line) = state.apt_lists_line {
                    layer.notes.push(format!(
                        "the apt lists from line {line} stay in that layer: a later rm only hides \
                         them"
                    ));
                }
            }
        }
        let mut seconds = 0.0;
        // Sets beside the lists: one `apt-get install` of thousands of unknown packages makes
        // as many parts, and a scan of the list per part would be quadratic. The sets borrow
        // the texts (the layer's own and the parts'); what is new is added after the loop.
        let mut seen_sources: HashSet<&str> = layer.sources.iter().map(String::as_str).collect();
        let mut seen_notes: HashSet<&str> = layer.notes.iter().map(String::as_str).collect();
        let mut new_sources = Vec::new();
        let mut new_notes = Vec::new();
        for part in &kept {
            layer.bytes += part.bytes;
            seconds += part.seconds;
            if let Some(source) = &part.source {
                if seen_sources.insert(source) {
                    new_sources.push(source);
                }
            }
            if let Some(note) = &part.note {
                if seen_notes.insert(note) {
                    new_notes.push(note);
                }
            }
            if let Some(what) = &part.output {
                state.push_output(Output {
                    path: part.path.clone().unwrap_or_else(|| "/".into()),
                    bytes: part.bytes,
                    what: what.clone(),
                    line: step.line,
                });
            }
            if part.path.as_deref() == Some("/var/lib/apt/lists") {
                state.apt_lists_line = Some(step.line);
            }
        }
        drop((seen_sources, seen_notes));
        layer.sources.extend(new_sources.into_iter().cloned());
        layer.notes.extend(new_notes.into_iter().cloned());
        if !run.unknown.is_empty() {
            crate::order::sort(&mut run.unknown);
            run.unknown.dedup();
            let h = k.heuristic("unknown-command");
            layer.bytes += h.bytes;
            seconds += k.stated.throughput("unknown-command").fixed_seconds;
            layer
                .sources
                .push(format!("heuristics.tsv unknown-command: {}", h.note));
            layer.notes.push(format!(
                "not modelled: {}; the range is widened for what they may write",
                run.unknown
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        state.apt_installed.union_with(&run.apt_installed_here);
        layer.rebuild_seconds = Seconds {
            low: (seconds / 3.0).max(0.1),
            expected: seconds.max(0.2),
            high: (seconds * 3.0).max(1.0),
        };
        layer
    }

    /// Hands each command to its installer; `sh -c` scripts are read up to three levels deep.
    pub(super) fn scan_commands(&mut self, commands: &[Command], run: &mut RunScan, depth: usize) {
        for (i, command) in commands.iter().enumerate() {
            // Leading `VAR=value`, sudo and friends do not change what runs. Skipped by index:
            // removing them one at a time from the front was quadratic in their number.
            let skip = command
                .words
                .iter()
                .take_while(|first| {
                    matches!(
                        first.as_str(),
                        "sudo" | "time" | "nice" | "exec" | "command" | "env" | "nohup" | "xargs"
                    ) || (first.contains('=') && !first.starts_with('-') && !first.starts_with('='))
                        || *first == "-E"
                        || *first == "-u"
                })
                .count();
            let words: &[Word] = &command.words[skip..];
            // Borrowed: most commands are read and left (`echo`, `cd`), and copying two
            // strings for each was a fifth of a plan's allocations on a file of small RUNs.
            let Some(program) = words.first().map(Word::as_str) else {
                continue;
            };
            let base = program.rsplit('/').next().unwrap_or(program);
            let next_is_shell = command.piped_into_next
                && commands
                    .get(i + 1)
                    .and_then(|c| c.words.first())
                    .is_some_and(|w| {
                        let w = w.rsplit('/').next().unwrap_or(w);
                        matches!(w, "sh" | "bash" | "zsh" | "python" | "python3" | "sudo")
                    });
            // `tool --version` checks print and write nothing.
            if words
                .get(1)
                .is_some_and(|w| matches!(w.as_str(), "--version" | "-V" | "version"))
                && words.len() == 2
            {
                continue;
            }
            match base {
                "sh" | "bash" | "ash" | "dash" | "zsh"
                    if words
                        .get(1)
                        .is_some_and(|w| w == "-c" || w == "-xc" || w == "-ec" || w == "-exc") =>
                {
                    if depth < 3 {
                        if let Some(script) = words.get(2) {
                            let inner = shell_commands(script);
                            self.scan_commands(&inner, run, depth + 1);
                        }
                    }
                }
                "sh" | "bash" if i > 0 && commands[i - 1].piped_into_next => {}
                "apt-get" | "apt" | "aptitude" => self.apt(words, run),
                "apt-mark" => {
                    if words.get(1).is_some_and(|w| w == "auto") {
                        run.apt_marked_auto = true;
                    }
                }
                "apk" => self.apk(words, run),
                "yum" | "dnf" | "microdnf" | "tdnf" => self.dnf(words, run),
                "pip" | "pip3" | "pip2" => self.pip(program, &words[1..], run),
                b if b.starts_with("pip3.") => self.pip(program, &words[1..], run),
                "python" | "python3" | "python2" | "py" => {
                    if words.get(1).map(Word::as_str) == Some("-m") {
                        match words.get(2).map(Word::as_str) {
                            Some("pip") => self.pip(program, &words[3..], run),
                            Some("venv") | Some("virtualenv") => self.venv(
                                words
                                    .iter()
                                    .skip(3)
                                    .find(|w| !w.starts_with('-'))
                                    .map(Word::as_str),
                                !words[3..]
                                    .iter()
                                    .any(|w| w == "--without-pip" || w == "--no-pip"),
                                run,
                            ),
                            Some("compileall") => {}
                            _ => run.unknown.push(short(&join(words))),
                        }
                    } else if words.len() > 1 {
                        run.unknown.push(short(&join(&words[..2])));
                    }
                }
                b if b.starts_with("python3.") => {
                    if words.get(1).map(Word::as_str) == Some("-m")
                        && words.get(2).map(Word::as_str) == Some("pip")
                    {
                        self.pip(program, &words[3..], run);
                    }
                }
                "virtualenv" => self.venv(
                    words
                        .iter()
                        .skip(1)
                        .find(|w| !w.starts_with('-'))
                        .map(Word::as_str),
                    !words[1..].iter().any(|w| w == "--no-pip"),
                    run,
                ),
                "uv" => self.uv(words, run),
                "poetry" | "pipenv" | "pdm" | "conda" | "mamba" | "micromamba" => {
                    if words
                        .iter()
                        .any(|w| matches!(w.as_str(), "install" | "sync" | "create"))
                    {
                        self.project_install(base, run);
                    }
                }
                "npm" | "yarn" | "pnpm" | "bun" => self.npm(base, words, run),
                "go" => self.go(words, run),
                "cargo" => self.cargo(words, run),
                "rustup-init" | "rustup" => {
                    let installs =
                        base == "rustup-init" || words.iter().any(|w| w == "install" || w == "add");
                    if installs {
                        let home = run
                            .env
                            .get("RUSTUP_HOME")
                            .or_else(|| self.state().env.get("RUSTUP_HOME"))
                            .map_or_else(|| "/usr/local/rustup".to_string(), |p| normalize_path(p));
                        run.parts.push(
                            self.heuristic_part("rust-toolchain")
                                .path(home)
                                .output("the Rust toolchain")
                                .seconds(self.duration("rust-toolchain-install")),
                        );
                    }
                }
                "mvn" | "mvnw" => self.java_build("maven-repo", "target", words, run),
                "gradle" | "gradlew" => self.java_build("gradle-cache", "build/libs", words, run),
                "jlink" => self.jlink(words, run),
                "curl" | "wget" => {
                    self.download(words, next_is_shell, command.piped_into_next, run)
                }
                "tar" | "unzip" => {
                    if let Some(last) = run
                        .parts
                        .iter()
                        .rev()
                        .find(|p| p.group.as_deref() == Some("download"))
                    {
                        let unpacked = self.k.scale("unpacked-archive-ratio", last.bytes);
                        let workdir = self
                            .states
                            .last()
                            .map_or_else(|| "/".to_string(), |s| s.workdir.clone());
                        let dir = words
                            .iter()
                            .position(|w| w == "-C" || w == "--directory" || w == "-d")
                            .and_then(|i| words.get(i + 1))
                            .map(Word::as_str)
                            .or_else(|| words.iter().find_map(|w| w.strip_prefix("--directory=")))
                            .map_or(workdir.clone(), |d| join_path(&workdir, d));
                        run.parts.push(
                            Part::new(unpacked)
                                .note("the unpacked archive is counted as 0.5–5× the download")
                                .source("heuristics.tsv download (unpacked)")
                                .path(dir),
                        );
                    }
                }
                "rm" => {
                    let state_workdir = self
                        .states
                        .last()
                        .map(|s| s.workdir.clone())
                        .unwrap_or_else(|| "/".into());
                    for target in words[1..].iter().filter(|w| !w.starts_with('-')) {
                        let glob = target.ends_with("/*");
                        let path = join_path(&state_workdir, target.trim_end_matches("/*"));
                        run.removed
                            .push(if glob { format!("{path}/*") } else { path });
                    }
                }
                "chown" | "chmod" | "chgrp" => {
                    if words.iter().any(|w| w == "-R" || w == "--recursive") {
                        self.recursive_touch(words, run);
                    }
                }
                "make" | "gmake" if words.iter().any(|w| w == "install") => {
                    run.parts.push(
                        self.heuristic_part("make-install")
                            .note("software built from source: its installed size is not known")
                            .path("/usr/local")
                            .seconds(self.duration("make-install")),
                    );
                }
                "export" => {
                    for word in &words[1..] {
                        if let Some((name, value)) = word.split_once('=') {
                            run.env.insert(name.to_string(), value.to_string());
                        }
                    }
                }
                "cd"
                | "echo"
                | "printf"
                | "mkdir"
                | "ln"
                | "set"
                | "true"
                | "false"
                | "test"
                | "["
                | "[["
                | "useradd"
                | "adduser"
                | "groupadd"
                | "addgroup"
                | "usermod"
                | "id"
                | "whoami"
                | "touch"
                | "sed"
                | "mv"
                | "cat"
                | "ls"
                | "grep"
                | "find"
                | "which"
                | "command -v"
                | "update-ca-certificates"
                | "ldconfig"
                | "locale-gen"
                | "dpkg-reconfigure"
                | "ln -s"
                | "rmdir"
                | "sleep"
                | "exit"
                | "source"
                | "."
                | "if"
                | "then"
                | "fi"
                | "else"
                | "for"
                | "do"
                | "done"
                | "case"
                | "esac"
                | "while"
                | "until"
                | "gpg"
                | "gpgconf"
                | "sha256sum"
                | "md5sum"
                | "dpkg"
                | "dpkg-query"
                | "dpkg-architecture"
                | "savedAptMark"
                | "echo -e"
                | "cp"
                | "tee"
                | "wc"
                | "head"
                | "tail"
                | "awk"
                | "sort"
                | "uniq"
                | "tr"
                | "cut"
                | "git"
                | "npx"
                | "node"
                | "java"
                | "javac"
                | "jdeps"
                | "nproc"
                | "uname"
                | "mktemp"
                | "basename"
                | "dirname"
                | "realpath"
                | "readlink"
                | "stat"
                | "du"
                | "df"
                | "env-update"
                | "a2enmod"
                | "a2dissite"
                | "a2ensite"
                | "update-alternatives"
                | "systemctl"
                | "service"
                | "su"
                | "gosu"
                | "su-exec"
                | "tini"
                | "pwd"
                | "umask"
                | "ulimit"
                | "trap"
                | "local"
                | "return"
                | "shift"
                | "unset"
                | "read"
                | "eval"
                | "wait"
                | "kill"
                | "date"
                | "hash"
                | "type"
                | "alias"
                | "getent"
                | "passwd"
                | "chpasswd"
                | "install" => {}
                // Case patterns, redirections and numbers are shell syntax, not programs.
                b if b.ends_with(')')
                    || b.contains(['<', '>', '$', '`', '='])
                    || b.starts_with('-')
                    || b.chars().all(|c| c.is_ascii_digit() || c == '.') => {}
                _ => run.unknown.push(base.to_string()),
            }
        }
    }

    pub(super) fn state(&self) -> &StageState {
        // `run` is only called with a current stage.
        self.states.last().expect("a RUN always follows a FROM")
    }

    pub(super) fn recursive_touch(&mut self, words: &[Word], run: &mut RunScan) {
        let workdir = self.state().workdir.clone();
        let targets: Vec<String> = words[1..]
            .iter()
            .filter(|w| !w.starts_with('-'))
            .skip(1)
            .map(|w| join_path(&workdir, w))
            .collect();
        let mut copied = Bytes::ZERO;
        let mut from = Vec::new();
        for target in &targets {
            for output in self.state().outputs_under(target) {
                copied += output.bytes;
                from.push(format!("line {}", output.line));
            }
        }
        if !copied.is_zero() {
            run.parts.push(
                Part::new(copied)
                    .source(format!("files from {} copied again", from.join(", ")))
                    .note("changing owner or mode of files from an earlier layer copies them into this layer: use COPY --chown / --chmod instead"),
            );
        }
    }
}

/// What one RUN has found so far, across the commands and nested `sh -c` scripts in it.
pub(super) struct RunScan {
    pub(super) parts: Vec<Part>,
    pub(super) removed: Vec<String>,
    pub(super) unknown: Vec<String>,
    pub(super) pip_cache_purged: bool,
    pub(super) npm_cache_cleaned: bool,
    pub(super) apt_installed_here: AptSet,
    /// `apt-mark auto` ran in this RUN, so a later `purge --auto-remove` removes its installs.
    pub(super) apt_marked_auto: bool,
    /// Variables `export`ed earlier in this RUN.
    pub(super) env: HashMap<String, String>,
}
