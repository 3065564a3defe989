// Share links and downloads: the browser's own DEFLATE (CompressionStream 'deflate-raw')
// and base64url, so a shared state lives in the URL fragment and never reaches a server.
//
// The format, documented in the README: `#v1=` + base64url (no padding) of raw DEFLATE of
// UTF-8 JSON {"dockerfile", "dockerignore", "requirements", "pyproject", "package_json":
// strings, "distroless": a boolean, "step": a whole number, "tab": a string}, every key
// optional.

const LIMIT = 1024 * 1024;

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new Error('the link is damaged: it has characters a share link never has');
  }
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary;
  try {
    binary = atob(padded);
  } catch {
    throw new Error('the link is damaged: its data is cut short');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function collect(stream, limit) {
  const reader = stream.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`the shared state is larger than ${limit / 1024 / 1024} MB once unpacked, so it was not opened`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const TEXT_KEYS = ['dockerfile', 'dockerignore', 'requirements', 'pyproject', 'package_json'];

/** The state → the fragment's payload (base64url of raw DEFLATE of JSON, no padding). */
export async function packShare(state) {
  const json = {};
  for (const key of TEXT_KEYS) if (state[key]) json[key] = state[key];
  if (state.distroless === true) json.distroless = true;
  if (Number.isInteger(state.step) && state.step > 0) json.step = state.step;
  if (state.tab) json.tab = state.tab;
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(await collect(stream, Number.MAX_SAFE_INTEGER));
}

/**
 * The fragment's payload → a checked state object (only known keys, each of its type);
 * throws an Error whose message a person can read.
 */
export async function unpackShare(payload) {
  const bytes = fromBase64Url(payload);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  let raw;
  try {
    raw = await collect(stream, LIMIT);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('the shared state')) throw error;
    throw new Error('the link is damaged: its data does not unpack');
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new Error('the link is damaged: its text is not UTF-8');
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the link is damaged: its data is not JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('the link holds no playground state');
  }
  const state = {};
  for (const key of TEXT_KEYS) {
    if (key in json) {
      if (typeof json[key] !== 'string') throw new Error(`the link's "${key}" is not text`);
      state[key] = json[key];
    }
  }
  if ('step' in json) {
    if (!Number.isInteger(json.step) || json.step < 0) throw new Error('the link\'s "step" is not a step number');
    state.step = json.step;
  }
  if ('distroless' in json) {
    if (typeof json.distroless !== 'boolean') throw new Error('the link\'s "distroless" is not true or false');
    state.distroless = json.distroless;
  }
  if ('tab' in json) {
    if (typeof json.tab !== 'string') throw new Error('the link\'s "tab" is not a tab name');
    state.tab = json.tab;
  }
  return state;
}

/** Copies `text` to the clipboard; resolves to whether it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Offers `text` as a file download named `name`, without any request. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// Rule documentation: `rule-docs.json` beside the page (generated from the rules' doc
// comments by `cargo xtask docs`), downloaded the first time someone opens a rule's docs and
// kept for the visit; the offline worker keeps the file once it has been downloaded. It is
// not in the wasm, so a first visit does not pay for docs nobody opens. The request carries
// nothing of the person's files: it is one file, the same for every rule.
let ruleDocsFile = null;

/**
 * Resolves to an object from each rule's code to its Markdown documentation; rejects with an
 * Error a person can read (and the next call tries again).
 */
export function loadRuleDocs() {
  if (ruleDocsFile === null) {
    ruleDocsFile = (async () => {
      let response;
      try {
        response = await fetch(new URL('rule-docs.json', document.baseURI));
      } catch {
        throw new Error('The rules\' documentation could not be downloaded: the page is offline and has not kept it yet.');
      }
      if (!response.ok) {
        throw new Error(`The rules' documentation could not be downloaded (the server answered ${response.status}).`);
      }
      return response.json();
    })();
    ruleDocsFile.catch(() => {
      ruleDocsFile = null;
    });
  }
  return ruleDocsFile;
}
