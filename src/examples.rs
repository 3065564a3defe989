//! The Examples menu: naive Dockerfiles, each with its manifest, written for teaching. They
//! are the rewrite engine's golden inputs (`crates/core/tests/rewrite/`), so every example's
//! full rewrite is checked there, file for file, and here the page only lists them.

use stagecraft_core::playground::Inputs;

/// One example: its menu label and its files.
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub dockerfile: &'static str,
    pub requirements: &'static str,
    pub package_json: &'static str,
}

impl Example {
    pub fn inputs(&self) -> Inputs {
        Inputs {
            dockerfile: self.dockerfile.to_string(),
            requirements: self.requirements.to_string(),
            package_json: self.package_json.to_string(),
            ..Inputs::default()
        }
    }
}

macro_rules! golden {
    ($name:literal) => {
        include_str!(concat!(
            "../crates/core/tests/rewrite/",
            $name,
            ".before.Dockerfile"
        ))
    };
    ($name:literal, $manifest:literal) => {
        include_str!(concat!(
            "../crates/core/tests/rewrite/",
            $name,
            ".",
            $manifest
        ))
    };
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "python-fastapi",
        title: "Python · FastAPI (pip)",
        dockerfile: golden!("python-fastapi-latest"),
        requirements: golden!("python-fastapi-latest", "requirements.txt"),
        package_json: "",
    },
    Example {
        id: "python-flask-postgres",
        title: "Python · Flask with PostgreSQL",
        dockerfile: golden!("python-gunicorn-postgres"),
        requirements: golden!("python-gunicorn-postgres", "requirements.txt"),
        package_json: "",
    },
    Example {
        id: "python-django",
        title: "Python · Django with MySQL",
        dockerfile: golden!("python-django-mysql"),
        requirements: golden!("python-django-mysql", "requirements.txt"),
        package_json: "",
    },
    Example {
        id: "python-celery",
        title: "Python · Celery worker",
        dockerfile: golden!("python-celery-worker"),
        requirements: golden!("python-celery-worker", "requirements.txt"),
        package_json: "",
    },
    Example {
        id: "python-poetry",
        title: "Python · Poetry app",
        dockerfile: golden!("python-poetry"),
        requirements: golden!("python-poetry", "pyproject.toml"),
        package_json: "",
    },
    Example {
        id: "python-uv",
        title: "Python · uv app",
        dockerfile: golden!("python-uv"),
        requirements: "",
        package_json: "",
    },
    Example {
        id: "python-script",
        title: "Python · a one-off script",
        dockerfile: golden!("python-script"),
        requirements: "",
        package_json: "",
    },
    Example {
        id: "node-express",
        title: "Node · Express (npm)",
        dockerfile: golden!("node-express-npm"),
        requirements: "",
        package_json: golden!("node-express-npm", "package.json"),
    },
    Example {
        id: "go-api",
        title: "Go · an API server",
        dockerfile: golden!("go-server"),
        requirements: "",
        package_json: "",
    },
    Example {
        id: "java-maven",
        title: "Java · Spring with Maven",
        dockerfile: golden!("java-maven"),
        requirements: "",
        package_json: "",
    },
    Example {
        id: "rust-cargo",
        title: "Rust · a cargo binary",
        dockerfile: golden!("rust-cargo"),
        requirements: "",
        package_json: "",
    },
];
