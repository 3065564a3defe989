//! The left side: the Dockerfile and the files beside it, one tab each.

use stagecraft_core::lint::Finding;
use yew::prelude::*;

use super::editor::{Editor, LineMark};
use super::rule_docs::inline;
use crate::state::InputFile;

#[derive(Properties, PartialEq)]
pub struct SourcePanelProps {
    pub open: InputFile,
    pub dockerfile: AttrValue,
    pub dockerignore: AttrValue,
    pub requirements: AttrValue,
    pub package_json: AttrValue,
    pub findings: Vec<Finding>,
    pub on_open: Callback<InputFile>,
    pub on_dockerfile: Callback<String>,
    pub on_dockerignore: Callback<String>,
    pub on_requirements: Callback<String>,
    pub on_package_json: Callback<String>,
}

/// The most severe finding on each line, and every finding's message on it, for the
/// editor's marks.
fn marks(findings: &[Finding]) -> Vec<LineMark> {
    let mut marks: Vec<LineMark> = Vec::new();
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for finding in sorted {
        let message = format!("{}: {}", finding.code, finding.message);
        for line in finding.location.line..=finding.location.end_line.max(finding.location.line) {
            match marks.iter_mut().find(|m| m.line == line) {
                Some(mark) => mark.messages.push(message.clone()),
                None => marks.push(LineMark {
                    line,
                    severity: finding.severity.as_str(),
                    messages: vec![message.clone()],
                }),
            }
        }
    }
    marks
}

#[component]
pub fn SourcePanel(props: &SourcePanelProps) -> Html {
    let tab = |file: InputFile, label: &'static str, filled: bool| {
        let on_open = props.on_open.clone();
        let selected = props.open == file;
        html! {
            <button
                role="tab"
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                onclick={Callback::from(move |_| on_open.emit(file))}
            >
                { label }
                if filled && !selected { <span class="dot" title="has content"></span> }
            </button>
        }
    };
    let editor = match props.open {
        InputFile::Dockerfile => html! {
            <Editor
                id="dockerfile"
                label="Dockerfile"
                value={props.dockerfile.clone()}
                on_edit={props.on_dockerfile.clone()}
                marks={marks(&props.findings)}
                placeholder="FROM python:3.12-slim"
            />
        },
        InputFile::Dockerignore => html! {
            <>
                <p class="hint">{ inline("The .dockerignore beside your Dockerfile. Leave it empty if you have none: Stagecraft then assumes the whole folder, .git included, is sent to the build.") }</p>
                <Editor
                    id="dockerignore"
                    label=".dockerignore"
                    value={props.dockerignore.clone()}
                    on_edit={props.on_dockerignore.clone()}
                    placeholder={".git\n.env\n__pycache__\nnode_modules"}
                />
            </>
        },
        InputFile::Requirements => html! {
            <>
                <p class="hint">{ inline("Your requirements.txt or pyproject.toml, so `pip install`, `poetry install` or `uv sync` is sized from the packages it names.") }</p>
                <Editor
                    id="requirements"
                    label="requirements.txt or pyproject.toml"
                    value={props.requirements.clone()}
                    on_edit={props.on_requirements.clone()}
                    placeholder={"fastapi\nuvicorn[standard]\ngunicorn\npsycopg2"}
                />
            </>
        },
        InputFile::PackageJson => html! {
            <>
                <p class="hint">{ inline("Your package.json, so `npm ci` / `npm install` is sized from the dependencies it names.") }</p>
                <Editor
                    id="package-json"
                    label="package.json"
                    value={props.package_json.clone()}
                    on_edit={props.on_package_json.clone()}
                    placeholder={"{\n  \"dependencies\": { \"express\": \"^4.21.0\" }\n}"}
                />
            </>
        },
    };
    html! {
        <section class="panel source" aria-label="Input files">
            <div class="panel-head">
                <div class="tabs" role="tablist" aria-label="Input files">
                    { tab(InputFile::Dockerfile, "Dockerfile", true) }
                    { tab(InputFile::Dockerignore, ".dockerignore", !props.dockerignore.is_empty()) }
                    { tab(InputFile::Requirements, "Python deps", !props.requirements.is_empty()) }
                    { tab(InputFile::PackageJson, "package.json", !props.package_json.is_empty()) }
                </div>
            </div>
            { editor }
        </section>
    }
}
