//! Which language, package manager and framework a Dockerfile builds, read from the file
//! alone (base image, install commands, copied lock files, start command) and refined by the
//! manifests when they are given.

use super::facts::{self, short_name, split_image};
use super::{Manifests, Options};
use crate::syntax::{Dockerfile, InstructionKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
    Node,
    Go,
    Java,
    Rust,
    Unknown,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Node => "node",
            Language::Go => "go",
            Language::Java => "java",
            Language::Rust => "rust",
            Language::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageManager {
    Pip,
    Poetry,
    Uv,
    Pipenv,
    Npm,
    Yarn,
    Pnpm,
    GoModules,
    Maven,
    Gradle,
    Cargo,
    None,
}

impl PackageManager {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageManager::Pip => "pip",
            PackageManager::Poetry => "poetry",
            PackageManager::Uv => "uv",
            PackageManager::Pipenv => "pipenv",
            PackageManager::Npm => "npm",
            PackageManager::Yarn => "yarn",
            PackageManager::Pnpm => "pnpm",
            PackageManager::GoModules => "go modules",
            PackageManager::Maven => "maven",
            PackageManager::Gradle => "gradle",
            PackageManager::Cargo => "cargo",
            PackageManager::None => "none",
        }
    }

    /// The files that pin dependencies, copied before the install so that a code change
    /// does not re-run it.
    pub fn manifests(self) -> &'static [&'static str] {
        match self {
            PackageManager::Pip => &["requirements.txt"],
            PackageManager::Poetry => &["pyproject.toml", "poetry.lock"],
            PackageManager::Uv => &["pyproject.toml", "uv.lock"],
            PackageManager::Pipenv => &["Pipfile", "Pipfile.lock"],
            PackageManager::Npm => &["package.json", "package-lock.json"],
            PackageManager::Yarn => &["package.json", "yarn.lock"],
            PackageManager::Pnpm => &["package.json", "pnpm-lock.yaml"],
            PackageManager::GoModules => &["go.mod", "go.sum"],
            PackageManager::Maven => &["pom.xml"],
            PackageManager::Gradle => &["build.gradle", "settings.gradle"],
            PackageManager::Cargo => &["Cargo.toml", "Cargo.lock"],
            PackageManager::None => &[],
        }
    }
}

/// What the file builds, and how sure the engine is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    pub language: Language,
    pub package_manager: PackageManager,
    /// FastAPI, Django, Flask, Celery, Express, Next.js... when the start command or a
    /// manifest names one.
    pub framework: Option<String>,
    /// The final stage's base image as written.
    pub base: String,
    /// Whether the base is Alpine (busybox `adduser`, `apk`).
    pub alpine: bool,
    /// The start command, from the file or the caller.
    pub start_command: Option<String>,
    /// What the detection read, so a person can check it.
    pub evidence: Vec<String>,
}

fn language_of_image(image: &str) -> Option<Language> {
    let name = short_name(image);
    let name = name.rsplit('/').next().unwrap_or(name);
    Some(match name {
        "python" | "pypy" => Language::Python,
        "node" => Language::Node,
        "golang" => Language::Go,
        "rust" => Language::Rust,
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "maven" | "gradle" | "ibmjava"
        | "sapmachine" => Language::Java,
        _ => return None,
    })
}

/// Reads the stack from the file, then the manifests.
pub fn detect(file: &Dockerfile, manifests: &Manifests, options: &Options) -> Stack {
    let mut evidence = Vec::new();
    let stages = file.stages();
    let base = facts::final_stage(file).map(|s| s.base).unwrap_or_default();
    let mut language = None;
    for stage in stages.iter().rev() {
        if let Some(l) = language_of_image(split_image(&stage.base).0) {
            evidence.push(format!("base image {}", stage.base));
            language = Some(l);
            break;
        }
    }
    let mut manager = PackageManager::None;
    let mut commands = Vec::new();
    for stage in &stages {
        commands.extend(facts::run_commands(file, stage).into_iter().map(|(_, c)| c));
    }
    for command in &commands {
        let Some(name) = command.name() else { continue };
        let first = command.arguments().first().map(|w| w.text.as_str());
        let found = match (name, first) {
            ("pip" | "pip3", _) => Some((Language::Python, PackageManager::Pip)),
            ("python" | "python3", Some("-m"))
                if command.arguments().get(1).is_some_and(|w| w.text == "pip") =>
            {
                Some((Language::Python, PackageManager::Pip))
            }
            ("poetry", _) => Some((Language::Python, PackageManager::Poetry)),
            ("uv", _) => Some((Language::Python, PackageManager::Uv)),
            ("pipenv", _) => Some((Language::Python, PackageManager::Pipenv)),
            // `npm install -g pnpm` installs the tool, not the app's dependencies.
            ("npm", _)
                if command
                    .arguments()
                    .iter()
                    .any(|w| w.text == "-g" || w.text == "--global") =>
            {
                language.get_or_insert(Language::Node);
                None
            }
            ("npm", _) => Some((Language::Node, PackageManager::Npm)),
            ("yarn", _) => Some((Language::Node, PackageManager::Yarn)),
            ("pnpm", _) => Some((Language::Node, PackageManager::Pnpm)),
            ("go", _) => Some((Language::Go, PackageManager::GoModules)),
            ("mvn" | "./mvnw", _) => Some((Language::Java, PackageManager::Maven)),
            ("gradle" | "./gradlew", _) => Some((Language::Java, PackageManager::Gradle)),
            ("cargo", _) => Some((Language::Rust, PackageManager::Cargo)),
            _ => None,
        };
        if let Some((l, m)) = found {
            // pip installing poetry or uv is how those get in; the tool itself decides.
            let installs_tool = m == PackageManager::Pip
                && command
                    .operands()
                    .any(|w| matches!(w.text.as_str(), "poetry" | "uv" | "pipenv"));
            let refines = manager == PackageManager::None
                || (manager == PackageManager::Pip && m != PackageManager::Pip);
            if refines && !installs_tool {
                manager = m;
                evidence.push(format!(
                    "`{}` in a RUN",
                    command
                        .words
                        .iter()
                        .take(2)
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            language.get_or_insert(l);
        }
    }
    // Copied lock files refine npm into yarn or pnpm.
    for instruction in file.instructions() {
        if instruction.kind() != InstructionKind::Copy {
            continue;
        }
        for word in instruction.value_texts() {
            let refined = match word.rsplit('/').next().unwrap_or(word) {
                "yarn.lock" => Some(PackageManager::Yarn),
                "pnpm-lock.yaml" => Some(PackageManager::Pnpm),
                "poetry.lock" => Some(PackageManager::Poetry),
                "uv.lock" => Some(PackageManager::Uv),
                "Pipfile" | "Pipfile.lock" => Some(PackageManager::Pipenv),
                _ => None,
            };
            if let Some(m) = refined {
                if manager == PackageManager::None
                    || manager == PackageManager::Npm
                    || manager == PackageManager::Pip
                {
                    evidence.push(format!("copies {word}"));
                    manager = m;
                }
            }
        }
    }
    // apt-installed runtimes on a distribution image.
    if language.is_none() {
        for stage in &stages {
            let packages = facts::stage_packages(file, stage);
            if packages
                .iter()
                .any(|p| p == "python3" || p == "python3-pip")
            {
                language = Some(Language::Python);
                evidence.push("python3 installed with apt".into());
            } else if packages.iter().any(|p| p == "nodejs") {
                language = Some(Language::Node);
                evidence.push("nodejs installed with apt".into());
            }
        }
    }
    if manager == PackageManager::None {
        if manifests.pyproject.is_some() {
            manager = PackageManager::Pip;
        } else if manifests.requirements.is_some() {
            manager = PackageManager::Pip;
            language.get_or_insert(Language::Python);
        } else if manifests.package_json.is_some() {
            manager = PackageManager::Npm;
            language.get_or_insert(Language::Node);
        }
    }
    if let Some(pyproject) = &manifests.pyproject {
        if pyproject.contains("[tool.poetry") && manager == PackageManager::Pip {
            manager = PackageManager::Poetry;
            evidence.push("pyproject.toml has [tool.poetry]".into());
        }
    }
    let start = facts::start_command(file);
    let start_command = options
        .start_command
        .clone()
        .or_else(|| start.as_ref().map(|s| s.normalized()));
    let framework = framework(start_command.as_deref().unwrap_or(""), manifests);
    if let Some(f) = &framework {
        evidence.push(format!("framework {f}"));
    }
    let alpine = base.contains("alpine");
    Stack {
        language: language.unwrap_or(Language::Unknown),
        package_manager: manager,
        framework,
        base,
        alpine,
        start_command,
        evidence,
    }
}

fn framework(start: &str, manifests: &Manifests) -> Option<String> {
    let words: Vec<&str> = start.split_whitespace().collect();
    let has = |w: &str| {
        words
            .iter()
            .any(|x| *x == w || x.ends_with(&format!("/{w}")))
    };
    let named = if has("celery") {
        "celery"
    } else if has("uvicorn") || start.contains("fastapi") {
        "fastapi (uvicorn)"
    } else if has("gunicorn") {
        "gunicorn"
    } else if start.contains("manage.py") {
        "django"
    } else if has("flask") {
        "flask"
    } else if has("next") {
        "next.js"
    } else {
        let reqs = crate::case::lower(manifests.requirements.as_deref().unwrap_or(""));
        let pkg = manifests.package_json.as_deref().unwrap_or("");
        if reqs.contains("fastapi") {
            "fastapi"
        } else if reqs.contains("django") {
            "django"
        } else if reqs.contains("flask") {
            "flask"
        } else if pkg.contains("\"express\"") {
            "express"
        } else {
            return None;
        }
    };
    Some(named.to_string())
}
