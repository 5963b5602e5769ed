// The bench's own servers, on 127.0.0.1 and random ports:
//  - the site: the bench pages, dist/ and fetch-jsonp's browser file; the article's `ssr` pages
//    rendered here by dist/ssr.js with the fake SharedCount's answers;
//  - a fake SharedCount on a second origin, so count requests are cross-origin (CORS) as on a
//    publisher's page. It answers at once (the layout-shift article's pages: after 300 ms) and
//    counts what it is asked. Under `/nocors/` it answers without CORS headers, so that the
//    widget's CORS request fails and it falls back to JSONP;
//  - the product's SharedCount proxy (dist/proxy.js, `nodeListener`) on a third origin, its
//    upstream the fake SharedCount. It counts what reaches it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { articlePage, COUNTS_IIFE, countsPage, floorPage, jsonpPage } from './pages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fetchJsonpFile = fileURLToPath(import.meta.resolve('fetch-jsonp'));

/** Page URLs the fake SharedCount answers after 300 ms rather than at once: the layout-shift article's. */
const LATE = 'https://publisher.example/cls/';

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.json': 'application/json' };

/** A count between 0 and 99,999 that depends only on `text`, so every run serves the same answers. */
function countFor(text, salt) {
  let n = salt;
  for (const char of text) n = (Math.imul(n ^ char.codePointAt(0), 16777619) >>> 0) % 100_000;
  return n;
}

/** SharedCount's answer shape: a few networks, Facebook as an object. */
function answerFor(url) {
  const share = countFor(url, 1);
  const comment = countFor(url, 2) % 1000;
  const reaction = countFor(url, 3) % 5000;
  return {
    Pinterest: countFor(url, 4) % 2000,
    LinkedIn: null,
    Facebook: {
      total_count: share + comment + reaction,
      comment_count: comment,
      reaction_count: reaction,
      share_count: share,
      comment_plugin_count: 0,
    },
  };
}

function send(res, status, type, body, { cors = true } = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    // The widget's own caches are what is measured: the browser's HTTP cache must not answer for the server.
    'Cache-Control': 'no-store',
    ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
  });
  res.end(body);
}

/** The host of the bench pages' URLs (bench/pages.mjs), the one the proxy allows. */
export const PAGE_HOST = 'publisher.example';

/**
 * Starts both servers; `/dist/` serves the directory `dist`; counts pages load `script` (a file
 * of it: the counts-only build, or the full IIFE where there is none). `requests` counts what reached the
 * fake SharedCount since the last `resetRequests()`: `counts` (GET with `url=`, JSON or JSONP),
 * `jsonp` (any GET with `callback=`), `preflight` (OPTIONS; a simple GET needs none) and `other`.
 * `proxyRequests` counts what reached the proxy: `single` (`{proxy}?url=`), `batch`
 * (`{proxy}batch?url=…`), `preflight` and `other`; `resetProxy()` also gives it an empty cache and
 * a fresh budget. `served` lists the paths of the site's `/dist/` files asked for since the last
 * `resetServed()`, in order.
 */
export async function startServers({ dist = join(root, 'dist'), script = COUNTS_IIFE } = {}) {
  const requests = { counts: 0, jsonp: 0, preflight: 0, other: 0 };
  const proxyRequests = { single: 0, batch: 0, preflight: 0, other: 0 };
  const served = [];
  let api = '';

  const apiServer = createServer(async (req, res) => {
    const url = new URL(req.url, api);
    if (req.method === 'OPTIONS') {
      requests.preflight++;
      return send(res, 204, 'text/plain', '');
    }
    const page = url.searchParams.get('url');
    const callback = url.searchParams.get('callback');
    if (page !== null) requests.counts++;
    if (callback !== null) requests.jsonp++;
    if (page === null && callback === null) {
      requests.other++;
      return send(res, 404, 'application/json', '{"Error":"Not found","Type":"not_found"}');
    }
    // Any path answers, so the JSONP bench can make every URL distinct (`/jsonp?i=N`).
    const body = JSON.stringify(answerFor(page ?? url.pathname + url.search));
    // The layout-shift article's pages (/cls/) are answered after 300 ms, SharedCount's own pace.
    if (page?.startsWith(LATE)) await new Promise((resolve) => setTimeout(resolve, 300));
    // `/nocors/`: the same answers, but a page may not read them over CORS (JSONP still works).
    if (callback === null) return send(res, 200, 'application/json', body, { cors: !url.pathname.startsWith('/nocors/') });
    // Only a safe identifier is echoed back into a script.
    if (!/^[A-Za-z_$][\w$]*$/.test(callback)) return send(res, 400, 'text/plain', 'bad callback');
    send(res, 200, 'text/javascript; charset=utf-8', `${callback}(${body});`);
  });

  const siteServer = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const param = (name, fallback) => Number(url.searchParams.get(name) ?? fallback);
    const prefix = url.searchParams.get('prefix') ?? 'post';
    const html = (page) => send(res, 200, 'text/html; charset=utf-8', page);
    if (url.pathname === '/pages/counts.html') {
      // `via`: the endpoint the page's tag names: the fake SharedCount (default), its `/nocors/`
      // path, or the proxy (no key in the page then).
      const via = url.searchParams.get('via');
      const options = {
        api: via === 'proxy' ? proxy : via === 'nocors' ? `${api}nocors/` : api,
        key: via !== 'proxy',
        batch: url.searchParams.has('batch'),
        script,
        elements: param('elements', 100),
        urls: param('urls', 10),
        lazy: url.searchParams.has('lazy'),
        head: url.searchParams.has('head'),
        prefix,
      };
      return html(countsPage(options));
    }
    if (url.pathname === '/pages/floor.html' || url.pathname === '/pages/spans.html') {
      const kind = url.pathname === '/pages/spans.html' ? 'spans' : 'floor';
      const viaProxy = url.searchParams.get('via') === 'proxy';
      return html(
        floorPage({
          api: viaProxy ? proxy : api,
          key: !viaProxy,
          kind,
          elements: param('elements', 1000),
          urls: param('urls', 100),
          prefix,
        }),
      );
    }
    if (url.pathname === '/pages/article.html') {
      const [bare, hold, watch] = ['bare', 'hold', 'watch'].map((name) => url.searchParams.has(name));
      // `ssr`: every <share-count> written on this server by dist/ssr.js, with the answer this fake
      // SharedCount gives for its URL, fetched `age` ms ago (default 0: fresh).
      const at = Date.now() - param('age', 0);
      const ssr = url.searchParams.has('ssr')
        ? (page) => renderShareCount({ url: page, counts: answerFor(page), at, locale: 'en' })
        : undefined;
      return html(
        articlePage({ api, script, counts: param('counts', 50), paragraphs: param('paragraphs', 60), prefix, bare, hold, ssr, watch }),
      );
    }
    if (url.pathname === '/pages/jsonp.html') return html(jsonpPage({ api }));
    if (url.pathname === '/vendor/fetch-jsonp.js') return serveFile(res, fetchJsonpFile);
    if (url.pathname.startsWith('/dist/')) {
      served.push(url.pathname);
      const file = normalize(join(dist, url.pathname.slice('/dist/'.length)));
      if (file.startsWith(dist + sep)) return serveFile(res, file);
    }
    send(res, 404, 'text/plain', 'not found');
  });

  // The proxy as a publisher would run it, from the build under measurement. Its budget is lifted:
  // the bench's loads come from one address, faster than any reader.
  const { createSharedCountProxy, nodeListener } = await import(pathToFileURL(join(dist, 'proxy.js')).href);
  // The server renderer as a publisher's server runs it, from the same build (the article's `ssr` pages).
  const { renderShareCount } = await import(pathToFileURL(join(dist, 'ssr.js')).href);
  let proxyListener;
  const resetProxy = () => {
    proxyListener = nodeListener(
      createSharedCountProxy({
        apiKey: 'bench-key',
        endpoint: api,
        allowHosts: [PAGE_HOST],
        budget: { perClient: 100_000, perMinute: 100_000 },
        log: () => {},
      }),
    );
  };
  const proxyServer = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (req.method === 'OPTIONS') proxyRequests.preflight++;
    else if (path === '/') proxyRequests.single++;
    else if (path === '/batch') proxyRequests.batch++;
    else proxyRequests.other++;
    proxyListener(req, res);
  });

  const servers = [apiServer, siteServer, proxyServer];
  const listen = (server) =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
  api = await listen(apiServer);
  const site = await listen(siteServer);
  const proxy = await listen(proxyServer);
  resetProxy();

  return {
    site,
    api,
    proxy,
    script,
    requests,
    proxyRequests,
    served,
    resetRequests() {
      for (const key of Object.keys(requests)) requests[key] = 0;
    },
    resetProxy() {
      for (const key of Object.keys(proxyRequests)) proxyRequests[key] = 0;
      resetProxy();
    },
    resetServed() {
      served.length = 0;
    },
    close() {
      for (const server of servers) server.closeAllConnections();
      return Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

async function serveFile(res, file) {
  try {
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
  } catch {
    send(res, 404, 'text/plain', 'not found');
  }
}
