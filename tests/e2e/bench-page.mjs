// A scripted page-load benchmark (not a test): serves dist/, loads the page N times in
// Debian's Chromium, and prints the median time until the first findings are on screen,
// and the median time from a keystroke until the findings view has caught up.
// Run with `cargo xtask bench-page` (it builds dist/ first).
import { launchBrowser, serveDist } from './harness.mjs';

const runs = Number(process.env.STAGECRAFT_BENCH_RUNS ?? 15);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const site = await serveDist();
const browser = await launchBrowser();
const loads = [];
const keystrokes = [];
try {
  for (let i = 0; i < runs; i += 1) {
    const page = await browser.context.newPage();
    await page.goto(site.url);
    await page.evaluate(() => localStorage.clear());
    const started = Date.now();
    await page.reload();
    await page.waitForSelector('.finding');
    loads.push(Date.now() - started);

    // An edit that changes the findings (a USER line clears STG003), timed inside the page
    // from the input event until the results panel has been re-rendered.
    keystrokes.push(await page.evaluate(() => new Promise((done) => {
      const area = document.querySelector('#dockerfile');
      const results = document.querySelector('.results');
      const started = performance.now();
      const observer = new MutationObserver(() => {
        observer.disconnect();
        done(performance.now() - started);
      });
      observer.observe(results, { childList: true, subtree: true, characterData: true });
      area.value = `${area.value}\nUSER 10001\n`;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    })));
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(`page load to first findings: median ${median(loads)} ms over ${runs} loads (min ${Math.min(...loads)}, max ${Math.max(...loads)})`);
console.log(`edit to re-rendered results: median ${median(keystrokes).toFixed(1)} ms`);
