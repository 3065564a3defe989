// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1 and
// Debian's Chromium driven by playwright-core, kept off the network.
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export const distDir = resolve(process.env.STAGECRAFT_DIST ?? 'dist');
export const screenshotDir = resolve(process.env.STAGECRAFT_SCREENSHOTS ?? 'target/e2e');

/**
 * Serves dist/ on an ephemeral loopback port; resolves to { url, close, served }. `served`
 * lists every file the server sent, in order, as `{ path, body }`: whoever asked (the page,
 * its worker or the offline worker), so a test can see exactly what a visit downloaded.
 */
export function serveDist() {
  const served = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    // An empty page of the site's origin, where a test can clear the site's storage without
    // starting the app (which would save its own text again as it starts).
    if (path === '/__e2e/blank') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title><link rel="icon" href="data:,">');
      return;
    }
    let file = normalize(join(distDir, path));
    if (!file.startsWith(distDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
      served.push({ path, body });
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}/`, served, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Debian's Chromium, headless, with a fresh profile and its background networking off. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'stagecraft-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

export function screenshotPath(name) {
  mkdirSync(screenshotDir, { recursive: true });
  return join(screenshotDir, name);
}
