// npm run screenshot: the demo (`npm start`, MSW answering every API in the page) on a free port of
// 127.0.0.1, photographed by Debian's Chromium once every count on it is shown: docs/screenshot.png;
// then the news article (demo/article.html) on a desktop and a phone, light and dark, and the share
// buttons beside the peers' (demo/peers.html), for the README: docs/article-*.png, docs/peers-*.png.
// Pinned so the pictures only change when the pages do: viewport, pixel ratio, colour scheme,
// locale en-US, time zone UTC. The fonts are the machine's: the Japanese example needs a CJK font
// (Debian: fonts-ipafont-gothic), or it shows as empty boxes.
// The article and the peers' page must ask nothing of any host but this server: a request that
// leaves 127.0.0.1, or a page wider than a 320 or 390 px screen, fails the run.
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';

const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1 };
const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Every element on the page shows a count or an error: `state` on the elements, `data-sharedcount-state` from the jQuery plugin. Lazy elements far down are not in the picture. */
function countsShown() {
  const elements = [...document.querySelectorAll('share-count:not([lazy]), shareablee-badge')];
  const spans = [...document.querySelectorAll('.share-count')];
  const done = (state) => state === 'ready' || state === 'error';
  return (
    elements.length > 0 && elements.every((el) => done(el.getAttribute('state'))) && spans.every((el) => done(el.dataset.sharedcountState))
  );
}

/** Every `<share-count>` done, and every share button that carries a count (Facebook, Pinterest) showing it. */
function buttonsShown() {
  const done = (state) => state === 'ready' || state === 'error';
  const buttons = [...document.querySelectorAll('share-buttons')].flatMap((group) => [...(group.shadowRoot?.children ?? [])]);
  const counted = buttons.filter((button) => button.hasAttribute('count') && /^(facebook|pinterest)$/.test(button.getAttribute('network')));
  return (
    buttons.length > 0 &&
    [...document.querySelectorAll('share-count')].every((el) => done(el.getAttribute('state'))) &&
    counted.every((button) => button.shadowRoot?.querySelector('[part="count"]')?.textContent)
  );
}

/** Each peer drawn: Likely ready, Shariff's list there, shareon's links given their addresses. */
function peersShown() {
  return (
    document.querySelector('.likely.likely_ready') !== null &&
    document.querySelector('.shariff ul') !== null &&
    document.querySelector('.shareon a[href]') !== null
  );
}

/**
 * What is taken: the page, what it waits for (every function true), how it is seen, the viewport or
 * the `whole` page (as tall as its content, shorter than the viewport too); `local` pages may load
 * nothing from elsewhere.
 */
const SHOTS = [
  { output: 'docs/screenshot.png', path: '/', ready: [countsShown], viewport: { width: 1000, height: 900, deviceScaleFactor: 1 } },
  ...['light', 'dark'].flatMap((scheme) => [
    {
      output: `docs/article-desktop-${scheme}.png`,
      path: '/demo/article.html',
      ready: [buttonsShown],
      viewport: DESKTOP,
      scheme,
      whole: true,
      local: true,
    },
    { output: `docs/article-phone-${scheme}.png`, path: '/demo/article.html', ready: [buttonsShown], viewport: PHONE, scheme, local: true },
  ]),
  {
    output: 'docs/peers-desktop-light.png',
    path: '/demo/peers.html',
    ready: [buttonsShown, peersShown],
    viewport: DESKTOP,
    whole: true,
    local: true,
  },
  // Taller than a screen: at a lower pixel ratio, to keep the file small.
  {
    output: 'docs/peers-phone-dark.png',
    path: '/demo/peers.html',
    ready: [buttonsShown, peersShown],
    viewport: { ...PHONE, deviceScaleFactor: 1.5 },
    scheme: 'dark',
    whole: true,
    local: true,
  },
];

/** The widths a page may not overflow. */
const NARROW = [320, 390];

const server = await createServer({ logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: true, watch: null } });
let browser;
try {
  await server.listen();
  const base = server.resolvedUrls.local[0];
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    env: { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--hide-scrollbars',
      '--lang=en-US',
      '--font-render-hinting=none',
    ],
  });

  /** A fresh page (own context: no cache, no storage from the last) at `viewport` in `scheme`; `elsewhere` collects requests to other hosts. */
  const open = async (path, viewport, scheme, ready) => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const elsewhere = [];
    page.on('pageerror', (error) => console.error(`page ${path}: ${error.message}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== new URL(base).origin) elsewhere.push(request.url());
    });
    await page.setViewport(viewport);
    await page.emulateTimezone('UTC');
    await page.emulateMediaFeatures([
      { name: 'prefers-color-scheme', value: scheme },
      { name: 'prefers-reduced-motion', value: 'reduce' },
    ]);
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setLocaleOverride', { locale: 'en-US' });
    await page.goto(new URL(path, base).href, { waitUntil: 'load' });
    // Each function runs in the page, where only its own text is: they are passed as source.
    await page.waitForFunction(`[${ready.join(',')}].every((shown) => shown())`, { timeout: 30_000, polling: 100 });
    // The last state change is in the DOM; let it reach the screen.
    await page.evaluate(() =>
      document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))),
    );
    return { page, context, elsewhere };
  };

  mkdirSync('docs', { recursive: true });
  const failures = [];
  for (const { output, path, ready, viewport, scheme = 'light', whole = false, local = false } of SHOTS) {
    const { page, context, elsewhere } = await open(path, viewport, scheme, ready);
    const height = whole ? await page.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)) : viewport.height;
    const clip = whole ? { clip: { x: 0, y: 0, width: viewport.width, height }, captureBeyondViewport: true } : {};
    await page.screenshot({ path: output, ...clip });
    await context.close();
    console.log(`${output}: ${path} at ${viewport.width}×${viewport.height}, ${scheme}${whole ? `, whole page (${height} px)` : ''}`);
    if (local && elsewhere.length) failures.push(`${path} asked other hosts: ${[...new Set(elsewhere)].join(', ')}`);
  }

  // No sideways scrolling on a small phone: the page is no wider than the screen.
  for (const path of new Set(SHOTS.filter((shot) => shot.local).map((shot) => shot.path))) {
    for (const width of NARROW) {
      const ready = SHOTS.find((shot) => shot.path === path).ready;
      const { page, context } = await open(path, { ...PHONE, width }, 'light', ready);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth,
      }));
      await context.close();
      console.log(`${path} at ${width} px: scrollWidth ${scrollWidth}, innerWidth ${innerWidth}`);
      if (scrollWidth > innerWidth) failures.push(`${path} overflows at ${width} px: ${scrollWidth} > ${innerWidth}`);
    }
  }
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await browser?.close();
  await server.close();
}
