//! The page layout: the input files on the left, what the core found on the right.

use stagecraft_core::size::human;
use yew::prelude::*;

use crate::components::{FindingsPanel, InstructionList, RebuildPanel, SizePanel, SourcePanel};
use crate::hooks::{load_saved_inputs, use_saved_inputs};
use crate::state::{Action, Playground, View};

/// The whole playground.
#[component]
pub fn App() -> Html {
    let state =
        use_reducer(|| Playground::new(load_saved_inputs().unwrap_or_else(Playground::example)));
    use_saved_inputs(state.inputs.clone());

    let send = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(make(text)))
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |file| state.dispatch(Action::Open(file)))
    };
    let on_load_example = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::LoadExample))
    };
    let on_fix = {
        let state = state.clone();
        Callback::from(move |fix| state.dispatch(Action::ApplyFix(fix)))
    };
    let on_fix_all_safe = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::ApplySafeFixes))
    };
    let on_change = {
        let state = state.clone();
        Callback::from(move |change| state.dispatch(Action::SetChange(change)))
    };

    let analysis = &state.analysis;
    let inputs = &state.inputs;
    let tab = |view: View, label: String| {
        let state = state.clone();
        let selected = state.view == view;
        html! {
            <button
                role="tab"
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                onclick={Callback::from(move |_| state.dispatch(Action::Show(view)))}
            >
                { label }
            </button>
        }
    };
    // Syntax errors are findings too (DL1000), so one count covers both.
    let problems = analysis.findings.len();
    let body = match state.view {
        View::Findings => html! {
            <>
                <FindingsPanel
                    findings={analysis.findings.clone()}
                    safe_fixes={analysis.safe_fixes}
                    {on_fix}
                    {on_fix_all_safe}
                />
            </>
        },
        View::Size => html! {
            <SizePanel
                estimate={analysis.estimate.clone()}
                context_size={AttrValue::from(inputs.context_size.clone())}
                context_size_error={analysis.context_size_error.clone().map(AttrValue::from)}
                on_context_size={send(Action::SetContextSize)}
                target={AttrValue::from(inputs.target.clone())}
                on_target={send(Action::SetTarget)}
            />
        },
        View::Rebuilds => html! { <RebuildPanel plan={analysis.rebuild.clone()} {on_change} /> },
        View::Instructions => html! { <InstructionList parsed={analysis.parsed.clone()} /> },
    };

    html! {
        <div class="page">
            <header class="masthead">
                <h1>{ "Stagecraft" }</h1>
                <p class="tagline">{ "Lint, size and rebuild a Dockerfile before you build it. Everything runs in your browser; nothing is sent anywhere." }</p>
                <button class="reset" onclick={on_load_example}>{ "Load the example" }</button>
            </header>
            <main class="workspace">
                <SourcePanel
                    open={state.input_file}
                    dockerfile={AttrValue::from(inputs.dockerfile.clone())}
                    dockerignore={AttrValue::from(inputs.dockerignore.clone())}
                    requirements={AttrValue::from(inputs.requirements.clone())}
                    package_json={AttrValue::from(inputs.package_json.clone())}
                    findings={analysis.findings.clone()}
                    {on_open}
                    on_dockerfile={send(Action::EditDockerfile)}
                    on_dockerignore={send(Action::EditDockerignore)}
                    on_requirements={send(Action::EditRequirements)}
                    on_package_json={send(Action::EditPackageJson)}
                />
                <section class="panel results" aria-label="What Stagecraft found">
                    <div class="tabs" role="tablist" aria-label="Views">
                        { tab(View::Findings, format!("Findings {problems}")) }
                        { tab(View::Size, format!("Size ≈ {}", human(analysis.estimate.image.expected))) }
                        { tab(View::Rebuilds, format!("Rebuilds {}", analysis.rebuild.rebuilt().count())) }
                        { tab(View::Instructions, format!("Instructions {}", analysis.parsed.instructions().len())) }
                    </div>
                    <div class="view" role="tabpanel">{ body }</div>
                </section>
            </main>
        </div>
    }
}
