//! The trimmed Java runtime the multi-stage step builds with `jdeps` and `jlink`: the
//! builder's RUN, what the runtime stage receives, and what the choice costs, said plainly.
//!
//! A full JRE holds every module of the platform (Swing, CORBA's leftovers, the compiler
//! API...); a service uses a handful. `jdeps --print-module-deps` reads the jar's classes and
//! names the modules they refer to, and `jlink` links a runtime of only those, without debug
//! symbols, man pages or C headers. The size model's `java-jlink-runtime` row (30–120 MB,
//! 60 MB expected, sources in `data/heuristics.tsv`) sizes the result.

/// Where the builder writes the linked runtime, and where the runtime stage keeps it.
pub const RUNTIME_DIR: &str = "/opt/java-runtime";

/// The first Java version whose JDK has `jdeps --print-module-deps` (Java 11; Java 8 has no
/// modules, so it keeps the JRE image).
const FIRST_JLINK_VERSION: u32 = 11;

/// Whether the engine links a runtime for this Java version (`"21"`, `"17"`, `"8"`).
pub fn links(version: &str) -> bool {
    version
        .parse::<u32>()
        .is_ok_and(|v| v >= FIRST_JLINK_VERSION)
}

/// Modules no class names in a way `jdeps` can see, always added: the elliptic-curve TLS
/// provider (loaded by name when a TLS handshake picks an EC cipher; part of `java.base` from
/// Java 22) and `jdk.unsupported` (`sun.misc.Unsafe`, which Netty, Guava and many serializers
/// reach by reflection).
fn extra_modules(version: &str) -> Vec<&'static str> {
    let mut extra = Vec::new();
    if version.parse::<u32>().is_ok_and(|v| v <= 21) {
        extra.push("jdk.crypto.ec");
    }
    extra.push("jdk.unsupported");
    extra
}

/// The modules the runtime is linked from: the caller's list when given, else what `jdeps`
/// finds in the jar at build time plus [`extra_modules`].
fn module_list(version: &str, jar: &str, given: Option<&str>) -> String {
    if let Some(given) = given {
        return given
            .split([',', ' '])
            .filter(|m| !m.is_empty())
            .collect::<Vec<_>>()
            .join(",");
    }
    let mut list = format!(
        "\"$(jdeps --ignore-missing-deps -q --multi-release {version} --print-module-deps {jar})"
    );
    for module in extra_modules(version) {
        list.push(',');
        list.push_str(module);
    }
    list.push('"');
    list
}

/// The builder's last RUN: link the runtime. `--compress=zip-6` is the spelling from Java 21
/// on; older `jlink`s take `--compress=2`.
pub fn builder_run(version: &str, jar: &str, given_modules: Option<&str>) -> String {
    let compress = if version.parse::<u32>().is_ok_and(|v| v >= 21) {
        "zip-6"
    } else {
        "2"
    };
    format!(
        "RUN jlink --add-modules {} \\\n    --strip-debug --no-man-pages --no-header-files --compress={compress} \\\n    --output {RUNTIME_DIR}\n",
        module_list(version, jar, given_modules)
    )
}

/// What the runtime stage gets in place of the build: the runtime on `PATH`, then the jar.
pub fn runtime_lines(jar: &str) -> String {
    format!(
        "ENV JAVA_HOME={RUNTIME_DIR} PATH=\"{RUNTIME_DIR}/bin:$PATH\"\nCOPY --from=builder {RUNTIME_DIR} {RUNTIME_DIR}\nCOPY --from=builder {jar} {jar}\n"
    )
}

/// The small base the runtime is copied onto, with the same C library as the JDK that linked
/// it: an Alpine JDK is built against musl, every other Temurin JDK against glibc (built on
/// an old glibc, so it runs on Debian 12's).
pub fn runtime_base(builder_tag: &str) -> &'static str {
    if builder_tag.contains("alpine") {
        "alpine:3.22"
    } else {
        "debian:bookworm-slim"
    }
}

/// What the step says it assumed, and what to do when the assumption is wrong.
pub fn assumption(version: &str, given_modules: Option<&str>, surface: crate::Surface) -> String {
    if given_modules.is_some() {
        return format!("the app needs only the Java {version} modules you listed, and no JDK tool (javac, jcmd) at run time");
    }
    format!(
        "the app needs only the Java {version} modules `jdeps` finds in the jar plus {}; jdeps does not read the jars nested inside a Spring Boot fat jar, nor classes loaded by name or reflection, so a Spring app usually also needs java.desktop (java.beans), java.instrument, java.management, java.naming and java.sql: if it stops with `ClassNotFoundException` or `NoClassDefFoundError` for a `java.*`/`javax.*` class, add that class's module ({})",
        extra_modules(version).join(" and "),
        surface.pick(
            "or pass the whole list with `--java-modules`",
            "in the `--add-modules` list of the `jlink` line"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_8_keeps_the_jre_and_later_versions_link() {
        assert!(!links("8"));
        assert!(!links("1"));
        assert!(!links("latest"));
        assert!(links("11"));
        assert!(links("21"));
    }

    #[test]
    fn the_builder_run_asks_jdeps_unless_the_modules_are_given() {
        let run = builder_run("21", "/app/app.jar", None);
        assert!(
            run.starts_with("RUN jlink --add-modules \"$(jdeps --ignore-missing-deps -q --multi-release 21 --print-module-deps /app/app.jar),jdk.crypto.ec,jdk.unsupported\" \\\n"),
            "{run}"
        );
        assert!(run.contains("--compress=zip-6"), "{run}");
        assert!(run.ends_with("--output /opt/java-runtime\n"), "{run}");
        // Java 22 has the EC provider in java.base; Java 17 spells compression `2`.
        assert!(!builder_run("25", "a.jar", None).contains("jdk.crypto.ec"));
        assert!(builder_run("17", "a.jar", None).contains("--compress=2 "));
        let given = builder_run("21", "a.jar", Some("java.base, java.sql,java.naming"));
        assert!(
            given.starts_with("RUN jlink --add-modules java.base,java.sql,java.naming \\\n"),
            "{given}"
        );
    }

    #[test]
    fn the_runtime_base_keeps_the_jdks_c_library() {
        assert_eq!(runtime_base("3-eclipse-temurin-21"), "debian:bookworm-slim");
        assert_eq!(runtime_base("3-eclipse-temurin-21-alpine"), "alpine:3.22");
    }
}
