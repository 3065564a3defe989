#!/usr/bin/env bash
# Weighs the least page that can show Stagecraft's first view, to set against issue 10's
# first-load budget (500 KB gzip, editor included). Run from the repository root after
# `cargo xtask dist` (which installs wasm-bindgen, wasm-opt and the npm packages):
#
#   bash size-floor/measure.sh
#
# It prints, in gzip bytes (gzip -9, as the e2e test counts the first visit):
# - the floor page's wasm without and with the Findings tab's lesson (src/main.rs), and its
#   wasm-bindgen glue;
# - a minimal CodeMirror 6 editor (editor.js);
# - their sum with the lesson: the least a first visit can fetch, before index.html, a
#   stylesheet or any interface beyond a text box and a list.
set -euo pipefail
root=$(pwd)
out="$root/target/size-floor"
mkdir -p "$out"
# The page's pinned dependency versions; cargo drops what this crate does not use.
cp Cargo.lock size-floor/Cargo.lock
trap 'rm -f "$root/size-floor/Cargo.lock"' EXIT
wasm_opt="$root/node_modules/.bin/wasm-opt"
gz() { gzip -9c "$1" | wc -c; }

weigh() { # $1: label, $2...: cargo features
  local label=$1
  shift
  CARGO_TARGET_DIR="$out/target" cargo build -q --offline --release \
    --manifest-path size-floor/Cargo.toml --target wasm32-unknown-unknown "$@"
  rm -rf "$out/$label"
  wasm-bindgen --target web --out-dir "$out/$label" \
    "$out/target/wasm32-unknown-unknown/release/stagecraft-size-floor.wasm"
  # index.html's data-wasm-opt flags, with the features Trunk enables for wasm-opt.
  "$wasm_opt" -Oz --low-memory-unused --converge --strip-producers --strip-debug \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/$label/stagecraft-size-floor_bg.wasm" -o "$out/$label/opt.wasm"
  # The wasm-bindgen glue, minified as Trunk's release build minifies it.
  node -e "
    const { transformSync } = require('esbuild');
    const fs = require('fs');
    const code = fs.readFileSync('$out/$label/stagecraft-size-floor.js', 'utf8');
    fs.writeFileSync('$out/$label/glue.min.js', transformSync(code, { minify: true, format: 'esm' }).code);"
  echo "$(gz "$out/$label/opt.wasm") $(gz "$out/$label/glue.min.js")"
}

read -r findings findings_glue <<<"$(weigh findings)"
read -r lesson lesson_glue <<<"$(weigh lesson --features lesson)"
node -e "
  require('esbuild').build({
    entryPoints: ['size-floor/editor.js'], bundle: true, format: 'esm', minify: true,
    legalComments: 'none', target: ['es2020'], outfile: '$out/editor.js',
  }).catch(() => process.exit(1));"
editor=$(gz "$out/editor.js")
printf '%-58s %9s\n' "floor page wasm, findings and sizes" "$findings B"
printf '%-58s %9s\n' "floor page wasm, with the Findings tab's lesson" "$lesson B"
printf '%-58s %9s\n' "its wasm-bindgen glue, minified" "$lesson_glue B"
printf '%-58s %9s\n' "minimal CodeMirror 6 editor" "$editor B"
printf '%-58s %9s\n' "floor of a first visit (lesson, glue, editor), no UI" "$((lesson + lesson_glue + editor)) B"
printf '%-58s %9s\n' "issue 10's budget" "512000 B"
