//! The instructions the core found, in order, and the lines it could not read.

use std::rc::Rc;

use stagecraft_core::playground::Analysis;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InstructionListProps {
    pub analysis: Rc<Analysis>,
}

/// Rows drawn at first, and added by each "show more": a pasted file of thousands of lines
/// must not cost thousands of rows per keystroke.
const FIRST_ROWS: usize = 400;

/// A table of instructions (line, kind, arguments) followed by any syntax errors.
#[component]
pub fn InstructionList(props: &InstructionListProps) -> Html {
    let shown = use_state(|| FIRST_ROWS);
    let parsed = &props.analysis.parsed;
    let instructions = parsed.instructions();
    let errors = parsed.errors();
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + FIRST_ROWS))
    };
    let lines = |start: usize, end: usize| {
        if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        }
    };
    html! {
        <div class="instructions">
            if instructions.is_empty() {
                <p class="empty">{ "No instructions yet. A Dockerfile starts with FROM." }</p>
            } else {
                <table class="instruction-table">
                    <thead>
                        <tr><th>{ "Line" }</th><th>{ "Instruction" }</th><th>{ "Arguments" }</th></tr>
                    </thead>
                    <tbody>
                        { for instructions.iter().take(*shown).map(|instruction| html! {
                            <tr class="instruction">
                                <td class="line">{ lines(instruction.start_line, instruction.end_line) }</td>
                                <td class="kind"><code>{ instruction.kind().as_str() }</code></td>
                                <td class="arguments"><code>{ &instruction.arguments }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if instructions.len() > *shown {
                    <button class="more" onclick={more}>
                        { format!("Show {} more of {} instructions", (instructions.len() - *shown).min(FIRST_ROWS), instructions.len()) }
                    </button>
                }
            }
            if !errors.is_empty() {
                <ul class="errors">
                    { for errors.iter().take(*shown).map(|error| html! {
                        <li class="error">
                            <span class="where">{ format!("{}:{}", error.line, error.column) }</span>
                            { " " }{ &error.message }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
