// npm run bench: weight, requests, downloads (CORS or not), the main thread (1,000 elements beside
// the network floor, and through the proxy with batch and without; an article, the article
// server-rendered, layout shift), the bytes server rendering added to the counts file,
// JSONP speed and leaks, ours next to the anchors,
// measured in one run on one machine so that every figure can be read as a ratio.
// Prints a table and writes bench/results.json. See bench/README.md.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLS_VIEWPORTS,
  launch,
  measureArticle,
  measureDownloads,
  measureJsonp,
  measureLayoutShift,
  measureLeaks,
  measureMainThread,
  measureProxyPages,
  measureRequests,
  measureServerRendered,
  VIEWPORT,
} from './browser.mjs';
import { COUNTS_IIFE, FULL_IIFE } from './pages.mjs';
import { measureProxy, proxyReport } from './proxy.mjs';
import { measureSsrBytes } from './ssr-bytes.mjs';
import { startServers } from './server.mjs';
import { report } from './report.mjs';
import { round } from './stats.mjs';
import { measureWeight } from './weight.mjs';
import { weigh } from '../scripts/weigh.mjs';

process.env.TZ = 'UTC';
const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1, not ${process.env.BENCH_RUNS}`);

/** Geometry of the lazy page: rows of 24 px, elements fetched within 300 px of the viewport (README). */
const ROW = 24;
const LAZY_MARGIN = 300;

const progress = (message) => process.stderr.write(`${message}\n`);

await warnIfStale();
const started = Date.now();
const load = loadavg()[0];
const dist = await snapshotDist();

progress('weight: bundling and compressing…');
const weight = await measureWeight(dist);
weight.ratios = weightRatios(weight);
const ssrBytes = await measureSsrBytes(dist, progress);

// The counts pages load the counts-only build when there is one, as a publisher showing counts would.
const script = await stat(join(dist, COUNTS_IIFE)).then(
  () => COUNTS_IIFE,
  () => FULL_IIFE,
);
progress(`counts pages load dist/${script}`);
const server = await startServers({ dist, script });
const browser = await launch();
const chromium = (await browser.version()).replace(/^\D+\//, '');
let requests, downloads, render, throughProxy, article, serverRendered, layoutShift, jsonp, leaks, proxy;
try {
  progress(`requests: ${runs} runs…`);
  requests = await measureRequests(browser, server, runs);
  progress(`downloads: ${runs} runs of a CORS page and of a CORS-failing one…`);
  downloads = await measureDownloads(browser, server, runs, (name) => weigh(readFileSync(join(dist, name))));
  progress(`main thread, 1,000 elements: ${runs} rounds (and one not counted) of 4 pages, then ${runs} profiled rounds…`);
  render = await measureMainThread(browser, server, runs);
  progress(`through the proxy, 1,000 elements: ${runs} rounds (and one not counted) of 3 pages…`);
  throughProxy = await measureProxyPages(browser, server, runs);
  progress(`main thread, article: ${runs} timed and ${runs} profiled loads…`);
  article = await measureArticle(browser, server, runs);
  progress(`server rendering, article: ${runs} rounds (and one not counted) of 3 pages…`);
  serverRendered = await measureServerRendered(browser, server, runs, weigh);
  progress(`layout shift: ${runs} runs per viewport…`);
  layoutShift = await measureLayoutShift(browser, server, runs);
  progress(`jsonp: ${runs} runs…`);
  jsonp = await measureJsonp(browser, server, runs);
  progress(`leaks: ${runs} runs per library…`);
  leaks = await measureLeaks(browser, server, runs);
  progress('proxy: quota model, autocannon, 100,000 URLs, two 10-s attacks…');
  proxy = await measureProxy(dist);
} finally {
  await browser.close();
  await server.close();
  await rm(dist, { recursive: true, force: true });
}

const results = {
  environment: {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    chromium,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    // Timings read against the machine's load: another build running alongside slows them all.
    loadAverage: round(load, 2),
    loadAverageEnd: round(loadavg()[0], 2),
    runs,
    viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
    layoutShiftViewports: CLS_VIEWPORTS.map(({ width, height }) => `${width}x${height}`),
    // The script the counts pages load (the JSONP page always loads the full IIFE).
    countsScript: `dist/${script}`,
    locale: 'en-US',
    timeZone: 'UTC',
  },
  weight,
  requests,
  downloads,
  render,
  throughProxy,
  article,
  serverRendered: { ...serverRendered, bytes: ssrBytes },
  layoutShift,
  jsonp,
  leaks,
  proxy,
  checks: checks(),
};

await writeFile(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(report(results));
console.log(proxyReport(proxy));
progress(`\nbench/results.json written (${Math.round((Date.now() - started) / 1000)} s)`);
if (results.checks.some((check) => !check.ok)) process.exitCode = 1;

/**
 * What must hold whatever the machine: one request per URL, none from cache, a page's counts in a
 * few batches, no JSONP file where CORS works, nothing left behind.
 */
function checks() {
  const before = Math.ceil((VIEWPORT.height + LAZY_MARGIN) / ROW);
  const list = [
    ['requests for 100 elements over 10 URLs', requests.page, 10],
    ['requests when the page is reloaded', requests.reload, 0],
    [`lazy requests before scrolling (rows within ${LAZY_MARGIN} px)`, requests.lazyBefore, before],
    ['lazy requests after jumping to the bottom', requests.lazyAfter, 2 * before],
    ['lazy elements showing a count, before', requests.lazyReadyBefore, before],
    ['lazy elements showing a count, after', requests.lazyReadyAfter, 2 * before],
    ['globals left by 1,000 jsonp() calls', leaks.ours.globals, 0],
    ['<script> nodes left by 1,000 jsonp() calls', leaks.ours.scripts, 0],
    ['requests to the proxy, 1,000 elements over 100 URLs, batch', throughProxy.batch.requests, '≤ 3', (n) => n <= 3],
    ['requests to the proxy, the same without batch (one per URL)', throughProxy.single.requests, throughProxy.urls],
    ['JSONP file loads, a CORS page', downloads.cors.jsonpFile, 0],
    ['JSONP file loads, the 1,000-element pages through the proxy', sum(throughProxy.batch.jsonpFile, throughProxy.single.jsonpFile), 0],
    ['JSONP file loads, a page whose CORS fails', downloads.corsFails.jsonpFile, 1],
    ['requests, the article rendered in the browser (one per count)', serverRendered.ways.browser.requests, serverRendered.counts],
    ['requests, the article server-rendered, answers fresh', serverRendered.ways.fresh.requests, 0],
    ['requests, the article server-rendered, answers 2 h old (one per count)', serverRendered.ways.stale.requests, serverRendered.counts],
  ];
  // Deterministic: the same bytes every run.
  if (ssrBytes) {
    const added = ssrBytes.added.gzip;
    list.push([
      `gzip -9 bytes server rendering added to ${ssrBytes.file} (since ${ssrBytes.base})`,
      { min: added, max: added },
      `≤ ${ssrBytes.capGzip}`,
      (n) => n <= ssrBytes.capGzip,
    ]);
  }
  // Every run must meet it, not only the median.
  return list.map(([name, figure, expected, holds = (n) => n === expected]) => ({
    name,
    expected,
    min: figure.min,
    max: figure.max,
    ok: holds(figure.min) && holds(figure.max),
  }));
}

/** Two figures' `{ min, max }` added, for a check on both. */
function sum(a, b) {
  return { min: a.min + b.min, max: a.max + b.max };
}

function weightRatios({ ours, anchors }) {
  const find = (list, name) => list.find((row) => row.name === name);
  const pairs = [
    ['share-count-widgets.iife.js', 'lit', 'the element bundle over Lit alone'],
    [COUNTS_IIFE, 'lit', 'the counts-only script over Lit alone'],
    ['share-count-widgets.iife.js', 'shariff', 'the element bundle over shariff'],
    ['share-count-widgets.iife.js', 'ilyabirman-likely', 'the element bundle over likely'],
    ['jquery.sharedcount.js', 'social-likes', 'the jQuery plugin over social-likes (both need jQuery)'],
    ['jsonp()', 'fetch-jsonp', 'our jsonp() over fetch-jsonp'],
    ['jsonp()', 'jsonp', 'our jsonp() over jsonp'],
  ];
  return pairs
    .map(([mine, theirs, label]) => [find(ours, mine), find(anchors, theirs), label])
    .filter(([mine, theirs]) => mine && theirs)
    .map(([mine, theirs, label]) => ({
      name: `${mine.name} / ${theirs.name}`,
      label,
      gzip: round(mine.gzip / theirs.gzip, 2),
      brotli: round(mine.brotli / theirs.brotli, 2),
    }));
}

/**
 * A copy of dist/ for the whole bench: `npm run build` empties dist/ before it rebuilds it, and a
 * build started alongside would otherwise change the files under measurement, or remove them.
 */
async function snapshotDist() {
  const dir = await mkdtemp(join(tmpdir(), 'share-count-bench-dist-'));
  await cp(join(root, 'dist'), dir, { recursive: true, filter: (source) => !source.endsWith('.map') && basename(source) !== 'types' });
  try {
    await stat(join(dir, 'share-count-widgets.iife.js'));
  } catch {
    await rm(dir, { recursive: true, force: true });
    throw new Error('dist/share-count-widgets.iife.js vanished while it was copied: is a build running? Try again once it ended');
  }
  return dir;
}

/** Warns when dist/ predates a source file: the bench measures dist/, not src/. */
async function warnIfStale() {
  let built;
  try {
    built = (await stat(join(root, 'dist/share-count-widgets.iife.js'))).mtimeMs;
  } catch {
    throw new Error('dist/share-count-widgets.iife.js is missing: run `npm run build` first');
  }
  const sources = await readdir(join(root, 'src'), { recursive: true });
  const newest = Math.max(...(await Promise.all(sources.map(async (name) => (await stat(join(root, 'src', name))).mtimeMs))));
  if (newest > built) progress('warning: src/ changed after dist/ was built; run `npm run build` for figures of the current source');
}
