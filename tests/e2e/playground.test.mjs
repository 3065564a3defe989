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
  await page.waitForSelector('tr.instruction');
  return { page, problems };
}

const kinds = (page) => page.locator('tr.instruction td.kind').allTextContents();

test('the example Dockerfile is listed on first load, and a screenshot is saved', async () => {
  const { page, problems } = await openPage();
  const found = await kinds(page);
  assert.equal(found[0], 'FROM');
  assert.ok(found.includes('RUN'), found.join(' '));
  assert.equal(found.at(-1), 'CMD');
  await page.screenshot({ path: screenshotPath('playground.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('typing a Dockerfile changes the instruction list as you type', async () => {
  const { page, problems } = await openPage();
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
  await page.locator('#dockerfile').fill('FROM scratch\nCOPY app /app\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 2);
  await page.reload();
  await page.waitForSelector('tr.instruction');
  assert.deepEqual(await kinds(page), ['FROM', 'COPY']);

  await page.getByRole('button', { name: 'Load the example' }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length > 5);
  assert.equal((await kinds(page))[0], 'FROM');
  await page.close();
});

test('the page makes no network request after it has loaded', async () => {
  const page = await browser.context.newPage();
  const requests = [];
  await page.goto(site.url);
  await page.waitForSelector('tr.instruction');
  await page.waitForLoadState('networkidle');
  page.on('request', (request) => requests.push(request.url()));
  const editor = page.locator('#dockerfile');
  await editor.fill('FROM python:3.12-slim\nRUN pip install --no-cache-dir fastapi\n');
  await editor.pressSequentially('USER 1000\n');
  await page.waitForFunction(() => document.querySelectorAll('tr.instruction').length === 3);
  await page.waitForTimeout(300);
  assert.deepEqual(requests, []);
  await page.close();
});
