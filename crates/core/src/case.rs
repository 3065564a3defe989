//! Lower and upper case as Unicode defines them, for the checks that follow BuildKit's case
//! rules (stage names, keywords, protocols) and a few words the engine compares.
//!
//! Unicode's case tables are a large part of a WASM module (std's `str::to_lowercase` and
//! `to_uppercase` with their tables were 17.7 KB gzip of the page's 530 KB), and a browser
//! carries the same tables already. So: ASCII text, nearly all a Dockerfile holds, is mapped
//! here; any other text goes through std's full mapping with the `unicode-case` feature (on by
//! default: the CLI and the tests), and without it through the mapping the embedder installs
//! with [`use_mapping`] — the page installs JavaScript's `toLowerCase` and `toUpperCase`,
//! which apply the same full Unicode mapping (final sigma included).

#[cfg(not(feature = "unicode-case"))]
use std::sync::OnceLock;

/// A full Unicode case mapping supplied by the embedder.
#[derive(Clone, Copy)]
pub struct Mapping {
    pub lower: fn(&str) -> String,
    pub upper: fn(&str) -> String,
}

#[cfg(not(feature = "unicode-case"))]
static MAPPING: OnceLock<Mapping> = OnceLock::new();

/// Installs the mapping used for non-ASCII text when the core is built without
/// `unicode-case`; the first one installed stays. With `unicode-case`, std's is used and this
/// does nothing.
pub fn use_mapping(mapping: Mapping) {
    #[cfg(not(feature = "unicode-case"))]
    let _ = MAPPING.set(mapping);
    #[cfg(feature = "unicode-case")]
    let _ = mapping;
}

/// `text` in lower case, as `str::to_lowercase` gives it.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    #[cfg(feature = "unicode-case")]
    return text.to_lowercase();
    #[cfg(not(feature = "unicode-case"))]
    return MAPPING
        .get()
        .map_or_else(|| text.to_ascii_lowercase(), |m| (m.lower)(text));
}

/// Whether `text` is all upper case (`upper`) or all lower case: it equals itself converted.
/// ASCII text (nearly every keyword and stage word) is read from its bytes, with no
/// converted copy made.
pub fn is_in_case(text: &str, upper: bool) -> bool {
    if text.is_ascii() {
        return !text.bytes().any(|b| {
            if upper {
                b.is_ascii_lowercase()
            } else {
                b.is_ascii_uppercase()
            }
        });
    }
    let converted = if upper {
        self::upper(text)
    } else {
        lower(text)
    };
    text == converted
}

/// `text` in upper case, as `str::to_uppercase` gives it.
pub fn upper(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    #[cfg(feature = "unicode-case")]
    return text.to_uppercase();
    #[cfg(not(feature = "unicode-case"))]
    return MAPPING
        .get()
        .map_or_else(|| text.to_ascii_uppercase(), |m| (m.upper)(text));
}

#[cfg(all(test, feature = "unicode-case"))]
mod tests {
    use super::*;

    #[test]
    fn maps_as_std_does() {
        for text in [
            "",
            "FROM",
            "Builder-1",
            "ÄRGER",
            "straße",
            "ΟΔΟΣ",
            "İstanbul",
            "ǅ",
        ] {
            assert_eq!(lower(text), text.to_lowercase(), "{text}");
            assert_eq!(upper(text), text.to_uppercase(), "{text}");
        }
    }
}
