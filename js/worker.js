// Large files are analysed, and the Findings tab's lesson is worked out, off the page's
// thread, so neither a pasted megabyte nor the rewrite plan freezes typing. This one module
// is both sides:
// - on the page, `analyzeLarge` posts the inputs to a worker and resolves with its answer;
// - in the worker (this same file, started as a module worker), it loads the page's own
//   wasm module, already compiled, and runs the engine there.
// Nothing new is downloaded: the worker imports the glue script the page already loaded, and
// receives the compiled WebAssembly.Module from the page.

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;

if (inWorker) {
  let engine = null;
  self.onmessage = async (event) => {
    const { glue, module, id, kind, inputs } = event.data;
    try {
      if (!engine) {
        engine = import(glue).then(async (bindings) => {
          await bindings.default({ module_or_path: module });
          return bindings;
        });
      }
      const bindings = await engine;
      let result = null;
      if (kind === 'lesson') result = bindings.lesson_in_worker(inputs);
      else if (kind === 'analyze') result = bindings.analyze_in_worker(inputs);
      self.postMessage({ id, result });
    } catch (error) {
      self.postMessage({ id, error: String(error?.message ?? error) });
    }
  };
}

let worker = null;
let running = null; // { id, resolve, reject }
let waiting = null; // the newest request not yet posted: older ones are dropped
let nextId = 1;

/** The page's wasm-bindgen glue script: the module Trunk preloads (not a snippet). */
function glueUrl() {
  for (const link of document.querySelectorAll('link[rel="modulepreload"]')) {
    if (!link.href.includes('/snippets/')) return link.href;
  }
  return null;
}

function post(request) {
  running = request;
  worker.postMessage({ glue: request.glue, module: request.module, id: request.id, kind: request.kind, inputs: request.inputs });
}

function answered(event) {
  const { id, result, error } = event.data;
  if (!running || running.id !== id) return;
  const done = running;
  running = null;
  if (error) done.reject(new Error(error));
  else done.resolve(result);
  if (waiting) {
    const next = waiting;
    waiting = null;
    post(next);
  }
}

/**
 * Analyses `inputs` (an object of the page's input texts) in the worker. While one analysis
 * runs, only the newest request waits; a request overtaken by a newer one resolves with
 * `null`, so typing into a large file costs one analysis at a time, of the latest text.
 */
export function analyzeLarge(inputs, module) {
  return inBackground('analyze', inputs, module);
}

/** The ranked findings and next steps (`lesson_in_worker`), worked out in the same worker. */
export function lessonInBackground(inputs, module) {
  return inBackground('lesson', inputs, module);
}

/**
 * Starts the worker and loads the engine into it while the page loads, so that its files are
 * read with the page's own and nothing is fetched later, when the Findings tab first asks.
 */
export function warmUp(module) {
  if (worker) return Promise.resolve(null);
  return inBackground('warm', null, module);
}

function inBackground(kind, inputs, module) {
  const glue = glueUrl();
  if (!glue || typeof Worker === 'undefined') return Promise.reject(new Error('this browser cannot run the engine in the background'));
  if (!worker) {
    worker = new Worker(import.meta.url, { type: 'module', name: 'stagecraft-engine' });
    worker.onmessage = answered;
    worker.onerror = (event) => {
      event.preventDefault();
      const failed = running;
      running = null;
      worker.terminate();
      worker = null;
      failed?.reject(new Error(event.message || 'the background engine stopped'));
    };
  }
  return new Promise((resolve, reject) => {
    const request = { id: nextId++, kind, glue, module, inputs, resolve, reject };
    if (!running) {
      post(request);
    } else {
      waiting?.resolve(null);
      waiting = request;
    }
  });
}
