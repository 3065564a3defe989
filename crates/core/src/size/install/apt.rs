//! `apt-get` and `apt`: installs sized from the apt table, what the base already has, purges
//! and the lists left behind.

use crate::size::knowledge::AptSet;
use crate::size::steps::Word;

use crate::size::run::{Part, RunScan};
use crate::size::stage::Os;
use crate::size::walk::Model;
use crate::size::Bytes;

/// How many packages apt does not know one `apt-get install` names on lines of their own.
const UNKNOWN_NAMED: usize = 16;

impl Model<'_> {
    pub(in crate::size) fn apt(&mut self, words: &[Word], run: &mut RunScan) {
        let Some(sub) = words.iter().skip(1).find(|w| !w.starts_with('-')) else {
            return;
        };
        let os = self.state().os;
        match sub.as_str() {
            // apt 3's `dist-clean` drops the lists as well as the archives.
            "dist-clean" => run.removed.push("/var/lib/apt/lists".into()),
            "update" => {
                let h = self.k.heuristic("apt-lists");
                run.parts.push(
                    Part::new(h.bytes)
                        .source(format!("heuristics.tsv apt-lists: {}", h.note))
                        .note(
                            "apt lists stay in this layer: end the RUN with \
                             `rm -rf /var/lib/apt/lists/*`",
                        )
                        .path("/var/lib/apt/lists")
                        .seconds(self.duration("apt-update")),
                );
            }
            "install" => {
                let mut recommends = true;
                let mut names: Vec<&str> = Vec::new();
                let mut unknown: Vec<String> = Vec::new();
                let mut skip_next = false;
                for word in words.iter().skip_while(|w| *w != "install").skip(1) {
                    if skip_next {
                        skip_next = false;
                        if word.contains("Install-Recommends")
                            && (word.ends_with("false") || word.ends_with('0'))
                        {
                            recommends = false;
                        }
                        continue;
                    }
                    match word.as_str() {
                        "--no-install-recommends" => recommends = false,
                        "-o" | "-t" | "--target-release" | "-c" => skip_next = true,
                        w if w.starts_with("-o") && w.contains("Install-Recommends") => {
                            if w.ends_with("false") || w.ends_with('0') {
                                recommends = false;
                            }
                        }
                        w if w.starts_with('-') => {}
                        w => match install_word(w, |name| {
                            self.k.apt.get_key_value(name).map(|(k, _)| *k)
                        }) {
                            InstallWord::Install(name) => names.push(name),
                            InstallWord::Unknown(name) => unknown.push(name.to_string()),
                            // `foo-` removes foo in the same transaction: nothing to add.
                            InstallWord::Remove(_) | InstallWord::Nothing => {}
                        },
                    }
                }
                let mut installed = self.state().apt_installed.clone();
                installed.union_with(&run.apt_installed_here);
                let with = self.k.apt_closure_of(&names, recommends, &installed);
                let bytes = self.k.apt_set_bytes(&with);
                let mut part = Part::new(self.k.scale("apt-table-spread", Bytes::exact(bytes)))
                    .path("/usr")
                    .seconds(self.seconds_for("apt-install", Bytes::exact(bytes)));
                part.group = Some("apt".into());
                if !names.is_empty() {
                    let shown: Vec<&str> = names.iter().take(4).copied().collect();
                    let more = if names.len() > 4 {
                        format!(" and {} more", names.len() - 4)
                    } else {
                        String::new()
                    };
                    part = part.source(format!(
                        "apt.tsv: {}{more} → {} new packages ({})",
                        shown.join(", "),
                        with.len(),
                        self.k.apt_source
                    ));
                }
                if recommends && !names.is_empty() {
                    let without = self.k.apt_closure_of(&names, false, &installed);
                    let without_bytes = self.k.apt_set_bytes(&without);
                    if without_bytes < bytes {
                        part = part.note(format!(
                            "Recommends add {} ({} packages): `--no-install-recommends` would \
                             install {} instead",
                            crate::size::human(bytes - without_bytes),
                            with.len().saturating_sub(without.len()),
                            crate::size::human(without_bytes)
                        ));
                    }
                }
                if names.is_empty() && unknown.is_empty() {
                    part = part.note("apt-get install with no package the model could read");
                }
                // A layer of 0 B needs its reason beside it, not only in its sources.
                if !names.is_empty() && with.is_empty() {
                    let shown: Vec<String> = names
                        .iter()
                        .take(4)
                        .map(|name| format!("`{name}`"))
                        .collect();
                    let more = match names.len() {
                        0..=4 => String::new(),
                        n => format!(" and {} more", n - 4),
                    };
                    let verb = if names.len() == 1 { "is" } else { "are" };
                    part = part.note(format!(
                        "{}{more} {verb} already in the image (from the base or an earlier \
                         RUN), so this install adds nothing here",
                        shown.join(", ")
                    ));
                }
                match os {
                    Os::Debian => {}
                    Os::Ubuntu => {
                        part.bytes = self.k.scale("apt-on-ubuntu-ratio", part.bytes);
                        part =
                            part.note("sizes are Debian 12's; Ubuntu's packages differ a little");
                    }
                    Os::Unknown => {
                        part.bytes = self.k.scale("apt-on-unknown-os-ratio", part.bytes);
                    }
                    _ => {
                        part = part.note(
                            "apt-get in an image that is not Debian-based: this RUN would fail",
                        );
                    }
                }
                run.apt_installed_here.union_with(&with);
                run.parts.push(part);
                let h = self.k.heuristic("apt-unknown-package");
                let source = || format!("heuristics.tsv apt-unknown-package: {}", h.note);
                // Each of the first few is named on its own line; the rest share one, so
                // `apt-get install` of a hundred thousand unknown names is one part, not a
                // hundred thousand (78 MB of the estimate of such a 1 MB file). A line
                // shared by one name would only be longer than its own.
                let named = if unknown.len() > UNKNOWN_NAMED + 1 {
                    UNKNOWN_NAMED
                } else {
                    unknown.len()
                };
                for name in &unknown[..named] {
                    run.parts.push(
                        Part::new(h.bytes)
                            .source(source())
                            .note(format!("`{name}` is not in the apt table: range widened"))
                            .path("/usr"),
                    );
                }
                if let [first, rest @ ..] = &unknown[named..] {
                    run.parts.push(
                        Part::new(h.bytes.times(rest.len() as u64 + 1))
                            .source(source())
                            .note(format!(
                                "`{first}` and {} more are not in the apt table: each sized as an unknown package, range widened",
                                rest.len()
                            ))
                            .path("/usr"),
                    );
                }
            }
            "purge" | "remove" | "autoremove" => {
                let auto = sub == "autoremove"
                    || words
                        .iter()
                        .any(|w| w == "--auto-remove" || w == "--autoremove");
                let names: Vec<&'static str> = words
                    .iter()
                    .skip_while(|w| *w != sub)
                    .skip(1)
                    .filter(|w| !w.starts_with('-'))
                    .filter_map(|w| self.k.apt.get_key_value(w.as_str()).map(|(k, _)| *k))
                    .collect();
                let gone: AptSet = if auto && run.apt_marked_auto {
                    // The official images' pattern: `apt-mark auto '.*'`, `apt-mark manual` of
                    // what the result links against, then `purge --auto-remove`. Everything
                    // installed in this RUN goes except those runtime libraries; they are
                    // small, and left as a widened remainder below.
                    let all = std::mem::take(&mut run.apt_installed_here);
                    let bytes = self.k.apt_set_bytes(&all);
                    run.parts.push(
                        Part::new(Bytes::new(0, bytes / 20, bytes / 5))
                            .note("build dependencies marked auto and purged in this RUN; the runtime libraries kept (`apt-mark manual`) are counted as 0–20 % of them")
                            .path("/usr"),
                    );
                    all
                } else if auto && names.is_empty() {
                    AptSet::default()
                } else if auto {
                    let mut closure = self.k.apt_closure_of(&names, true, &AptSet::default());
                    closure.intersect_with(&run.apt_installed_here);
                    closure
                } else {
                    let mut here = AptSet::default();
                    for row in names.iter().filter_map(|n| self.k.apt_row(n)) {
                        if run.apt_installed_here.contains(row) {
                            here.insert(row);
                        }
                    }
                    here
                };
                let earlier: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| {
                        self.k.apt_row(n).is_some_and(|row| {
                            self.state().apt_installed.contains(row)
                                && !run.apt_installed_here.contains(row)
                        })
                    })
                    .collect();
                if !gone.is_empty() {
                    let bytes = self.k.apt_set_bytes(&gone);
                    for row in gone.rows() {
                        run.apt_installed_here.remove(row);
                    }
                    subtract(
                        run,
                        Bytes::exact(bytes),
                        format!(
                            "purged in the same RUN: {} packages, {} never reach the layer",
                            gone.len(),
                            crate::size::human(bytes)
                        ),
                    );
                }
                if !earlier.is_empty() {
                    run.parts.push(Part::new(Bytes::ZERO).note(format!(
                        "purging {} here does not shrink the image: it was installed in an earlier layer",
                        earlier.join(", ")
                    )));
                }
            }
            "upgrade" | "dist-upgrade" | "full-upgrade" => {
                run.parts.push(
                    self.heuristic_part("upgrade")
                        .path("/usr")
                        .seconds(self.duration("apt-upgrade")),
                );
            }
            _ => {}
        }
    }
}

/// What one word after `apt-get install` asks for.
#[derive(Debug, PartialEq, Eq)]
enum InstallWord<'a> {
    Install(&'static str),
    /// `name-`: apt removes the package in the same transaction.
    Remove(&'a str),
    Unknown(&'a str),
    Nothing,
}

/// Reads `name`, `name=version`, `name+` (install) and `name-` (remove) as apt does. The name is
/// looked up as written first: `g++` and `libstdc++6` end in `+` and are package names, not
/// `g` or `libstdc+` with a marker.
fn install_word<'a>(
    word: &'a str,
    lookup: impl Fn(&str) -> Option<&'static str>,
) -> InstallWord<'a> {
    let name = word.split('=').next().unwrap_or(word);
    if name.is_empty() {
        return InstallWord::Nothing;
    }
    if let Some(known) = lookup(name) {
        return InstallWord::Install(known);
    }
    if let Some(bare) = name.strip_suffix('+').filter(|n| !n.is_empty()) {
        return lookup(bare).map_or(InstallWord::Unknown(bare), InstallWord::Install);
    }
    if let Some(bare) = name.strip_suffix('-').filter(|n| !n.is_empty()) {
        return InstallWord::Remove(bare);
    }
    InstallWord::Unknown(name)
}

/// Takes bytes back out of this RUN's apt parts (a purge in the same RUN).
fn subtract(run: &mut RunScan, bytes: Bytes, note: String) {
    let mut left = bytes.expected;
    for part in run
        .parts
        .iter_mut()
        .filter(|p| p.group.as_deref() == Some("apt"))
    {
        let take = left.min(part.bytes.expected);
        part.bytes = part.bytes.minus(Bytes::exact(take));
        left -= take;
    }
    run.parts.push(Part::new(Bytes::ZERO).note(note));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(word: &str) -> InstallWord<'_> {
        let table = ["g++", "libstdc++6", "curl", "gcc"];
        install_word(word, |name| table.iter().copied().find(|t| *t == name))
    }

    #[test]
    fn a_name_ending_in_plus_is_looked_up_as_written() {
        assert_eq!(read("g++"), InstallWord::Install("g++"));
        assert_eq!(read("libstdc++6"), InstallWord::Install("libstdc++6"));
        assert_eq!(read("g++=4:12.2.0-3"), InstallWord::Install("g++"));
    }

    #[test]
    fn markers_apply_only_when_the_name_as_written_is_unknown() {
        assert_eq!(read("curl+"), InstallWord::Install("curl"));
        assert_eq!(read("g+++"), InstallWord::Install("g++"));
        assert_eq!(read("curl-"), InstallWord::Remove("curl"));
        assert_eq!(read("foo-"), InstallWord::Remove("foo"));
        assert_eq!(read("foo+"), InstallWord::Unknown("foo"));
        assert_eq!(read("gcc-12"), InstallWord::Unknown("gcc-12"));
        assert_eq!(read("=1.0"), InstallWord::Nothing);
        assert_eq!(read("-"), InstallWord::Unknown("-"));
    }
}
