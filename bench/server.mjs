// The bench's own servers, on 127.0.0.1 and random ports:
//  - the site: the bench pages, dist/ and fetch-jsonp's browser file;
//  - a fake SharedCount on a second origin, so count requests are cross-origin (CORS) as on a
//    publisher's page. It answers at once and counts what it is asked.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { articlePage, COUNTS_IIFE, countsPage, floorPage, jsonpPage } from './pages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fetchJsonpFile = fileURLToPath(import.meta.resolve('fetch-jsonp'));

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

function send(res, status, type, body) {
  res.writeHead(status, {
    'Content-Type': type,
    // The widget's own caches are what is measured: the browser's HTTP cache must not answer for the server.
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}

/**
 * Starts both servers; `/dist/` serves the directory `dist`; counts pages load `script` (a file
 * of it: the counts-only build, or the full IIFE where there is none). `requests` counts what reached the
 * fake SharedCount since the last `resetRequests()`: `counts` (GET with `url=`, JSON or JSONP),
 * `jsonp` (any GET with `callback=`), `preflight` (OPTIONS; a simple GET needs none) and `other`.
 */
export async function startServers({ dist = join(root, 'dist'), script = COUNTS_IIFE } = {}) {
  const requests = { counts: 0, jsonp: 0, preflight: 0, other: 0 };
  let api = '';

  const apiServer = createServer((req, res) => {
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
    if (callback === null) return send(res, 200, 'application/json', body);
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
      const options = {
        api,
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
      return html(floorPage({ api, kind, elements: param('elements', 1000), urls: param('urls', 100), prefix }));
    }
    if (url.pathname === '/pages/article.html') {
      return html(articlePage({ api, script, counts: param('counts', 50), paragraphs: param('paragraphs', 60), prefix }));
    }
    if (url.pathname === '/pages/jsonp.html') return html(jsonpPage({ api }));
    if (url.pathname === '/vendor/fetch-jsonp.js') return serveFile(res, fetchJsonpFile);
    if (url.pathname.startsWith('/dist/')) {
      const file = normalize(join(dist, url.pathname.slice('/dist/'.length)));
      if (file.startsWith(dist + sep)) return serveFile(res, file);
    }
    send(res, 404, 'text/plain', 'not found');
  });

  const listen = (server) =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
  api = await listen(apiServer);
  const site = await listen(siteServer);

  return {
    site,
    api,
    script,
    requests,
    resetRequests() {
      for (const key of Object.keys(requests)) requests[key] = 0;
    },
    close() {
      for (const server of [apiServer, siteServer]) server.closeAllConnections();
      return Promise.all([apiServer, siteServer].map((server) => new Promise((resolve) => server.close(resolve))));
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
