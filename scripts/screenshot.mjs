// npm run screenshot: the demo (`npm start`, MSW answering every API in the page) on a free port of
// 127.0.0.1, photographed by Debian's Chromium once every count on it is shown: docs/screenshot.png.
// Pinned so the picture only changes when the page does: viewport, pixel ratio, light colour scheme,
// locale en-US, time zone UTC. The fonts are the machine's: the Japanese example needs a CJK font
// (Debian: fonts-ipafont-gothic), or it shows as empty boxes.
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';

const OUTPUT = 'docs/screenshot.png';
const VIEWPORT = { width: 1000, height: 900, deviceScaleFactor: 1 };

/** Every element on the page shows a count or an error: `state` on the elements, `data-sharedcount-state` from the jQuery plugin. Lazy elements far down are not in the picture. */
function countsShown() {
  const elements = [...document.querySelectorAll('share-count:not([lazy]), shareablee-badge')];
  const spans = [...document.querySelectorAll('.share-count')];
  const done = (state) => state === 'ready' || state === 'error';
  return (
    elements.length > 0 && elements.every((el) => done(el.getAttribute('state'))) && spans.every((el) => done(el.dataset.sharedcountState))
  );
}

const server = await createServer({ logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null } });
let browser;
try {
  await server.listen();
  const url = server.resolvedUrls.local[0];
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    env: { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--hide-scrollbars',
      '--lang=en-US',
      '--font-render-hinting=none',
    ],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`page: ${error.message}`));
  await page.setViewport(VIEWPORT);
  await page.emulateTimezone('UTC');
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: 'light' },
    { name: 'prefers-reduced-motion', value: 'reduce' },
  ]);
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setLocaleOverride', { locale: 'en-US' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(countsShown, { timeout: 30_000, polling: 100 });
  // The last state change is in the DOM; let it reach the screen.
  await page.evaluate(() =>
    document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))),
  );
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: OUTPUT });
  console.log(`${OUTPUT}: ${url} at ${VIEWPORT.width}×${VIEWPORT.height}`);
} finally {
  await browser?.close();
  await server.close();
}
