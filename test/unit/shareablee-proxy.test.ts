// @vitest-environment node
/**
 * The Shareablee proxy in Node, between real servers on 127.0.0.1: a fake upstream that records
 * what reaches it, and the proxy mounted on node:http through nodeListener. Raw paths are sent
 * with node:http, which leaves `..` and `%2F` as written.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShareableeProxy, MAX_TTL, nodeListener } from '../../src/server/index.js';

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

async function mount(options: Partial<Parameters<typeof createShareableeProxy>[0]> = {}) {
  const proxy = createShareableeProxy({
    apiKey: 'KEY',
    secret: 'SECRET',
    upstream: `${upstreamBase}/v1.4/`,
    prefix: '/shareablee/',
    ...options,
  });
  const server = createServer(nodeListener(proxy));
  const base = await listen(server);
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

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
    send(200, { name: 'The Daily', path });
  });
  upstreamBase = await listen(upstream);
});
afterAll(() => new Promise((resolve) => upstream.close(resolve)));
beforeEach(() => (seen.length = 0));

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
    const proxy = await mount();
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => get(proxy.base, `/shareablee/user/${i + 1}/facebook/metrics/`)));
    expect(burst.every((answer) => answer.status === 200)).toBe(true);
    expect(seen).toHaveLength(50);
    const times = seen.map((request) => request.at);
    for (const at of times) expect(times.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
    await proxy.close();
  });
});
