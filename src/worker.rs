//! Large files are analysed in a Web Worker, so a pasted megabyte never freezes the page.
//!
//! The worker runs this same wasm module (see `js/worker.js`): [`analyze_in_worker`] is the
//! engine's entry point there, and [`analyze_large`] the page's way to call it. What comes
//! back is a summary the page can show without the syntax tree: the findings with their
//! places, the image size, and the counts the tabs show. The Findings tab's lesson (ranking,
//! costs, next steps) is worked out there too, for any file: it runs the rewrite plan.

use std::collections::HashMap;

use stagecraft_core::lint::Severity;
use stagecraft_core::playground::{analyze, Inputs};
use stagecraft_core::size::Change;
use wasm_bindgen::prelude::*;

use crate::bridge::object;
use crate::components::code_editor::EditorDiagnostic;

/// Above this many bytes of Dockerfile (about 1,600 lines of ordinary instructions), the
/// page hands the analysis to the worker: below it, the whole analysis on the page's own
/// thread fits between two keystrokes.
pub const LARGE_FILE: usize = 64 * 1024;

/// The findings a worker sends back at most; the rest are counted, not listed.
const MAX_FINDINGS: usize = 50_000;

#[wasm_bindgen(module = "/js/worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = analyzeLarge, catch)]
    async fn analyze_large_js(inputs: JsValue, module: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = lessonInBackground, catch)]
    async fn lesson_js(inputs: JsValue, module: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = warmUp, catch)]
    async fn warm_up_js(module: JsValue) -> Result<JsValue, JsValue>;
}

/// Starts the background engine while the page loads (see `warmUp` in `js/worker.js`). A
/// browser without workers just never shows the lesson.
pub fn warm_up() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = warm_up_js(wasm_bindgen::module()).await;
    });
}

/// The Findings tab's ranking, worked out in the worker: it runs the rewrite plan and measures
/// fixes, more than a keystroke on the page's thread may cost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageLesson {
    pub heading: String,
    /// At most three lines, in the order a guide teaches them.
    pub next_steps: Vec<String>,
    /// (code, line) of a finding → what it costs before and after its remedy, and where the
    /// page does it.
    pub costs: HashMap<(String, usize), String>,
    /// (code, line) of a finding → its place in the ranking, most important first.
    pub order: HashMap<(String, usize), usize>,
}

impl PageLesson {
    /// Where a finding stands in the ranking (findings the lesson does not know go last).
    pub fn rank_of(&self, code: &str, line: usize) -> usize {
        self.order
            .get(&(code.to_string(), line))
            .copied()
            .unwrap_or(usize::MAX)
    }

    pub fn cost_of(&self, code: &str, line: usize) -> Option<&str> {
        self.costs
            .get(&(code.to_string(), line))
            .map(String::as_str)
    }
}

/// The worker's entry point for the Findings tab's next steps and costs.
#[wasm_bindgen]
pub fn lesson_in_worker(inputs: JsValue) -> JsValue {
    use stagecraft_core::teach::{next_steps_heading, Surface};
    let inputs = inputs_from_js(&inputs);
    let analysis = analyze(&inputs);
    let lesson = stagecraft_core::playground::lesson(&inputs, &analysis);
    let steps = js_sys::Array::new();
    for step in &lesson.next_steps {
        steps.push(&step.line(Surface::Page).into());
    }
    let costs = js_sys::Array::new();
    let order = js_sys::Array::new();
    for ranked in &lesson.findings {
        order.push(&object(&[
            ("code", ranked.finding.code.into()),
            ("line", (ranked.finding.line as f64).into()),
        ]));
        // A cost measured after a rewrite step already names that step: the pointer to it
        // stands alone only where no cost was measured.
        let text = ranked
            .cost_sentence(Surface::Page)
            .or_else(|| ranked.rewrite_pointer(Surface::Page));
        if let Some(text) = text {
            costs.push(&object(&[
                ("code", ranked.finding.code.into()),
                ("line", (ranked.finding.line as f64).into()),
                ("text", text.into()),
            ]));
        }
    }
    object(&[
        ("heading", next_steps_heading(Surface::Page).into()),
        ("steps", steps.into()),
        ("costs", costs.into()),
        ("order", order.into()),
    ])
}

/// Asks the worker for the Findings tab's lesson. `Ok(None)`: overtaken by a newer request.
pub async fn lesson(inputs: &Inputs) -> Result<Option<PageLesson>, String> {
    match lesson_js(inputs_to_js(inputs), wasm_bindgen::module()).await {
        Ok(value) if value.is_null() || value.is_undefined() => Ok(None),
        Ok(value) => {
            let list = |key: &str| {
                js_sys::Reflect::get(&value, &JsValue::from_str(key))
                    .ok()
                    .map(|v| js_sys::Array::from(&v))
                    .unwrap_or_default()
            };
            Ok(Some(PageLesson {
                heading: text(&value, "heading"),
                next_steps: list("steps").iter().filter_map(|s| s.as_string()).collect(),
                costs: list("costs")
                    .iter()
                    .map(|c| {
                        (
                            (text(&c, "code"), number(&c, "line") as usize),
                            text(&c, "text"),
                        )
                    })
                    .collect(),
                order: list("order")
                    .iter()
                    .enumerate()
                    // Two findings of one rule on one line share the first one's place.
                    .fold(HashMap::new(), |mut order, (rank, c)| {
                        order
                            .entry((text(&c, "code"), number(&c, "line") as usize))
                            .or_insert(rank);
                        order
                    }),
            }))
        }
        Err(error) => Err(js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the background engine failed".into())),
    }
}

/// One finding, as a large file's results list and its editor show it.
#[derive(Debug, Clone, PartialEq)]
pub struct LargeFinding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// 1-based line and UTF-16 column, as the editor counts.
    pub from: (usize, usize),
    pub to: (usize, usize),
}

/// What the worker found in a large file.
#[derive(Debug, Clone, PartialEq)]
pub struct LargeAnalysis {
    pub findings: Vec<LargeFinding>,
    /// All findings, listed or not.
    pub finding_count: usize,
    pub instructions: usize,
    pub stages: usize,
    /// The image's estimated size on disk: low, expected, high.
    pub image: (u64, u64, u64),
    /// Layers a change of the chosen kind rebuilds.
    pub rebuilt: usize,
}

impl LargeAnalysis {
    pub fn diagnostics(&self) -> Vec<EditorDiagnostic> {
        self.findings
            .iter()
            .map(|finding| EditorDiagnostic {
                from: finding.from,
                to: finding.to,
                severity: match finding.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                    Severity::Style => "hint",
                },
                message: format!("{}: {}", finding.code, finding.message),
                code: finding.code.clone(),
            })
            .collect()
    }
}

fn text(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn number(value: &JsValue, key: &str) -> f64 {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

fn inputs_to_js(inputs: &Inputs) -> JsValue {
    object(&[
        ("dockerfile", inputs.dockerfile.as_str().into()),
        ("dockerignore", inputs.dockerignore.as_str().into()),
        ("requirements", inputs.requirements.as_str().into()),
        ("package_json", inputs.package_json.as_str().into()),
        ("target", inputs.target.as_str().into()),
        ("context_size", inputs.context_size.as_str().into()),
        ("change", inputs.change.to_string().into()),
    ])
}

fn inputs_from_js(value: &JsValue) -> Inputs {
    Inputs {
        dockerfile: text(value, "dockerfile"),
        dockerignore: text(value, "dockerignore"),
        requirements: text(value, "requirements"),
        package_json: text(value, "package_json"),
        target: text(value, "target"),
        context_size: text(value, "context_size"),
        change: text(value, "change").parse().unwrap_or(Change::Code),
    }
}

/// The engine's entry point inside the worker: the page's whole analysis of `inputs`,
/// summarised as a plain object (see [`LargeAnalysis`]).
#[wasm_bindgen]
pub fn analyze_in_worker(inputs: JsValue) -> JsValue {
    let analysis = analyze(&inputs_from_js(&inputs));
    let findings = js_sys::Array::new();
    for finding in analysis.findings.iter().take(MAX_FINDINGS) {
        let from = analysis.parsed.position(finding.location.range.start);
        let to = analysis.parsed.position(finding.location.range.end);
        findings.push(&object(&[
            ("code", finding.code.to_string().into()),
            ("severity", finding.severity.as_str().into()),
            ("message", finding.message.as_str().into()),
            ("fromLine", (from.line as f64).into()),
            ("fromColumn", (from.utf16_column as f64).into()),
            ("toLine", (to.line as f64).into()),
            ("toColumn", (to.utf16_column as f64).into()),
        ]));
    }
    let image = &analysis.estimate.image;
    object(&[
        ("findings", findings.into()),
        ("findingCount", (analysis.findings.len() as f64).into()),
        (
            "instructions",
            (analysis.parsed.instructions().len() as f64).into(),
        ),
        ("stages", (analysis.estimate.stages.len() as f64).into()),
        ("imageLow", (image.low as f64).into()),
        ("imageExpected", (image.expected as f64).into()),
        ("imageHigh", (image.high as f64).into()),
        (
            "rebuilt",
            (analysis.rebuild.rebuilt().count() as f64).into(),
        ),
    ])
}

fn from_js(value: &JsValue) -> LargeAnalysis {
    let list = js_sys::Reflect::get(value, &JsValue::from_str("findings"))
        .ok()
        .map(|list| js_sys::Array::from(&list))
        .unwrap_or_default();
    let findings = list
        .iter()
        .map(|f| LargeFinding {
            code: text(&f, "code"),
            severity: Severity::parse(&text(&f, "severity")).unwrap_or(Severity::Info),
            message: text(&f, "message"),
            from: (
                number(&f, "fromLine") as usize,
                number(&f, "fromColumn") as usize,
            ),
            to: (
                number(&f, "toLine") as usize,
                number(&f, "toColumn") as usize,
            ),
        })
        .collect();
    LargeAnalysis {
        findings,
        finding_count: number(value, "findingCount") as usize,
        instructions: number(value, "instructions") as usize,
        stages: number(value, "stages") as usize,
        image: (
            number(value, "imageLow") as u64,
            number(value, "imageExpected") as u64,
            number(value, "imageHigh") as u64,
        ),
        rebuilt: number(value, "rebuilt") as usize,
    }
}

/// Analyses `inputs` in the worker. `Ok(None)` means a newer request overtook this one.
pub async fn analyze_large(inputs: &Inputs) -> Result<Option<LargeAnalysis>, String> {
    match analyze_large_js(inputs_to_js(inputs), wasm_bindgen::module()).await {
        Ok(value) if value.is_null() || value.is_undefined() => Ok(None),
        Ok(value) => Ok(Some(from_js(&value))),
        Err(error) => Err(js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the background engine failed".into())),
    }
}
