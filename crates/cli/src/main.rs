//! `stagecraft`: Stagecraft's engine for terminals and CI (the commands live in the library).

/// Linting a corpus is mostly small allocations (a word, a command, a finding at a time):
/// mimalloc makes them cheaper than the system allocator. Only the native command uses it;
/// the page's wasm build keeps Rust's default allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    stagecraft_cli::main()
}
