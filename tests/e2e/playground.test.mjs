// End-to-end: the built site in real Chromium, used the way a person uses it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

async function openPage() {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(site.url);
  // Every test starts from the example, not from what an earlier test left in storage.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('.finding, .all-clear');
  return { page, problems };
}

/** Opens a results view by its tab (tabs carry a count after their name). */
async function show(page, name) {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

const kinds = (page) => page.locator('tr.instruction td.kind').allTextContents();

test('the example Dockerfile is linted on first load, and a screenshot is saved', async () => {
  const { page, problems } = await openPage();
  const codes = await page.locator('.finding .code').allTextContents();
  assert.ok(codes.some((c) => c.includes('DL3008')), codes.join(' '));
  assert.ok(await page.locator('.backdrop-line.marked').count() > 0, 'lines with findings are marked');
  // The README shows this one: what a visitor sees first.
  await page.screenshot({ path: screenshotPath('playground.png') });
  await page.screenshot({ path: screenshotPath('findings-full.png'), fullPage: true });
  await show(page, 'Instructions');
  const found = await kinds(page);
  assert.equal(found[0], 'FROM');
  assert.ok(found.includes('RUN'), found.join(' '));
  assert.equal(found.at(-1), 'CMD');
  assert.deepEqual(problems, []);
  await page.close();
});

test('typing a Dockerfile changes the instruction list as you type', async () => {
  const { page, problems } = await openPage();
  await show(page, 'Instructions');
  const editor = page.locator('#dockerfile');
  await editor.fill('');
  await editor.pressSequentially('FROM node:22-slim\nWORKDIR /app\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  assert.deepEqual(await kinds(page), ['FROM', 'WORKDIR']);

  await editor.pressSequentially('RUN npm ci \\\n  && npm run build\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 3);
  const lines = await page.locator('tr.instruction td.line').allTextContents();
  assert.deepEqual(lines, ['1', '2', '3–4']);
  await page.screenshot({ path: screenshotPath('typed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('work survives a reload, and the example can be restored', async () => {
  const { page } = await openPage();
  await show(page, 'Instructions');
  await page.locator('#dockerfile').fill('FROM scratch\nCOPY app /app\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  await page.reload();
  await show(page, 'Instructions');
  await page.waitForSelector('tr.instruction');
  assert.deepEqual(await kinds(page), ['FROM', 'COPY']);

  await page.getByRole('button', { name: 'Load the example' }).click();
  await show(page, 'Instructions');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length > 5);
  assert.equal((await kinds(page))[0], 'FROM');
  await page.close();
});

test('the page makes no network request after it has loaded', async () => {
  const page = await browser.context.newPage();
  const requests = [];
  await page.goto(site.url);
  await page.waitForSelector('.finding');
  await page.waitForLoadState('networkidle');
  await show(page, 'Instructions');
  page.on('request', (request) => requests.push(request.url()));
  const editor = page.locator('#dockerfile');
  await editor.fill('FROM python:3.12-slim\nRUN pip install --no-cache-dir fastapi\n');
  await editor.pressSequentially('USER 1000\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 3);
  await page.waitForTimeout(300);
  assert.deepEqual(requests, []);
  await page.close();
});

test('applying the safe fixes rewrites the Dockerfile and clears those findings', async () => {
  const { page, problems } = await openPage();
  const before = await page.locator('.finding').count();
  const apply = page.getByRole('button', { name: /^Apply \d+ safe fix/ });
  await apply.click();
  await page.waitForFunction((n) => document.querySelectorAll('.finding').length < n, before);
  const text = await page.locator('#dockerfile').inputValue();
  assert.notEqual(text.length, 0);
  await page.screenshot({ path: screenshotPath('fixed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the size view estimates the example, and a slim base shrinks it', async () => {
  const { page, problems } = await openPage();
  await show(page, 'Size');
  await page.waitForSelector('tr.layer');
  const naive = await page.locator('.headline .total').textContent();
  assert.match(naive, /GB|MB/);
  await page.screenshot({ path: screenshotPath('size.png'), fullPage: true });

  const editor = page.locator('#dockerfile');
  const text = await editor.inputValue();
  await editor.fill(text.replace('FROM python:3.12\n', 'FROM python:3.12-slim\n'));
  await page.waitForFunction((old) => document.querySelector('.headline .total').textContent !== old, naive);

  await page.locator('#context-size').fill('lots');
  await page.waitForSelector('.input-error');
  assert.match(await page.locator('.input-error').textContent(), /not a size/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rebuild view shows that a code edit re-runs pip install in the naive file', async () => {
  const { page, problems } = await openPage();
  await show(page, 'Rebuilds');
  await page.waitForSelector('.step');
  const pip = page.locator('.step', { hasText: 'pip install' });
  assert.equal(await pip.locator('.status').textContent(), 'rebuilt');
  await page.screenshot({ path: screenshotPath('rebuilds.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('line numbers and marks follow the text when a long file is scrolled', async () => {
  const { page, problems } = await openPage();
  const lines = ['FROM debian:12'];
  for (let i = 0; i < 80; i += 1) lines.push(`RUN echo step ${i}`);
  await page.locator('#dockerfile').fill(lines.join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('.gutter-line').length === 81);
  await page.locator('#dockerfile').evaluate((area) => {
    area.scrollTop = 600;
    area.dispatchEvent(new Event('scroll'));
  });
  const offsets = await page.evaluate(() => ({
    text: document.querySelector('#dockerfile').scrollTop,
    gutter: document.querySelector('.editor-gutter').scrollTop,
    backdrop: document.querySelector('.editor-backdrop').scrollTop,
  }));
  assert.ok(offsets.text > 0, 'the text area scrolled');
  assert.equal(offsets.gutter, offsets.text);
  assert.equal(offsets.backdrop, offsets.text);
  await page.screenshot({ path: screenshotPath('scrolled.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
