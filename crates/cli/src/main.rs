//! `stagecraft`: Stagecraft's engine for terminals and CI (the commands live in the library).

fn main() -> std::process::ExitCode {
    stagecraft_cli::main()
}
