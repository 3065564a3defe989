//! Mounts the Stagecraft app into the page.

fn main() {
    stagecraft::run();
}
