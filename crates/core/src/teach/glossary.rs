//! The words a beginner trips on, each explained once in plain words with an anchor id that
//! messages link to (`#term-layer` on the page, `stagecraft lint --explain layer` style
//! pointers in the CLI).
//!
//! Also the one place that names Debian and Ubuntu releases with their numbers: a codename
//! alone ("trixie") means nothing to someone who has not followed Debian's releases.

/// One explained word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The anchor id (`layer`, `build-context`...): stable, used in links.
    pub id: &'static str,
    /// The word as messages use it.
    pub word: &'static str,
    /// One or two plain sentences.
    pub plain: &'static str,
    /// Lowercase phrases that, found in a message, mean the message uses this term (so the
    /// message links to it). Matched at word starts: `slim` in `python:3.12-slim`, not in
    /// `slimmer`'s middle.
    pub phrases: &'static [&'static str],
    /// The word and sentences the page shows instead, where the CLI's would name a command
    /// the page does not have.
    pub on_page: Option<(&'static str, &'static str)>,
}

impl Term {
    /// The word and its explanation as `surface` shows them.
    pub fn on(&self, surface: super::Surface) -> (&'static str, &'static str) {
        match (surface, self.on_page) {
            (super::Surface::Page, Some(page)) => page,
            _ => (self.word, self.plain),
        }
    }

    /// The anchor for links: `term-layer`.
    pub fn anchor(&self) -> String {
        format!("term-{}", self.id)
    }
}

/// Every term, in the order a beginner meets them.
pub static TERMS: &[Term] = &[
    Term {
        id: "layer",
        word: "layer",
        plain: "Each RUN, COPY and ADD adds a layer: the files that instruction wrote. An image is its base image's layers plus these, stacked; a file deleted in a later layer still takes space in the earlier one.",
        phrases: &["layer"],
        on_page: None,
    },
    Term {
        id: "build-context",
        word: "build context",
        plain: "The folder `docker build` sends to the builder (the `.` in `docker build .`). A `COPY` of `.` copies all of it, `.git` and `.env` included, unless `.dockerignore` leaves them out.",
        phrases: &["build context", "context"],
        on_page: None,
    },
    Term {
        id: "layer-cache",
        word: "layer cache",
        plain: "Docker keeps each layer it built and reuses it while the instruction and everything before it are unchanged. The first changed instruction and every one after it run again.",
        phrases: &["layer cache", "build cache", "rebuild"],
        on_page: None,
    },
    Term {
        id: "download-cache",
        word: "download cache",
        plain: "Where pip, npm or apt keep the packages they downloaded. Left in a layer it only makes the image bigger; in a cache mount (`RUN --mount=type=cache`) it stays on the build machine and speeds up the next install.",
        phrases: &["download cache", "cache mount", "--mount=type=cache", "--no-cache"],
        on_page: None,
    },
    Term {
        id: "cache-command",
        word: "`stagecraft cache`",
        plain: "Stagecraft's command (the Rebuilds tab on the page) that shows which layers a change rebuilds, from the layer cache rules above, before you build anything.",
        phrases: &["stagecraft cache", "rebuilds tab"],
        on_page: Some((
            "the Rebuilds tab",
            "The tab beside Layers that shows which layers a change rebuilds, from the layer cache rules above, before you build anything. The CLI's `stagecraft cache` prints the same.",
        )),
    },
    Term {
        id: "slim",
        word: "slim image",
        plain: "The same Debian and language runtime as the full image, without compilers, headers and extra tools. Apps run the same unless they compile packages while installing.",
        phrases: &["slim"],
        on_page: None,
    },
    Term {
        id: "alpine",
        word: "Alpine image",
        plain: "A very small Linux (about 8 MB) built on musl instead of glibc. Smaller than slim, but some prebuilt packages do not work on it and are compiled instead.",
        phrases: &["alpine"],
        on_page: None,
    },
    Term {
        id: "distroless",
        word: "distroless image",
        plain: "An image with the language runtime and nothing else: no shell, no package manager. The smallest and hardest to attack, and the hardest to debug.",
        phrases: &["distroless"],
        on_page: None,
    },
    Term {
        id: "musl",
        word: "musl",
        plain: "The C library Alpine uses instead of glibc (which Debian and Ubuntu use). Programs and Python wheels built for glibc do not run on it, so pip compiles those packages from source.",
        phrases: &["musl"],
        on_page: None,
    },
    Term {
        id: "pid-1",
        word: "the main process (PID 1)",
        plain: "The first process in a container. `docker stop` sends it a stop signal and kills it 10 s later if it has not exited. A shell started by the shell form of CMD does not pass the signal on, so the app never hears it and is killed.",
        phrases: &["pid 1", "docker stop", "signal"],
        on_page: None,
    },
    Term {
        id: "multi-stage",
        word: "multi-stage build",
        plain: "A Dockerfile with several FROM lines: an early stage has the compilers and builds the app, the last stage copies only the result. The image is the last stage, so the tools stay out of it.",
        phrases: &["multi-stage", "builder stage", "build stage"],
        on_page: None,
    },
    Term {
        id: "wheel",
        word: "wheel",
        plain: "A Python package already built for one kind of system. With a matching wheel pip just unpacks files; without one it compiles the package, which needs a compiler and takes much longer.",
        phrases: &["wheel"],
        on_page: None,
    },
];

/// The ids of the terms `text` uses, in glossary order.
pub fn terms_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_ascii_lowercase();
    TERMS
        .iter()
        .filter(|t| t.phrases.iter().any(|p| has_phrase(&lower, p)))
        .map(|t| t.id)
        .collect()
}

/// Whether `phrase` is a word (or words) of `text`, both lowercase, allowing the endings
/// English adds (`layers`, `rebuilds`, `rebuilding`).
fn has_phrase(text: &str, phrase: &str) -> bool {
    const ENDINGS: &[&str] = &["s", "es", "d", "ed", "ing"];
    text.match_indices(phrase).any(|(at, _)| {
        let starts_word = phrase.starts_with('-')
            || text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric());
        let rest = &text[at + phrase.len()..];
        let word_end = |s: &str| s.chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
        starts_word
            && (word_end(rest)
                || ENDINGS
                    .iter()
                    .any(|e| rest.strip_prefix(e).is_some_and(word_end)))
    })
}

/// The term with this id.
pub fn term(id: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.id == id)
}

/// Debian and Ubuntu release codenames with the number people know them by.
const RELEASES: &[(&str, &str)] = &[
    ("jessie", "Debian 8"),
    ("stretch", "Debian 9"),
    ("buster", "Debian 10"),
    ("bullseye", "Debian 11"),
    ("bookworm", "Debian 12"),
    ("trixie", "Debian 13"),
    ("forky", "Debian 14"),
    ("sid", "Debian unstable"),
    ("xenial", "Ubuntu 16.04"),
    ("bionic", "Ubuntu 18.04"),
    ("focal", "Ubuntu 20.04"),
    ("jammy", "Ubuntu 22.04"),
    ("noble", "Ubuntu 24.04"),
];

/// The release a codename is: `trixie` → `Debian 13`.
pub fn release_number(codename: &str) -> Option<&'static str> {
    RELEASES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(codename))
        .map(|(_, number)| *number)
}

/// Whether ASCII `word` is a release codename (any case), for scans over a text's bytes.
pub(crate) fn is_release_codename(word: &[u8]) -> bool {
    RELEASES
        .iter()
        .any(|(name, _)| name.as_bytes().eq_ignore_ascii_case(word))
}

/// Adds the release number after each codename in `text` that does not already have it:
/// "package lists are from trixie" → "package lists are from trixie (Debian 13)". A codename
/// inside an image tag (`python:3.12-trixie`) gets it after the whole tag, so the tag can
/// still be copied.
pub fn with_release_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        // The next "word" is a run of characters that can belong to an image reference.
        let start = rest
            .find(|c: char| c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '/' | '_'))
            })
            .unwrap_or(rest.len());
        let mut word = &rest[..end];
        // A sentence's full stop is not part of the tag.
        while word.ends_with(['.', ':', '-']) {
            word = &word[..word.len() - 1];
        }
        // Never empty: the word starts with the alphanumeric character found above.
        let token = word;
        out.push_str(token);
        rest = &rest[token.len()..];
        let release = token
            .split(['-', ':', '/', '.', '_'])
            .find_map(release_number);
        // "ubuntu:noble is ubuntu:24.04" already says the number.
        let already = rest.trim_start().starts_with('(')
            || release.is_some_and(|number| says_number(text, number));
        if let (Some(number), false) = (release, already) {
            out.push_str(&format!(" ({number})"));
        }
    }
    out
}

/// Whether `text` names the release by number: `Debian 13`, `debian:13`, `ubuntu:24.04`.
fn says_number(text: &str, number: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let number = number.to_ascii_lowercase();
    lower.contains(&number) || lower.contains(&number.replacen(' ', ":", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size model looks a note's words up only when they are 3 to 8 ASCII letters
    /// (`size::names_a_release`); a codename outside that would never get its number.
    #[test]
    fn codenames_are_three_to_eight_letters() {
        for (name, _) in RELEASES {
            assert!(
                (3..=8).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphabetic()),
                "{name}"
            );
        }
    }

    #[test]
    fn codenames_get_their_number_once() {
        assert_eq!(
            with_release_numbers("python:3.12 is python:3.12-trixie"),
            "python:3.12 is python:3.12-trixie (Debian 13)"
        );
        assert_eq!(
            with_release_numbers("package lists are trixie's."),
            "package lists are trixie (Debian 13)'s."
        );
        assert_eq!(
            with_release_numbers("trixie (Debian 13) already"),
            "trixie (Debian 13) already"
        );
        assert_eq!(with_release_numbers("no release here"), "no release here");
        assert_eq!(
            with_release_numbers("ubuntu:noble is ubuntu:24.04"),
            "ubuntu:noble is ubuntu:24.04"
        );
        assert_eq!(
            with_release_numbers("debian:12-slim is debian:bookworm-slim"),
            "debian:12-slim is debian:bookworm-slim"
        );
        assert_eq!(
            with_release_numbers("ubuntu:jammy, then node:22-bookworm-slim."),
            "ubuntu:jammy (Ubuntu 22.04), then node:22-bookworm-slim (Debian 12)."
        );
        // Never splits a multi-byte character.
        assert_eq!(with_release_numbers("é trixie ü"), "é trixie (Debian 13) ü");
    }

    #[test]
    fn every_term_has_a_unique_anchor_and_plain_words() {
        let mut ids: Vec<&str> = TERMS.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TERMS.len());
        for t in TERMS {
            assert!(t.plain.len() > 40 && t.plain.ends_with('.'), "{}", t.id);
            assert!(t
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
        assert_eq!(term("layer").unwrap().anchor(), "term-layer");
        // The page speaks of the page: no glossary word there names a CLI command.
        for t in TERMS {
            let (word, _) = t.on(crate::teach::Surface::Page);
            assert!(!word.contains("stagecraft"), "{}", t.id);
        }
    }

    #[test]
    fn messages_link_to_the_terms_they_use() {
        assert_eq!(
            terms_in("Use python:3.12-slim: the same runtime without compilers."),
            ["slim"]
        );
        assert_eq!(
            terms_in("pip compiles psycopg2 on Alpine (musl has no wheels for it)"),
            ["alpine", "musl", "wheel"]
        );
        // A word that merely contains a phrase is not that term.
        assert!(terms_in("a slimmer, player-friendly note").is_empty());
        assert_eq!(terms_in("`docker stop` cannot stop it cleanly"), ["pid-1"]);
    }
}
