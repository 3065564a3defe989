//! The model's reading of a `FROM` image reference.

use super::Text;
use crate::size::image_ref::WrittenRef;

/// An image reference split into parts: `registry/name:tag@digest`. The parts are
/// [`Text`]s: most are short, and a string each was four allocations per `FROM`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageRef {
    /// As written, before ARG expansion.
    pub raw: Text,
    /// After expanding global ARGs with their defaults.
    pub resolved: Text,
    pub registry: Option<Text>,
    /// Repository path without registry or tag (`library/python` stays `python`).
    pub name: Text,
    pub tag: Option<Text>,
    pub digest: Option<Text>,
}

impl ImageRef {
    pub fn parse(raw: &str, resolved: &str) -> ImageRef {
        let written = WrittenRef::split(resolved);
        let (registry, name) = written.registry_and_path();
        let raw_text = Text::new(raw);
        ImageRef {
            // The same text when nothing was expanded (most): copied once.
            resolved: if std::ptr::eq(raw, resolved) {
                raw_text.clone()
            } else {
                resolved.into()
            },
            raw: raw_text,
            registry: registry.map(Text::new),
            name: name.into(),
            tag: written.tag.map(Text::new),
            digest: written.digest.map(Text::new),
        }
    }

    /// `resolved` split as [`WrittenRef::split`] reads it, from the parts split already: the
    /// name is what is left before the tag and digest (rules split each FROM again and again).
    pub fn resolved_written(&self) -> WrittenRef<'_> {
        let cut = self.tag.as_ref().map_or(0, |t| t.len() + 1)
            + self.digest.as_ref().map_or(0, |d| d.len() + 1);
        WrittenRef {
            name: &self.resolved[..self.resolved.len() - cut],
            tag: self.tag.as_deref(),
            digest: self.digest.as_deref(),
        }
    }

    /// `raw` split as [`WrittenRef::split`] reads it: the parts split already when nothing
    /// was expanded (most references).
    pub fn written(&self) -> WrittenRef<'_> {
        if self.raw == self.resolved {
            self.resolved_written()
        } else {
            WrittenRef::split(&self.raw)
        }
    }

    /// The image name without `library/` or a `docker.io` registry.
    pub fn short_name(&self) -> &str {
        self.name.strip_prefix("library/").unwrap_or(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_refs() {
        let i = ImageRef::parse("r.io:5000/a/b:1@sha256:x", "r.io:5000/a/b:1@sha256:x");
        assert_eq!(i.registry.as_deref(), Some("r.io:5000"));
        assert_eq!(i.name, "a/b");
        assert_eq!(i.tag.as_deref(), Some("1"));
        assert_eq!(i.digest.as_deref(), Some("sha256:x"));
        let j = ImageRef::parse("localhost:5000/x", "localhost:5000/x");
        assert_eq!(j.tag, None);
    }

    #[test]
    fn written_parts_are_the_split_of_the_reference() {
        for reference in [
            "python",
            "python:3.12",
            "python:",
            "r.io:5000/a/b:1@sha256:x",
            "localhost:5000/x",
            "a@sha256:x:y",
            "a:b/c",
            "",
        ] {
            let image = ImageRef::parse(reference, reference);
            assert_eq!(image.written(), WrittenRef::split(reference), "{reference}");
            let expanded = ImageRef::parse("$BASE", reference);
            assert_eq!(expanded.resolved_written(), WrittenRef::split(reference));
            assert_eq!(expanded.written(), WrittenRef::split("$BASE"));
        }
    }
}
