// The least CodeMirror 6 editor issue 10 describes ("line numbers, undo history, Dockerfile
// highlighting and the lint gutter, about 104 KB gzip"), bundled the way js/build.mjs
// bundles the page's own editor, only to weigh it (measure.sh).
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { StreamLanguage } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';

globalThis.floorEditor = (parent, doc, diagnostics) => {
  const extensions = [
    lineNumbers(),
    history(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    StreamLanguage.define(dockerFile),
    lintGutter(),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
  view.dispatch(setDiagnostics(view.state, diagnostics));
  return view;
};
