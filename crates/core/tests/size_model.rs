//! The layer model's lessons, each as a pair of Dockerfiles that differ in one habit.

use stagecraft_core::parse;
use stagecraft_core::size::{estimate, EstimateInputs, Layer, SizeEstimate};

fn run(text: &str) -> SizeEstimate {
    estimate(&parse(text), &EstimateInputs::default())
}

fn layer(e: &SizeEstimate, line: usize) -> &Layer {
    e.stages
        .iter()
        .flat_map(|s| &s.layers)
        .find(|l| l.line == line)
        .unwrap_or_else(|| panic!("no layer at line {line}"))
}

#[test]
fn a_later_rm_never_shrinks_the_image() {
    let same = run("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
    let later = run("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n");
    assert!(later.image.expected > same.image.expected + 10_000_000);
    assert_eq!(layer(&later, 3).bytes.expected, 0);
    assert!(layer(&later, 3)
        .notes
        .iter()
        .any(|n| n.contains("stay in that layer")));
    assert!(layer(&later, 2)
        .notes
        .iter()
        .any(|n| n.contains("apt lists stay")));
}

#[test]
fn pip_cache_is_left_behind_unless_disabled_or_mounted() {
    let cached = run("FROM python:3.12-slim\nRUN pip install django\n");
    let no_cache = run("FROM python:3.12-slim\nRUN pip install --no-cache-dir django\n");
    let mounted = run("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install django\n");
    let env = run("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install django\n");
    assert!(cached.image.expected > no_cache.image.expected);
    assert_eq!(no_cache.image.expected, mounted.image.expected);
    assert_eq!(no_cache.image.expected, env.image.expected);
    assert!(layer(&cached, 2)
        .notes
        .iter()
        .any(|n| n.contains("--no-cache-dir")));
}

#[test]
fn recommends_are_counted_and_the_difference_is_shown() {
    let with = run("FROM debian:bookworm-slim\nRUN apt-get install -y git\n");
    let without =
        run("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends git\n");
    assert!(with.image.expected > without.image.expected);
    let note = layer(&with, 2)
        .notes
        .iter()
        .find(|n| n.contains("Recommends add"))
        .expect("a note on Recommends");
    assert!(note.contains("--no-install-recommends"));
}

#[test]
fn packages_the_base_image_has_add_nothing() {
    let e = run("FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends ca-certificates tzdata\n");
    assert_eq!(layer(&e, 2).bytes.expected, 0);
    let full =
        run("FROM python:3.12\nRUN apt-get install -y --no-install-recommends gcc libpq-dev git\n");
    assert_eq!(
        layer(&full, 2).bytes.expected,
        0,
        "the full image has the build tools"
    );
    // The 0 B says why beside it, not only in its sources.
    assert!(
        layer(&full, 2).notes.iter().any(|n| n
            == "`gcc`, `libpq-dev`, `git` are already in the image (from the base or an earlier \
                RUN), so this install adds nothing here"),
        "{:?}",
        layer(&full, 2).notes
    );
}

#[test]
fn a_purge_in_the_same_run_takes_build_tools_back_out() {
    let kept = run("FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc\n");
    let purged = run(
        "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc && apt-get purge -y --auto-remove gcc\n",
    );
    assert!(layer(&kept, 2).bytes.expected > 150_000_000);
    assert!(layer(&purged, 2).bytes.expected < 5_000_000);
}

#[test]
fn copy_from_a_stage_carries_what_it_wrote_and_unknowns_widen() {
    let e = run(
        "FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\
                 FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n",
    );
    let copy = layer(&e, 6);
    assert!(copy.bytes.expected >= 5_000_000 && copy.bytes.expected <= 60_000_000);
    assert!(copy.sources.iter().any(|s| s.contains("Go binary")));
    let unknown = run("FROM node:22-bookworm-slim AS build\nRUN npm run build\nFROM nginx:alpine\nCOPY --from=build /nowhere /usr/share/nginx/html\n");
    let copy = layer(&unknown, 4);
    assert_eq!(copy.bytes.low, 0);
    assert!(copy
        .notes
        .iter()
        .any(|n| n.contains("nothing the model tracked")));
}

#[test]
fn the_target_stage_is_the_image() {
    let text = "FROM python:3.12 AS dev\nFROM python:3.12-slim AS prod\n";
    let inputs = EstimateInputs {
        target: Some("dev".into()),
        ..EstimateInputs::default()
    };
    let dev = estimate(&parse(text), &inputs);
    assert_eq!(
        dev.image_stage().and_then(|s| s.name.clone()).as_deref(),
        Some("dev")
    );
    assert!(dev.image.expected > run(text).image.expected);
}

#[test]
fn the_context_size_and_dockerignore_drive_copy_layers() {
    let text = "FROM alpine:3.22\nCOPY . /app\n";
    let stated = EstimateInputs {
        context_bytes: Some(300_000_000),
        dockerignore: Some(true),
        ..EstimateInputs::default()
    };
    let e = estimate(&parse(text), &stated);
    assert_eq!(layer(&e, 2).bytes.expected, 300_000_000);
    let no_ignore = EstimateInputs {
        dockerignore: None,
        ..stated
    };
    let e = estimate(&parse(text), &no_ignore);
    assert!(
        layer(&e, 2).bytes.expected > 300_000_000,
        ".git comes along"
    );
}

#[test]
fn a_build_after_a_dependency_prefetch_reuses_what_it_fetched() {
    // Maven: the repository filled by go-offline is not downloaded again by package.
    let maven = run(
        "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY pom.xml .\n\
         RUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B package\n",
    );
    let package = layer(&maven, 6);
    assert!(package.bytes.expected < 100_000_000, "{:?}", package.bytes);
    assert!(!package.sources.iter().any(|s| s.contains("maven-repo")));
    // Cargo: the placeholder build compiled the dependencies; the real one compiles the app.
    let cargo = run("FROM rust:1.83\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\n\
         RUN mkdir -p src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src\n\
         COPY . .\nRUN cargo build --release\n");
    assert!(layer(&cargo, 4).bytes.expected > 500_000_000);
    assert!(
        layer(&cargo, 6).bytes.expected < 100_000_000,
        "{:?}",
        layer(&cargo, 6).bytes
    );
    // Without the prefetch the one build carries everything.
    let single = run("FROM rust:1.83\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n");
    assert!(layer(&single, 4).bytes.expected > 500_000_000);
}

#[test]
fn a_virtualenv_without_pip_is_small_and_pip_python_fills_it() {
    let with_pip = run("FROM python:3.12-slim\nRUN python -m venv /opt/venv\n");
    let without = run("FROM python:3.12-slim\nRUN python -m venv --without-pip /opt/venv\n");
    assert!(layer(&with_pip, 2).bytes.expected >= 10_000_000);
    assert!(layer(&without, 2).bytes.expected < 1_000_000);
    // The image's pip installs into the interpreter PIP_PYTHON names, and the runtime stage
    // receives the packages with the virtualenv.
    let e = run(
        "FROM python:3.12-slim AS builder\nRUN python -m venv --without-pip /opt/venv\n\
         ENV PIP_PYTHON=/opt/venv/bin/python\nRUN pip install --no-cache-dir flask\n\
         FROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\n",
    );
    let copied = layer(&e, 6);
    assert!(copied.bytes.expected > 1_000_000, "{:?}", copied.bytes);
}

#[test]
fn a_dotfile_is_one_small_file_and_a_dot_folder_a_part_of_the_context() {
    let e = run(
        "FROM alpine:3.22\nCOPY .env .npmrc .env.production ./\nCOPY .streamlit ./.streamlit\n",
    );
    // Three single files: at most a megabyte each, expected a few kilobytes.
    assert!(
        layer(&e, 2).bytes.expected <= 15_000,
        "{:?}",
        layer(&e, 2).bytes
    );
    assert!(layer(&e, 2)
        .sources
        .iter()
        .any(|s| s.contains(".env: a single file")));
    // A folder is a share of the build context.
    assert!(
        layer(&e, 3).bytes.expected > 100_000,
        "{:?}",
        layer(&e, 3).bytes
    );
}

#[test]
fn unknown_packages_and_piped_scripts_widen_the_range_and_say_so() {
    let e = run(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir some-internal-package\n\
                 RUN curl -fsSL https://example.com/install.sh | sh\n",
    );
    let pip = layer(&e, 2);
    assert!(pip.bytes.high >= 100 * pip.bytes.low.max(1));
    assert!(pip
        .notes
        .iter()
        .any(|n| n.contains("not in the measured table")));
    let curl = layer(&e, 3);
    assert!(curl.bytes.high >= 500_000_000);
    assert!(curl.notes.iter().any(|n| n.contains("unknown")));
}

#[test]
fn requirements_and_package_json_inputs_are_used() {
    let text = "FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm ci --omit=dev && npm cache clean --force\n";
    let without = run(text);
    let inputs = EstimateInputs {
        package_json: Some(
            r#"{"dependencies": {"express": "^4"}, "devDependencies": {"typescript": "^5"}}"#
                .into(),
        ),
        ..EstimateInputs::default()
    };
    let with = estimate(&parse(text), &inputs);
    let npm = layer(&with, 4);
    assert!(npm.sources.iter().any(|s| s.contains("npm.tsv: express")));
    assert!(
        npm.bytes.expected < 10_000_000,
        "express alone, no typescript: {:?}",
        npm.bytes
    );
    assert!(layer(&without, 4).bytes.high > npm.bytes.high);
}

#[test]
fn copy_from_follows_globs_and_front_end_build_folders() {
    let e = run(
        "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\n\
                 FROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/*.jar /app/app.jar\n\
                 FROM node:22-bookworm-slim AS web\nWORKDIR /web\nCOPY . .\nRUN npm run build\n\
                 FROM nginx:alpine\nCOPY --from=web /web/build /usr/share/nginx/html\n",
    );
    let jar = layer(&e, 6);
    assert!(
        jar.sources.iter().any(|s| s.contains("application jar")),
        "{:?}",
        jar.sources
    );
    assert_eq!(jar.bytes.expected, 40_000_000);
    let site = layer(&e, 12);
    assert!(
        site.sources.iter().any(|s| s.contains("build output")),
        "{:?}",
        site.sources
    );
}

#[test]
fn npm_ci_writes_every_module_again_but_npm_install_skips_what_is_there() {
    let inputs = EstimateInputs {
        package_json: Some(r#"{"dependencies": {"express": "^4"}}"#.into()),
        ..EstimateInputs::default()
    };
    let text = "FROM node:22-bookworm-slim\nRUN npm ci --omit=dev && npm cache clean --force\n\
                RUN npm ci --omit=dev && npm cache clean --force\n\
                RUN npm install --omit=dev && npm cache clean --force\n";
    let e = estimate(&parse(text), &inputs);
    let first = layer(&e, 2).bytes.expected;
    assert!(first > 1_000_000);
    assert_eq!(layer(&e, 3).bytes.expected, first);
    assert_eq!(layer(&e, 4).bytes.expected, 0);
}

#[test]
fn a_second_install_of_unknown_modules_into_the_same_node_modules_adds_nothing() {
    // No package.json: the first install is the heuristic's unknown set; the production
    // reinstall after the build finds it in /app/node_modules and only prunes it. `ci`
    // deletes node_modules and writes it all again, and another directory is a new install.
    let text = "FROM node:22-bookworm-slim\nWORKDIR /app\nRUN yarn install && yarn cache clean\n\
                RUN yarn install --production --frozen-lockfile && yarn cache clean\n\
                RUN npm ci --omit=dev\nWORKDIR /srv\nRUN npm install\n";
    let e = estimate(&parse(text), &EstimateInputs::default());
    let first = layer(&e, 3).bytes.expected;
    assert!(first > 1_000_000);
    let again = layer(&e, 4);
    assert_eq!(again.bytes.expected, 0);
    assert!(
        again
            .notes
            .iter()
            .any(|n| n.contains("/app/node_modules was installed earlier in this stage")),
        "{:?}",
        again.notes
    );
    assert!(
        layer(&e, 5).bytes.expected >= first,
        "npm ci writes node_modules again"
    );
    // The same in one RUN: the production install after the build adds nothing.
    let one = "FROM node:22-bookworm-slim\nWORKDIR /app\nRUN yarn install && yarn cache clean\n\
               RUN yarn install && yarn cache clean && yarn install --production --prefer-offline\n";
    let e2 = estimate(&parse(one), &EstimateInputs::default());
    assert_eq!(layer(&e2, 4).bytes.expected, 0, "{:?}", layer(&e2, 4).notes);
    let first_in_run = "FROM node:22-bookworm-slim\nWORKDIR /app\n\
                        RUN yarn install && yarn cache clean && yarn install --production\n";
    let e3 = estimate(&parse(first_in_run), &EstimateInputs::default());
    assert_eq!(layer(&e3, 3).bytes.expected, first);
    assert!(
        layer(&e, 7).bytes.expected >= first,
        "/srv/node_modules is a new install"
    );
}

/// The base layer (line 1) of a one-line Dockerfile `FROM <reference>`.
fn base_of(reference: &str) -> Layer {
    let e = run(&format!("FROM {reference}\n"));
    layer(&e, 1).clone()
}

#[test]
fn a_tag_alias_is_sized_by_its_canonical_row_without_widening() {
    for (alias, canonical) in [
        ("node:22-slim", "node:22-bookworm-slim"),
        ("node:22", "node:22-bookworm"),
        ("python:3.12-slim", "python:3.12-slim-trixie"),
        ("python:3.12", "python:3.12-trixie"),
        ("python:3.13-slim", "python:3.13-slim-trixie"),
        ("debian:12-slim", "debian:bookworm-slim"),
        ("ubuntu:noble", "ubuntu:24.04"),
    ] {
        let (a, c) = (base_of(alias), base_of(canonical));
        assert_eq!(a.bytes, c.bytes, "{alias} is sized like {canonical}");
        assert_eq!(a.sources, c.sources, "{alias}");
        assert!(
            a.notes.iter().all(|n| !n.contains("widened")),
            "{alias}: {:?}",
            a.notes
        );
        assert!(
            a.notes
                .iter()
                .any(|n| n.contains(&format!("{alias} is {canonical}"))),
            "{alias} says what it is: {:?}",
            a.notes
        );
    }
}

#[test]
fn every_alias_with_a_canonical_row_resolves_to_it() {
    let k = stagecraft_core::size::knowledge::knowledge();
    let mut resolved = 0;
    for (image, tags) in &k.tag_aliases {
        for (alias, target) in tags {
            let Some(row) = k
                .base_images
                .iter()
                .find(|r| r.image == *image && r.tag == target.canonical)
            else {
                continue;
            };
            let a = base_of(&format!("{image}:{alias}"));
            // The canonical row itself, not what the canonical tag means today: a dated alias
            // (`golang:1-alpine3.23` was `1.26-alpine` in March) keeps the build it named.
            assert_eq!(a.bytes.expected, row.disk_bytes, "{image}:{alias}");
            assert!(
                a.notes.iter().all(|n| !n.contains("widened")),
                "{image}:{alias}"
            );
            resolved += 1;
        }
    }
    assert!(resolved >= 9, "aliases with a row: {resolved}");
}

#[test]
fn a_tag_without_a_row_still_widens() {
    // node 23 never had an alias to a row, and python 3.10-alpine's explicit tag has no row:
    // both are approximations, and the range says so.
    let exact = base_of("node:22-bookworm-slim");
    let unknown = base_of("node:23-slim");
    assert!(unknown.notes.iter().any(|n| n.contains("range widened")));
    assert!(unknown.bytes.high - unknown.bytes.low > exact.bytes.high - exact.bytes.low);
    let alias_without_row = base_of("python:3.10-alpine");
    let notes = &alias_without_row.notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("python:3.10-alpine is python:3.10-alpine3.24"))
            && notes.iter().any(|n| n.contains("range widened")),
        "{notes:?}"
    );
}

#[test]
fn g_plus_plus_is_a_package_not_g_with_an_install_marker() {
    let gpp =
        run("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends g++\n");
    let gcc =
        run("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends gcc\n");
    let notes = &layer(&gpp, 2).notes;
    assert!(
        !notes.iter().any(|n| n.contains("not in the apt table")),
        "{notes:?}"
    );
    assert!(layer(&gpp, 2).sources.iter().any(|s| s.contains("g++")));
    // g++ depends on gcc and adds the C++ compiler on top.
    assert!(gpp.image.expected > gcc.image.expected);
    let lib = run("FROM debian:bookworm-slim\nRUN apt-get install -y libstdc++6\n");
    assert!(!layer(&lib, 2)
        .notes
        .iter()
        .any(|n| n.contains("not in the apt table")));
}

#[test]
fn a_trailing_minus_removes_instead_of_installing() {
    let plain =
        run("FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n");
    let with_removal = run(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl nano-\n",
    );
    assert_eq!(plain.image, with_removal.image);
    let unknown_removal = run(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl foo-\n",
    );
    assert_eq!(plain.image, unknown_removal.image, "a removal never widens");
}

#[test]
fn a_jlink_runtime_is_sized_by_its_stated_range_and_copied_whole() {
    // The runtime stage receives what `jlink --output` wrote, not a whole JRE.
    let text = "FROM eclipse-temurin:21-jdk AS builder\nRUN jlink --add-modules \"$(jdeps --print-module-deps app.jar)\" --strip-debug --output /opt/java-runtime\n\nFROM debian:bookworm-slim\nCOPY --from=builder /opt/java-runtime /opt/java-runtime\n";
    let e = run(text);
    let linked = layer(&e, 2);
    assert_eq!(linked.bytes.expected, 60_000_000, "{linked:?}");
    assert!(linked.bytes.low >= 30_000_000 && linked.bytes.high <= 120_000_000);
    let copied = layer(&e, 5);
    assert_eq!(copied.bytes.expected, linked.bytes.expected, "{copied:?}");
    // Without `--output` jlink writes nothing (`--list-plugins`).
    let listing = run("FROM eclipse-temurin:21-jdk\nRUN jlink --list-plugins\n");
    assert_eq!(layer(&listing, 2).bytes.expected, 0);
}

#[test]
fn a_second_project_install_adds_only_the_project() {
    // The cache-friendly order installs the dependencies before the code is copied and the
    // project after it; the second install must not count the dependencies again.
    let naive = run("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install --only main\n");
    let ordered = run("FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN pip install poetry && poetry install --only main --no-root\nCOPY . .\nRUN poetry install --only main\n");
    assert_eq!(layer(&ordered, 6).bytes.expected, 0);
    assert!(
        layer(&ordered, 6)
            .notes
            .iter()
            .any(|n| n.contains("line 4 installed")),
        "{:?}",
        layer(&ordered, 6).notes
    );
    assert!(ordered.image.expected <= naive.image.expected + 1_000_000);
}

#[test]
fn a_jar_copied_from_the_context_is_an_application_not_a_config_file() {
    let file = "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCOPY build/libs/*.war /srv/\nCOPY config.yml /app/\n";
    let e = run(file);
    for line in [2, 3] {
        let jar = &layer(&e, line).bytes;
        assert!(
            (10_000_000..=150_000_000).contains(&jar.expected),
            "line {line}: {jar:?}"
        );
    }
    assert!(layer(&e, 4).bytes.expected < 1_000_000);
    // A context the person sized holds no bigger jar.
    let sized = estimate(
        &parse(file),
        &EstimateInputs {
            context_bytes: Some(5_000_000),
            ..EstimateInputs::default()
        },
    );
    assert!(layer(&sized, 2).bytes.high <= 5_000_000);
}

#[test]
fn unknown_apt_packages_past_sixteen_share_one_line_and_keep_their_size() {
    let names = |n: usize| -> String {
        (0..n)
            .map(|i| format!("nosuchpkg{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let sized = |n: usize| {
        let e = run(&format!(
            "FROM debian:bookworm-slim\nRUN apt-get install -y {}\n",
            names(n)
        ));
        layer(&e, 2).clone()
    };
    let sixteen = sized(16);
    let unknown = |l: &Layer| -> Vec<String> {
        l.notes
            .iter()
            .filter(|n| n.contains("not in the apt table"))
            .cloned()
            .collect()
    };
    assert_eq!(unknown(&sixteen).len(), 16);
    let forty = sized(40);
    let notes = unknown(&forty);
    assert_eq!(notes.len(), 17, "{notes:#?}");
    assert_eq!(
        notes[16],
        "`nosuchpkg16` and 23 more are not in the apt table: each sized as an unknown package, range widened"
    );
    // Each unknown package still adds the same heuristic size: 40 of them are 2.5 times 16.
    assert_eq!(forty.bytes.expected * 2, sixteen.bytes.expected * 5);
}
