// The SharedCount proxy's figures, for `npm run bench` (bench/run.mjs) or alone: `node bench/proxy.mjs`.
// (a) The quota model: SharedCount calls in one day on a site, straight from readers' browsers
//     against through the proxy. (b) The proxy on node:http (nodeListener, dist/proxy.js) on
//     127.0.0.1 under autocannon: requests a second and p99 for cached answers, and the memory
//     held after 100,000 distinct URLs. (c) Attacks: 1,000 distinct allowed URLs a second for
//     10 s from one address and from 100, with the default budget: upstream calls spent, share
//     of 429s, and the latency of readers of cached pages meanwhile. Loopback only, every loop
//     bounded; the upstream is a `fetch` stand-in, so no request leaves the process.
import { Agent, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
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

// ---- (c) Attacks -------------------------------------------------------------------------------

/**
 * Plan sizes for "how long a daily quota lasts under attack". Assumptions for scale, chosen as
 * examples: NOT SharedCount's published plan figures. Put your own plan's daily quota here.
 */
export const EXAMPLE_DAILY_QUOTAS = [10_000, 100_000];
/** The budget's defaults (src/server/budget.ts), for the labels only: the proxy runs with its own defaults. */
const DEFAULT_BUDGET = { perClient: 60, perMinute: 600, concurrent: 8 };
/** The upstream stand-in answers after this long, as a real API would not answer at once. */
const UPSTREAM_DELAY_MS = 50;
const ATTACK = { perSecond: 1000, seconds: 10, batchEveryMs: 100 };
/** Readers of cached pages during the attack: their own address, outside the attackers' 127.0.0.1–100. */
const READERS = { address: '127.0.0.250', pages: 5, perSecond: 20 };
/** Seconds the readers run alone first, for a figure without attack. */
const QUIET_SECONDS = 2;
/** Bounds: sockets per attacking address, requests sent and not yet answered, and the wait for the last answers. */
const SOCKETS = { oneAddress: 256, perAddress: 8 };
const MAX_PENDING = 4000;
const DRAIN_MS = 12_000;
const CLIENT = 'share-count-bench-proxy-client';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** p-th percentile (nearest rank) of numbers, in ms with one decimal. */
function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))], 1);
}

/** One GET through `agent`: its status once the body is read (0: no answer), and whether a 429 said when to come back. */
function get(url, agent) {
  return new Promise((resolve) => {
    const request = httpRequest(url, { agent, timeout: DRAIN_MS }, (response) => {
      const retryAfter = response.headers['retry-after'] !== undefined;
      response.on('error', () => resolve({ status: 0 }));
      response.on('end', () => resolve({ status: response.statusCode, retryAfter }));
      response.resume();
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ status: 0 }));
    request.end();
  });
}

/** In a worker: `perSecond` distinct URLs a second, `perSecond / 10` every 100 ms, from `addresses` source addresses. */
async function attackClient({ base, addresses, sockets, name }) {
  const { perSecond, seconds, batchEveryMs } = ATTACK;
  const agents = Array.from(
    { length: addresses },
    (_, i) => new Agent({ keepAlive: true, localAddress: `127.0.0.${1 + i}`, maxSockets: sockets }),
  );
  const statuses = {};
  let sent = 0;
  let dropped = 0;
  let pending = 0;
  let noRetryAfter = 0;
  const answers = [];
  const batch = (perSecond * batchEveryMs) / 1000;
  const start = performance.now();
  const startedAt = Date.now();
  for (let tick = 0; tick < (seconds * 1000) / batchEveryMs; tick++) {
    await sleep(start + tick * batchEveryMs - performance.now());
    for (let j = 0; j < batch; j++) {
      // Bounded: past MAX_PENDING unanswered requests, the attacker skips one (counted as not sent).
      if (pending >= MAX_PENDING) {
        dropped++;
        continue;
      }
      const i = sent++;
      pending++;
      const url = `${base}?url=${encodeURIComponent(`https://www.example.com/${name}-${i}`)}`;
      answers.push(
        get(url, agents[i % addresses]).then(({ status, retryAfter }) => {
          pending--;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 429 && !retryAfter) noRetryAfter++;
        }),
      );
    }
  }
  const endedAt = Date.now();
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.race([Promise.all(answers), sleep(DRAIN_MS)]);
  for (const agent of agents) agent.destroy();
  return { sent, dropped, unanswered: pending, statuses, noRetryAfter, startedAt, endedAt, sendSeconds };
}

/** In a worker: `perSecond` requests a second, in turn for each of `pages` (cached), each one timed. */
async function readerClient({ pages, seconds }) {
  const agent = new Agent({ keepAlive: true, localAddress: READERS.address, maxSockets: 8 });
  const latencies = [];
  let non200 = 0;
  const answers = [];
  const every = 1000 / READERS.perSecond;
  const start = performance.now();
  for (let k = 0; k < READERS.perSecond * seconds; k++) {
    await sleep(start + k * every - performance.now());
    const sentAt = performance.now();
    answers.push(
      get(pages[k % pages.length], agent).then(({ status }) => {
        latencies.push(performance.now() - sentAt);
        if (status !== 200) non200++;
      }),
    );
  }
  await Promise.race([Promise.all(answers), sleep(DRAIN_MS)]);
  agent.destroy();
  return { requests: READERS.perSecond * seconds, answered: latencies.length, latencies, non200 };
}

// A client runs in a worker of its own, so that neither the proxy's thread nor the readers' clock
// pays for the attacker's work: the readers' latency is the proxy's.
if (!isMainThread && workerData?.bench === CLIENT) {
  parentPort.once('message', async ({ at }) => {
    await sleep(at - Date.now());
    parentPort.postMessage(workerData.role === 'attack' ? await attackClient(workerData) : await readerClient(workerData));
  });
  parentPort.postMessage('ready');
}

/** Starts clients in workers, all at once once every one is loaded; their results. */
async function runClients(clients) {
  const workers = clients.map((data) => new Worker(new URL(import.meta.url), { workerData: { bench: CLIENT, ...data } }));
  const next = (worker) =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    await Promise.all(workers.map(next));
    const at = Date.now() + 100;
    const results = workers.map(next);
    for (const worker of workers) worker.postMessage({ at });
    return await Promise.all(results);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** How long `quota` calls a day last at `perMinute` calls a minute: hours, capped at the whole day. */
function lasts(quota, perMinute) {
  const hours = perMinute > 0 ? quota / (perMinute * 60) : Infinity;
  return { dailyQuota: quota, hours: hours >= 24 ? 24 : round(hours, 2), wholeDay: hours >= 24 };
}

/**
 * One attack on a fresh proxy (default budget) with readers of cached pages alongside. The
 * budget counts in fixed minutes (UTC clock): a 10-s attack of 1,000 URLs a second spends a
 * minute's allowance in its first second and is refused for the rest, so the calls per
 * attacker-minute are the most spent in one budget minute (not calls × 6), unless nothing was
 * refused. A 10-s attack that crosses a minute boundary spends two minutes' allowances.
 */
async function attackScenario(dist, { addresses, name, quiet = 0 }) {
  const calls = [];
  const upstream = async () => {
    calls.push(Date.now());
    await sleep(UPSTREAM_DELAY_MS);
    return new Response(COUNTS, { headers: { 'Content-Type': 'application/json' } });
  };
  const { server, base } = await serve(dist, { fetch: upstream });
  const clients = new Set();
  server.on('connection', (socket) => clients.add(socket.remoteAddress));
  try {
    // The readers' pages, cached before anything else: one call each, from the readers' address.
    const pages = Array.from({ length: READERS.pages }, (_, i) => `${base}?url=${encodeURIComponent(`https://www.example.com/read-${i}`)}`);
    const warm = new Agent({ localAddress: READERS.address });
    const warmed = await Promise.all(pages.map((page) => get(page, warm)));
    warm.destroy();
    if (warmed.some(({ status }) => status !== 200)) throw new Error(`warming the readers' pages: ${warmed.map(({ status }) => status)}`);
    const warmCalls = calls.length;

    let quietReaders;
    if (quiet) [quietReaders] = await runClients([{ role: 'read', pages, seconds: quiet }]);
    const before = calls.length;
    clients.clear();
    const sockets = addresses === 1 ? SOCKETS.oneAddress : SOCKETS.perAddress;
    const [attack, readers] = await runClients([
      { role: 'attack', base, addresses, sockets, name },
      { role: 'read', pages, seconds: ATTACK.seconds },
    ]);
    const spent = calls.slice(before);

    // Upstream calls in each budget minute the attack touched.
    const minutes = new Map();
    for (let m = Math.floor(attack.startedAt / 60_000); m <= Math.floor(attack.endedAt / 60_000); m++) minutes.set(m, 0);
    for (const at of spent) minutes.set(Math.floor(at / 60_000), (minutes.get(Math.floor(at / 60_000)) ?? 0) + 1);
    // The readers' warm-up calls that fell in those minutes share the 600 for everyone with the attack.
    const warmUpInAttackMinutes = calls.slice(0, warmCalls).filter((at) => minutes.has(Math.floor(at / 60_000))).length;
    const refused = attack.statuses[429] ?? 0;
    const perMinute = refused ? Math.max(...minutes.values()) : round((spent.length * 60) / ATTACK.seconds, 0);
    const answered = Object.values(attack.statuses).reduce((sum, n) => sum + n, 0);
    const summary = (r) => ({
      requests: r.requests,
      answered: r.answered,
      p50Ms: percentile(r.latencies, 50),
      p99Ms: percentile(r.latencies, 99),
      maxMs: percentile(r.latencies, 100),
      non200: r.non200 + (r.requests - r.answered),
    });
    return {
      addresses,
      clientsSeen: [...clients].filter((address) => address !== READERS.address).length,
      perSecond: ATTACK.perSecond,
      seconds: ATTACK.seconds,
      sent: attack.sent,
      sendSeconds: round(attack.sendSeconds, 2),
      dropped: attack.dropped,
      unanswered: attack.unanswered,
      statuses: attack.statuses,
      share429: answered ? round(refused / answered, 4) : null,
      rateLimitedWithoutRetryAfter: attack.noRetryAfter,
      warmUpCalls: warmCalls,
      warmUpCallsInAttackMinutes: warmUpInAttackMinutes,
      upstreamCalls: spent.length,
      // What the brief's "calls × 60 / 10 s" would say: it assumes a steady rate, which a fixed-minute budget is not.
      upstreamCallsTimesSix: spent.length * (60 / ATTACK.seconds),
      budgetMinutes: minutes.size,
      callsPerBudgetMinute: [...minutes.values()],
      callsPerAttackerMinute: perMinute,
      callsPerDayIfSustained: perMinute * 1440,
      quotaLasts: EXAMPLE_DAILY_QUOTAS.map((quota) => lasts(quota, perMinute)),
      readers: summary(readers),
      ...(quietReaders && { readersWithoutAttack: summary(quietReaders) }),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Both attacks, one after the other, each on a proxy of its own (fresh budget). */
export async function measureAttacks(dist = join(root, 'dist')) {
  const oneAddress = await attackScenario(dist, { addresses: 1, name: 'attack-one', quiet: QUIET_SECONDS });
  const hundredAddresses = await attackScenario(dist, { addresses: 100, name: 'attack-hundred' });
  return {
    budget: { ...DEFAULT_BUDGET, perDay: 'none (default)' },
    upstreamDelayMs: UPSTREAM_DELAY_MS,
    readers: { pages: READERS.pages, perSecond: READERS.perSecond, address: READERS.address },
    exampleDailyQuotas: EXAMPLE_DAILY_QUOTAS,
    readersWithoutAttack: oneAddress.readersWithoutAttack,
    scenarios: [oneAddress, hundredAddresses].map(({ readersWithoutAttack: _, ...scenario }) => scenario),
  };
}

function attackReport(attack, quota) {
  const n = (value) => value.toLocaleString('en');
  const hours = ({ hours, wholeDay }) =>
    wholeDay ? 'the whole day' : hours < 1 ? `${Math.round(hours * 60)} min` : `${round(hours, 1)} h`;
  const readers = (r) => `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms (max ${r.maxMs} ms), ${r.non200} not 200 of ${n(r.requests)}`;
  const label = (s) => (s.addresses === 1 ? 'from 1 address' : `from ${s.addresses} addresses`);
  const width = Math.max(...attack.scenarios.map((s) => label(s).length)) + 1;
  const proxied = quota.proxied[0];
  const lines = [
    `SharedCount proxy under attack: ${n(ATTACK.perSecond)} distinct allowed URLs/s for ${ATTACK.seconds} s, nodeListener on 127.0.0.1, default budget ` +
      `(${attack.budget.perClient}/client/min, ${attack.budget.perMinute}/min in all, ${attack.budget.concurrent} at once, no perDay), upstream answers in ${attack.upstreamDelayMs} ms`,
    `  readers: ${attack.readers.perSecond} req/s over ${attack.readers.pages} cached pages; without attack: ${readers(attack.readersWithoutAttack)}`,
  ];
  for (const s of attack.scenarios) {
    const others = Object.entries(s.statuses)
      .filter(([status]) => status !== '429')
      .map(([status, count]) => `${n(count)} ${status === '0' ? 'no answer' : status}`)
      .join(', ');
    lines.push(
      `  ${`${label(s)}:`.padEnd(width)} ${n(s.sent)} sent in ${s.sendSeconds} s (${s.clientsSeen} client address${s.clientsSeen === 1 ? '' : 'es'} seen${s.dropped ? `, ${n(s.dropped)} not sent` : ''}), ` +
        `${round(s.share429 * 100, 1)}% answered 429${others ? ` (${others})` : ''}${s.rateLimitedWithoutRetryAfter ? `, ${s.rateLimitedWithoutRetryAfter} 429 without Retry-After` : ''}`,
      `  ${''.padEnd(width)} upstream: ${n(s.upstreamCalls)} calls in ${s.seconds} s over ${s.budgetMinutes} budget minute${s.budgetMinutes === 1 ? '' : 's'} (${s.callsPerBudgetMinute.join(' + ')}` +
        `${s.warmUpCallsInAttackMinutes ? `; + ${s.warmUpCallsInAttackMinutes} for the readers' pages just before` : ''}) ` +
        `→ ${n(s.callsPerAttackerMinute)} per attacker-minute, ${n(s.callsPerDayIfSustained)}/day if sustained (the site's own day through the proxy, ttl ${proxied.ttl / 3600} h: ${n(proxied.calls)})`,
      `  ${''.padEnd(width)} readers during the attack: ${readers(s.readers)}`,
    );
  }
  lines.push(
    `  how long a daily quota lasts, counting the attack's calls only (the site's own come on top); example plan sizes, not SharedCount's published figures:`,
  );
  attack.exampleDailyQuotas.forEach((quotaSize, i) => {
    const each = attack.scenarios.map((s) => `${label(s)} ${hours(s.quotaLasts[i])}`).join(', ');
    lines.push(`    ${n(quotaSize).padStart(7)} calls/day lasts: ${each}`);
  });
  lines.push(`  the hard cap is budget.perDay: set it below the plan's quota; past it misses get the stale answer or 429 until 00:00 UTC`);
  return lines;
}

export async function measureProxy(dist = join(root, 'dist'), { duration = 5, connections = 50 } = {}) {
  const model = quotaModel();

  const { server, base } = await serve(dist);
  const cached = `${base}?url=${encodeURIComponent('https://www.example.com/popular')}`;
  await fetch(cached).then((answer) => answer.text());
  const run = await autocannon({ url: cached, connections, duration });
  server.close();

  // 100,000 distinct URLs through one proxy holding at most maxEntries answers, straight to the handler.
  // The budget is lifted here (else 60 misses a minute are answered, the rest get 429 and nothing is
  // held): this measures the LRU, the attacks below measure the budget.
  const maxEntries = 10_000;
  const before = heap();
  const unlimited = { perClient: Number.MAX_SAFE_INTEGER, perMinute: Number.MAX_SAFE_INTEGER };
  const { proxy, server: idle } = await serve(dist, { maxEntries, budget: unlimited });
  const held = {};
  let notAnswered = 0;
  for (let i = 0; i < 100_000; i++) {
    const answer = await proxy(new Request(`http://127.0.0.1/?url=${encodeURIComponent(`https://www.example.com/post-${i}`)}`));
    if (answer.status !== 200) notAnswered++;
    await answer.arrayBuffer();
    if (i + 1 === 10_000 || i + 1 === 100_000) held[i + 1] = round(heap() - before, 1);
  }
  idle.close();

  const attack = await measureAttacks(dist);

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
    memory: { maxEntries, heapMbAfter10k: held[10_000], heapMbAfter100k: held[100_000], non200: notAnswered },
    attack,
  };
}

export function proxyReport({ quota, throughput, memory, attack }) {
  const lines = [
    '',
    `SharedCount proxy: quota model (${quota.urls.toLocaleString('en')} URLs, Zipf s=1, ${quota.views.toLocaleString('en')} views a day, 30% from readers back within the hour)`,
    `  straight from browsers (each caches 1 h): ${quota.direct.toLocaleString('en')} calls/day`,
    ...quota.proxied.map(
      ({ ttl, calls, ratio }) =>
        `  through the proxy, ttl ${ttl / 3600} h:             ${calls.toLocaleString('en')} calls/day (${ratio}× fewer)`,
    ),
    // The attacks next to the model: what a stranger can spend beside what the site's readers do.
    ...(attack ? attackReport(attack, quota) : []),
    `SharedCount proxy: nodeListener on 127.0.0.1, cached answers, ${throughput.connections} connections for ${throughput.durationSeconds} s (autocannon)`,
    `  ${throughput.requestsPerSecond.toLocaleString('en')} req/s, p50 ${throughput.latencyP50Ms} ms, p99 ${throughput.latencyP99Ms} ms, ${throughput.errors} errors`,
    `  heap held (maxEntries ${memory.maxEntries.toLocaleString('en')}): ${memory.heapMbAfter10k} MB after 10,000 distinct URLs, ${memory.heapMbAfter100k} MB after 100,000` +
      (memory.non200 ? ` (${memory.non200.toLocaleString('en')} answers not 200: the figure is not the LRU's)` : ''),
  ];
  return lines.join('\n');
}

if (isMainThread && process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureProxy();
  console.log(proxyReport(results));
}
