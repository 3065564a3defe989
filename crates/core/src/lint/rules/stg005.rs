use crate::lint::model::Kind;
use crate::lint::registry::declare_rule;
use crate::lint::rules::bk_common::find_either;
use crate::lint::shell::Command;
use crate::lint::{Checker, Fix, Instr};

declare_rule! {
    /// ## What it does
    /// Reports build tools left in the final image: a toolchain base image (`golang`,
    /// `rust`, `maven`, `gradle`, a JDK) for the final stage, or compilers and `-dev`
    /// packages (`gcc`, `g++`, `build-essential`, `make`, `libpq-dev`...) installed in it
    /// and not removed in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Compilers are needed to build, not to run. Left in the image they add hundreds of
    /// megabytes and give an attacker a ready tool chain. A multi-stage build compiles in
    /// one stage and copies only the result into a small runtime stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \
    ///  && pip install --no-cache-dir psycopg2==2.9.9
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev
    /// RUN pip wheel --no-cache-dir --wheel-dir /wheels psycopg2==2.9.9
    ///
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    ///  && rm -rf /var/lib/apt/lists/*
    /// COPY --from=build /wheels /wheels
    /// RUN pip install --no-cache-dir /wheels/*
    /// ```
    ///
    /// ## Fix safety
    /// Display-only: splitting into stages is a rewrite (Stagecraft's rewrite steps do it).
    RULE = {
        code: "STG005",
        name: "toolchain-in-final-image",
        severity: Warning,
        category: Size,
        hadolint: None,
        buildkit: None,
        fix: DisplayOnly,
        check: check,
    }
}

const TOOLCHAIN_IMAGES: &[&str] = &["golang", "rust", "maven", "gradle", "openjdk"];
/// Whether `package` is a build package: a compiler, a build tool, or headers. A `match`,
/// which compares the length first, where a list compared each name in turn for every word
/// an install names.
fn is_build_package(package: &str) -> bool {
    matches!(
        package,
        "gcc"
            | "g++"
            | "build-essential"
            | "make"
            | "clang"
            | "cmake"
            | "build-base"
            | "musl-dev"
            | "golang"
            | "rustc"
            | "cargo"
            | "default-jdk"
            | "autoconf"
            | "automake"
            | "libtool"
    ) || (package.ends_with("-dev") || package.ends_with("-devel")) && !package.starts_with('-')
}

/// The programs [`build_packages`] reads.
const INSTALLERS: &[&str] = &["apt-get", "apt", "apk", "yum", "dnf", "microdnf"];

/// The build packages `cmd` installs, added to `out`.
fn build_packages<'c>(cmd: &'c Command, out: &mut Vec<&'c str>) {
    // Every installer below starts with one of these bytes: most commands (`echo`, `rm`,
    // `curl`) are passed over before their name is compared with each installer's.
    if !matches!(cmd.name.text.as_bytes().first(), Some(b'a' | b'y' | b'd' | b'm')) {
        return;
    }
    let installs = ((cmd.is("apt-get") || cmd.is("apt")) && cmd.has_arg("install"))
        || (cmd.is("apk") && cmd.has_arg("add") && !cmd.has_arg("--virtual") && !cmd.has_flag("t"))
        || ((cmd.is("yum") || cmd.is("dnf") || cmd.is("microdnf")) && cmd.has_arg("install"));
    if !installs {
        return;
    }
    // The words that are not flags (as `args_no_flags` reads them), each without its
    // `=version` or `~version`, borrowed.
    for word in &cmd.args {
        let text = word.text.as_str();
        if text.starts_with('-') && text != "-" && text != "--" {
            continue;
        }
        // Cut at its version, found eight bytes at a time: an install names many packages.
        let p = &text[..find_either(text.as_bytes(), b'=', b'~').unwrap_or(text.len())];
        if is_build_package(p) {
            out.push(p);
        }
    }
}

/// What a RUN removes again after installing: everything it installed (`apk del`, apt's
/// `--auto-remove`/`autoremove`, `apt-mark auto`), or the packages its remove commands name.
/// Read once per RUN, not once per package it installs.
struct Removals<'a> {
    all: bool,
    /// apt, yum and dnf commands that remove named packages.
    naming: Vec<&'a Command>,
}

impl<'a> Removals<'a> {
    fn of(instr: &'a Instr) -> Removals<'a> {
        let mut removals = Removals {
            all: instr.text.contains("apt-mark auto"),
            naming: Vec::new(),
        };
        for c in instr.commands() {
            let apt = (c.is("apt-get") || c.is("apt"))
                && (c.has_arg("purge") || c.has_arg("remove") || c.has_arg("autoremove"));
            if (apt && (c.has_arg("--auto-remove") || c.has_arg("autoremove")))
                || (c.is("apk") && c.has_arg("del"))
            {
                removals.all = true;
            } else if apt || ((c.is("yum") || c.is("dnf")) && c.has_arg("remove")) {
                removals.naming.push(c);
            }
        }
        removals
    }

    fn removes(&self, package: &str) -> bool {
        self.all || self.naming.iter().any(|c| c.has_arg(package))
    }
}

fn check(ck: &mut Checker) {
    let model = ck.model;
    let Some(last) = model.stages.last() else { return };
    // The chain walked in place (`stage_chain`'s order), not listed: a list was an
    // allocation per file.
    let chain = || {
        std::iter::successors(Some(last.index), |&s| {
            model.parent_stage(s).filter(|&parent| parent < s)
        })
    };
    let root = &model.stages[chain().last().expect("chain has the stage itself")];
    let name = root.image.short_name();
    let tag = root.image.tag.as_deref().unwrap_or("");
    let jdk = (name == "eclipse-temurin" || name == "amazoncorretto" || name == "openjdk") && !tag.contains("jre");
    if TOOLCHAIN_IMAGES.contains(&name) || jdk {
        ck.report(
            &model.instructions[last.from],
            format!("The final image is the `{name}` build toolchain; build in an earlier stage and copy only the result into a small runtime image"),
        )
        .add_fix(Fix::display_only("Split into a build stage and a runtime stage", vec![]));
        return;
    }
    // Only an installer's command names build packages: a file that runs none (by name or
    // path) has no script to read.
    if !INSTALLERS.iter().any(|p| model.may_run(p)) {
        return;
    }
    for s in chain() {
        for instr in &model.instructions[model.stages[s].instructions.clone()] {
            if instr.kind != Kind::Run {
                continue;
            }
            let mut left: Vec<&str> = Vec::new();
            for cmd in instr.commands() {
                build_packages(cmd, &mut left);
            }
            if !left.is_empty() {
                let removals = Removals::of(instr);
                left.retain(|p| !removals.removes(p));
            }
            if !left.is_empty() {
                let list = left.join("`, `");
                ck.report(
                    instr,
                    format!("Build tools (`{list}`) stay in the final image; compile in an earlier stage and copy the result"),
                )
                .add_fix(Fix::display_only("Move the build into an earlier stage", vec![]));
            }
        }
    }
}

#[cfg(test)]
pub(crate) const CASES: super::Cases = super::Cases {
    pass: &[
        "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n",
        "FROM debian:12-slim\nRUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n",
        "FROM alpine:3\nRUN apk add --virtual .deps gcc && make && apk del .deps\n",
    ],
    fail: &[
        "FROM golang:1.22\nRUN go build -o /app .\n",
        "FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc libpq-dev\n",
    ],
    fix: &[],
};
