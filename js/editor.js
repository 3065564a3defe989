// The page's one door to CodeMirror 6. The Yew component `CodeEditor` creates an editor
// through `createEditor` and talks to it only through the handle returned here; nothing
// else in the app touches JavaScript. esbuild bundles this file with its imports into
// `js/bundle/editor.js`. The page loads that bundle once, as its own module script, and it
// publishes `globalThis.stagecraftEditor`, which the Rust side calls through
// `js_namespace`: wasm-bindgen's glue does not import it, so the background worker, which
// imports the glue, never downloads CodeMirror a second time.
//
// Positions cross this bridge as a 1-based line and a 1-based column in UTF-16 code units,
// the unit of JavaScript strings and of CodeMirror's document; the core's `LineIndex` gives
// both for any byte offset.

import { EditorState, StateEffect, StateField, Annotation, Compartment } from '@codemirror/state';
import {
  EditorView,
  Decoration,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  placeholder as placeholderText,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory, undo } from '@codemirror/commands';
import { StreamLanguage, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { setDiagnostics, forEachDiagnostic, linter, lintGutter, lintKeymap } from '@codemirror/lint';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { classHighlighter } from '@lezer/highlight';

// CodeMirror writes its base styles into one <style> element. The page's Content-Security-
// Policy allows no inline style except one carrying this nonce (index.html names it), so the
// editor's styles pass and nothing else inline does. A static site cannot mint a nonce per
// response; the page never inserts markup from user text, which is what a nonce guards.
const STYLE_NONCE = 'stagecraft-editor';

// Marks a transaction that came from the Rust side, so the change is not echoed back.
const fromApp = Annotation.define();

// Lines to highlight (1-based), e.g. the lines a rewrite step changed.
const setMarkedLines = StateEffect.define();
const markedLines = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    marks = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setMarkedLines)) continue;
      const doc = transaction.state.doc;
      const ranges = [];
      for (const line of [...new Set(effect.value)].sort((a, b) => a - b)) {
        if (line >= 1 && line <= doc.lines) {
          ranges.push(Decoration.line({ class: 'cm-changed-line' }).range(doc.line(line).from));
        }
      }
      marks = Decoration.set(ranges);
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Read-only means no edits and no caret: screen readers then announce a plain document.
function readOnlyExtensions(flag) {
  return [EditorState.readOnly.of(Boolean(flag)), EditorView.editable.of(!flag)];
}

/**
 * Creates an editor inside `parent`.
 * - `options.text`: the document; `options.language`: "dockerfile" or "plain";
 *   `options.label`: the accessible name; `options.placeholder`; `options.readOnly`.
 * - `onChange(text)`: called with the whole document after each edit the person makes.
 * - `onCommand(name)`: a page-level shortcut: "apply-next-step" (Ctrl/⌘-Enter),
 *   "share" (Ctrl/⌘-S).
 */
export function createEditor(parent, options, onChange, onCommand) {
  const readOnly = new Compartment();
  // Set once the change report exists (below), which needs the view these keys belong to.
  const commandTarget = { run: onCommand };
  const shortcuts = keymap.of([
    { key: 'Mod-Enter', run: () => (commandTarget.run('apply-next-step'), true) },
    { key: 'Mod-s', run: () => (commandTarget.run('share'), true), preventDefault: true },
  ]);
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    syntaxHighlighting(classHighlighter),
    // The lint state from the start (a linter with no source of its own: the page sets the
    // findings): otherwise the first findings reconfigure the whole editor to add it, which
    // cost the page's first load tens of milliseconds.
    linter(null),
    lintGutter(),
    EditorView.cspNonce.of(STYLE_NONCE),
    markedLines,
    shortcuts,
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
    readOnly.of(readOnlyExtensions(options.readOnly)),
    EditorView.contentAttributes.of({
      'aria-label': options.label ?? 'Editor',
      'data-testid': options.testId ?? '',
      spellcheck: 'false',
      autocorrect: 'off',
      autocapitalize: 'off',
    }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      if (update.transactions.every((t) => t.annotation(fromApp))) return;
      report.soon();
    }),
  ];
  if (options.language === 'dockerfile') extensions.push(StreamLanguage.define(dockerFile));
  if (options.placeholder) extensions.push(placeholderText(options.placeholder));
  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: options.text ?? '', extensions }),
  });
  const report = new ChangeReport(() => onChange(view.state.doc.toString()));
  // A shortcut acts on what the person sees: the text typed just before it is reported first.
  commandTarget.run = (name) => {
    report.now();
    onCommand(name);
  };
  return new EditorHandle(view, readOnly, report);
}

/**
 * Reports the person's edits to the page after the frame that shows them is painted, not
 * inside the keystroke: the keystroke's frame then carries only CodeMirror's own work, and
 * the page's analysis and redraw run in the task after the paint (a key is felt when its
 * character appears; the findings follow one frame later). Keys typed before that task runs
 * are reported together, once, with the newest text. `now()` reports a waiting change at
 * once (a shortcut, the editor going away).
 */
class ChangeReport {
  constructor(send) {
    this.send = send;
    this.waiting = false;
  }

  soon() {
    if (this.waiting) return;
    this.waiting = true;
    // After the next paint: an animation frame callback runs just before it, and a task it
    // queues runs after it. A page in a background tab gets no frames: the timer still reports.
    requestAnimationFrame(() => setTimeout(() => this.now(), 0));
    setTimeout(() => this.now(), 100);
  }

  now() {
    if (!this.waiting) return;
    this.waiting = false;
    this.send();
  }
}

/** `text` as a node: the runs between backticks become `<code>`, the rest plain text. */
function messageNode(text) {
  const node = document.createElement('span');
  text.split('`').forEach((part, i) => {
    if (!part) return;
    if (i % 2 === 1) {
      const code = document.createElement('code');
      code.textContent = part;
      node.append(code);
    } else {
      node.append(part);
    }
  });
  return node;
}
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

/** A diagnostic's fields in one comparable string. */
function diagnosticKey(from, to, d) {
  return `${from}\u0000${to}\u0000${d.severity}\u0000${d.source}\u0000${d.message}`;
}

/** Whether `state` already marks exactly `diagnostics` (document offsets), in any order. */
function sameDiagnostics(state, diagnostics) {
  const shown = [];
  forEachDiagnostic(state, (d, from, to) => shown.push(diagnosticKey(from, to, d)));
  if (shown.length !== diagnostics.length) return false;
  const wanted = diagnostics.map((d) => diagnosticKey(d.from, d.to, d));
  shown.sort();
  wanted.sort();
  return shown.every((key, i) => key === wanted[i]);
}

class EditorHandle {
  constructor(view, readOnly, report) {
    this.view = view;
    this.readOnly = readOnly;
    this.report = report;
  }

  /** The document, whole. */
  text() {
    return this.view.state.doc.toString();
  }

  /**
   * Replaces the document with `text` as one undoable change that touches only the part that
   * differs, so the cursor and the undo history stay meaningful (a fix, a rewrite step).
   * `fromPerson` says whether this change should be reported back through `onChange`.
   */
  setText(text, fromPerson) {
    const old = this.view.state.doc.toString();
    if (old === text) return;
    let start = 0;
    const shortest = Math.min(old.length, text.length);
    while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start += 1;
    let oldEnd = old.length;
    let newEnd = text.length;
    while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
      oldEnd -= 1;
      newEnd -= 1;
    }
    // Always its own undo step: CodeMirror joins a change made within half a second of the
    // person's typing into that typing, so a quick fix would otherwise be undone together
    // with the text typed before it.
    const annotations = [isolateHistory.of('full')];
    if (!fromPerson) annotations.push(fromApp.of(true));
    const spec = { changes: { from: start, to: oldEnd, insert: text.slice(start, newEnd) }, annotations };
    this.view.dispatch(spec);
  }

  /** The document offset of a 1-based line and 1-based UTF-16 column, clamped to the text. */
  offset(line, column) {
    const doc = this.view.state.doc;
    if (line < 1) return 0;
    if (line > doc.lines) return doc.length;
    const at = doc.line(line);
    return Math.min(at.from + Math.max(0, column - 1), at.to);
  }

  /**
   * Shows findings: an array of {fromLine, fromColumn, toLine, toColumn, severity, message,
   * source}, severity being "error", "warning", "info" or "hint".
   */
  setDiagnostics(diagnostics) {
    const clean = diagnostics
      .map((d) => {
        const from = this.offset(d.fromLine, d.fromColumn);
        return {
          from,
          to: Math.max(from, this.offset(d.toLine, d.toColumn)),
          severity: d.severity,
          message: d.message,
          // The core writes code in backticks; show it as code, built from text nodes (never
          // parsed as HTML: messages quote the user's own file).
          renderMessage: () => messageNode(d.message),
          source: d.source,
        };
      })
      .sort((a, b) => a.from - b.from);
    // Most keystrokes leave the findings where the editor already shows them (it moves its
    // marks with each edit): then there is nothing to redraw.
    if (sameDiagnostics(this.view.state, clean)) return;
    this.view.dispatch(setDiagnostics(this.view.state, clean));
  }

  /**
   * `setDiagnostics` from the page's packed form, which crosses from wasm in two values
   * instead of an object per finding: `numbers` holds, per finding, fromLine, fromColumn,
   * toLine, toColumn, severity (0 error, 1 warning, 2 info, 3 hint) and the lengths (UTF-16
   * units) of its message and of its rule code; `text` is every message and code in turn.
   */
  setDiagnosticsPacked(numbers, text) {
    const diagnostics = [];
    let at = 0;
    for (let i = 0; i + 7 <= numbers.length; i += 7) {
      const message = text.slice(at, at + numbers[i + 5]);
      at += numbers[i + 5];
      const source = text.slice(at, at + numbers[i + 6]);
      at += numbers[i + 6];
      diagnostics.push({
        fromLine: numbers[i],
        fromColumn: numbers[i + 1],
        toLine: numbers[i + 2],
        toColumn: numbers[i + 3],
        severity: SEVERITIES[numbers[i + 4]] ?? 'info',
        message,
        source,
      });
    }
    this.setDiagnostics(diagnostics);
  }

  /** Highlights whole lines (1-based); an empty array clears them. */
  markLines(lines) {
    const marked = Array.from(lines);
    // Nothing marked before or now (the page asks again after every edit): nothing to do.
    if (marked.length === 0 && this.view.state.field(markedLines).size === 0) return;
    const effects = [setMarkedLines.of(marked)];
    // Bring the first highlighted line into view: in presenter mode the change is the point.
    const first = Math.min(...marked);
    if (Number.isFinite(first) && first <= this.view.state.doc.lines) {
      effects.push(EditorView.scrollIntoView(this.view.state.doc.line(first).from, { y: 'center' }));
    }
    this.view.dispatch({ effects });
  }

  /** Puts the cursor at a 1-based line and UTF-16 column, scrolls there and focuses. */
  moveTo(line, column) {
    const anchor = this.offset(line, column);
    this.view.dispatch({ selection: { anchor }, scrollIntoView: true });
    this.view.focus();
  }

  /** Undoes the last change, as Ctrl/⌘-Z would. */
  undo() {
    return undo(this.view);
  }

  setReadOnly(flag) {
    this.view.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtensions(flag)) });
  }

  destroy() {
    // The last keys typed reach the page before the editor goes (another tab is opened).
    this.report.now();
    this.view.destroy();
  }
}

/**
 * Types `text` into the editor that owns `element` as if a person had replaced the whole
 * document, so `onChange` fires. For tests, which cannot type into a contenteditable
 * element from WebAssembly.
 */
export function typeInto(element, text) {
  const view = EditorView.findFromDOM(element);
  if (!view) return false;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    userEvent: 'input.type',
  });
  return true;
}

/** The document of the editor that owns `element` (tests), or null. */
export function documentText(element) {
  const view = EditorView.findFromDOM(element);
  return view ? view.state.doc.toString() : null;
}

// What the wasm side calls (`bridge.rs`: `js_namespace = stagecraftEditor`).
globalThis.stagecraftEditor = { createEditor, typeInto, documentText };
// The app may be running already (index.html starts it first): its editors wait for this.
globalThis.dispatchEvent?.(new Event('stagecraft-editor-loaded'));
