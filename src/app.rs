//! The page layout: the input files on the left, what the core found on the right, and the
//! page-wide actions (share, download, theme) across the top.

use std::rc::Rc;

use stagecraft_core::playground::{self, findings_markdown, Inputs};
use stagecraft_core::size::human;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::bridge;
use crate::components::{
    FindingsPanel, InstructionList, LargeFilePanel, NoticeBar, Presenter, RebuildPanel,
    RewritePanel, RuleDocsPanel, SizePanel, SourcePanel,
};
use crate::examples::EXAMPLES;
use crate::hooks::{load_saved_inputs, rule_doc, use_saved_inputs, use_theme, RuleDoc, Theme};
use crate::location::{self, Opened};
use crate::state::{Action, Notice, Pane, Playground, View};
use crate::worker;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// `?embed=1`: read-only editor and results, no page chrome, nothing saved.
    #[prop_or_default]
    pub embed: bool,
}

/// Builds a share link for the current inputs and view, puts it in the address bar and
/// copies it.
fn share(state: UseReducerHandle<Playground>) {
    let inputs = state.inputs.clone();
    let view = state.view;
    let slide = state.presenting;
    wasm_bindgen_futures::spawn_local(async move {
        let payload = bridge::pack_share(&location::share_object(&inputs, view, slide))
            .await
            .as_string()
            .unwrap_or_default();
        let link = location::set_share_fragment(&payload);
        let copied = bridge::copy_text(&link).await.as_bool().unwrap_or(false);
        let text = if copied {
            "Share link copied. It holds your files in the link itself: nothing is uploaded."
        } else {
            "Here is your share link (your browser did not let the page copy it). It holds your files in the link itself: nothing is uploaded."
        };
        state.dispatch(Action::Notify(Notice {
            text: text.into(),
            is_error: false,
            link: Some(link),
            restore: None,
        }));
    });
}

/// Opens what the address names (`#v1=…` share link, `#rule=CODE`): at start, and whenever
/// the fragment changes (a link pasted into the address bar of the open page).
#[hook]
fn use_opened_address(state: UseReducerHandle<Playground>) {
    use_effect_with((), move |_| {
        open_address(state.clone());
        let listener =
            wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || open_address(state.clone()));
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

fn open_address(state: UseReducerHandle<Playground>) {
    // What the person's own saved work is, to offer back if a link replaces it.
    let saved = load_saved_inputs().unwrap_or_default();
    match location::read() {
        Opened::Nothing => {}
        Opened::Rule(code) => {
            state.dispatch(Action::ShowRule(Some(code)));
            // The rule's panel says what went wrong if the docs cannot be downloaded.
            wasm_bindgen_futures::spawn_local(async move {
                let RuleDoc::Ready(docs) = rule_doc(code).await else {
                    return;
                };
                let Some(example) = location::rule_example(&docs) else {
                    return;
                };
                let notice = Notice {
                    text: format!("The editor shows {code}'s example."),
                    is_error: false,
                    link: None,
                    restore: (!saved.dockerfile.is_empty()).then_some(saved),
                };
                let inputs = Inputs {
                    dockerfile: example,
                    ..Inputs::default()
                };
                state.dispatch(Action::OpenShared(Box::new(inputs), None, notice));
            });
        }
        Opened::Problem(text) => state.dispatch(Action::Notify(Notice {
            text,
            is_error: true,
            link: None,
            restore: None,
        })),
        Opened::Share(payload) => {
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::unpack_share(&payload).await {
                    Ok(shared) => {
                        let location::Shared {
                            inputs,
                            view,
                            slide,
                        } = location::shared_inputs(shared);
                        let replaced = !saved.dockerfile.is_empty() && saved != inputs;
                        let notice = Notice {
                            text: if replaced {
                                "You opened a shared link. Your own saved work is kept: bring it back any time.".into()
                            } else {
                                "You opened a shared link.".into()
                            },
                            is_error: false,
                            link: None,
                            restore: replaced.then_some(saved),
                        };
                        state.dispatch(Action::OpenShared(Box::new(inputs), view, notice));
                        if slide.is_some() {
                            state.dispatch(Action::Present(slide));
                        }
                    }
                    Err(error) => state.dispatch(Action::Notify(Notice {
                        text: format!(
                            "This share link could not be opened: {}. The page shows your own work instead.",
                            error_text(&error)
                        ),
                        is_error: true,
                        link: None,
                        restore: None,
                    })),
                }
            });
        }
    }
}

fn error_text(error: &JsValue) -> String {
    bridge::error_message(error, "it is damaged")
}

/// Sends a large file's newest inputs to the background worker, once per change, and hands
/// its answer to the page.
#[hook]
fn use_background_analysis(state: UseReducerHandle<Playground>) {
    let generation = state.large_generation;
    use_effect_with(generation, move |&generation| {
        if state.large_pending() {
            let inputs = state.inputs.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let answer = worker::analyze_large(&inputs)
                    .await
                    .map(|result| result.map(Rc::new));
                state.dispatch(Action::LargeAnalysed(generation, answer));
            });
        }
    });
}

/// How long the text must rest before the worker works out the lesson: it runs the rewrite
/// plan and measures every fix, which is worth doing for a text the reader stopped typing,
/// not for every keystroke.
const LESSON_AFTER_MS: u32 = 600;

/// The Findings tab's next steps and costs, from the background worker. The order of the last
/// answer stays while a newer one is worked out (so the list does not jump on each keystroke);
/// the costs and next steps show only for the text they were measured on.
#[hook]
fn use_lesson(inputs: &Inputs, wanted: bool) -> (Option<Rc<worker::PageLesson>>, bool) {
    let answer = use_state(|| None::<(Inputs, Rc<worker::PageLesson>)>);
    let latest = use_mut_ref(|| 0u64);
    use_effect_with((), |_| worker::warm_up());
    {
        let answer = answer.clone();
        use_effect_with((inputs.clone(), wanted), move |(inputs, wanted)| {
            *latest.borrow_mut() += 1;
            let ours = *latest.borrow();
            if *wanted {
                let inputs = inputs.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(LESSON_AFTER_MS).await;
                    if *latest.borrow() != ours {
                        return;
                    }
                    // A page without the worker (a test harness) simply shows no next steps.
                    if let Ok(Some(lesson)) = worker::lesson(&inputs).await {
                        if *latest.borrow() == ours {
                            answer.set(Some((inputs, Rc::new(lesson))));
                        }
                    }
                });
            }
        });
    }
    match answer.as_ref() {
        Some((for_inputs, lesson)) => (Some(lesson.clone()), for_inputs == inputs),
        None => (None, false),
    }
}

/// The whole playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let embed = props.embed;
    let state =
        use_reducer(|| Playground::new(load_saved_inputs().unwrap_or_else(Playground::example)));
    // An embedded page shows what its link says and never overwrites the visitor's own work.
    use_saved_inputs(state.inputs.clone(), !embed && !state.unsaved_link);
    use_opened_address(state.clone());
    use_background_analysis(state.clone());
    let (lesson, lesson_fresh) = use_lesson(
        &state.inputs,
        state.view == View::Findings && !state.is_large(),
    );
    let theme = use_theme();

    let send = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(make(text)))
    };
    let dispatch = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action()))
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |file| state.dispatch(Action::Open(file)))
    };
    // The callbacks each finding card holds stay the same from one render to the next, so a
    // card whose finding did not change is not drawn again.
    let dispatcher = state.dispatcher();
    let on_fix = use_callback(dispatcher.clone(), |fix, dispatcher| {
        dispatcher.dispatch(Action::ApplyFix(fix))
    });
    let on_change = {
        let state = state.clone();
        Callback::from(move |change| state.dispatch(Action::SetChange(change)))
    };
    let on_locate = use_callback(dispatcher.clone(), |(line, column), dispatcher| {
        dispatcher.dispatch(Action::MoveCursor(line, column))
    });
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| share(state.clone()))
    };
    let on_command = {
        let state = state.clone();
        Callback::from(move |name: String| match name.as_str() {
            "share" => share(state.clone()),
            "apply-next-step" if !state.is_large() => {
                let plan = playground::rewrite_plan(&state.inputs);
                let next = plan
                    .applied()
                    .next()
                    .map(|step| step.dockerfile.to_string());
                if let Some(dockerfile) = next {
                    state.dispatch(Action::ApplyRewrite(dockerfile, None));
                }
            }
            _ => {}
        })
    };
    let on_copy_markdown = {
        let state = state.clone();
        Callback::from(move |()| {
            let markdown = findings_markdown(&state.analysis.findings);
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = bridge::copy_text(&markdown).await.as_bool() == Some(true);
                state.dispatch(Action::Notify(Notice {
                    text: if copied {
                        "The findings are copied as Markdown, ready to paste into a review.".into()
                    } else {
                        "Your browser did not let the page copy the findings.".into()
                    },
                    is_error: !copied,
                    link: None,
                    restore: None,
                }));
            });
        })
    };
    let on_download = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            bridge::download("Dockerfile", &state.inputs.dockerfile);
            if !state.inputs.dockerignore.is_empty() {
                bridge::download(".dockerignore", &state.inputs.dockerignore);
            }
        })
    };
    let on_restore = {
        let state = state.clone();
        Callback::from(move |inputs: Inputs| state.dispatch(Action::Restore(Box::new(inputs))))
    };
    let on_close_rule = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::ShowRule(None)))
    };
    let on_open_rule = use_callback(dispatcher, |code: &'static str, dispatcher| {
        dispatcher.dispatch(Action::ShowRule(Some(code)))
    });

    // The rewrite plan lints and sizes the file once per step: it is worked out only while
    // the Rewrite tab or presenter mode shows it, and again only when an input changes.
    let wants_plan =
        (state.view == View::Rewrite || state.presenting.is_some()) && !state.is_large();
    let plan = use_memo((state.inputs.clone(), wants_plan), |(inputs, wants)| {
        wants.then(|| Rc::new(playground::rewrite_plan(inputs)))
    });
    let on_apply_step = {
        let state = state.clone();
        let plan = plan.clone();
        Callback::from(move |index: usize| {
            if let Some(step) = plan.as_ref().as_ref().and_then(|p| p.steps.get(index)) {
                state.dispatch(Action::ApplyRewrite(step.dockerfile.to_string(), None));
            }
        })
    };
    let on_apply_all = {
        let state = state.clone();
        let plan = plan.clone();
        Callback::from(move |()| {
            if let Some(plan) = plan.as_ref() {
                state.dispatch(Action::ApplyRewrite(
                    plan.dockerfile.clone(),
                    plan.dockerignore.clone(),
                ));
            }
        })
    };
    let on_present = {
        let state = state.clone();
        Callback::from(move |slide: usize| state.dispatch(Action::Present(Some(slide))))
    };
    let on_example = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            if let Some(example) = EXAMPLES.iter().find(|e| e.id == select.value()) {
                state.dispatch(Action::LoadInputs(Box::new(example.inputs())));
            }
            select.set_value("");
        })
    };

    let analysis = &state.analysis;
    let inputs = &state.inputs;
    let views = View::ALL;
    let tab = |index: usize, view: View, label: String| {
        let selected = state.view == view;
        let show = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Action::Show(view)))
        };
        // The tablist pattern: arrow keys move between tabs, Home and End to the ends.
        let onkeydown = {
            let state = state.clone();
            Callback::from(move |event: KeyboardEvent| {
                let to = match event.key().as_str() {
                    "ArrowRight" => (index + 1) % views.len(),
                    "ArrowLeft" => (index + views.len() - 1) % views.len(),
                    "Home" => 0,
                    "End" => views.len() - 1,
                    _ => return,
                };
                event.prevent_default();
                state.dispatch(Action::Show(views[to]));
                location::focus(&format!("tab-{}", views[to].key()));
            })
        };
        html! {
            <button
                role="tab"
                id={format!("tab-{}", view.key())}
                data-testid={format!("tab-{}", view.key())}
                class={classes!("tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                aria-controls="results-view"
                tabindex={if selected { "0" } else { "-1" }}
                onclick={show}
                {onkeydown}
            >
                { label }
            </button>
        }
    };
    // Syntax errors are findings too (DL1000), so one count covers both.
    let large = state.large_result();
    let problems = large.map_or(analysis.findings.len(), |l| l.finding_count);
    let image_total = large.map_or(analysis.estimate.image.expected, |l| l.image.1);
    let rebuilt = large.map_or(analysis.rebuild.rebuilt().count(), |l| l.rebuilt);
    let instruction_count = large.map_or(analysis.parsed.instructions().len(), |l| l.instructions);
    let body = if state.is_large() {
        html! {
            <LargeFilePanel
                view={state.view}
                result={large.cloned()}
                pending={state.large_pending()}
                error={state.large_error.clone().map(AttrValue::from)}
                bytes={inputs.dockerfile.len()}
                lines={inputs.dockerfile.lines().count()}
                change={AttrValue::from(change_words(inputs.change))}
                on_locate={on_locate.clone()}
                on_open_rule={on_open_rule.clone()}
            />
        }
    } else {
        match state.view {
            View::Findings => html! {
                <FindingsPanel
                    analysis={analysis.clone()}
                    lesson={lesson.clone()}
                    {lesson_fresh}
                    {on_fix}
                    on_fix_all_safe={dispatch(|| Action::ApplySafeFixes)}
                    on_undo={dispatch(|| Action::Undo)}
                    {on_locate}
                    on_copy_markdown={on_copy_markdown}
                    on_open_rule={on_open_rule}
                    read_only={embed}
                />
            },
            View::Layers => html! {
                <SizePanel
                    estimate={analysis.estimate.clone()}
                    context_size={AttrValue::from(inputs.context_size.clone())}
                    context_size_error={analysis.context_size_error.clone().map(AttrValue::from)}
                    on_context_size={send(Action::SetContextSize)}
                    target={AttrValue::from(inputs.target.clone())}
                    on_target={send(Action::SetTarget)}
                    other_bases={stagecraft_core::playground::other_bases(inputs, analysis)}
                />
            },
            View::Rebuilds => {
                html! { <RebuildPanel plan={analysis.rebuild.clone()} {on_change} /> }
            }
            View::Instructions => html! { <InstructionList analysis={analysis.clone()} /> },
            View::Rewrite => match plan.as_ref() {
                Some(plan) => html! {
                    <RewritePanel
                        plan={plan.clone()}
                        on_apply={on_apply_step}
                        {on_apply_all}
                        on_undo={dispatch(|| Action::Undo)}
                        on_present={on_present.clone()}
                        distroless={inputs.distroless}
                        on_distroless={{
                            let state = state.clone();
                            Callback::from(move |on| state.dispatch(Action::SetDistroless(on)))
                        }}
                        read_only={embed}
                    />
                },
                None => html! {},
            },
        }
    };
    let rule_docs = state.rule.map(|code| {
        html! { <RuleDocsPanel code={code} on_close={on_close_rule.clone()} /> }
    });
    let pane_button = |pane: Pane, label: &'static str| {
        let selected = state.pane == pane;
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowPane(pane)))
        };
        html! {
            <button
                class={classes!("choice", selected.then_some("selected"))}
                aria-pressed={selected.to_string()}
                {onclick}
            >
                { label }
            </button>
        }
    };
    let notice = state.notice.clone().map(|notice| {
        html! {
            <NoticeBar
                notice={Rc::new(notice)}
                on_dismiss={dispatch(|| Action::DismissNotice)}
                on_restore={on_restore.clone()}
            />
        }
    });
    let on_share_slide = {
        let state = state.clone();
        Callback::from(move |()| share(state.clone()))
    };
    let presenter = match (state.presenting, plan.as_ref()) {
        (Some(slide), Some(plan)) => {
            let on_slide = {
                let state = state.clone();
                Callback::from(move |slide| state.dispatch(Action::Present(Some(slide))))
            };
            html! {
                <Presenter
                    plan={plan.clone()}
                    original={AttrValue::from(inputs.dockerfile.clone())}
                    {slide}
                    {on_slide}
                    on_close={dispatch(|| Action::Present(None))}
                    on_share={on_share_slide}
                />
            }
        }
        _ => html! {},
    };
    let theme_label = match theme.current {
        Theme::Dark => "Light theme",
        Theme::Light => "Dark theme",
    };
    let on_theme = theme.toggle.reform(|_: MouseEvent| ());

    html! {
        <div class={classes!("page", embed.then_some("embed"), match state.pane { Pane::Source => "show-source", Pane::Results => "show-results" })}>
            if !embed {
                <header class="masthead">
                    <h1>{ "Stagecraft" }</h1>
                    <p class="tagline">{ "Lint, size and rebuild a Dockerfile before you build it. Everything runs in your browser; nothing is sent anywhere." }</p>
                    <nav class="actions" aria-label="Page actions">
                        <button class="reset" onclick={dispatch(|| Action::LoadExample).reform(|_: MouseEvent| ())}>{ "Load the example" }</button>
                        <select class="examples" aria-label="Open an example" onchange={on_example}>
                            <option value="" selected=true>{ "Examples…" }</option>
                            { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                        </select>
                        <button data-testid="share" title="Copy a link that holds these files (Ctrl/⌘-S)" onclick={on_share}>{ "Share" }</button>
                        <button title="Download the Dockerfile (and the .dockerignore, if any)" onclick={on_download}>{ "Download" }</button>
                        <button class="theme" onclick={on_theme}>{ theme_label }</button>
                    </nav>
                </header>
            }
            { for notice }
            <div class="pane-switch" role="group" aria-label="Show">
                { pane_button(Pane::Source, "Dockerfile") }
                { pane_button(Pane::Results, "Results") }
            </div>
            <main class="workspace">
                <SourcePanel
                    open={state.input_file}
                    dockerfile={AttrValue::from(inputs.dockerfile.clone())}
                    dockerignore={AttrValue::from(inputs.dockerignore.clone())}
                    requirements={AttrValue::from(inputs.requirements.clone())}
                    package_json={AttrValue::from(inputs.package_json.clone())}
                    diagnostics={state.diagnostics.clone()}
                    cursor={state.cursor}
                    undo={state.undo}
                    read_only={embed}
                    {on_open}
                    {on_command}
                    on_dockerfile={send(Action::EditDockerfile)}
                    on_dockerignore={send(Action::EditDockerignore)}
                    on_requirements={send(Action::EditRequirements)}
                    on_package_json={send(Action::EditPackageJson)}
                />
                <section class="panel results" aria-label="What Stagecraft found">
                    { for rule_docs }
                    <div class="tabs" role="tablist" aria-label="Views">
                        { tab(0, View::Findings, format!("Findings {problems}")) }
                        { tab(1, View::Layers, format!("Layers ≈ {}", human(image_total))) }
                        { tab(2, View::Rebuilds, format!("Rebuilds {rebuilt}")) }
                        { tab(3, View::Rewrite, "Rewrite".to_string()) }
                        { tab(4, View::Instructions, format!("Instructions {instruction_count}")) }
                    </div>
                    <div class="view" id="results-view" role="tabpanel" aria-labelledby={format!("tab-{}", state.view.key())}>{ body }</div>
                </section>
            </main>
            { presenter }
        </div>
    }
}

/// The change a rebuild count is for, as a sentence starts.
fn change_words(change: stagecraft_core::size::Change) -> String {
    use stagecraft_core::size::Change;
    match change {
        Change::Code => "A code change".into(),
        Change::Deps => "A change of dependencies".into(),
        Change::Base => "A new base image".into(),
        Change::Env => "A change to a .env file".into(),
        Change::Line(line) => format!("An edit of line {line}"),
    }
}
