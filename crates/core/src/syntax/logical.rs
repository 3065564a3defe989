//! The text of an instruction once its continuation lines are joined ([`Logical`]), and
//! where each of its bytes came from in the source: the parser reads instructions from it.

use std::borrow::Cow;
use std::ops::Range;

use super::span::Span;

/// The instruction text after continuation lines are joined, with a map back to the source.
#[derive(Debug, Default)]
pub(super) struct Logical<'a> {
    /// Borrowed from the source while the instruction is one piece (most are), so the common
    /// case copies nothing; joined by [`Logical::join`] once every piece is pushed.
    pub(super) text: Cow<'a, str>,
    /// `(offset in text, offset in source, length)` for each joined piece. The parser hands
    /// the same list from one instruction to the next, so after the first it allocates nothing.
    pub(super) pieces: Vec<(usize, usize, usize)>,
    /// Where the text starts in the source, for empty texts.
    pub(super) anchor: usize,
    /// The length of the text the pieces pushed so far make.
    pub(super) len: usize,
    /// The source the pieces are of, set by [`Logical::join`].
    pub(super) source: &'a str,
}

impl<'a> Logical<'a> {
    /// Adds `start..end` of the source as the next piece of the text (nothing when empty).
    #[inline(always)]
    pub(super) fn push(&mut self, start: usize, end: usize) {
        if end > start {
            self.pieces.push((self.len, start, end - start));
            self.len += end - start;
        }
    }

    /// Sets the text from the pieces, once they are all pushed: one piece is borrowed, more
    /// are copied into `room` (taken), made as long as they are at once (growing it line by
    /// line copied a long instruction several times). The parser hands the string back from
    /// one continued instruction to the next, which saves an allocation for each but the
    /// file's first.
    pub(super) fn join(&mut self, source: &'a str, room: &mut String) {
        self.source = source;
        if let [(_, start, len)] = *self.pieces {
            self.text = Cow::Borrowed(&source[start..start + len]);
            return;
        }
        let mut text = std::mem::take(room);
        text.clear();
        text.reserve(self.len);
        for &(_, start, len) in &self.pieces {
            text.push_str(&source[start..start + len]);
        }
        self.text = Cow::Owned(text);
    }

    /// `text[start..end]` as the same bytes of the source when the text is one piece of it
    /// (most instructions), else of the text, with the string the range is of: a short word
    /// read through a window of bytes ([`super::Text::within`]) finds the window in the
    /// source where the text alone ends too soon.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn source_or_text(&self, start: usize, end: usize) -> (&str, Range<usize>) {
        match *self.pieces {
            [(0, source, _)] => (self.source, source + start..source + end),
            _ => (&self.text, start..end),
        }
    }

    /// Source offset of text offset `at` (the end of the text maps to the end of the last piece).
    /// Inlined where a span is asked for (a few per instruction): the first piece starts the
    /// text and the last runs to its end, so the offsets asked (the keyword's, the arguments'
    /// ends) are almost always in one of them, found with a comparison or two where a search
    /// over the pieces was a call of its own.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn source_offset(&self, at: usize) -> usize {
        let pieces = &self.pieces;
        let (Some(&(_, first, first_len)), Some(&(logical, last, last_len))) =
            (pieces.first(), pieces.last())
        else {
            return self.anchor;
        };
        // The first piece is at text offset 0 ([`Logical::push`] starts from an empty text).
        if at < first_len {
            return first + at;
        }
        if at >= logical {
            return last + (at - logical).min(last_len);
        }
        self.middle_offset(at)
    }

    /// [`Logical::source_offset`] of an offset past the first piece and before the last.
    fn middle_offset(&self, at: usize) -> usize {
        let pieces = &self.pieces;
        // Pieces are in text order; a binary search keeps an instruction continued over
        // thousands of lines (one word span per piece) linear.
        let piece = pieces.partition_point(|&(logical, _, len)| logical + len <= at);
        match pieces.get(piece) {
            Some(&(logical, source, _)) => source + at.saturating_sub(logical),
            None => self.anchor,
        }
    }

    /// The pieces covering `start..end` of the text, shifted so `start` is offset 0; empty
    /// when the range is one piece, which [`super::Instruction::argument_offset`] maps directly.
    pub(super) fn sub_map(&self, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
        if self.pieces.len() <= 1 {
            return Vec::new();
        }
        // Sized for every piece up front: a filtered collect would double its way there, and
        // an instruction of many continuation lines keeps this map.
        let mut map = Vec::with_capacity(self.pieces.len());
        map.extend(self.pieces.iter().filter_map(|&(logical, source, len)| {
            let from = logical.max(start);
            let to = (logical + len).min(end);
            (from < to).then(|| (from - start, source + (from - logical), to - from))
        }));
        map
    }

    /// Where text bytes `start..end` are in the source, continuation markers between pieces
    /// included (an empty span where the text's start is for an empty range).
    #[inline(always)]
    pub(super) fn span(&self, start: usize, end: usize) -> Span {
        let from = self.source_offset(start);
        if end <= start {
            return Span::empty(from);
        }
        Span::new(from, self.source_offset(end - 1) + 1)
    }
}
