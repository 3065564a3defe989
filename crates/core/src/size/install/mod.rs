//! One installer per file: each reads its tool's command line inside a `RUN` and adds the parts
//! it writes (bytes, where they land, sources and notes) to the RUN being sized. The dispatch
//! from program name to installer is in [`super::run`].

mod apk;
mod apt;
pub(super) mod cargo;
mod dnf;
mod download;
mod go;
mod java;
mod npm;
mod python;
