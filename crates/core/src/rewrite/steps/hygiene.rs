use crate::edit::Edit;
use crate::lint::{self, Applicability, Finding};
use crate::rewrite::facts;
use crate::rewrite::steps::declare_step;
use crate::rewrite::{Context, Outcome, StepChange, WholeLint};
use crate::syntax::{Dockerfile, InstructionKind};

declare_step! {
    /// ## What it does
    /// Cleans up how packages are installed, using the lint rules' own fixes: one
    /// `apt-get update && apt-get install -y --no-install-recommends ... && rm -rf
    /// /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, yum/dnf
    /// cleanup, and `npm ci` (with `--omit=dev` when nothing is built afterwards) where a
    /// lock file is copied.
    ///
    /// ## Why
    /// Package indexes, recommended extras and download caches end up in the layer and are
    /// shipped with every pull, though nothing at run time reads them.
    ///
    /// ## Example
    /// `RUN pip install -r requirements.txt` → `RUN pip install --no-cache-dir -r requirements.txt`
    STEP = {
        id: "hygiene",
        title: "Install packages without caches and extras",
        stacks: [],
        run: run,
    }
}

/// The lint rules whose fixes are package-manager hygiene.
const CODES: &[&str] = &[
    "DL3009", "DL3014", "DL3015", "DL3019", "DL3027", "DL3030", "DL3032", "DL3034", "DL3036",
    "DL3038", "DL3040", "DL3042", "DL3060",
];

fn wanted(f: &Finding) -> bool {
    CODES.contains(&f.code)
}

/// `RUN apt-get update` followed by `RUN apt-get install ...`: the one place where merging
/// RUNs is the point (a cached update layer would install from stale indexes). Returns the
/// edits that join them with `&&`.
fn merge_update_and_install(cx: &Context) -> Vec<Edit> {
    let file = cx.file;
    let instructions = file.instructions();
    let mut edits = Vec::new();
    for pair in instructions.windows(2) {
        let (update, install) = (&pair[0], &pair[1]);
        if update.kind() != InstructionKind::Run
            || install.kind() != InstructionKind::Run
            || !update.flags.is_empty()
            || !install.flags.is_empty()
        {
            continue;
        }
        let Some(first) = update.shell_script() else {
            continue;
        };
        let only_update = first.commands.len() == 1
            && matches!(first.commands[0].name(), Some("apt-get" | "apt"))
            && first.commands[0]
                .operands()
                .map(|w| w.text.as_str())
                .eq(["update"]);
        let installs = install
            .shell_script()
            .and_then(|s| s.commands.first().cloned())
            .is_some_and(|c| {
                matches!(c.name(), Some("apt-get" | "apt"))
                    && c.operands().next().is_some_and(|w| w.text == "install")
            });
        if only_update && installs && update.end_line + 1 == install.start_line {
            edits.push(Edit::replace(
                update.arguments_span.end..install.arguments_span.start,
                cx.style.continue_with(""),
            ));
        }
    }
    edits
}

/// Edits that turn `old` into `new`, one per instruction that changed, when the two have
/// the same instructions with the same text between them (the fixes only rewrite
/// instructions); otherwise the one smallest edit. Edits as fine as the change keep the
/// step's diff to the lines it touched: one edit from the first to the last change of a
/// megabyte file would have the diff compare every line in between.
fn edits_between(old: &Dockerfile, parsed: &Dockerfile) -> Vec<Edit> {
    let (source, new) = (old.source(), parsed.source());
    let whole = || vec![edit_between(source, new)];
    let (before, after) = (old.instructions(), parsed.instructions());
    if before.len() != after.len() {
        return whole();
    }
    let mut edits = Vec::new();
    let (mut at_old, mut at_new) = (0, 0);
    for (was, now) in before.iter().zip(after) {
        if source.get(at_old..was.span.start) != new.get(at_new..now.span.start) {
            return whole();
        }
        let (was_text, now_text) = (&source[was.span.range()], &new[now.span.range()]);
        if was_text != now_text {
            let inner = edit_between(was_text, now_text);
            let start = was.span.start;
            edits.push(Edit::replace(
                start + inner.span.start..start + inner.span.end,
                inner.replacement,
            ));
        }
        (at_old, at_new) = (was.span.end, now.span.end);
    }
    if source.get(at_old..) != new.get(at_new..) {
        return whole();
    }
    edits
}

/// The smallest edit that turns `old` into `new`.
pub(crate) fn edit_between(old: &str, new: &str) -> Edit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit::replace(prefix..old.len() - suffix, &new[prefix..new.len() - suffix])
}

/// `text` parsed: the step's own file when it is that text, else the tree kept in `tree`,
/// read again only when the text changed since. The fix rounds' lint, `npm ci`, the edits and
/// the walk after the step all read the step's result from one reading.
fn tree_of<'t>(cx: &'t Context, tree: &'t mut Option<Dockerfile>, text: &str) -> &'t Dockerfile {
    if cx.source() == text {
        return cx.file;
    }
    if tree.as_ref().is_none_or(|t| t.source() != text) {
        *tree = Some(crate::parse(text));
    }
    tree.as_ref().expect("just parsed")
}

fn run(cx: &Context) -> Outcome {
    let source = cx.source();
    let mut tree: Option<Dockerfile> = None;
    let merges = merge_update_and_install(cx);
    let mut text = crate::edit::apply(source, &merges).unwrap_or_else(|| source.to_string());
    let mut fixed: Vec<&'static str> = Vec::new();
    if !merges.is_empty() {
        fixed.push("DL3059");
    }
    // The findings of this file are known already: no hygiene finding, no lint round.
    let mut rounds = if cx.codes.iter().any(|c| CODES.contains(c)) {
        10
    } else {
        0
    };
    // The whole lints of the file as given and of `text`, handed to the walk with the result.
    let (mut linted_source, mut linted_text) = (None, None);
    while rounds > 0 {
        rounds -= 1;
        // The first round reads the findings the walk already has for this very text.
        let findings: Vec<Finding> = match cx.findings {
            Some(known) if text == source => known.iter().filter(|f| wanted(f)).cloned().collect(),
            _ => {
                // What `lint::lint_with` gives for `text` with this `.dockerignore`.
                let file = tree_of(cx, &mut tree, &text);
                let all = lint::lint_model(
                    &lint::Model::from_parsed(&text, file),
                    &lint::Config::default(),
                    cx.dockerignore,
                );
                let (whole, findings) = WholeLint::picking(all, text.len(), wanted);
                // The file as given, or a result (with nothing left to fix when the
                // rounds end on it).
                if text == source {
                    linted_source = Some(whole);
                } else {
                    linted_text = Some(whole);
                }
                findings
            }
        };
        let (next, applied) = lint::apply_fixes(&text, &findings, Applicability::Unsafe);
        if applied == 0 || next == text {
            break;
        }
        fixed.extend(findings.iter().map(|f| f.code));
        text = next;
        linted_text = None;
    }
    let mut notes = Vec::new();
    if let Some(npm) = npm_ci(cx, tree_of(cx, &mut tree, &text)) {
        notes.push(npm.1);
        text = npm.0;
        linted_text = None;
    }
    if text == source {
        return Outcome::NotApplicable(
            "packages are already installed without caches, indexes or recommended extras".into(),
        );
    }
    crate::order::sort(&mut fixed);
    fixed.dedup();
    let mut summary = String::new();
    if !fixed.is_empty() {
        summary.push_str(&format!(
            "Applied the lint fixes for {}: package indexes, recommended extras and download caches no longer end up in the layers.",
            fixed.join(", ")
        ));
    }
    let mut changes = Vec::new();
    if fixed.contains(&"DL3015") {
        changes.push("recommended packages are no longer installed (name any the app needs)");
    }
    if fixed.contains(&"DL3009") || fixed.contains(&"DL3019") {
        changes.push("package indexes are gone from the image (a later install must update first)");
    }
    for (note, change) in notes {
        summary.push(' ');
        summary.push_str(&note);
        changes.extend(change);
    }
    let edits = edits_between(cx.file, tree_of(cx, &mut tree, &text));
    let summary = summary.trim().to_string();
    let change = if changes.is_empty() {
        // Caches and `-y` change nothing the image does.
        StepChange::safe(edits, summary)
    } else {
        StepChange::changing(edits, summary, changes.join("; "))
    };
    Outcome::Applied(StepChange {
        linted: [linted_source, linted_text],
        parsed: tree.filter(|t| t.source() == text).map(Box::new),
        ..change
    })
}

/// `npm install` → `npm ci` where the file copies a lock file (`--omit=dev` when nothing is
/// built after it).
fn npm_ci(cx: &Context, file: &Dockerfile) -> Option<(String, (String, Option<&'static str>))> {
    let text = file.source();
    let stage = facts::final_stage(file)?;
    let copies_lock = facts::stage_instructions(file, &stage)
        .filter(|(_, i)| i.kind() == InstructionKind::Copy)
        .flat_map(|(_, i)| i.value_texts())
        .any(|w| w.ends_with("package-lock.json"))
        || cx
            .manifests
            .lock_files
            .iter()
            .any(|l| l == "package-lock.json")
            && facts::stage_instructions(file, &stage).any(|(_, i)| {
                i.kind() == InstructionKind::Copy
                    && i.value_texts()
                        .iter()
                        .any(|w| w.contains("package*.json") || *w == ".")
            });
    if !copies_lock {
        return None;
    }
    let commands = facts::run_commands(file, &stage);
    let builds = commands.iter().any(|(_, c)| {
        c.name() == Some("npm") && c.operands().next().is_some_and(|w| w.text == "run")
    });
    for (_, c) in &commands {
        if c.name() != Some("npm") {
            continue;
        }
        let sub = c.operands().next()?;
        if !matches!(sub.text.as_str(), "install" | "i") || c.operands().count() > 1 {
            continue;
        }
        let replacement = if builds { "ci" } else { "ci --omit=dev" };
        let mut out = text.to_string();
        out.replace_range(sub.span.range(), replacement);
        let note = if builds {
            "`npm install` becomes `npm ci`: it installs exactly the lock file's versions, never rewrites it, and fails loudly when it is out of date."
        } else {
            "`npm install` becomes `npm ci --omit=dev`: exactly the lock file's versions, without the development dependencies a running app does not load."
        };
        let change = (!builds).then_some("development dependencies are no longer installed");
        return Some((out, (note.to_string(), change)));
    }
    None
}
