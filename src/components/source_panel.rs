//! The left side: the Dockerfile and the files beside it, one tab each.

use std::rc::Rc;

use yew::prelude::*;

use super::code_editor::{CodeEditor, CursorRequest, Diagnostics};
use super::rule_docs::inline;
use crate::state::InputFile;

#[derive(Properties, PartialEq)]
pub struct SourcePanelProps {
    pub open: InputFile,
    pub dockerfile: AttrValue,
    pub dockerignore: AttrValue,
    pub requirements: AttrValue,
    pub package_json: AttrValue,
    /// The Dockerfile's findings as the editor marks them.
    pub diagnostics: Rc<Diagnostics>,
    #[prop_or_default]
    pub cursor: Option<CursorRequest>,
    #[prop_or_default]
    pub undo: u32,
    #[prop_or_default]
    pub read_only: bool,
    pub on_open: Callback<InputFile>,
    pub on_command: Callback<String>,
    pub on_dockerfile: Callback<String>,
    pub on_dockerignore: Callback<String>,
    pub on_requirements: Callback<String>,
    pub on_package_json: Callback<String>,
}

#[component]
pub fn SourcePanel(props: &SourcePanelProps) -> Html {
    let tab = |file: InputFile, label: &'static str, filled: bool| {
        let on_open = props.on_open.clone();
        let selected = props.open == file;
        html! {
            <button
                role="tab"
                aria-controls="source-editor"
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
            <CodeEditor
                key="dockerfile"
                label="Dockerfile"
                language="dockerfile"
                test_id="editor"
                value={props.dockerfile.clone()}
                on_edit={props.on_dockerfile.clone()}
                diagnostics={props.diagnostics.clone()}
                cursor={props.cursor}
                undo={props.undo}
                read_only={props.read_only}
                on_command={props.on_command.clone()}
                placeholder="FROM python:3.12-slim"
            />
        },
        InputFile::Dockerignore => html! {
            <>
                <p class="hint">{ inline("The .dockerignore beside your Dockerfile. Leave it empty if you have none: Stagecraft then assumes the whole folder, .git included, is sent to the build.") }</p>
                <CodeEditor
                    key="dockerignore"
                    label=".dockerignore"
                    test_id="dockerignore"
                    value={props.dockerignore.clone()}
                    on_edit={props.on_dockerignore.clone()}
                    read_only={props.read_only}
                    on_command={props.on_command.clone()}
                    placeholder={".git\n.env\n__pycache__\nnode_modules"}
                />
            </>
        },
        InputFile::Requirements => html! {
            <>
                <p class="hint">{ inline("Your requirements.txt or pyproject.toml, so `pip install`, `poetry install` or `uv sync` is sized from the packages it names.") }</p>
                <CodeEditor
                    key="requirements"
                    label="requirements.txt or pyproject.toml"
                    test_id="requirements"
                    value={props.requirements.clone()}
                    on_edit={props.on_requirements.clone()}
                    read_only={props.read_only}
                    on_command={props.on_command.clone()}
                    placeholder={"fastapi\nuvicorn[standard]\ngunicorn\npsycopg2"}
                />
            </>
        },
        InputFile::PackageJson => html! {
            <>
                <p class="hint">{ inline("Your package.json, so `npm ci` / `npm install` is sized from the dependencies it names.") }</p>
                <CodeEditor
                    key="package-json"
                    label="package.json"
                    test_id="package-json"
                    value={props.package_json.clone()}
                    on_edit={props.on_package_json.clone()}
                    read_only={props.read_only}
                    on_command={props.on_command.clone()}
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
            <div id="source-editor" role="tabpanel" aria-label="Editor">{ editor }</div>
        </section>
    }
}
