// Bundles js/editor.js and the CodeMirror packages it imports into js/bundle/editor.js, the
// module wasm-bindgen loads for the editor component. `cargo xtask` runs this before any
// cargo build (the Rust side reads the bundle at compile time) and Trunk runs it before each
// build of `cargo xtask serve`. The file is rewritten only when its content changes, so an
// unchanged bundle never makes cargo rebuild the app.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'bundle', 'editor.js');

const result = await build({
  entryPoints: [join(here, 'editor.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  legalComments: 'none',
  target: ['es2020'],
  write: false,
  logLevel: 'warning',
});
const text = result.outputFiles[0].text;
let old = null;
try {
  old = readFileSync(out, 'utf8');
} catch {
  // first build
}
if (old !== text) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`js/bundle/editor.js: ${text.length} bytes`);
}
