// The figures measured in Chromium: requests, render, JSONP speed and leaks. Every run gets a
// fresh browser context (an empty profile: no storage, no HTTP cache) unless a figure is about
// what a profile keeps.
import puppeteer from 'puppeteer-core';
import { median, round, summarize } from './stats.mjs';
import { readTrace, traced } from './trace.mjs';

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
      // Nothing of the browser's own goes to the network or competes for the cores meanwhile.
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
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

/**
 * Navigates (or reloads, without `url`) and makes sure the widget script ran: a missing build
 * would only show as a time-out. `global`: the page also needs `window.ShareCountWidgets` (the
 * full IIFE; the counts-only build need not expose it).
 */
async function open(page, url, { global = false } = {}) {
  await (url ? page.goto(url) : page.reload());
  const ran = await page.evaluate((global) => Boolean(customElements.get('share-count') && (!global || window.ShareCountWidgets)), global);
  if (!ran) throw new Error(`the widget script did not run on ${page.url()}`);
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

/** Waits until a page without the widget (the floor pages) called `bench.done()`; throws on a failed fetch. */
async function floorReady(page) {
  await page.waitForFunction(() => window.bench.readyAt !== undefined || window.bench.errors.length > 0, { timeout: 60_000, polling: 50 });
  const errors = await page.evaluate(() => window.bench.errors);
  if (errors.length) throw new Error(`a fetch failed on the floor page: ${errors[0]}`);
}

/** How long after everything is ready tasks still count: the frame that paints the last counts comes after. */
const AFTER_READY_MS = 500;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ready time and long tasks, read from the page's `window.bench` once `AFTER_READY_MS` passed
 * after it was ready: long-task entries reach the observer after the task ended.
 */
async function readyFigures(page) {
  await pause(AFTER_READY_MS);
  return page.evaluate((after) => {
    const { readyAt, longTasks } = window.bench;
    const counted = longTasks.filter((task) => task.startTime < readyAt + after);
    return { readyAt, longTasks: counted.length, longest: Math.max(0, ...counted.map((task) => task.duration)) };
  }, AFTER_READY_MS);
}

const widgetUrl = (server) => `${server.site}dist/${server.script}`;

/**
 * Loads `url` in a fresh context under a trace and reads the widget's script time and the main
 * thread's tasks from it (bench/trace.mjs). Separate runs from the timed ones: the sampling
 * profiler slows the page down.
 */
async function profiledRun(browser, server, url, isReady, widget = true) {
  return inFreshContext(browser, async (page) => {
    const events = await traced(page, async () => {
      await (widget ? open(page, url) : page.goto(url));
      await isReady(page);
      await pause(AFTER_READY_MS);
    });
    return readTrace(events, widgetUrl(server), { afterMs: AFTER_READY_MS });
  });
}

/** `{ median, min, max }` of every figure of `readTrace` over the runs. */
function summarizeProfiles(profiles) {
  const figure = (key, digits = 1) =>
    summarize(
      profiles.map((profile) => profile[key]),
      digits,
    );
  return {
    busyMs: figure('busyMs'),
    busyCpuMs: figure('busyCpuMs'),
    scriptSelfMs: figure('selfMs'),
    scriptInclusiveMs: figure('inclusiveMs'),
    pageJsMs: figure('pageJsMs'),
    gcMs: figure('gcMs'),
    scriptSelfWallMs: figure('selfWallMs'),
    scriptInclusiveWallMs: figure('inclusiveWallMs'),
    longestTaskMs: figure('longestTaskMs'),
    longestTaskCpuMs: figure('longestTaskCpuMs'),
    longTasks: figure('longTasks', 0),
    sampleIntervalMs: figure('intervalMs', 3),
  };
}

/**
 * The 1,000-element page (1,000 elements over 100 URLs, empty profile) with the script tag at the
 * end of <body> and in <head>, and beside it the network floor (the same page plus 100 bare
 * fetch() calls, no widget) and the plain-spans page. One round per run, the four pages in a
 * different order each round, each in a fresh context; ready ÷ floor is taken within a round, so
 * a slow moment of the machine weighs on both sides. One round first, not counted, so that
 * browser start-up costs (processes, compiled code) fall on none of the measured ones. Then
 * `runs` rounds of profiled loads of the four pages (bench/trace.mjs).
 */
export async function measureMainThread(browser, server, runs, { elements = 1000, urls = 100 } = {}) {
  const pages = {
    floor: { url: `${server.site}pages/floor.html?${new URLSearchParams({ elements, urls, prefix: 'render' })}`, isReady: floorReady },
    spans: { url: `${server.site}pages/spans.html?${new URLSearchParams({ elements, urls, prefix: 'render' })}`, isReady: floorReady },
    end: { url: countsPage(server, { elements, urls, prefix: 'render' }), isReady: allReady, widget: true },
    head: { url: countsPage(server, { elements, urls, prefix: 'render', head: 1 }), isReady: allReady, widget: true },
  };
  const keys = Object.keys(pages);
  const figures = Object.fromEntries(keys.map((key) => [key, { ready: [], longest: [], longTasks: [], overFloor: [] }]));
  for (let run = -1; run < runs; run++) {
    const order = keys.map((_, i) => keys[(i + run + 1) % keys.length]);
    const loads = {};
    for (const key of order) {
      const { url, isReady, widget } = pages[key];
      loads[key] = await inFreshContext(browser, async (page) => {
        await (widget ? open(page, url) : page.goto(url));
        await isReady(page);
        return readyFigures(page);
      });
    }
    if (run < 0) continue;
    for (const key of keys) {
      figures[key].ready.push(loads[key].readyAt);
      figures[key].longest.push(loads[key].longest);
      figures[key].longTasks.push(loads[key].longTasks);
      figures[key].overFloor.push(loads[key].readyAt / loads.floor.readyAt);
    }
  }
  const result = { elements, urls };
  for (const key of keys) {
    const { ready, longest, longTasks, overFloor } = figures[key];
    result[key] = {
      page: {
        floor: 'network floor: bare fetch() calls',
        spans: 'plain <span>s',
        end: 'script at the end of <body>',
        head: 'script in <head>',
      }[key],
      readyMs: summarize(ready, 1),
      readyOverFloor: summarize(overFloor, 2),
      // For comparison: the ratio of the medians, which pairs no runs.
      readyMedianOverFloorMedian: round(median(ready) / median(figures.floor.ready), 2),
      longestTaskMs: summarize(longest, 1),
      longTasks: summarize(longTasks, 0),
    };
  }
  // Profiled rounds, in the same turning order: main-thread CPU until ready over the floor's is
  // also taken within a round.
  const profiles = Object.fromEntries(keys.map((key) => [key, []]));
  const cpuOverFloor = Object.fromEntries(keys.map((key) => [key, []]));
  for (let run = 0; run < runs; run++) {
    const loads = {};
    for (const key of keys.map((_, i) => keys[(i + run) % keys.length])) {
      const { url, isReady, widget } = pages[key];
      loads[key] = await profiledRun(browser, server, url, isReady, Boolean(widget));
    }
    for (const key of keys) {
      profiles[key].push(loads[key]);
      cpuOverFloor[key].push(loads[key].busyCpuMs / loads.floor.busyCpuMs);
    }
  }
  for (const key of keys) result[key].profile = { ...summarizeProfiles(profiles[key]), busyCpuOverFloor: summarize(cpuOverFloor[key], 2) };
  return result;
}

/**
 * The 1,000-element page through the product's proxy (bench/server.mjs): the widget's tag names
 * the proxy as its endpoint, no key in the page, with `data-sharedcount-batch` and without; beside
 * them the proxy's floor, the same page plus 100 bare fetch() calls of `{proxy}?url=`. Each load
 * gets a fresh proxy (empty cache), so every page costs the proxy its 100 upstream calls. One
 * round per run in a turning order, one round first not counted, as for the main thread; no
 * profiled rounds. Per page: ready, ready ÷ the floor of the same round, and the requests that
 * reached the proxy (single, batch, preflight) and the fake SharedCount behind it.
 */
export async function measureProxyPages(browser, server, runs, { elements = 1000, urls = 100 } = {}) {
  const query = (extra) => new URLSearchParams({ elements, urls, prefix: 'proxy', via: 'proxy', ...extra });
  const pages = {
    floor: { url: `${server.site}pages/floor.html?${query()}`, isReady: floorReady },
    batch: { url: `${server.site}pages/counts.html?${query({ batch: 1 })}`, isReady: allReady, widget: true },
    single: { url: `${server.site}pages/counts.html?${query()}`, isReady: allReady, widget: true },
  };
  const keys = Object.keys(pages);
  const series = ['ready', 'overFloor', 'requests', 'single', 'batchRequests', 'preflight', 'upstream', 'jsonpFile'];
  const figures = Object.fromEntries(keys.map((key) => [key, Object.fromEntries(series.map((name) => [name, []]))]));
  for (let run = -1; run < runs; run++) {
    const order = keys.map((_, i) => keys[(i + run + 1) % keys.length]);
    const loads = {};
    for (const key of order) {
      const { url, isReady, widget } = pages[key];
      server.resetProxy();
      server.resetRequests();
      server.resetServed();
      loads[key] = await inFreshContext(browser, async (page) => {
        await (widget ? open(page, url) : page.goto(url));
        await isReady(page);
        const figure = await readyFigures(page);
        const { single, batch, preflight, other } = server.proxyRequests;
        return {
          ...figure,
          requests: single + batch + preflight + other,
          single,
          batchRequests: batch,
          preflight,
          upstream: server.requests.counts,
          jsonpFile: server.served.filter((path) => path.endsWith(JSONP_FILE)).length,
        };
      });
    }
    if (run < 0) continue;
    for (const key of keys) {
      for (const name of series) if (name !== 'ready' && name !== 'overFloor') figures[key][name].push(loads[key][name]);
      figures[key].ready.push(loads[key].readyAt);
      figures[key].overFloor.push(loads[key].readyAt / loads.floor.readyAt);
    }
  }
  const result = { elements, urls };
  for (const key of keys) {
    const f = figures[key];
    result[key] = {
      page: { floor: 'the page + 100 bare fetch() of {proxy}?url=', batch: 'data-sharedcount-batch', single: 'without batch' }[key],
      readyMs: summarize(f.ready, 1),
      readyOverFloor: summarize(f.overFloor, 2),
      readyMedianOverFloorMedian: round(median(f.ready) / median(figures.floor.ready), 2),
      requests: summarize(f.requests, 0),
      single: summarize(f.single, 0),
      batch: summarize(f.batchRequests, 0),
      preflight: summarize(f.preflight, 0),
      upstream: summarize(f.upstream, 0),
      jsonpFile: summarize(f.jsonpFile, 0),
    };
  }
  return result;
}

/** The file the script-tag builds load from beside themselves when a request needs JSONP. */
export const JSONP_FILE = 'share-count-widgets.jsonp.js';

/**
 * The script files a counts page downloads (the HTML page itself not counted): 100
 * `<share-count>` over 10 URLs, empty profile, its counts over CORS from the fake SharedCount;
 * and the same page against the fake's `/nocors/` path, where CORS fails and every count comes by
 * JSONP. Per run and page, the `/dist/` paths the site served until the page was ready and quiet,
 * and the count requests and JSONP file loads. `weigh(path)`: `{ raw, gzip, brotli }` of a file of dist/.
 */
export async function measureDownloads(browser, server, runs, weigh, { elements = 100, urls = 10 } = {}) {
  const pages = { cors: {}, corsFails: { via: 'nocors' } };
  const result = { elements, urls };
  for (const [key, extra] of Object.entries(pages)) {
    const lists = [];
    const jsonpFile = [];
    const jsonpCalls = [];
    for (let run = 0; run < runs; run++) {
      server.resetServed();
      server.resetRequests();
      await inFreshContext(browser, async (page) => {
        await open(page, countsPage(server, { elements, urls, prefix: `downloads-${key}`, ...extra }));
        await allReady(page);
        await settle(page);
      });
      lists.push([...server.served]);
      jsonpFile.push(server.served.filter((path) => path.endsWith(JSONP_FILE)).length);
      jsonpCalls.push(server.requests.jsonp);
    }
    // The files of the first run (the same in every run unless `sameFiles` says otherwise), weighed.
    const files = lists[0].map((path) => ({ path, ...weigh(path.slice('/dist/'.length)) }));
    const total = (size) => files.reduce((sum, file) => sum + file[size], 0);
    result[key] = {
      files,
      sameFiles: lists.every((list) => list.join() === lists[0].join()),
      raw: total('raw'),
      gzip: total('gzip'),
      brotli: total('brotli'),
      jsonpFile: summarize(jsonpFile, 0),
      jsonpRequests: summarize(jsonpCalls, 0),
    };
  }
  return result;
}

/**
 * The article: 50 counts (one URL each) in about 5,000 words of running text, script tag at the
 * end of <body>, empty profile. Per run, a timed load (ready time, long tasks) and a profiled one
 * (the widget's script time, tasks from the trace). One timed run first, not counted.
 */
export async function measureArticle(browser, server, runs, { counts = 50, paragraphs = 60 } = {}) {
  const url = `${server.site}pages/article.html?${new URLSearchParams({ counts, paragraphs, prefix: 'article' })}`;
  const ready = [];
  const longest = [];
  const longTasks = [];
  const profiles = [];
  for (let run = -1; run < runs; run++) {
    const figure = await inFreshContext(browser, async (page) => {
      await open(page, url);
      await allReady(page);
      return readyFigures(page);
    });
    if (run < 0) continue;
    ready.push(figure.readyAt);
    longest.push(figure.longest);
    longTasks.push(figure.longTasks);
    profiles.push(await profiledRun(browser, server, url, allReady));
  }
  return {
    counts,
    paragraphs,
    readyMs: summarize(ready, 1),
    longestTaskMs: summarize(longest, 1),
    longTasks: summarize(longTasks, 0),
    profile: summarizeProfiles(profiles),
  };
}

/** The three ways of the server-rendering figure: the article as served today, and written on the server, fresh and 2 h old. */
export const SSR_WAYS = {
  browser: { query: {}, label: "rendered in the browser (today's page)" },
  fresh: { query: { ssr: '' }, label: 'server-rendered, answer fresh (age 0)' },
  stale: { query: { ssr: '', age: 2 * 60 * 60 * 1000 }, label: 'server-rendered, answer stale (age 2 h)' },
};

/**
 * The article of `measureArticle` (50 counts, one URL each, script tag at the end of <body>) three
 * ways, each in a fresh context: as the browser renders it today; every `<share-count>` written on
 * the bench server by dist/ssr.js with the fake SharedCount's answer for its URL, fresh; and the
 * same with an answer 2 h old, which the elements ask for again. One round per run, the order
 * turning, one round first not counted. Per load: the requests reaching the fake SharedCount once
 * the network was quiet for 500 ms (exact); first contentful paint; `shownAt`, the first frame at
 * which all 50 show a number, upgraded or not; `readyAt`, the last `share-count-load`, fired once
 * the script has upgraded an element and it shows its count (a served answer adopted, or fetched);
 * `definedAt`; the end of the last SharedCount response (resource timing), when there was one;
 * the longest task. The pages' HTML (one per way) is weighed with `weigh`.
 */
export async function measureServerRendered(browser, server, runs, weigh, { counts = 50, paragraphs = 60 } = {}) {
  const url = (way) =>
    `${server.site}pages/article.html?${new URLSearchParams({ counts, paragraphs, prefix: 'article', watch: '', ...SSR_WAYS[way].query })}`;
  const ways = Object.keys(SSR_WAYS);
  const keys = ['requests', 'fcp', 'shown', 'onScreen', 'ready', 'defined', 'lastResponse', 'longest'];
  const figures = Object.fromEntries(ways.map((way) => [way, Object.fromEntries(keys.map((key) => [key, []]))]));
  for (let run = -1; run < runs; run++) {
    for (const way of ways.map((_, i) => ways[(i + run + 1) % ways.length])) {
      const load = await inFreshContext(browser, async (page) => {
        server.resetRequests();
        await open(page, url(way));
        await allReady(page);
        const { longest } = await readyFigures(page);
        await page.waitForFunction(() => window.bench.shownAt !== undefined, { timeout: 30_000, polling: 50 });
        await settle(page);
        const requests = server.requests.counts + server.requests.jsonp + server.requests.preflight + server.requests.other;
        const times = await page.evaluate((api) => {
          const responses = performance.getEntriesByType('resource').filter((entry) => entry.name.startsWith(api));
          return {
            fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
            shown: window.bench.shownAt,
            ready: window.bench.readyAt,
            defined: window.bench.definedAt,
            lastResponse: responses.length ? Math.max(...responses.map((entry) => entry.responseEnd)) : undefined,
            errors: window.bench.errors.length,
          };
        }, server.api);
        if (times.errors) throw new Error(`share-count-error on the ${way} article`);
        // On screen: the frame that paints every count. shownAt is that frame's callbacks, before its paint;
        // when they ran before the first contentful paint (the browser did not paint that frame), the first paint is it.
        return { ...times, onScreen: Math.max(times.fcp, times.shown), requests, longest };
      });
      if (run < 0) continue;
      for (const key of keys) if (load[key] !== undefined) figures[way][key].push(load[key]);
    }
  }
  const result = { counts, paragraphs, ways: {} };
  for (const way of ways) {
    const html = weigh(await (await fetch(url(way))).text());
    const row = figures[way];
    const spread = (values, digits = 1) => (values.length ? summarize(values, digits) : null);
    result.ways[way] = {
      label: SSR_WAYS[way].label,
      htmlBytes: html,
      requests: summarize(row.requests, 0),
      fcpMs: spread(row.fcp),
      shownMs: spread(row.shown),
      onScreenMs: spread(row.onScreen),
      readyMs: spread(row.ready),
      definedMs: spread(row.defined),
      // Loads that got a SharedCount answer at all, and the end of the last one.
      lastResponseMs: spread(row.lastResponse),
      loadsWithResponses: row.lastResponse.length,
      longestTaskMs: spread(row.longest),
    };
  }
  return result;
}

/**
 * Cumulative layout shift as Web Vitals defines it: shifts (without recent input) grouped in
 * session windows (a gap of 1 s at most, 5 s long at most); the score is the largest window's sum.
 */
function cumulativeLayoutShift(shifts) {
  let largest = 0;
  let current = 0;
  let first = -Infinity;
  let last = -Infinity;
  for (const shift of shifts.filter((entry) => !entry.hadRecentInput).sort((a, b) => a.startTime - b.startTime)) {
    if (shift.startTime - last > 1000 || shift.startTime - first > 5000) {
      current = 0;
      first = shift.startTime;
    }
    current += shift.value;
    last = shift.startTime;
    largest = Math.max(largest, current);
  }
  return largest;
}

/** The viewports of the layout-shift figure: a desktop window and a phone's width. */
export const CLS_VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** The layout-shift pages: the floor (the README's rule in the page), and the page without it, as served and held. */
const CLS_PAGES = { floor: {}, bare: { bare: '' }, held: { bare: '', hold: '' } };

/**
 * Layout shift of an article with 20 counts in running text, script tag at the end of <body>,
 * SharedCount answering after 300 ms, per viewport, on three pages in each run (which goes first
 * turns by run): the floor, with the README's rule for elements not rendered yet in the page; the
 * bare page, without any CSS for the elements; and the bare page held, not painted until the
 * parser is past the script tag. CLS from a buffered `layout-shift` observer, read once every
 * count is ready and `AFTER_READY_MS` more passed (two frames at least), how many shifts there
 * were, and in how many runs the browser painted the page before the widget script had run (its
 * first frame before `definedAt`): then the bare page's elements take their width when the script
 * runs, a shift no script can avoid, which the README's rule is for.
 */
export async function measureLayoutShift(browser, server, runs, { counts = 20, paragraphs = 20 } = {}) {
  const url = (kind) =>
    `${server.site}pages/article.html?${new URLSearchParams({ counts, paragraphs, prefix: 'cls', ...CLS_PAGES[kind] })}`;
  const kinds = Object.keys(CLS_PAGES);
  const result = { counts, paragraphs, viewports: [] };
  for (const viewport of CLS_VIEWPORTS) {
    const figures = Object.fromEntries(kinds.map((kind) => [kind, { scores: [], shifts: [], paintedFirst: 0 }]));
    for (let run = 0; run < runs; run++) {
      for (const kind of kinds.map((_, i) => kinds[(i + run) % kinds.length])) {
        const { shifts, paintedFirst } = await inFreshContext(browser, async (page) => {
          await page.setViewport(viewport);
          await open(page, url(kind));
          await allReady(page);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          await pause(AFTER_READY_MS);
          return page.evaluate(() => ({ shifts: window.bench.shifts, paintedFirst: window.bench.firstFrame < window.bench.definedAt }));
        });
        figures[kind].scores.push(cumulativeLayoutShift(shifts));
        figures[kind].shifts.push(shifts.filter((entry) => !entry.hadRecentInput).length);
        if (paintedFirst) figures[kind].paintedFirst++;
      }
    }
    const summary = ({ scores, shifts, paintedFirst }) => ({ cls: summarize(scores, 4), shifts: summarize(shifts, 0), paintedFirst });
    const { floor, ...others } = figures;
    result.viewports.push({
      viewport: `${viewport.width}x${viewport.height}`,
      ...summary(floor),
      ...Object.fromEntries(Object.entries(others).map(([kind, figure]) => [kind, summary(figure)])),
    });
  }
  return result;
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
      await open(page, `${server.site}pages/jsonp.html`, { global: true });
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
        await open(page, `${server.site}pages/jsonp.html`, { global: true });
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
