//! Where the rewrite plan spends its time on the 200-line bench input (a quick breakdown
//! beside the criterion bench): `cargo run --profile bench -p stagecraft-core --example rewrite_profile`
//! (opt-level 3, as `cargo xtask dist-cli` builds the CLI; `--release` is tuned for the wasm's size).
//!
//! It runs with mimalloc, the allocator the `stagecraft` CLI ships, so its `plan` line is the
//! native figure a user of the CLI gets; `cargo bench --bench rewrite` uses the system
//! allocator (glibc's, where about a third of the plan's time goes to malloc and free), so the
//! two together show what the engine's allocations cost.

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/rewrite/python-long-200-lines.before.Dockerfile"
    ))
    .unwrap();
    let file = stagecraft_core::parse(&text);
    let manifests = stagecraft_core::rewrite::Manifests::default();
    let n = 50;
    let time = |name: &str, f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        println!("{name:<12} {:?}", t.elapsed() / n);
    };
    time("parse", &|| drop(stagecraft_core::parse(&text)));
    time("lint", &|| drop(stagecraft_core::lint::lint(&text)));
    time("estimate", &|| {
        drop(stagecraft_core::size::estimate(&file, &Default::default()))
    });
    time("cache_plan", &|| {
        drop(stagecraft_core::size::cache_plan(
            &file,
            &Default::default(),
            stagecraft_core::size::Change::Code,
        ))
    });
    time("measure", &|| {
        drop(stagecraft_core::rewrite::measure(&file, &manifests, None))
    });
    time("plan", &|| {
        drop(stagecraft_core::rewrite::plan(
            &text,
            &manifests,
            &Default::default(),
        ))
    });
    // The whole shared corpus once, when it is there.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if let Ok(repos) = std::fs::read_dir(&dir) {
        let files: Vec<String> = repos
            .flatten()
            .flat_map(|repo| {
                std::fs::read_dir(repo.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .map(|f| {
                String::from_utf8_lossy(&std::fs::read(f.path()).unwrap_or_default()).into_owned()
            })
            .collect();
        let t = Instant::now();
        for text in &files {
            drop(stagecraft_core::rewrite::plan(
                text,
                &manifests,
                &Default::default(),
            ));
        }
        println!("corpus       {:?} for {} files", t.elapsed(), files.len());
    }
}
