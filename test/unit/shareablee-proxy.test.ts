// @vitest-environment node
/**
 * The Shareablee proxy in Node, between real servers on 127.0.0.1: a fake upstream that records
 * what reaches it, and the proxy mounted on node:http through nodeListener. Raw paths are sent
 * with node:http, which leaves `..` and `%2F` as written. Where a test needs clients of other
 * addresses, it calls the handler itself with the context a runtime would pass.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStorage } from 'unstorage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShareableeProxy, MAX_TTL, nodeListener, type ProxyContext } from '../../src/server/index.js';
import { MAX_SHAREABLEE_ANSWER } from '../../src/server/shareablee-proxy.js';

interface Seen {
  path: string;
  authorization: string | undefined;
  at: number;
}
const seen: Seen[] = [];
let upstream: Server;
let upstreamBase = '';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** GET through node:http, path exactly as written. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    // Host, port and path apart: a URL string would be normalised, resolving `..` before sending.
    const { hostname, port } = new URL(base);
    const request = httpRequest({ hostname, port, path, method, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The proxy in front of the fake upstream, with these options over the tests' defaults. */
const proxyWith = (options: Partial<Parameters<typeof createShareableeProxy>[0]> = {}) =>
  createShareableeProxy({ apiKey: 'KEY', secret: 'SECRET', upstream: `${upstreamBase}/v1.4/`, prefix: '/shareablee/', ...options });

async function mount(options: Partial<Parameters<typeof createShareableeProxy>[0]> = {}) {
  const proxy = proxyWith(options);
  const server = createServer(nodeListener(proxy));
  const base = await listen(server);
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The proxy as a handler, in front of the same fake upstream: `ask(path, context, headers)`. */
function handler(options: Partial<Parameters<typeof createShareableeProxy>[0]> = {}) {
  const proxy = proxyWith(options);
  return (path: string, context?: ProxyContext, headers: Record<string, string> = {}) =>
    proxy(new Request(`http://proxy.test${path}`, { headers }), context);
}

const metrics = (user: number | string) => `/shareablee/user/${user}/facebook/metrics/`;
const upstreamPath = (user: number | string) => `/v1.4/user/${user}/facebook/metrics/`;
const headersOf = (response: Response) => Object.fromEntries(response.headers);
/** Lets every request under way run as far as it can without I/O: into the limiter's queue, or past it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const path = request.url ?? '';
    seen.push({ path, authorization: request.headers.authorization, at: Date.now() });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'X-Upstream-Internal': 'secret-header', ...headers });
      response.end(JSON.stringify(body));
    };
    if (path.includes('/user/401/')) return send(401, { detail: 'Invalid token' });
    if (path.includes('/user/429/')) return send(429, 'Rate limit exceeded. Please try again later.', { 'Retry-After': '3' });
    if (path.includes('/user/500/')) return send(500, { detail: 'stack trace with internals' });
    if (path.includes('/user/slow/')) return void setTimeout(() => send(200, { name: 'late' }), 1500);
    if (path.includes('/user/huge/')) return send(200, { name: 'x'.repeat(MAX_SHAREABLEE_ANSWER) });
    send(200, { name: 'The Daily', path });
  });
  upstreamBase = await listen(upstream);
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));
beforeEach(() => (seen.length = 0));
afterEach(() => vi.useRealTimers());

const AUTH = `Basic ${Buffer.from('KEY:SECRET').toString('base64')}`;

describe('Shareablee proxy', () => {
  it('forwards a documented GET to the upstream with the Basic token, and caches it for CDNs', async () => {
    const proxy = await mount({ ttl: 120 });
    const answer = await get(proxy.base, '/shareablee/user/42/facebook/metrics/?start_date=2026-10-01&end_date=2026-10-31');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      name: 'The Daily',
      path: '/v1.4/user/42/facebook/metrics/?start_date=2026-10-01&end_date=2026-10-31',
    });
    expect(answer.headers['cache-control']).toBe('public, max-age=120');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(AUTH);
    expect(answer.body + JSON.stringify(answer.headers)).not.toContain(AUTH.slice(6));
    expect(answer.headers['x-upstream-internal']).toBeUndefined();
    await proxy.close();
  });

  it('forwards only documented parameters', async () => {
    const proxy = await mount();
    await get(proxy.base, '/shareablee/user/42/cross_platform/?services=facebook,twitter&apikey=x&url=https://evil.example/');
    expect(seen[0]!.path).toBe('/v1.4/user/42/cross_platform/?services=facebook%2Ctwitter');
    const bad = await get(proxy.base, '/shareablee/user/42/facebook/metrics/?start_date=2026-10-31&end_date=2026-10-01');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/start_date must come before end_date/);
    expect(seen).toHaveLength(1);
    await proxy.close();
  });

  it('answers GET and OPTIONS only, documented endpoints only, and no path tricks', async () => {
    const proxy = await mount();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await get(proxy.base, '/shareablee/me/properties/', {}, method);
      expect([method, answer.status, answer.headers.allow]).toEqual([method, 405, 'GET, OPTIONS']);
    }
    const paths: [string, number][] = [
      ['/shareablee/admin/', 404],
      ['/shareablee/user/42/myspace/metrics/', 404],
      ['/shareablee/user/42/instagram/content/', 404],
      ['/other/user/42/facebook/metrics/', 404],
      ['/shareablee/user/42/../../me/properties/', 400],
      ['/shareablee/user/42%2F..%2F..%2Fme/facebook/metrics/', 400],
      ['/shareablee/user/%2e%2e/facebook/metrics/', 400],
      ['/shareablee//evil.example/v1.4/me/properties/', 400],
      ['/shareablee/https://evil.example/me/properties/', 400],
      ['/shareablee/user\\42/facebook/metrics/', 400],
    ];
    for (const [path, status] of paths) expect([path, (await get(proxy.base, path)).status]).toEqual([path, status]);
    expect(
      seen.map((request) => request.path),
      'nothing reached the upstream',
    ).toEqual([]);
    await proxy.close();
  });

  it('answers CORS for allowed origins only, preflight included', async () => {
    const proxy = await mount({ allowOrigins: ['https://news.example'] });
    const allowed = await get(proxy.base, '/shareablee/me/categories/', { Origin: 'https://news.example' });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example');
    const other = await get(proxy.base, '/shareablee/me/categories/', { Origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect([other.status, JSON.parse(other.body)], 'another origin: refused before any upstream call').toEqual([
      403,
      { error: 'origin not allowed' },
    ]);
    const preflight = await get(proxy.base, '/shareablee/me/categories/', { Origin: 'https://news.example' }, 'OPTIONS');
    expect([preflight.status, preflight.headers['access-control-allow-methods']]).toEqual([204, 'GET, OPTIONS']);
    expect((await get(proxy.base, '/shareablee/me/categories/', { Origin: 'https://evil.example' }, 'OPTIONS')).status).toBe(403);
    await proxy.close();
  });

  it('passes upstream 4xx messages through without the token; a 5xx, a dead or a slow upstream are 502 and 504', async () => {
    const proxy = await mount({ timeout: 300 });
    const unauthorized = await get(proxy.base, '/shareablee/user/401/facebook/metrics/');
    expect([unauthorized.status, JSON.parse(unauthorized.body)]).toEqual([401, { error: 'Invalid token' }]);
    expect(unauthorized.headers['cache-control']).toBe('no-store');
    const limited = await get(proxy.base, '/shareablee/user/429/facebook/metrics/');
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '3']);
    const broken = await get(proxy.base, '/shareablee/user/500/facebook/metrics/');
    expect(broken.status).toBe(502);
    expect(broken.body, 'no upstream internals').not.toContain('stack trace');
    expect((await get(proxy.base, '/shareablee/user/slow/facebook/metrics/')).status).toBe(504);
    await proxy.close();

    const dead = createServer();
    const deadBase = await listen(dead);
    await new Promise((resolve) => dead.close(resolve));
    const orphan = await mount({ upstream: `${deadBase}/v1.4/` });
    expect((await get(orphan.base, '/shareablee/me/properties/')).status).toBe(502);
    await orphan.close();
  });

  it('caches answers (TTL capped at 60 days) and shares concurrent identical requests', async () => {
    const proxy = await mount({ ttl: 10 ** 9 });
    const path = '/shareablee/category/7/facebook/metrics/';
    const [a, b, c] = await Promise.all([get(proxy.base, path), get(proxy.base, path), get(proxy.base, path)]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(seen, 'one upstream call for three at once').toHaveLength(1);
    const later = await get(proxy.base, path);
    expect(later.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(a.headers['cache-control']).toBe(`public, max-age=${MAX_TTL}`);
    await proxy.close();
  });

  it('warns when the upstream is http, since the credentials would cross the network in clear', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createShareableeProxy({ apiKey: 'k', secret: 's', upstream: 'http://api.shareablee.com/v1.4/' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('in clear'));
    warn.mockRestore();
    expect(() => createShareableeProxy({ apiKey: '', secret: 's' })).toThrow(TypeError);
  });

  it('lets a burst of 50 requests reach the upstream at no more than 5 a second', { timeout: 20_000 }, async () => {
    // A queue for all of them: the default (25 at 5 a second) would turn the last 20 away with 503.
    const proxy = await mount({ maxQueue: 50 });
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => get(proxy.base, `/shareablee/user/${i + 1}/facebook/metrics/`)));
    expect(burst.every((answer) => answer.status === 200)).toBe(true);
    expect(seen).toHaveLength(50);
    const times = seen.map((request) => request.at);
    for (const at of times) expect(times.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
    await proxy.close();
  });

  it('checks maxQueue, budget and trustProxy at creation, with a TypeError naming the option', () => {
    const thrown = (options: Partial<Parameters<typeof createShareableeProxy>[0]>) => {
      try {
        createShareableeProxy({ apiKey: 'k', secret: 's', upstream: 'https://api.test/v1.4/', log: () => {}, ...options });
      } catch (error) {
        return [(error as Error).constructor.name, (error as Error).message];
      }
      return undefined;
    };
    expect(thrown({ maxQueue: -1 })).toEqual(['TypeError', 'maxQueue must be a whole number, 0 or more']);
    expect(thrown({ maxQueue: 2.5 })).toEqual(['TypeError', 'maxQueue must be a whole number, 0 or more']);
    expect(thrown({ budget: { perClient: 0 } })).toEqual(['TypeError', 'budget.perClient must be a whole number, 1 or more']);
    expect(thrown({ trustProxy: -1 })).toEqual([
      'TypeError',
      'trustProxy must be true, false or the number of proxies of your own in front of this one',
    ]);
    expect(thrown({ maxQueue: 0, budget: { perClient: 1, perMinute: 10, perDay: 100 }, trustProxy: 2 })).toBeUndefined();
  });
});

/** The headers of a refusal that says when to come back: never cached, the retry in seconds. */
const refusalHeaders = (retryAfter: string) => ({
  'cache-control': 'no-store',
  'content-type': 'application/json; charset=utf-8',
  'retry-after': retryAfter,
  vary: 'Origin',
  'x-content-type-options': 'nosniff',
});

describe('Shareablee proxy: what a stranger can make it spend', () => {
  it(
    '100 abandoned requests, then a reader answered within 2 s, and at most the queue bound reached the upstream',
    { timeout: 15_000 },
    async () => {
      // A budget the 100 stay within: what stops them here is the bounded queue and their going.
      const proxy = await mount({ budget: { perClient: 1000 } });
      const { hostname, port } = new URL(proxy.base);
      const statuses: number[] = [];
      const abandoned = Array.from({ length: 100 }, (_, i) => {
        const request = httpRequest({ hostname, port, path: metrics(1000 + i), agent: false }, (response) => {
          statuses.push(response.statusCode ?? 0);
          response.resume();
        });
        request.on('error', () => {});
        request.end();
        return request;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const request of abandoned) request.destroy();

      const sent = Date.now();
      const reader = await get(proxy.base, metrics(1));
      const took = Date.now() - sent;
      expect([reader.status, JSON.parse(reader.body)]).toEqual([200, { name: 'The Daily', path: upstreamPath(1) }]);
      expect(took, 'a bound, not a benchmark').toBeLessThan(2000);

      // The limiter lets 5 start per 1.2 s window (5 a second and its 20% margin); all 100 came and
      // went within 300 ms, inside the first window. So at most those 5 reached the upstream; 25
      // more (the default maxQueue at 5 a second) waited for their turn and left the queue when
      // their clients hung up, and the other 70 were turned away at once.
      const reached = seen.filter((request) => request.path !== upstreamPath(1));
      expect(reached.length).toBeLessThanOrEqual(5);
      expect(seen.filter((request) => request.path === upstreamPath(1))).toHaveLength(1);
      expect(statuses.sort(), 'the 25 that left the queue were never answered').toEqual([
        ...Array<number>(reached.length).fill(200),
        ...Array<number>(70).fill(503),
      ]);
      await proxy.close();
    },
  );

  it('answers a miss beyond a full queue 503 with Retry-After and asks nothing; a request joining a queued call waits for it', async () => {
    // One start per 1.2 s, and one call waiting at most.
    const ask = handler({ requestsPerSecond: 1, maxQueue: 1 });
    const first = ask(metrics(1));
    await settle();
    const second = ask(metrics(2));
    await settle();

    const full = await ask(metrics(3));
    expect(full.status).toBe(503);
    // A caller arriving now would start in the third window: 2.4 s after the first, less the few ms gone.
    expect(headersOf(full)).toEqual(refusalHeaders('3'));
    expect(await full.json()).toEqual({ error: 'too many requests waiting for Shareablee; try again in 3 s' });

    // The same URL as the call waiting: no new call, so no place in the queue needed.
    const joined = ask(metrics(2));
    const answers = await Promise.all([first, second, joined]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(seen.map((request) => request.path)).toEqual([upstreamPath(1), upstreamPath(2)]);
  });

  it("spends nothing of a client's budget on a request refused for a full queue", async () => {
    const ask = handler({ requestsPerSecond: 1, maxQueue: 1, budget: { perClient: 3 } });
    const one: ProxyContext = { remoteAddr: { hostname: '203.0.113.9' } };
    const first = ask(metrics(1), one);
    await settle();
    const second = ask(metrics(2), one);
    await settle();
    for (const user of [3, 4, 5]) expect((await ask(metrics(user), one)).status, 'queue full').toBe(503);
    expect((await Promise.all([first, second])).map((answer) => answer.status)).toEqual([200, 200]);
    // Two misses spent, three refused for the queue: the third miss still has its place in the budget.
    expect((await ask(metrics(6), one)).status).toBe(200);
    expect(seen.map((request) => request.path)).toEqual([upstreamPath(1), upstreamPath(2), upstreamPath(6)]);
  });

  it('spends a per-client budget on misses only, by the address the runtime reports, not X-Forwarded-For', async () => {
    // The clock stopped 30 s into a minute: the budget's window ends 30 s later.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-10-01T12:00:30Z'));
    const ask = handler({ budget: { perClient: 3 } });
    const one: ProxyContext = { remoteAddr: { hostname: '203.0.113.1' } };
    const two: ProxyContext = { remoteAddr: { hostname: '203.0.113.2' } };
    for (const user of [1, 2, 3]) expect((await ask(metrics(user), one)).status).toBe(200);

    const refused = await ask(metrics(4), one);
    expect(refused.status).toBe(429);
    expect(headersOf(refused)).toEqual(refusalHeaders('30'));
    expect(await refused.json()).toEqual({ error: 'too many uncached requests; try again in 30 s' });
    // Without trustProxy, a header the client sets picks no bucket of its own.
    const spoofed = await ask(metrics(5), one, { 'X-Forwarded-For': '198.51.100.7' });
    expect([spoofed.status, spoofed.headers.get('retry-after')]).toEqual([429, '30']);

    expect((await ask(metrics(4), two)).status, 'another client has its own budget').toBe(200);
    expect((await ask(metrics(1), one)).status, 'a cached answer costs nothing').toBe(200);
    expect(seen.map((request) => request.path)).toEqual([upstreamPath(1), upstreamPath(2), upstreamPath(3), upstreamPath(4)]);
  });

  it('spends once for identical requests at once, also while a shared store is slow to answer', async () => {
    const slow = createStorage();
    const getItem = slow.getItem.bind(slow);
    slow.getItem = (async (key: string) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return getItem(key);
    }) as typeof slow.getItem;
    const ask = handler({ store: slow, budget: { perClient: 1 } });
    const one: ProxyContext = { remoteAddr: { hostname: '203.0.113.1' } };
    const five = await Promise.all(Array.from({ length: 5 }, () => ask(metrics(1), one)));
    expect(five.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(seen.map((request) => request.path)).toEqual([upstreamPath(1)]);
    expect((await ask(metrics(2), one)).status, 'the one call spent the budget of 1').toBe(429);
    expect(seen).toHaveLength(1);
  });

  it('answers 502 for an upstream answer over MAX_SHAREABLEE_ANSWER bytes, and does not cache it', async () => {
    const proxy = await mount();
    for (const attempt of [1, 2]) {
      const answer = await get(proxy.base, metrics('huge'));
      expect([attempt, answer.status, JSON.parse(answer.body)]).toEqual([
        attempt,
        502,
        { error: `Shareablee answered more than ${MAX_SHAREABLEE_ANSWER} bytes` },
      ]);
    }
    expect(
      seen.map((request) => request.path),
      'asked again: nothing was cached',
    ).toEqual([upstreamPath('huge'), upstreamPath('huge')]);
    await proxy.close();
  });
});
