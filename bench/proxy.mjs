// The SharedCount proxy's figures, for `npm run bench` (bench/run.mjs) or alone: `node bench/proxy.mjs`.
// (a) The quota model: SharedCount calls in one day on a site, straight from readers' browsers
//     against through the proxy. (b) The proxy on node:http (nodeListener, dist/proxy.js) on
//     127.0.0.1 under autocannon: requests a second and p99 for cached answers, and the memory
//     held after 100,000 distinct URLs. Loopback only, every loop bounded; the upstream is a
//     `fetch` stand-in, so no request leaves the process.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { round } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A small seeded generator (mulberry32): the model gives the same figures every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One day, `urls` pages whose popularity is Zipf-distributed (s = 1), `views` page views at
 * uniformly random times, each showing the count of its own page. A share `returning` of the
 * views come from a reader who viewed the same page within the last hour: the browser cache
 * (1 hour) answers those. Every other view is a reader's first in the hour: one call from the
 * browser. Through the proxy, a page costs one call per `ttl` for all readers together.
 */
export function quotaModel({ urls = 5000, views = 1_000_000, returning = 0.3, ttls = [3600, 6 * 3600], seed = 14 } = {}) {
  const next = random(seed);
  const weights = Array.from({ length: urls }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight / total));
  const pick = () => {
    const r = next();
    let low = 0;
    let high = urls - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < r) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const day = 86_400;
  const times = Array.from({ length: views }, () => next() * day).sort((a, b) => a - b);
  const lastView = new Float64Array(urls).fill(-Infinity);
  const lastCall = ttls.map(() => new Float64Array(urls).fill(-Infinity));
  const proxied = ttls.map(() => 0);
  let direct = 0;
  let returned = 0;
  for (const at of times) {
    const url = pick();
    // A returning reader comes back to a page viewed within the hour; the first view of a page has no one to return.
    const isReturn = next() < returning && at - lastView[url] < 3600;
    if (isReturn) returned++;
    else direct++;
    lastView[url] = at;
    ttls.forEach((ttl, i) => {
      if (at - lastCall[i][url] >= ttl) {
        lastCall[i][url] = at;
        proxied[i]++;
      }
    });
  }
  return {
    urls,
    views,
    returningViews: returned,
    direct,
    proxied: ttls.map((ttl, i) => ({ ttl, calls: proxied[i], ratio: round(direct / proxied[i], 1) })),
  };
}

const COUNTS =
  '{"Pinterest":9,"Facebook":{"total_count":168,"comment_count":53,"reaction_count":14,"share_count":101,"comment_plugin_count":0}}';

/** The proxy from the built package, mounted through nodeListener on 127.0.0.1. */
async function serve(dist, options = {}) {
  const { createSharedCountProxy, nodeListener } = await import(pathToFileURL(join(dist, 'proxy.js')).href);
  const proxy = createSharedCountProxy({
    apiKey: 'bench-key',
    allowHosts: ['.example.com'],
    fetch: async () => new Response(COUNTS, { headers: { 'Content-Type': 'application/json' } }),
    ...options,
  });
  const server = createServer(nodeListener(proxy));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { proxy, server, base: `http://127.0.0.1:${server.address().port}/` };
}

/** Heap in use after a full collection, in MB. */
function heap() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function measureProxy(dist = join(root, 'dist'), { duration = 5, connections = 50 } = {}) {
  const model = quotaModel();

  const { server, base } = await serve(dist);
  const cached = `${base}?url=${encodeURIComponent('https://www.example.com/popular')}`;
  await fetch(cached).then((answer) => answer.text());
  const run = await autocannon({ url: cached, connections, duration });
  server.close();

  // 100,000 distinct URLs through one proxy holding at most maxEntries answers, straight to the handler.
  const maxEntries = 10_000;
  const before = heap();
  const { proxy, server: idle } = await serve(dist, { maxEntries });
  const held = {};
  for (let i = 0; i < 100_000; i++) {
    const answer = await proxy(new Request(`http://127.0.0.1/?url=${encodeURIComponent(`https://www.example.com/post-${i}`)}`));
    await answer.arrayBuffer();
    if (i + 1 === 10_000 || i + 1 === 100_000) held[i + 1] = round(heap() - before, 1);
  }
  idle.close();

  return {
    quota: model,
    throughput: {
      connections,
      durationSeconds: duration,
      requestsPerSecond: Math.round(run.requests.average),
      latencyP99Ms: run.latency.p99,
      latencyP50Ms: run.latency.p50,
      errors: run.errors + run.non2xx,
    },
    memory: { maxEntries, heapMbAfter10k: held[10_000], heapMbAfter100k: held[100_000] },
  };
}

export function proxyReport({ quota, throughput, memory }) {
  const lines = [
    '',
    `SharedCount proxy: quota model (${quota.urls.toLocaleString('en')} URLs, Zipf s=1, ${quota.views.toLocaleString('en')} views a day, 30% from readers back within the hour)`,
    `  straight from browsers (each caches 1 h): ${quota.direct.toLocaleString('en')} calls/day`,
    ...quota.proxied.map(
      ({ ttl, calls, ratio }) =>
        `  through the proxy, ttl ${ttl / 3600} h:             ${calls.toLocaleString('en')} calls/day (${ratio}× fewer)`,
    ),
    `SharedCount proxy: nodeListener on 127.0.0.1, cached answers, ${throughput.connections} connections for ${throughput.durationSeconds} s (autocannon)`,
    `  ${throughput.requestsPerSecond.toLocaleString('en')} req/s, p50 ${throughput.latencyP50Ms} ms, p99 ${throughput.latencyP99Ms} ms, ${throughput.errors} errors`,
    `  heap held (maxEntries ${memory.maxEntries.toLocaleString('en')}): ${memory.heapMbAfter10k} MB after 10,000 distinct URLs, ${memory.heapMbAfter100k} MB after 100,000`,
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureProxy();
  console.log(proxyReport(results));
}
