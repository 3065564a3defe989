// Minifies the scripts of a release build in place: the wasm-bindgen glue and the JS snippets
// (share.js, worker.js) that Trunk copies as written, and the offline worker. Trunk's own
// minification covers the page and the stylesheet, not these; the first load downloads them
// all. index.html names each script it preloads with its SHA-384 (subresource integrity),
// computed by Trunk before this runs, so each digest is replaced with the minified file's.
// The editor bundle is minified already when js/build.mjs bundles it.
//
// Usage: node js/minify-dist.mjs DIST
import { transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node js/minify-dist.mjs DIST');
  process.exit(2);
}

function scripts(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return name.endsWith('.js') && !name.startsWith('editor-') ? [path] : [];
  });
}

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');
for (const path of scripts(dist)) {
  const source = readFileSync(path);
  const { code } = await transform(source.toString('utf8'), {
    minify: true,
    format: 'esm',
    target: 'es2020',
    legalComments: 'none',
  });
  writeFileSync(path, code);
  index = index.split(sri(source)).join(sri(Buffer.from(code)));
}
writeFileSync(indexPath, index);
