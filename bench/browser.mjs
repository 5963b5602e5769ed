// The figures measured in Chromium: requests, render, JSONP speed and leaks. Every run gets a
// fresh browser context (an empty profile: no storage, no HTTP cache) unless a figure is about
// what a profile keeps.
import puppeteer from 'puppeteer-core';
import { median, summarize } from './stats.mjs';

export const VIEWPORT = { width: 800, height: 600 };

export function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    defaultViewport: VIEWPORT,
    args: [
      '--no-sandbox', // needed as root; the browser only ever loads the bench's own pages
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--lang=en-US',
      // Keep timers and rendering at full speed although no window is ever focused.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
    env: { ...process.env, TZ: 'UTC', LANG: 'en_US.UTF-8' },
  });
}

async function inFreshContext(browser, use) {
  const context = await browser.createBrowserContext();
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Navigates (or reloads, without `url`) and makes sure the IIFE ran: a missing build would only show as a time-out. */
async function open(page, url) {
  await (url ? page.goto(url) : page.reload());
  if (!(await page.evaluate(() => Boolean(window.ShareCountWidgets && customElements.get('share-count'))))) {
    throw new Error(`share-count-widgets.iife.js did not run on ${page.url()}`);
  }
}

const countsPage = (server, query) => `${server.site}pages/counts.html?${new URLSearchParams(query)}`;

/** Waits until every element of a counts page fired `share-count-load`; throws on any error event. */
async function allReady(page) {
  await page.waitForFunction(() => window.bench.readyAt !== undefined || window.bench.errors.length > 0, { timeout: 60_000, polling: 50 });
  const { errors, notReady } = await page.evaluate(() => ({
    errors: window.bench.errors,
    notReady: document.querySelectorAll('share-count:not([state="ready"])').length,
  }));
  if (errors.length) throw new Error(`share-count-error on the bench page: ${errors[0]}`);
  if (notReady) throw new Error(`${notReady} elements fired share-count-load without state="ready"`);
}

/** Quiet for half a second: any request the page still makes on its own has gone out. */
const settle = (page) => page.waitForNetworkIdle({ idleTime: 500, timeout: 30_000 });

const readyCount = (page) => page.evaluate(() => document.querySelectorAll('share-count[state="ready"]').length);

/**
 * Requests that reach the fake SharedCount: 100 elements over 10 URLs; the same page reloaded
 * in the same profile; 1,000 lazy elements (one URL each) before and after jumping to the bottom.
 */
export async function measureRequests(browser, server, runs) {
  const figures = { page: [], reload: [], lazyBefore: [], lazyAfter: [], lazyReadyBefore: [], lazyReadyAfter: [] };
  for (let run = 0; run < runs; run++) {
    await inFreshContext(browser, async (page) => {
      server.resetRequests();
      await open(page, countsPage(server, { elements: 100, urls: 10, prefix: 'requests' }));
      await allReady(page);
      await settle(page);
      figures.page.push(server.requests.counts);
      server.resetRequests();
      await open(page);
      await allReady(page);
      await settle(page);
      figures.reload.push(server.requests.counts);
    });
    await inFreshContext(browser, async (page) => {
      server.resetRequests();
      await open(page, countsPage(server, { elements: 1000, urls: 1000, lazy: 1, prefix: 'lazy' }));
      await settle(page);
      figures.lazyBefore.push(server.requests.counts);
      figures.lazyReadyBefore.push(await readyCount(page));
      // A jump, not a scroll: the rows passed over never come near the viewport.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await settle(page);
      figures.lazyAfter.push(server.requests.counts);
      figures.lazyReadyAfter.push(await readyCount(page));
    });
  }
  return {
    page: summarize(figures.page),
    reload: summarize(figures.reload),
    lazyBefore: summarize(figures.lazyBefore),
    lazyAfter: summarize(figures.lazyAfter),
    // Every lazy element has its own URL: as many should show a count as there were requests.
    lazyReadyBefore: summarize(figures.lazyReadyBefore),
    lazyReadyAfter: summarize(figures.lazyReadyAfter),
  };
}

/**
 * Time from navigation start until 1,000 elements over 100 URLs are all ready, and the longest
 * main-thread task until then. One run first, not counted, so that browser start-up costs
 * (processes, compiled code) fall on none of the measured ones.
 */
export async function measureRender(browser, server, runs, { elements = 1000, urls = 100, head = false } = {}) {
  const ready = [];
  const longest = [];
  const longTasks = [];
  for (let run = -1; run < runs; run++) {
    await inFreshContext(browser, async (page) => {
      await open(page, countsPage(server, { elements, urls, prefix: 'render', ...(head && { head: 1 }) }));
      await allReady(page);
      // Long-task entries reach the observer after the task ended: give them a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const figure = await page.evaluate(() => {
        const { readyAt, longTasks } = window.bench;
        const before = longTasks.filter((task) => task.startTime < readyAt);
        return { readyAt, count: before.length, longest: Math.max(0, ...before.map((task) => task.duration)) };
      });
      if (run < 0) return;
      ready.push(figure.readyAt);
      longest.push(figure.longest);
      longTasks.push(figure.count);
    });
  }
  return {
    elements,
    urls,
    script: head ? 'in <head>' : 'at the end of <body>',
    readyMs: summarize(ready, 1),
    longestTaskMs: summarize(longest, 1),
    longTasks: summarize(longTasks, 0),
  };
}

const LIBRARIES = ['ours', 'fetch-jsonp'];

/**
 * 500 calls through each library per run, sequential, in 10 rounds of 50 that alternate which
 * library goes first; every URL distinct. The figure per run is each library's median call.
 */
export async function measureJsonp(browser, server, runs, { rounds = 10, perRound = 50 } = {}) {
  const medians = { ours: [], 'fetch-jsonp': [] };
  const ratios = [];
  for (let run = 0; run < runs; run++) {
    await inFreshContext(browser, async (page) => {
      await open(page, `${server.site}pages/jsonp.html`);
      const durations = { ours: [], 'fetch-jsonp': [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? [...LIBRARIES].reverse() : LIBRARIES;
        for (const lib of order) {
          const urls = Array.from({ length: perRound }, (_, i) => `${server.api}jsonp?lib=${lib}&i=${round * perRound + i}`);
          durations[lib].push(...(await page.evaluate((lib, urls) => window.bench.sequential(lib, urls), lib, urls)));
        }
      }
      for (const lib of LIBRARIES) medians[lib].push(median(durations[lib]));
      ratios.push(median(durations.ours) / median(durations['fetch-jsonp']));
    });
  }
  return {
    calls: rounds * perRound,
    rounds,
    oursMs: summarize(medians.ours, 3),
    fetchJsonpMs: summarize(medians['fetch-jsonp'], 3),
    ratio: summarize(ratios, 2),
  };
}

/**
 * After 1,000 calls (50 at a time): globals and `<script>` nodes left on the page, and JS heap
 * growth between two full garbage collections. fetch-jsonp runs the same, for scale.
 */
export async function measureLeaks(browser, server, runs, { calls = 1000, concurrency = 50 } = {}) {
  const result = { calls, concurrency };
  for (const lib of LIBRARIES) {
    const figures = { globals: [], scripts: [], heapKB: [] };
    const leftovers = new Set();
    for (let run = 0; run < runs; run++) {
      await inFreshContext(browser, async (page) => {
        await open(page, `${server.site}pages/jsonp.html`);
        const cdp = await page.createCDPSession();
        const snapshot = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.send('HeapProfiler.collectGarbage');
          const { usedSize } = await cdp.send('Runtime.getHeapUsage');
          const state = await page.evaluate(() => ({ globals: Object.keys(window), scripts: document.querySelectorAll('script').length }));
          return { heap: usedSize, ...state };
        };
        const before = await snapshot();
        const urls = Array.from({ length: calls }, (_, i) => `${server.api}jsonp?lib=${lib}&leak=${i}`);
        await page.evaluate((lib, urls, size) => window.bench.concurrent(lib, urls, size), lib, urls, concurrency);
        const after = await snapshot();
        const added = after.globals.filter((name) => !before.globals.includes(name));
        for (const name of added) leftovers.add(name);
        figures.globals.push(added.length);
        figures.scripts.push(after.scripts - before.scripts);
        figures.heapKB.push((after.heap - before.heap) / 1024);
      });
    }
    result[lib] = {
      globals: summarize(figures.globals, 0),
      scripts: summarize(figures.scripts, 0),
      heapKB: summarize(figures.heapKB, 1),
      // A sample of the names, to see what stayed behind.
      leftoverNames: [...leftovers].sort().slice(0, 5),
    };
  }
  return result;
}
