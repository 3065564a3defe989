// End-to-end: the built site in real Chromium, used the way a person uses it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { launchBrowser, screenshotPath, serveDist } from './harness.mjs';

let site;
let browser;

before(async () => {
  site = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

async function openPage(path = '') {
  const page = await browser.context.newPage();
  const problems = watchProblems(page);
  // Every test starts from the example, not from what an earlier test left in storage. The
  // storage is cleared from an empty page of the same origin: cleared under a running app, it
  // could be written again by the app starting up (it saves its text as it starts).
  await page.goto(`${site.url}__e2e/blank`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(site.url + path);
  // The example shows its findings; a page opened from a link may open on another tab (or
  // say the link is damaged) once the link is read, so there the app's editor is the sign
  // that it runs, and each test waits for what its link should show.
  await page.waitForSelector(path ? '[data-testid=editor]' : '[data-testid=finding], .all-clear');
  return { page, problems };
}

/** Opens a results view by its tab. */
async function show(page, key) {
  await page.getByTestId(`tab-${key}`).click();
}

const kinds = (page) => page.locator('tr.instruction td.kind').allTextContents();
const editor = (page) => page.getByTestId('editor');
const editorText = (page) => editor(page).innerText();
const codes = (page) =>
  page.locator('[data-testid=finding]').evaluateAll((nodes) => nodes.map((n) => n.dataset.code));

/** Replaces the whole Dockerfile as a paste would. */
async function replaceText(page, text) {
  await editor(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('the example Dockerfile is linted on first load, in the editor too', async () => {
  const { page, problems } = await openPage();
  assert.ok((await codes(page)).includes('DL3008'), (await codes(page)).join(' '));
  await page.waitForSelector('.cm-lintRange-warning, .cm-lintRange-error');
  assert.ok(await page.locator('.cm-lint-marker').count() > 0, 'the gutter marks lines with findings');
  // The README shows this one: what a visitor sees first.
  await page.screenshot({ path: screenshotPath('playground.png') });
  await page.locator('.cm-lintRange').first().hover();
  await page.waitForSelector('.cm-tooltip-lint');
  // Code in a message shows as code, not as backticks.
  const hover = page.locator('.cm-tooltip-lint .cm-diagnostic').first();
  assert.ok(await hover.locator('code').count() > 0, 'the hover shows code spans');
  assert.ok(!(await hover.textContent()).includes('`'), await hover.textContent());
  await page.screenshot({ path: screenshotPath('finding-hover.png') });
  await page.screenshot({ path: screenshotPath('findings-full.png'), fullPage: true });
  await show(page, 'instructions');
  const found = await kinds(page);
  assert.equal(found[0], 'FROM');
  assert.ok(found.includes('RUN'), found.join(' '));
  assert.equal(found.at(-1), 'CMD');
  assert.deepEqual(problems, []);
  await page.close();
});

test('typing a Dockerfile changes the instruction list as you type', async () => {
  const { page, problems } = await openPage();
  await show(page, 'instructions');
  await replaceText(page, '');
  await editor(page).pressSequentially('FROM node:22-slim\nWORKDIR /app\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  assert.deepEqual(await kinds(page), ['FROM', 'WORKDIR']);

  await editor(page).pressSequentially('RUN npm ci \\\n&& npm run build\n');
  // Three rows appear as soon as `RUN npm ci` is typed; the analysis of the
  // whole text (the RUN spanning lines 3–4) lands a keystroke or more later.
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('tr.instruction td.line');
    return rows.length === 3 && rows[2].textContent === '3–4';
  }).catch(() => {});
  const lines = await page.locator('tr.instruction td.line').allTextContents();
  assert.deepEqual(lines, ['1', '2', '3–4']);
  await page.screenshot({ path: screenshotPath('typed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('work survives a reload, and the example can be restored', async () => {
  const { page } = await openPage();
  await show(page, 'instructions');
  await replaceText(page, 'FROM scratch\nCOPY app /app\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  await page.reload();
  await show(page, 'instructions');
  await page.waitForSelector('tr.instruction');
  assert.deepEqual(await kinds(page), ['FROM', 'COPY']);

  await page.getByRole('button', { name: 'Load the example' }).click();
  await show(page, 'instructions');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length > 5);
  assert.equal((await kinds(page))[0], 'FROM');
  await page.close();
});

test('the page makes no network request after it has loaded', async () => {
  const page = await browser.context.newPage();
  const requests = [];
  await page.goto(site.url);
  await page.waitForSelector('[data-testid=finding]');
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => navigator.serviceWorker?.ready);
  await page.waitForTimeout(200);
  page.on('request', (request) => requests.push(request.url()));
  browser.context.on('request', (request) => requests.push(`context: ${request.url()}`));
  await show(page, 'instructions');
  await replaceText(page, 'FROM python:3.12-slim\nRUN pip install --no-cache-dir fastapi\n');
  await editor(page).press('End');
  await page.keyboard.type('\nUSER 1000\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 3);
  await show(page, 'findings');
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await page.waitForTimeout(300);
  assert.deepEqual(requests, []);
  await page.close();
});

// The page's weight: what a first visit downloads, counted by the server (so the page, its
// background worker and the offline worker's install all count), gzip -9 as a server would
// send it. A fresh browser profile and server: no cache or offline worker from other tests.
// The playground issue's budget is 500 KB; the page is not there yet. On 2026-12-01 a first
// visit was 648.1 KB when the cache serves the glue, worker.js and share.js to the background
// and offline workers, and 656.3 KB when each is fetched a second time (timing decides);
// 684.5 KB that morning. The rules' docs then left the wasm for rule-docs.json, downloaded
// when someone opens them: 635.8 KB. That evening's fixes (the distroless switch, the page's
// own words, broken bracketed CMDs, Windows bases, lint's speed-ups) brought it to 641.2 KB,
// and 649.8 KB with the second fetches. On 2026-12-02 lint's second round of speed-ups
// (issue 8: 152M -> 120M instructions over the corpus) added 2.7 KB of engine code: 645.5 KB,
// and 654.1 KB with the second fetches. Later that day the third round (issue 8: 80.2M ->
// 74.1M instructions) added 5.7 KB to the gzipped wasm; with its forced inlining kept to native
// builds, a list searched by halves for a 90-arm match, and no `expect` on a `Result` whose
// error's `Debug` came along, 4.1 KB of it stayed: 657.5 KB with the second fetches. The wasm
// is 511 KB of it (engine code and the size tables the first findings need), the editor
// 119 KB. That evening the fourth round (lint 74.1M -> 72.1M instructions; a lesson, which
// the page also works out on each edit, 1.43x cheaper: apt package sets as bitsets, each
// version of the file sized once) added 2.2 KB to the gzipped wasm (3 KB of code, most of it
// the lesson's memo and walk start inlined into `lesson_of`): 659.7 KB with the second
// fetches. Until the engine is split, the test holds the page under a ceiling 2 KB above the
// worst case, so nothing grows it unnoticed.
const FIRST_LOAD_BUDGET = 500 * 1024;
const FIRST_LOAD_CEILING = 661_700;

test('a first visit stays under its ceiling (gzip), the wasm and the editor downloaded once', async () => {
  const own = await serveDist();
  const fresh = await launchBrowser();
  try {
    const page = await fresh.context.newPage();
    await page.goto(own.url);
    await page.waitForSelector('[data-testid=finding]');
    await page.evaluate(() => navigator.serviceWorker?.ready);
    await page.waitForLoadState('networkidle');
    // The background worker loads the engine while the page loads; give it and the offline
    // worker's install the time to ask for whatever they would ask for.
    await page.waitForTimeout(1500);
    let total = 0;
    const lines = [];
    const times = new Map();
    for (const { path, body } of own.served) {
      const gzip = gzipSync(body, { level: 9 }).length;
      total += gzip;
      times.set(path, (times.get(path) ?? 0) + 1);
      lines.push(`${path}: ${body.length} bytes, ${gzip} gzip`);
    }
    const report = `${lines.join('\n')}\nfirst visit: ${total} bytes gzip (ceiling ${FIRST_LOAD_CEILING}; the issue's budget ${FIRST_LOAD_BUDGET}, ${total <= FIRST_LOAD_BUDGET ? 'met' : `missed by ${total - FIRST_LOAD_BUDGET}`})`;
    console.log(report);
    const wasm = [...times].filter(([path]) => path.endsWith('.wasm'));
    const editorBundle = [...times].filter(([path]) => /\/editor[-.]/.test(path));
    assert.deepEqual(wasm.map(([, n]) => n), [1], `the wasm is downloaded once\n${report}`);
    assert.deepEqual(editorBundle.map(([, n]) => n), [1], `the editor is downloaded once\n${report}`);
    assert.ok(total <= FIRST_LOAD_CEILING, report);
  } finally {
    await fresh.close();
    await own.close();
  }
});

test('a fix removes its finding, and undo brings it back', async () => {
  const { page, problems } = await openPage();
  await replaceText(page, 'FROM alpine:3.20\nMAINTAINER me@example.com\nCMD ["sh"]\n');
  await page.waitForSelector('[data-code=DL4000]');
  await page.locator('[data-code=DL4000] button.fix').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-code=DL4000]'));
  assert.ok(!(await editorText(page)).includes('MAINTAINER'));

  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.waitForSelector('[data-code=DL4000]');
  assert.ok((await editorText(page)).includes('MAINTAINER'));

  // Ctrl-Z in the editor undoes too: apply the fix again, then undo it from the keyboard.
  await page.locator('[data-code=DL4000] button.fix').first().click();
  await page.waitForFunction(() => !document.querySelector('[data-code=DL4000]'));
  await editor(page).click();
  await page.keyboard.press('Control+Z');
  await page.waitForSelector('[data-code=DL4000]');
  assert.deepEqual(problems, []);
  await page.close();
});

test('applying the safe fixes rewrites the Dockerfile and clears those findings', async () => {
  const { page, problems } = await openPage();
  const before = await page.locator('[data-testid=finding]').count();
  await page.getByRole('button', { name: /^Apply \d+ safe fix/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=finding]').length < n, before);
  assert.notEqual((await editorText(page)).length, 0);
  await page.screenshot({ path: screenshotPath('fixed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking where a finding is moves the cursor to its line', async () => {
  const { page, problems } = await openPage();
  await replaceText(page, 'FROM alpine:3.20\nRUN echo one\nRUN echo two\nMAINTAINER me@example.com\n');
  await page.waitForSelector('[data-code=DL4000]');
  await page.locator('[data-code=DL4000] button.where').click();
  await page.waitForFunction(() =>
    document.querySelector('.cm-activeLine')?.textContent.includes('MAINTAINER'),
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('the layers view estimates the example, and a slim base shrinks it', async () => {
  const { page, problems } = await openPage();
  await show(page, 'layers');
  await page.waitForSelector('tr.layer');
  const naive = await page.getByTestId('image-total').textContent();
  assert.match(naive, /GB|MB/);
  // What if: the same file's image on a slim, an Alpine and a distroless base, sized by the
  // core's model; slim and distroless are smaller than the full python:3.12 image, and the
  // example's RUN steps cannot run on distroless, which its row says.
  const whatIf = () =>
    page.locator('[data-testid=what-if-row]').evaluateAll((rows) =>
      rows.map((r) => ({
        kind: r.dataset.kind,
        image: r.querySelector('code').textContent,
        size: r.querySelector('.size').textContent,
        difference: r.querySelector('.difference').textContent,
      })));
  const bases = await whatIf();
  assert.deepEqual(bases.map((r) => r.kind), ['slim', 'alpine', 'distroless'], JSON.stringify(bases));
  assert.deepEqual(bases.map((r) => r.image), ['python:3.12-slim', 'python:3.12-alpine', 'gcr.io/distroless/python3-debian12']);
  for (const row of bases) assert.match(row.size, /≈ \d/, JSON.stringify(row));
  for (const row of [bases[0], bases[2]]) assert.match(row.difference, /^−.*%\)$/, JSON.stringify(row));
  assert.match(await page.locator('tr.what-if-note').last().textContent(), /RUN steps? would fail/);
  await page.screenshot({ path: screenshotPath('size.png'), fullPage: true });

  const text = await page.evaluate(() => document.querySelector('[data-testid=editor]').innerText);
  assert.ok(text.includes('FROM python:3.12\n'), text);
  await replaceText(page, text.replace('FROM python:3.12\n', 'FROM python:3.12-slim\n'));
  // The editor reports the edit after its frame is painted: the emptied file of the
  // select-all + Delete may show first (no image yet), then the new text's total.
  await page.waitForFunction(
    (old) => {
      const total = document.querySelector('[data-testid=image-total]');
      return total !== null && total.textContent !== old;
    },
    naive,
  );
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=what-if-row][data-kind=slim] .difference')?.textContent === "this file's base");

  await page.locator('#context-size').fill('lots');
  await page.waitForSelector('.input-error');
  assert.match(await page.locator('.input-error').textContent(), /not a size/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rebuild view shows that a code edit re-runs pip install in the naive file', async () => {
  const { page, problems } = await openPage();
  await show(page, 'cache');
  await page.waitForSelector('.step');
  const pip = page.locator('.step', { hasText: 'pip install' });
  assert.equal(await pip.locator('.status').textContent(), 'rebuilt');
  await page.screenshot({ path: screenshotPath('rebuilds.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a share link carries the files and the tab, and opening it keeps your own work', async () => {
  const { page, problems } = await openPage();
  await replaceText(page, 'FROM alpine:3.20\nMAINTAINER someone\n');
  await page.waitForSelector('[data-code=DL4000]');
  await show(page, 'layers');
  await page.getByTestId('share').click();
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  assert.match(link, /#v1=[A-Za-z0-9_-]+$/);
  await page.waitForSelector('[data-testid=notice] .share-link');

  // Someone else, with work of their own saved, opens the link.
  const other = await browser.context.newPage();
  const otherProblems = watchProblems(other);
  await other.goto(`${site.url}__e2e/blank`);
  await other.evaluate(() => localStorage.setItem('stagecraft.dockerfile', 'FROM debian:12\nRUN echo mine\n'));
  await other.goto(link);
  await other.waitForFunction(() => document.querySelector('[data-testid=tab-layers]')?.getAttribute('aria-selected') === 'true');
  await other.waitForSelector('tr.layer');
  await show(other, 'findings');
  await other.waitForSelector('[data-code=DL4000]');
  assert.ok((await other.getByTestId('editor').innerText()).includes('MAINTAINER someone'));
  await other.getByRole('button', { name: 'Back to my saved work' }).click();
  await other.waitForFunction(() => document.querySelector('[data-testid=editor]').innerText.includes('echo mine'));
  assert.deepEqual(otherProblems, []);
  assert.deepEqual(problems, []);
  await other.close();
  await page.close();
});

test('the distroless switch lets its step apply, and a link and a reload keep it on', async () => {
  const { page, problems } = await openPage();
  await replaceText(page, 'FROM maven:3-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package -DskipTests\nEXPOSE 8080\nCMD ["java", "-jar", "target/demo-0.0.1.jar"]\n');
  await show(page, 'rewrite');
  const step = page.locator('[data-testid=rewrite-step][data-step=distroless]');
  await step.waitFor();
  assert.equal(await step.getAttribute('data-status'), 'not-applicable');
  // Off, the step says how to turn it on in the page's words, not with a CLI flag.
  const offered = await step.locator('.reason').textContent();
  assert.match(offered, /switch on Distroless runtime/);
  assert.doesNotMatch(offered, /--distroless|stagecraft rewrite/);
  await page.getByTestId('distroless').check();
  await page.waitForSelector('[data-testid=rewrite-step][data-step=distroless][data-status=applied]');
  assert.match(await step.locator('.safety, .reason').first().textContent(), /distroless|shell/i);
  await page.screenshot({ path: screenshotPath('rewrite-distroless.png') });
  await step.screenshot({ path: screenshotPath('rewrite-distroless-step.png') });

  await page.getByTestId('share').click();
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  const other = await browser.context.newPage();
  await other.goto(`${site.url}__e2e/blank`);
  await other.evaluate(() => localStorage.clear());
  await other.goto(link);
  await show(other, 'rewrite');
  await other.waitForSelector('[data-testid=rewrite-step][data-step=distroless][data-status=applied]');
  assert.ok(await other.getByTestId('distroless').isChecked());
  await other.close();

  await page.reload();
  await show(page, 'rewrite');
  await page.waitForSelector('[data-testid=rewrite-step][data-step=distroless][data-status=applied]');
  await page.getByTestId('distroless').uncheck();
  await page.waitForSelector('[data-testid=rewrite-step][data-step=distroless][data-status=not-applicable]');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link made outside the page, as the README shows, opens', async () => {
  // What the README's five-line script writes: raw DEFLATE, base64url without padding.
  const state = { dockerfile: 'FROM node:latest\nMAINTAINER teacher\n', tab: 'instructions' };
  const payload = deflateRawSync(Buffer.from(JSON.stringify(state)), { level: 9 })
    .toString('base64')
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  const { page, problems } = await openPage(`#v1=${payload}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=tab-instructions]')?.getAttribute('aria-selected') === 'true');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  await show(page, 'findings');
  await page.waitForSelector('[data-code=DL4000]');
  assert.ok((await codes(page)).includes('DL3007'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a damaged or oversized share link says so and leaves the page working', async () => {
  const { page, problems } = await openPage('#v1=this-is-not-deflate');
  await page.waitForSelector('[data-testid=notice].error');
  assert.match(await page.getByTestId('notice').textContent(), /could not be opened/);
  await replaceText(page, 'FROM alpine:3.20\nMAINTAINER x\n');
  await page.waitForSelector('[data-code=DL4000]');

  // 2 MB of one letter packs into a few kilobytes: the page refuses to unpack it whole.
  const bomb = await page.evaluate(async () => {
    const json = JSON.stringify({ dockerfile: 'a'.repeat(2 * 1024 * 1024) });
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  });
  await page.goto(`${site.url}#v1=${bomb}`);
  await page.reload();
  await page.waitForSelector('[data-testid=notice].error');
  assert.match(await page.getByTestId('notice').textContent(), /larger than 1 MB/);
  await page.screenshot({ path: screenshotPath('damaged-link.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a rule link opens the rule with its example in the editor', async () => {
  const { page, problems } = await openPage('#rule=DL3007');
  await page.waitForSelector('.rule-panel');
  assert.match(await page.locator('.rule-panel h2').textContent(), /DL3007/);
  await page.waitForSelector('[data-code=DL3007]');
  assert.ok((await editorText(page)).includes(':latest'));
  assert.deepEqual(problems, []);
  await page.close();
});

test("a finding's docs are downloaded when first opened, once for every rule", async () => {
  const { page, problems } = await openPage();
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  const open = async (code) => {
    const card = page.locator(`[data-testid=finding][data-code=${code}]`).first();
    await card.locator('summary', { hasText: 'Why, and what to write instead' }).click();
    await card.locator('.rule-docs h4').first().waitFor();
    return card.locator('.rule-docs').textContent();
  };
  assert.match(await open('DL3008'), /Why is this bad\?[\s\S]*apt-get install/);
  await page.screenshot({ path: screenshotPath('finding-docs.png') });
  const codes = await page.locator('[data-testid=finding]').evaluateAll((cards) => cards.map((c) => c.dataset.code));
  const other = codes.find((code) => code !== 'DL3008');
  assert.ok(other, codes.join(' '));
  assert.ok((await open(other)).length > 100);
  assert.deepEqual(asked.filter((path) => path.endsWith('/rule-docs.json')).length, 1, asked.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page works offline after one visit', async () => {
  const page = await browser.context.newPage();
  const problems = watchProblems(page);
  await page.goto(site.url);
  await page.waitForSelector('[data-testid=finding]');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first visit is not yet controlled; a second one is, and fills the cache.
  await page.reload();
  await page.waitForSelector('[data-testid=finding]');
  await browser.context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector('[data-testid=finding]');
    await replaceText(page, 'FROM alpine:3.20\nMAINTAINER offline\n');
    await page.waitForSelector('[data-code=DL4000]');
  } finally {
    await browser.context.setOffline(false);
  }
  assert.deepEqual(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await page.close();
});

test('an embedded page is read-only and has no page chrome', async () => {
  const { page, problems } = await openPage('?embed=1');
  await page.waitForSelector('[data-testid=finding], .all-clear');
  assert.equal(await page.locator('.masthead').count(), 0);
  assert.equal(await editor(page).getAttribute('contenteditable'), 'false');
  assert.equal(await page.locator('button.fix').count(), 0);
  await page.screenshot({ path: screenshotPath('embed.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard and screen readers: named controls, the tablist pattern, a dark theme', async () => {
  const { page, problems } = await openPage();
  // Every control has an accessible name, as an axe-style check of roles and names would ask.
  const unnamed = await page.evaluate(() => {
    const name = (el) =>
      (el.getAttribute('aria-label') ||
        el.getAttribute('title') ||
        (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
        el.textContent ||
        '').trim();
    return [...document.querySelectorAll('button, [role=tab], input, select, textarea, [contenteditable=true], a[href]')]
      .filter((el) => !name(el))
      .map((el) => el.outerHTML.slice(0, 80));
  });
  assert.deepEqual(unnamed, []);
  const tabs = page.locator('[role=tablist][aria-label=Views] [role=tab]');
  assert.equal(await tabs.count(), 5);
  await page.getByTestId('tab-findings').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('tab-layers').getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-layers');
  await page.keyboard.press('End');
  assert.equal(await page.getByTestId('tab-instructions').getAttribute('aria-selected'), 'true');

  await page.getByRole('button', { name: /theme$/ }).click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  assert.ok(theme === 'dark' || theme === 'light');
  await show(page, 'findings');
  await page.screenshot({ path: screenshotPath(`theme-${theme}.png`) });
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a phone the editor and the results are one tap apart', async () => {
  const { page, problems } = await openPage();
  await page.setViewportSize({ width: 390, height: 800 });
  assert.ok(await editor(page).isVisible());
  assert.ok(!(await page.getByTestId('tab-findings').isVisible()));
  await page.screenshot({ path: screenshotPath('phone-editor.png') });
  await page.getByRole('button', { name: 'Results' }).click();
  assert.ok(await page.getByTestId('tab-findings').isVisible());
  assert.ok(!(await editor(page).isVisible()));
  // What a visitor sees once the text has rested: the next steps above the findings.
  await page.getByTestId('next-steps').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('phone-results.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every example walks to a smaller multi-stage build with "apply all"', async () => {
  const { page, problems } = await openPage();
  const ids = await page.locator('select.examples option').evaluateAll((options) =>
    options.map((o) => o.value).filter(Boolean),
  );
  assert.ok(ids.length >= 10, `${ids.length} examples`);
  for (const id of ids) {
    await page.locator('select.examples').selectOption(id);
    await show(page, 'layers');
    await page.waitForSelector('[data-testid=image-total]');
    const before = await page.getByTestId('image-total').textContent();
    await show(page, 'rewrite');
    await page.waitForSelector('[data-testid=rewrite-step]');
    if (id === ids[0]) {
      // A long diff line scrolls inside its box: the page never grows sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the Rewrite tab is ${overflow} px wider than the window`);
      await page.screenshot({ path: screenshotPath('rewrite.png'), fullPage: true });
    }
    await page.getByTestId('apply-all-steps').click();
    await page.waitForFunction(() => /\bAS\s+\w+/i.test(document.querySelector('[data-testid=editor]').innerText));
    const text = await editorText(page);
    const stages = text.split('\n').filter((line) => /^FROM\s/i.test(line)).length;
    assert.ok(stages >= 2, `${id} ends multi-stage:\n${text}`);
    await show(page, 'layers');
    await page.waitForFunction((old) => document.querySelector('[data-testid=image-total]')?.textContent !== old, before);
    const after = await page.getByTestId('image-total').textContent();
    const bytes = (t) => {
      const [, n, unit] = t.match(/([\d.]+)\s*(kB|MB|GB)/);
      return Number(n) * { kB: 1e3, MB: 1e6, GB: 1e9 }[unit];
    };
    assert.ok(bytes(after) < bytes(before), `${id}: ${before} → ${after}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a wide screen a step shows its diff side by side, old file left and new file right', async () => {
  const { page, problems } = await openPage();
  await show(page, 'rewrite');
  const first = page.locator('[data-testid=rewrite-step][data-status=applied]').first();
  await first.waitFor();
  // At 1280 px the panel is too narrow for two columns: the unified diff.
  assert.ok(await first.locator('.diff-text').isVisible());
  assert.ok(!(await first.getByTestId('diff-split').isVisible()));
  await page.setViewportSize({ width: 1920, height: 1080 });
  const split = first.getByTestId('diff-split');
  await split.waitFor();
  assert.ok(!(await first.locator('.diff-text').isVisible()));
  // The removed line faces the line that replaced it, each with its own line number.
  const removed = await split.locator('.split-text.removed').first().textContent();
  const added = await split.locator('.split-text.added').first().textContent();
  assert.match(removed, /^FROM python:3\.12\b/);
  assert.match(added, /^FROM python:3\.12-slim\b/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the Rewrite tab is ${overflow} px wider than the window`);
  await page.screenshot({ path: screenshotPath('rewrite-wide.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('presenter mode moves through the steps with the arrow keys, and its link reopens the slide', async () => {
  const { page, problems } = await openPage();
  await show(page, 'rewrite');
  await page.waitForSelector('[data-testid=rewrite-step]');
  await page.getByTestId('presenter').click();
  await page.waitForSelector('[data-testid=presenter-view]');
  assert.match(await page.getByTestId('slide').textContent(), /^0 \//);
  const size0 = await page.getByTestId('running-size').textContent();
  // A key press returns once the key is dispatched; the slide is redrawn in a later task (on
  // a loaded machine, after the next read), so each check waits for its slide.
  const slideShown = (prefix) =>
    page.waitForFunction(
      (want) => document.querySelector('[data-testid=slide]')?.textContent.startsWith(want),
      prefix,
      { timeout: 5000 },
    );
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await slideShown('2 /');
  assert.match(await page.getByTestId('slide').textContent(), /^2 \//);
  await page.keyboard.press('ArrowLeft');
  await slideShown('1 /');
  assert.match(await page.getByTestId('slide').textContent(), /^1 \//);
  await page.keyboard.press('End');
  await page.waitForFunction((old) => document.querySelector('[data-testid=running-size]').textContent !== old, size0);
  assert.ok(await page.locator('.cm-changed-line').count() > 0, 'the changed lines are highlighted');
  await page.screenshot({ path: screenshotPath('presenter.png') });

  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.getByRole('button', { name: 'Link to this slide' }).click();
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  const other = await browser.context.newPage();
  await other.goto(link);
  await other.waitForSelector('[data-testid=presenter-view]');
  assert.match(await other.getByTestId('slide').textContent(), /^1 \//);
  await other.close();

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[data-testid=presenter-view]'));
  assert.deepEqual(problems, []);
  await page.close();
});

/** An ordinary long Dockerfile of about `bytes` bytes: installs, copies, settings, comments. */
function longDockerfile(bytes) {
  const out = ['FROM python:3.12'];
  let size = out[0].length + 1;
  for (let i = 1; size < bytes; i += 1) {
    const line = [
      `RUN apt-get update && apt-get install -y curl libpq-dev${i}`,
      `RUN pip install fastapi==0.${i}.0 uvicorn`,
      `COPY src/module${i} /app/module${i}`,
      `ENV SETTING_${i}=value${i}`,
      `# step ${i}: comments are lines too`,
    ][i % 5];
    out.push(line);
    size += line.length + 1;
  }
  return `${out.join('\n')}\n`;
}

test('a 1 MB paste is analysed in the background: the page never freezes for a second', async () => {
  const { page, problems } = await openPage();
  const text = longDockerfile(1024 * 1024);
  await editor(page).click();
  await page.keyboard.press('Control+A');
  const longest = await page.evaluate(async (text) => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    // A paste as the browser delivers it (CodeMirror reads the clipboard event).
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', text);
    document.querySelector('[data-testid=editor]').dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    // Long enough for the whole analysis had it run on the page's thread.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    observer.disconnect();
    return Math.max(0, ...tasks);
  }, text);
  assert.ok(longest < 1000, `the page was blocked for ${longest.toFixed(0)} ms at once`);
  await page.getByTestId('large-file').getByText('Up to date.').waitFor({ timeout: 120_000 });
  const found = await codes(page);
  assert.ok(found.includes('DL3008') && found.includes('DL3013'), found.slice(0, 10).join(' '));
  assert.match(await page.getByTestId('tab-findings').textContent(), /Findings [1-9]\d{3,}/);
  await page.keyboard.press('Control+Home');
  await page.waitForSelector('.cm-lint-marker');
  await page.screenshot({ path: screenshotPath('large-file.png') });

  // Typing goes on, and the answer follows the newest text: a yum line adds findings.
  const count = async () => Number((await page.getByTestId('tab-findings').textContent()).match(/\d+/)[0]);
  const before = await count();
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('RUN yum install -y httpd\n');
  await page.waitForFunction((before) => Number(document.querySelector('[data-testid=tab-findings]').textContent.match(/\d+/)[0]) > before, before, { timeout: 120_000 });
  assert.ok((await count()) > before);
  await show(page, 'layers');
  assert.match(await page.getByTestId('image-total').textContent(), /(MB|GB)/);

  // Back under the threshold, every view works on the page's thread again.
  await replaceText(page, 'FROM python:3.12\nRUN pip install flask\n');
  await page.waitForSelector('[data-testid=large-file]', { state: 'detached' });
  await show(page, 'findings');
  assert.ok((await codes(page)).includes('DL3013'));
  assert.deepEqual(problems, []);
  await page.close();
});

// The heaviest hostile shapes of issue 12 (crates/core/tests/hostile/shapes.rs), written at
// 1 MB by `cargo xtask test` through the core's own generator (`write_shapes`) into
// STAGECRAFT_HOSTILE_DIR, so the shapes are defined once.
const HOSTILE_PASTES = ['pip_install_runs', 'copy_from_chain', 'nested_backticks', 'env_chain', 'nested_json'];

test('hostile 1 MB pastes are analysed in the background: the page never freezes for a second', async () => {
  const dir = process.env.STAGECRAFT_HOSTILE_DIR;
  assert.ok(dir, 'STAGECRAFT_HOSTILE_DIR names the shapes `cargo xtask test` writes with write_shapes');
  const { page, problems } = await openPage();
  // Long tasks from the first paste until the last result is shown.
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask', buffered: false });
  });
  const longestOf = {};
  for (const name of HOSTILE_PASTES) {
    const text = readFileSync(join(dir, `${name}.Dockerfile`), 'utf8');
    await editor(page).click();
    await page.keyboard.press('Control+A');
    const started = Date.now();
    await page.evaluate((text) => {
      window.longTasks.length = 0;
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', text);
      document.querySelector('[data-testid=editor]').dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, text);
    // The panel names this file's size once the paste is in, then says when its analysis is shown.
    const lines = text.split('\n').length - 1;
    const panel = page.getByTestId('large-file');
    await panel.filter({ hasText: `${lines.toLocaleString('en-US')} lines` }).waitFor({ timeout: 60_000 });
    await panel.getByText('Up to date.').waitFor({ timeout: 120_000 });
    // A second for what the results hand to the page's thread (the editor's marks) to land.
    await page.waitForTimeout(1000);
    const longest = await page.evaluate(() => Math.max(0, ...window.longTasks));
    console.log(`${name}: ${lines} lines, shown in ${Date.now() - started} ms, longest task ${longest.toFixed(0)} ms`);
    longestOf[name] = Math.round(longest);
  }
  const blocked = Object.entries(longestOf).filter(([, ms]) => ms >= 1000);
  assert.deepEqual(blocked, [], `the page was blocked for a second or more at once (ms): ${JSON.stringify(longestOf)}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Findings tab puts the next steps first, with what each one saves on this file', async () => {
  const { page, problems } = await openPage();
  const steps = page.getByTestId('next-steps').locator('li');
  await steps.first().waitFor({ timeout: 60_000 });
  const count = await steps.count();
  assert.ok(count >= 1 && count <= 3, `${count} next steps`);
  const first = await steps.first().textContent();
  assert.match(first, /MB|GB/, first);
  assert.match(first, /Rewrite tab, step/, first);
  // The costs are measured on this file: a finding says what it costs before and after.
  const costs = await page.locator('.finding .cost').allTextContents();
  assert.ok(costs.some((c) => /instead of|after/.test(c)), costs.join(' | '));
  await page.screenshot({ path: screenshotPath('next-steps.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a finding links to the glossary words it uses, and hints show where the file calls for them', async () => {
  const { page, problems } = await openPage();
  await replaceText(page, 'FROM --platform=linux/amd64 python:3.12-alpine\nCOPY . /app\nRUN pip install psycopg2\nCMD python /app/main.py\n');
  // The pinned architecture is a hint no rule gives; it points at its line.
  const hint = page.getByTestId('hint').first();
  await hint.waitFor();
  assert.match(await hint.textContent(), /line 1.*buildx/s);
  // STG001's message speaks of the slim image; its word links to the glossary entry, which
  // takes the focus (and so scrolls into view).
  const finding = page.locator('[data-testid=finding]').filter({ has: page.locator('.terms') }).first();
  const word = finding.locator('.terms .term').first();
  const label = (await word.textContent()).trim();
  await word.click();
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  assert.match(focused, /^term-/);
  const entry = page.locator(`[data-testid=glossary] dt#${focused}`);
  assert.equal((await entry.textContent()).trim(), label);
  assert.ok((await page.locator(`#${focused} + dd`).textContent()).length > 40);
  // The words no finding uses are still there, folded away.
  assert.match(await page.locator('[data-testid=glossary] .more-words summary').textContent(), /more words/);
  await page.screenshot({ path: screenshotPath('glossary.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rebuild view says which files each kind of change covers, .env included', async () => {
  const { page, problems } = await openPage();
  await show(page, 'cache');
  assert.match(await page.getByTestId('change-covers').textContent(), /application source/);
  await page.getByRole('button', { name: 'I edit .env' }).click();
  await page.waitForFunction(() => /\.env/.test(document.querySelector('[data-testid=change-covers]').textContent));
  assert.deepEqual(problems, []);
  await page.close();
});
