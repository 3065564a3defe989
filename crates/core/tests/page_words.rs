//! The page speaks of the page: what the playground shows (`playground::analyze`, the lesson,
//! `playground::rewrite_plan`) never tells a person to pass one of the CLI's flags or to run
//! `stagecraft`, which nobody in the browser has; it names the page's tabs and inputs instead.
//! The CLI's own wording is checked beside it, so both sides of each sentence stay written.

mod golden;

use stagecraft_core::playground::{self, Inputs};
use stagecraft_core::rewrite::{self, Manifests, Options};
use stagecraft_core::size::{self, EstimateInputs};

/// The CLI's flags that name something the page has its own control for (or none).
const CLI_FLAGS: &[&str] = &[
    "--context-size",
    "--requirements",
    "--pyproject",
    "--package-json",
    "--dockerignore",
    "--write-dockerignore",
    "--health-path",
    "--java-modules",
    "--start-command",
    "--distroless",
    "--until",
    "--changed",
    "--unsafe-fixes",
    "--fix",
];

/// The CLI words in `text`: a flag from [`CLI_FLAGS`] as a whole word, or a `stagecraft`
/// command.
fn cli_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for flag in CLI_FLAGS {
        for (at, _) in text.match_indices(flag) {
            let next = text[at + flag.len()..].chars().next();
            if !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
                found.push(flag.to_string());
            }
        }
    }
    for command in [
        "stagecraft lint",
        "stagecraft estimate",
        "stagecraft cache",
        "stagecraft rewrite",
    ] {
        if text.contains(command) {
            found.push(command.to_string());
        }
    }
    found
}

/// Each golden input of the rewrite engine (the Examples menu's files among them), as the page
/// holds it.
fn golden_inputs() -> Vec<(String, Inputs)> {
    golden::inputs()
        .into_iter()
        .map(|g| {
            let inputs = Inputs {
                dockerfile: g.dockerfile.clone(),
                requirements: g
                    .beside("requirements.txt")
                    .or_else(|| g.beside("pyproject.toml"))
                    .unwrap_or_default(),
                package_json: g.beside("package.json").unwrap_or_default(),
                dockerignore: g.beside("dockerignore").unwrap_or_default(),
                ..Inputs::default()
            };
            (g.name, inputs)
        })
        .collect()
}

/// Files that make the engine ask for something the person did not give.
const ASKING: &[(&str, &str)] = &[
    (
        "poetry-without-manifest",
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install\nCMD [\"python\", \"app.py\"]\n",
    ),
    (
        "pip-without-requirements",
        "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    ),
    (
        "npm-without-package-json",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"server.js\"]\n",
    ),
    (
        "no-start-command",
        "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    ),
];

/// Everything the page shows for `inputs`, as one text: the analysis, the lesson and the plan.
fn page_text(inputs: &Inputs) -> String {
    let analysis = playground::analyze(inputs);
    let lesson = playground::lesson(inputs, &analysis);
    let plan = playground::rewrite_plan(inputs);
    format!("{analysis:?}\n{lesson:?}\n{plan:?}")
}

#[test]
fn the_page_names_no_cli_flag() {
    let mut cases: Vec<(String, Inputs)> = golden_inputs();
    for (name, dockerfile) in ASKING {
        cases.push((
            name.to_string(),
            Inputs {
                dockerfile: dockerfile.to_string(),
                ..Inputs::default()
            },
        ));
    }
    assert!(cases.len() > 20, "{} cases", cases.len());
    let mut wrong = Vec::new();
    let mut all = String::new();
    for (name, inputs) in &cases {
        let text = page_text(inputs);
        let words = cli_words(&text);
        if !words.is_empty() {
            wrong.push(format!("{name}: {}", words.join(", ")));
        }
        all.push_str(&text);
    }
    assert!(
        wrong.is_empty(),
        "the page would show CLI words:\n{}",
        wrong.join("\n")
    );
    // The sentences that used to name a flag are there, in the page's words.
    for page_words in [
        "Build context box of the Layers tab",
        "requirements.txt was not given (paste it into the Python deps tab)",
        "package.json was not given (paste it into the package.json tab)",
        "into the Python deps tab",
        "change the path in the HEALTHCHECK line",
        "in the `--add-modules` list of the `jlink` line",
        "switch on Distroless runtime at the top of the Rewrite tab",
        "add a `CMD` that starts the app: the steps follow as you type",
    ] {
        assert!(all.contains(page_words), "no page shows `{page_words}`");
    }
}

#[test]
fn the_cli_keeps_its_flags() {
    let python = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
    let estimate = size::estimate(&stagecraft_core::parse(python), &EstimateInputs::default());
    let text = format!("{estimate:?}");
    for flag in ["--context-size", "--requirements"] {
        assert!(text.contains(flag), "{flag} not in {text}");
    }
    let npm = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n";
    let text = format!(
        "{:?}",
        size::estimate(&stagecraft_core::parse(npm), &EstimateInputs::default())
    );
    assert!(
        text.contains("--package-json"),
        "--package-json not in {text}"
    );
    let plan = rewrite::plan(python, &Manifests::default(), &Options::default());
    assert!(format!("{plan:?}").contains("--health-path"));
    let no_cmd = ASKING
        .iter()
        .find(|(name, _)| *name == "no-start-command")
        .unwrap()
        .1;
    let plan = rewrite::plan(no_cmd, &Manifests::default(), &Options::default());
    assert!(format!("{plan:?}").contains("stagecraft rewrite --start-command"));
}
