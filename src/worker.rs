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
    /// (code, line) of a finding → its place in the ranking, most important first, and what
    /// it costs before and after its remedy, and where the page does it. One map for both: a
    /// map of another type is another copy of the hash table's code in the wasm.
    pub ranked: HashMap<(String, usize), Ranked>,
}

/// What the lesson says of one finding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranked {
    /// Its place in the ranking; `usize::MAX` for a finding with a cost but no place.
    pub rank: usize,
    pub cost: Option<String>,
}

impl PageLesson {
    /// Where a finding stands in the ranking (findings the lesson does not know go last).
    pub fn rank_of(&self, code: &str, line: usize) -> usize {
        self.ranked
            .get(&(code.to_string(), line))
            .map_or(usize::MAX, |r| r.rank)
    }

    pub fn cost_of(&self, code: &str, line: usize) -> Option<&str> {
        self.ranked
            .get(&(code.to_string(), line))
            .and_then(|r| r.cost.as_deref())
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
            let key = |c: &JsValue| (text(c, "code"), number(c, "line") as usize);
            let mut ranked: HashMap<(String, usize), Ranked> = HashMap::new();
            for (rank, c) in list("order").iter().enumerate() {
                // Two findings of one rule on one line share the first one's place.
                ranked.entry(key(&c)).or_insert(Ranked { rank, cost: None });
            }
            for c in list("costs").iter() {
                ranked
                    .entry(key(&c))
                    .or_insert(Ranked {
                        rank: usize::MAX,
                        cost: None,
                    })
                    .cost = Some(text(&c, "text"));
            }
            Ok(Some(PageLesson {
                heading: text(&value, "heading"),
                next_steps: list("steps").iter().filter_map(|s| s.as_string()).collect(),
                ranked,
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
    /// The listed findings (at most [`MAX_FINDINGS`]), each an object in the editor's
    /// diagnostic shape, made in the worker ([`shaped`]): the page hands them to the editor
    /// as they are and reads only those its list shows. Read into Rust and written back
    /// finding by finding, a megabyte's tens of thousands of findings held the page's thread
    /// for about a second at once.
    pub diagnostics: js_sys::Array,
    /// How many of the listed findings are errors, warnings, infos and styles.
    pub counts: [usize; 4],
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
    /// Findings as the worker lists them: the editor's diagnostics, and their counts.
    pub fn listing(findings: &[LargeFinding]) -> (js_sys::Array, [usize; 4]) {
        let mut counts = [0; 4];
        let diagnostics = findings
            .iter()
            .map(|f| {
                counts[severity_index(f.severity)] += 1;
                shaped(f)
            })
            .collect();
        (diagnostics, counts)
    }

    /// How many findings are listed.
    pub fn listed(&self) -> usize {
        self.diagnostics.length() as usize
    }

    /// The listed finding at `index`, read back from its diagnostic.
    pub fn finding(&self, index: usize) -> Option<LargeFinding> {
        let value = self.diagnostics.get(u32::try_from(index).ok()?);
        if value.is_undefined() {
            return None;
        }
        let code = text(&value, "source");
        let message = text(&value, "message");
        let message = message
            .strip_prefix(&format!("{code}: "))
            .map(str::to_string)
            .unwrap_or(message);
        Some(LargeFinding {
            severity: Severity::parse(&text(&value, "level")).unwrap_or(Severity::Info),
            code,
            message,
            from: (
                number(&value, "fromLine") as usize,
                number(&value, "fromColumn") as usize,
            ),
            to: (
                number(&value, "toLine") as usize,
                number(&value, "toColumn") as usize,
            ),
        })
    }
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
        Severity::Style => 3,
    }
}

/// A finding as the editor's diagnostic (see `code_editor`), with its lint severity as
/// `level` for the findings list.
fn shaped(finding: &LargeFinding) -> JsValue {
    object(&[
        ("fromLine", (finding.from.0 as f64).into()),
        ("fromColumn", (finding.from.1 as f64).into()),
        ("toLine", (finding.to.0 as f64).into()),
        ("toColumn", (finding.to.1 as f64).into()),
        (
            "severity",
            match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
                Severity::Style => "hint",
            }
            .into(),
        ),
        (
            "message",
            format!("{}: {}", finding.code, finding.message).into(),
        ),
        ("source", finding.code.as_str().into()),
        ("level", finding.severity.as_str().into()),
    ])
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
        ("distroless", inputs.distroless.into()),
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
        distroless: js_sys::Reflect::get(value, &JsValue::from_str("distroless"))
            .is_ok_and(|v| v.is_truthy()),
    }
}

/// The engine's entry point inside the worker: the page's whole analysis of `inputs`,
/// summarised as a plain object (see [`LargeAnalysis`]).
#[wasm_bindgen]
pub fn analyze_in_worker(inputs: JsValue) -> JsValue {
    let analysis = analyze(&inputs_from_js(&inputs));
    let findings = js_sys::Array::new();
    let mut counts = [0.0f64; 4];
    for finding in analysis.findings.iter().take(MAX_FINDINGS) {
        let from = analysis.parsed.position(finding.location.range.start);
        let to = analysis.parsed.position(finding.location.range.end);
        counts[severity_index(finding.severity)] += 1.0;
        findings.push(&shaped(&LargeFinding {
            code: finding.code.to_string(),
            severity: finding.severity,
            message: finding.message.to_string(),
            from: (from.line, from.utf16_column),
            to: (to.line, to.utf16_column),
        }));
    }
    let image = &analysis.estimate.image;
    object(&[
        ("findings", findings.into()),
        (
            "counts",
            counts
                .iter()
                .map(|&n| JsValue::from(n))
                .collect::<js_sys::Array>()
                .into(),
        ),
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
    let array = |key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .map(|list| js_sys::Array::from(&list))
            .unwrap_or_default()
    };
    let counted = array("counts");
    let counts = std::array::from_fn(|i| counted.get(i as u32).as_f64().unwrap_or(0.0) as usize);
    LargeAnalysis {
        diagnostics: array("findings"),
        counts,
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
