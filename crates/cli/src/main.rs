//! `stagecraft`: Stagecraft's engine for terminals and CI (the commands live in the library).

use std::os::raw::{c_int, c_long};

/// Linting a corpus is mostly small allocations (a word, a command, a finding at a time):
/// mimalloc makes them cheaper than the system allocator. Only the native command uses it;
/// the page's wasm build keeps Rust's default allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's own `mi_option_set` (`mimalloc.h`), in the C library the `mimalloc` crate
    /// builds and links.
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_t` (the 16th option in both of its
/// version 2 and 3 headers).
const MI_OPTION_PURGE_DELAY: c_int = 15;

fn main() -> std::process::ExitCode {
    // A command runs for a second at most and then gives everything back: memory it frees
    // stays with the allocator for its next use instead of going back to the system 10 ms
    // later and being faulted in and zeroed again. The rewrite plan of a megabyte file frees
    // and reuses about 100 MB at each of its steps; giving it back spent up to 0.4 s of a
    // 0.9 s run in the kernel zeroing pages.
    // SAFETY: called before any thread starts (mimalloc asks for that); the option takes any
    // value, -1 meaning "never purge".
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    stagecraft_cli::main()
}
