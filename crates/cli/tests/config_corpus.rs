//! `.hadolint.yaml` as hadolint documents it: every documented example reads into the typed
//! config we expect (snapshots), every malformed file fails with the line and column its
//! first line names, nothing panics; plus hadolint's config locations and its environment
//! variables.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stagecraft_cli::config::{self, Settings};
use stagecraft_core::lint::{LabelType, Severity};

fn corpus(kind: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("configs")
        .join(kind);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn hadolints_documented_configs_read_as_expected() {
    let files = corpus("valid");
    assert!(files.len() >= 10, "the corpus is there: {}", files.len());
    for (name, text) in files {
        let settings =
            config::from_yaml(&text).unwrap_or_else(|e| panic!("{name}.yaml should read: {e}"));
        insta::assert_snapshot!(name, format!("{settings:#?}"));
    }
}

#[test]
fn documented_keys_land_in_the_typed_config() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs/valid/every-key.yaml"),
    )
    .unwrap();
    let settings = config::from_yaml(&text).unwrap();
    let c = &settings.config;
    assert_eq!(c.failure_threshold, Some(Severity::Warning));
    assert_eq!(c.ignored, ["DL3008", "DL3013"]);
    assert_eq!(c.overrides.get("DL3001"), Some(&Severity::Error));
    assert_eq!(c.overrides.get("DL3059"), Some(&Severity::Style));
    assert_eq!(c.trusted_registries, ["docker.io"]);
    assert_eq!(c.label_schema, [("maintainer".into(), LabelType::Email)]);
    assert!(c.disable_ignore_pragma && !c.strict_labels && !c.no_fail);
    assert_eq!(settings.no_color, Some(true));
    assert_eq!(settings.verbose, Some(false));
    assert!(settings.format.is_some());
}

/// `# expect: line L, column C: text` on a file's first line.
fn expectation(text: &str) -> (usize, usize, String) {
    let rest = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: line "))
        .expect("a first line `# expect: line L, column C: text`");
    let (line, rest) = rest.split_once(", column ").unwrap();
    let (column, message) = rest.split_once(": ").unwrap();
    (
        line.parse().unwrap(),
        column.parse().unwrap(),
        message.to_string(),
    )
}

#[test]
fn malformed_configs_say_where_and_what() {
    let files = corpus("malformed");
    assert!(files.len() >= 10, "the corpus is there: {}", files.len());
    for (name, text) in files {
        let (line, column, message) = expectation(&text);
        let error = config::from_yaml(&text)
            .err()
            .unwrap_or_else(|| panic!("{name}.yaml should be refused"));
        assert_eq!(
            (error.line, error.column),
            (line, column),
            "{name}.yaml: {error}"
        );
        assert!(
            error.message.contains(&message),
            "{name}.yaml: `{}` should say `{message}`",
            error.message
        );
        assert!(error
            .to_string()
            .starts_with(&format!("line {line}, column {column}: ")));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_reads_or_fails_without_a_panic(text in "\\PC{0,200}") {
        let _ = config::from_yaml(&text);
    }

    #[test]
    fn yaml_shaped_text_reads_or_fails_with_a_position(
        lines in prop::collection::vec(
            prop_oneof![
                Just("ignored:".to_string()),
                Just("  - DL3008".to_string()),
                Just(" - DL3009".to_string()),
                Just("override:".to_string()),
                Just("  error: [DL3001".to_string()),
                Just("  warning: [DL3002]".to_string()),
                Just("failure-threshold: warning".to_string()),
                Just("label-schema:".to_string()),
                Just("  author: text".to_string()),
                Just("\tstrict-labels: true".to_string()),
                Just("trustedRegistries: \"docker.io".to_string()),
                Just("- x".to_string()),
                Just("? key".to_string()),
                Just("&a [*a]".to_string()),
                Just("{".to_string()),
            ],
            0..12,
        )
    ) {
        let text = lines.join("\n");
        if let Err(error) = config::from_yaml(&text) {
            // Every refusal of a non-empty file says where.
            prop_assert!(error.line >= 1 && error.column >= 1, "{text:?}: {error}");
        }
    }
}

fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| OsString::from(v))
    }
}

#[test]
fn locations_are_searched_in_hadolints_order() {
    let cwd = Path::new("/work/project");
    let all = config::candidates(
        cwd,
        vars(&[("HOME", "/home/me"), ("XDG_CONFIG_HOME", "/xdg")]),
    );
    let expected: Vec<PathBuf> = [
        "/work/project/.hadolint.yaml",
        "/work/project/.hadolint.yml",
        "/xdg/hadolint.yaml",
        "/xdg/hadolint.yml",
        "/home/me/.config/hadolint.yaml",
        "/home/me/.config/hadolint.yml",
        "/home/me/.hadolint/hadolint.yaml",
        "/home/me/.hadolint/hadolint.yml",
        "/home/me/hadolint/config.yaml",
        "/home/me/hadolint/config.yml",
        "/home/me/.hadolint.yaml",
        "/home/me/.hadolint.yml",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(all, expected);
    // Without HOME or XDG_CONFIG_HOME only the working directory is searched.
    assert_eq!(config::candidates(cwd, vars(&[])).len(), 2);
}

#[test]
fn the_first_existing_location_wins() {
    let root = std::env::temp_dir().join(format!("stagecraft-config-{}", std::process::id()));
    let (cwd, home, xdg) = (root.join("cwd"), root.join("home"), root.join("xdg"));
    for dir in [&cwd, &home.join(".config"), &xdg] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let home_s = home.to_str().unwrap();
    let xdg_s = xdg.to_str().unwrap();
    let env = [("HOME", home_s), ("XDG_CONFIG_HOME", xdg_s)];
    assert_eq!(config::find(&cwd, vars(&env)), None);
    std::fs::write(home.join(".hadolint.yaml"), "").unwrap();
    assert_eq!(
        config::find(&cwd, vars(&env)),
        Some(home.join(".hadolint.yaml"))
    );
    std::fs::write(home.join(".config/hadolint.yml"), "").unwrap();
    assert_eq!(
        config::find(&cwd, vars(&env)),
        Some(home.join(".config/hadolint.yml"))
    );
    std::fs::write(xdg.join("hadolint.yaml"), "").unwrap();
    assert_eq!(
        config::find(&cwd, vars(&env)),
        Some(xdg.join("hadolint.yaml"))
    );
    std::fs::write(cwd.join(".hadolint.yml"), "").unwrap();
    assert_eq!(
        config::find(&cwd, vars(&env)),
        Some(cwd.join(".hadolint.yml"))
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn hadolints_environment_variables_apply_over_the_file() {
    let mut settings = config::from_yaml(
        "failure-threshold: error\nignored: [DL3000]\noverride:\n  info: [DL3001]\n",
    )
    .unwrap();
    let env = [
        ("HADOLINT_NOFAIL", "yes"),
        ("HADOLINT_VERBOSE", "1"),
        ("HADOLINT_FORMAT", "json"),
        ("HADOLINT_FAILURE_THRESHOLD", "style"),
        ("HADOLINT_OVERRIDE_ERROR", "DL3001,DL3002"),
        ("HADOLINT_OVERRIDE_WARNING", "DL3003"),
        ("HADOLINT_OVERRIDE_INFO", "DL3004"),
        ("HADOLINT_OVERRIDE_STYLE", "DL3005"),
        ("HADOLINT_IGNORE", "DL3010, DL3020"),
        ("HADOLINT_STRICT_LABELS", "true"),
        ("HADOLINT_DISABLE_IGNORE_PRAGMA", "TRUE"),
        ("HADOLINT_TRUSTED_REGISTRIES", "docker.io,ghcr.io"),
        ("HADOLINT_REQUIRE_LABELS", "maintainer:text,version:semver"),
        ("NO_COLOR", "1"),
    ];
    let lookup = |name: &str| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    config::apply_env(&mut settings, lookup).unwrap();
    let c = &settings.config;
    assert!(c.no_fail && c.strict_labels && c.disable_ignore_pragma);
    assert_eq!(settings.verbose, Some(true));
    assert_eq!(settings.no_color, Some(true));
    assert!(settings.format.is_some());
    assert_eq!(c.failure_threshold, Some(Severity::Style));
    assert_eq!(c.overrides.get("DL3001"), Some(&Severity::Error));
    assert_eq!(c.overrides.get("DL3002"), Some(&Severity::Error));
    assert_eq!(c.overrides.get("DL3003"), Some(&Severity::Warning));
    assert_eq!(c.overrides.get("DL3004"), Some(&Severity::Info));
    assert_eq!(c.overrides.get("DL3005"), Some(&Severity::Style));
    assert_eq!(c.ignored, ["DL3000", "DL3010", "DL3020"]);
    assert_eq!(c.trusted_registries, ["docker.io", "ghcr.io"]);
    assert_eq!(
        c.label_schema,
        [
            ("maintainer".into(), LabelType::Text),
            ("version".into(), LabelType::Semver)
        ]
    );

    let mut untouched = Settings::default();
    config::apply_env(&mut untouched, |_| None).unwrap();
    assert_eq!(untouched, Settings::default());

    for (name, value) in [
        ("HADOLINT_NOFAIL", "maybe"),
        ("HADOLINT_FORMAT", "xml"),
        ("HADOLINT_FAILURE_THRESHOLD", "loud"),
        ("HADOLINT_REQUIRE_LABELS", "maintainer"),
    ] {
        let error = config::apply_env(&mut Settings::default(), |n| {
            (n == name).then(|| value.to_string())
        })
        .unwrap_err();
        assert!(error.contains(name), "{error}");
    }
}
