//! The byte searches the lexer runs on every word and every gap: sixteen bytes at a time
//! where the target has SSE2 (every x86-64, the CLI and the benches), one at a time
//! elsewhere (the page's wasm) and over the last fifteen bytes of a text. Each gives the
//! same answer either way: a 16-byte step only finds candidates, which the byte's own test
//! confirms. Against the byte loops they replaced, lint over the corpus ran 0.5% fewer
//! instructions, and lint's shell reader mispredicted a sixth fewer branches (each loop
//! left at a byte no predictor could foresee, once per word and per gap).

use crate::syntax::shell_lexer::WORD_STOP;

/// The first byte at or after `from` that is in [`WORD_STOP`], or `bytes.len()`.
#[inline(always)]
pub(crate) fn stop(bytes: &[u8], from: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let from = {
        let mut from = from;
        while let Some(chunk) = chunk(bytes, from) {
            let mut candidates = sse2::stop_candidates(chunk);
            while candidates != 0 {
                let at = candidates.trailing_zeros() as usize;
                if WORD_STOP[usize::from(chunk[at])] {
                    return from + at;
                }
                candidates &= candidates - 1;
            }
            from += 16;
        }
        from
    };
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| WORD_STOP[usize::from(b)])
        .unwrap_or(rest.len())
}

/// The first byte at or after `from` that is not a space, tab or carriage return, or
/// `bytes.len()`.
#[inline(always)]
pub(crate) fn past_blanks(bytes: &[u8], from: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let from = {
        let mut from = from;
        while let Some(chunk) = chunk(bytes, from) {
            let other = !sse2::blanks(chunk) & 0xffff;
            if other != 0 {
                return from + other.trailing_zeros() as usize;
            }
            from += 16;
        }
        from
    };
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\r'))
        .unwrap_or(rest.len())
}

/// The first byte at or after `from` that is one of `set`, or `bytes.len()`.
#[inline(always)]
pub(crate) fn first_of<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let from = {
        let mut from = from;
        while let Some(chunk) = chunk(bytes, from) {
            let found = sse2::any_of(chunk, set);
            if found != 0 {
                return from + found.trailing_zeros() as usize;
            }
            from += 16;
        }
        from
    };
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|b| set.contains(b))
        .unwrap_or(rest.len())
}

/// The 16 bytes from `from` on, when there are that many.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn chunk(bytes: &[u8], from: usize) -> Option<&[u8; 16]> {
    bytes.get(from..)?.first_chunk()
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[allow(unused_unsafe)]
mod sse2 {
    use std::arch::x86_64::*;

    #[inline(always)]
    fn load(chunk: &[u8; 16]) -> __m128i {
        // SAFETY: the pointer is to 16 readable bytes, and the load needs no alignment.
        unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
    }

    /// One bit per byte of `chunk` (the first byte's lowest) that may be a
    /// [`super::WORD_STOP`] byte: every one of them is, and so are `!`, `#`, `%` and
    /// the control characters, which are not (the caller tells them apart).
    #[inline(always)]
    pub(super) fn stop_candidates(chunk: &[u8; 16]) -> u32 {
        let v = load(chunk);
        // SAFETY: SSE2 is enabled for this target (the module's `cfg`); no intrinsic
        // here reads or writes memory.
        unsafe {
            let splat = |b: u8| _mm_set1_epi8(b as i8);
            // Up to `)`: the blanks, `"`, `$`, `&`, `'`, `(` and `)`, and some bytes that
            // are no stops.
            let low = _mm_cmpeq_epi8(_mm_min_epu8(v, splat(b')')), v);
            // `<` and `>` are one bit apart, and so are `\` and `|`.
            let angle = _mm_cmpeq_epi8(_mm_or_si128(v, splat(0x02)), splat(b'>'));
            let bar = _mm_cmpeq_epi8(_mm_or_si128(v, splat(0x20)), splat(b'|'));
            let semicolon = _mm_cmpeq_epi8(v, splat(b';'));
            let backquote = _mm_cmpeq_epi8(v, splat(b'`'));
            let any = _mm_or_si128(
                _mm_or_si128(low, angle),
                _mm_or_si128(_mm_or_si128(bar, semicolon), backquote),
            );
            _mm_movemask_epi8(any) as u32
        }
    }

    /// One bit per byte of `chunk` that is a space, tab or carriage return.
    #[inline(always)]
    pub(super) fn blanks(chunk: &[u8; 16]) -> u32 {
        any_of(chunk, *b" \t\r")
    }

    /// One bit per byte of `chunk` that is one of `set`.
    #[inline(always)]
    pub(super) fn any_of<const N: usize>(chunk: &[u8; 16], set: [u8; N]) -> u32 {
        let v = load(chunk);
        // SAFETY: as in `stop_candidates`.
        unsafe {
            let mut any = _mm_setzero_si128();
            for b in set {
                any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
            }
            _mm_movemask_epi8(any) as u32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with every byte the searches look for, at every offset of a 16-byte step.
    fn texts() -> Vec<Vec<u8>> {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b" \t\r\n;&|()<>\\'\"$`!#%=/_aZ09-.\x07\x0b\xc3\xa9{}~";
        (0..3000)
            .map(|round| {
                let len = (next() % if round % 4 == 0 { 70 } else { 24 }) as usize;
                // Long runs of one byte now and then: a search that crosses 16-byte steps.
                let run = (next() % 40) as usize;
                let fill = alphabet[(next() % alphabet.len() as u64) as usize];
                let mut text: Vec<u8> = (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                let at = (next() as usize) % (text.len() + 1);
                text.splice(at..at, std::iter::repeat_n(fill, run));
                text
            })
            .collect()
    }

    #[test]
    fn searches_find_what_a_byte_at_a_time_finds() {
        let first = |text: &[u8], from: usize, hit: &dyn Fn(u8) -> bool| {
            from + text[from..]
                .iter()
                .position(|&b| hit(b))
                .unwrap_or(text.len() - from)
        };
        for text in texts() {
            for from in 0..=text.len() {
                let stops = |b: u8| WORD_STOP[usize::from(b)];
                assert_eq!(stop(&text, from), first(&text, from, &stops), "{text:?}");
                let blank = |b: u8| !matches!(b, b' ' | b'\t' | b'\r');
                assert_eq!(past_blanks(&text, from), first(&text, from, &blank));
                let set = *b"\"\\$`";
                let any = |b: u8| set.contains(&b);
                assert_eq!(first_of(&text, from, set), first(&text, from, &any));
            }
        }
    }
}
