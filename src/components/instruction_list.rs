//! The instructions the core found, in order, and the lines it could not read.

use stagecraft_core::Dockerfile;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InstructionListProps {
    pub parsed: Dockerfile,
}

/// A table of instructions (line, kind, arguments) followed by any syntax errors.
#[component]
pub fn InstructionList(props: &InstructionListProps) -> Html {
    let instructions = props.parsed.instructions();
    let errors = props.parsed.errors();
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
                        { for instructions.iter().map(|instruction| html! {
                            <tr class="instruction">
                                <td class="line">{ lines(instruction.start_line, instruction.end_line) }</td>
                                <td class="kind"><code>{ instruction.kind().as_str() }</code></td>
                                <td class="arguments"><code>{ &instruction.arguments }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if !errors.is_empty() {
                <ul class="errors">
                    { for errors.iter().map(|error| html! {
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
