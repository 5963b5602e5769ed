// @vitest-environment node
/**
 * The SharedCount proxy as a handler: requests in, answers out, and a fake upstream (the `fetch`
 * option) that records every URL the proxy asks for. The wire tests on every runtime are in
 * test/runtimes/; the Node adapter's own tests in node-listener.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSharedCountProxy, type ProxyStore, type SharedCountProxyOptions } from '../../src/server/index.js';

const KEY = 'sc-secret-key-123';
const API = 'https://api.sharedcount.com/v1.1/';
const COUNTS =
  '{"Pinterest":9,"Facebook":{"total_count":168,"comment_count":53,"reaction_count":14,"share_count":101,"comment_plugin_count":0}}';
const QUOTA = { Error: 'Free API quota exceeded. Quota will reset tomorrow.', Type: 'quota_exceeded' };

type Reply = (page: string, signal: AbortSignal) => Response | Promise<Response>;
const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A proxy at /api/sharedcount/ in front of a fake SharedCount; `calls` lists every upstream URL. */
function setup(options: Partial<SharedCountProxyOptions> = {}, reply: Reply = () => json(COUNTS)) {
  const calls: string[] = [];
  const state = { reply };
  const proxy = createSharedCountProxy({
    apiKey: KEY,
    allowHosts: ['example.com', '.news.example'],
    prefix: '/api/sharedcount/',
    fetch: async (input, init) => {
      const url = String(input);
      calls.push(url);
      return state.reply(new URL(url).searchParams.get('url') ?? '', init!.signal!);
    },
    ...options,
  });
  const ask = (query: string, init: RequestInit = {}) => proxy(new Request(`https://publisher.example/api/sharedcount/${query}`, init));
  const count = (page: string, init: RequestInit = {}) => ask(`?url=${encodeURIComponent(page)}`, init);
  return { proxy, calls, ask, count, state };
}

const upstreamUrl = (page: string) => `${API}?url=${encodeURIComponent(page)}&apikey=${KEY}`;
const hang: Reply = (_page, signal) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
const headersOf = (response: Response) => Object.fromEntries(response.headers);

afterEach(() => vi.useRealTimers());

describe('SharedCount proxy: answers', () => {
  it('asks SharedCount with the key and answers its JSON unchanged, cacheable by a CDN, the key nowhere', async () => {
    const { count, calls } = setup();
    const answer = await count('https://example.com/post?id=1');
    expect(calls).toEqual([upstreamUrl('https://example.com/post?id=1')]);
    expect(answer.status).toBe(200);
    const body = await answer.text();
    expect(body).toBe(COUNTS);
    expect(headersOf(answer)).toEqual({
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=86400',
      'content-type': 'application/json; charset=utf-8',
      etag: expect.stringMatching(/^"[0-9a-z]+-[0-9a-z]+"$/),
      'x-content-type-options': 'nosniff',
    });
    expect(body + JSON.stringify(headersOf(answer))).not.toContain(KEY);
  });

  it('never forwards a key or other parameters the page sent', async () => {
    const { ask, calls } = setup();
    await ask(`?url=${encodeURIComponent('https://example.com/')}&apikey=someone-elses&force=1`);
    expect(calls).toEqual([upstreamUrl('https://example.com/')]);
  });

  it('answers HEAD with the same headers and no body, from the same cache', async () => {
    const { count, calls } = setup();
    const head = await count('https://example.com/', { method: 'HEAD' });
    expect([head.status, await head.text(), head.headers.get('content-type')]).toEqual([200, '', 'application/json; charset=utf-8']);
    expect(head.headers.get('cache-control')).toContain('max-age=3600');
    expect(await (await count('https://example.com/')).text()).toBe(COUNTS);
    expect(calls).toHaveLength(1);
  });

  it('wraps the answer as JSONP with callback=, and errors with HTTP 200 as SharedCount does', async () => {
    const { ask, calls } = setup();
    const page = encodeURIComponent('https://example.com/');
    const answer = await ask(`?url=${page}&callback=sc_https3A2F2Fexamplecom2F`);
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await answer.text()).toBe(`/**/sc_https3A2F2Fexamplecom2F(${COUNTS});`);
    const refused = await ask(`?url=${encodeURIComponent('https://evil.example/')}&callback=cb$1`);
    expect([refused.status, await refused.text()]).toEqual([
      200,
      '/**/cb$1({"Error":"This proxy does not count pages of that domain.","Type":"domain_not_allowed"});',
    ]);
    for (const callback of ['alert(1)', 'a.b', 'x;y', '']) {
      const bad = await ask(`?url=${page}&callback=${encodeURIComponent(callback)}`);
      expect([callback, bad.status, (await bad.json()).Type]).toEqual([callback, 400, 'invalid_callback']);
    }
    expect(calls).toHaveLength(1);
  });

  it('gives an ETag and answers 304 to If-None-Match, for JSON and JSONP apart', async () => {
    const { count, ask } = setup();
    const first = await count('https://example.com/');
    const etag = first.headers.get('etag')!;
    const again = await count('https://example.com/', { headers: { 'If-None-Match': etag } });
    expect([again.status, await again.text(), again.headers.get('etag')]).toEqual([304, '', etag]);
    expect(again.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect((await count('https://example.com/', { headers: { 'If-None-Match': `W/${etag}, "other"` } })).status).toBe(304);
    expect((await count('https://example.com/', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
    const jsonp = await ask(`?url=${encodeURIComponent('https://example.com/')}&callback=cb`, { headers: { 'If-None-Match': etag } });
    expect(jsonp.status, 'another body, another tag').toBe(200);
  });

  it("answers every origin with '*' by default, and only the listed ones, with Vary: Origin, when given a list: others get 403 and cost nothing", async () => {
    const open = setup();
    const anyone = await open.count('https://example.com/', { headers: { Origin: 'https://anyone.example' } });
    expect([anyone.headers.get('access-control-allow-origin'), anyone.headers.get('vary')]).toEqual(['*', null]);

    const { count, ask, calls } = setup({ allowOrigins: ['https://news.example'] });
    const other = await count('https://example.com/other', { headers: { Origin: 'https://evil.example' } });
    expect([other.status, other.headers.get('access-control-allow-origin'), other.headers.get('vary')]).toEqual([403, null, 'Origin']);
    expect(await other.json()).toEqual({ Error: 'This proxy does not answer pages of that origin.', Type: 'origin_not_allowed' });
    expect(calls, 'no upstream call for an unlisted origin').toEqual([]);
    const allowed = await count('https://example.com/', { headers: { Origin: 'https://news.example' } });
    expect([allowed.headers.get('access-control-allow-origin'), allowed.headers.get('vary')]).toEqual(['https://news.example', 'Origin']);
    // JSONP and servers send no Origin: answered (the budget is what protects the quota).
    expect((await count('https://example.com/')).status).toBe(200);
    expect(calls).toEqual([upstreamUrl('https://example.com/')]);
    const preflight = await ask('', { method: 'OPTIONS', headers: { Origin: 'https://news.example' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect((await ask('', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('answers 404 for other paths and 405 for other methods, in SharedCount’s error shape', async () => {
    const { proxy, count, calls } = setup();
    for (const path of ['/api/sharedcount', '/api/sharedcount/quota', '/api/sharedcount/bulk', '/', '/api/sharedcount/../']) {
      const answer = await proxy(new Request(`https://publisher.example${path}?url=https%3A%2F%2Fexample.com%2F`));
      expect([path, answer.status, (await answer.json()).Type]).toEqual([path, 404, 'not_found']);
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await count('https://example.com/', { method });
      expect([method, answer.status, answer.headers.get('allow'), (await answer.json()).Type]).toEqual([
        method,
        405,
        'GET, HEAD, OPTIONS',
        'method_not_allowed',
      ]);
    }
    expect(calls).toEqual([]);
  });
});

describe('SharedCount proxy: which URLs', () => {
  it("takes 'example.com' as that host only and '.news.example' as it and every subdomain", async () => {
    const { count, calls } = setup();
    const status = async (page: string) => (await count(page)).status;
    expect(await status('https://example.com/')).toBe(200);
    expect(await status('http://example.com/a')).toBe(200);
    expect(await status('https://EXAMPLE.com/b')).toBe(200);
    expect(await status('https://example.com:443/d')).toBe(200);
    expect(await status('https://example.com:8443/c'), 'a port not in allowHosts').toBe(403);
    expect(await status('https://www.example.com/')).toBe(403);
    expect(await status('https://news.example/')).toBe(200);
    expect(await status('https://www.news.example/')).toBe(200);
    expect(await status('https://a.b.news.example/')).toBe(200);
    expect(await status('https://badnews.example/')).toBe(403);
    expect(calls).toHaveLength(7);
  });

  const hostile: [string, string, number, string][] = [
    ['javascript: URL', 'javascript:alert(document.domain)//https://example.com/', 400, 'invalid_url'],
    ['data: URL', 'data:text/html,https://example.com/', 400, 'invalid_url'],
    ['credentials in the URL', 'https://user:pass@example.com/', 400, 'invalid_url'],
    ['an allowed host as the user name', 'https://example.com@evil.example/', 400, 'invalid_url'],
    ['a backslash before @', 'https://evil.example\\@example.com/', 400, 'invalid_url'],
    ['an IDN look-alike, as written (Cyrillic е)', 'https://\u0435xample.com/', 400, 'invalid_url'],
    ['an IDN look-alike, punycoded', 'https://xn--xample-2of.com/', 403, 'domain_not_allowed'],
    ['a fullwidth look-alike, which the URL parser would fold to ASCII', 'https://ｅxample.com/', 400, 'invalid_url'],
    ['a host with a space', 'https://exa mple.com/', 400, 'invalid_url'],
    ['a host percent-encoded', 'https://exa%6dple.com/', 400, 'invalid_url'],
    ['an allowed host as a prefix', 'https://example.com.evil.net/', 403, 'domain_not_allowed'],
    ['an allowed host as a suffix without a dot', 'https://evilexample.com/', 403, 'domain_not_allowed'],
    ['the fragment naming the allowed host', 'https://evil.example#@example.com/', 403, 'domain_not_allowed'],
    ['a 10,000-character URL', `https://example.com/${'a'.repeat(10_000 - 20)}`, 400, 'invalid_url'],
    ['a relative URL', '/post', 400, 'invalid_url'],
    ['a scheme-relative URL', '//example.com/', 400, 'invalid_url'],
    ['ftp', 'ftp://example.com/', 400, 'invalid_url'],
    ['a line break', 'https://example.com/\nX-Injected: 1', 400, 'invalid_url'],
    ['an IP address', 'https://127.0.0.1/', 403, 'domain_not_allowed'],
  ];
  for (const [what, page, status, type] of hostile) {
    it(`refuses ${what} with ${status} ${type}, and asks SharedCount nothing`, async () => {
      const { count, calls } = setup();
      const answer = await count(page);
      expect(answer.status).toBe(status);
      expect(await answer.json()).toEqual({ Error: expect.any(String), Type: type });
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(calls).toEqual([]);
    });
  }

  it('refuses a missing url, an empty one and two of them', async () => {
    const { ask, calls } = setup();
    for (const query of [
      '',
      '?url=',
      `?url=${encodeURIComponent('https://example.com/')}&url=${encodeURIComponent('https://example.com/')}`,
    ]) {
      const answer = await ask(query);
      expect([query, answer.status, await answer.json()]).toEqual([query, 400, { Error: 'Not a valid URL.', Type: 'invalid_url' }]);
    }
    expect(calls).toEqual([]);
  });

  it('keeps the exact form of the URL (it changes the counts): a path with spaces and accents is sent as given', async () => {
    const { count, calls } = setup();
    const page = 'https://example.com/a b/é?x=1&y=%20';
    expect((await count(page)).status).toBe(200);
    expect(calls).toEqual([upstreamUrl(page)]);
  });

  it('checks the host before looking in any cache: a refused host never reaches the store', async () => {
    const getItem = vi.fn(async (_key: string) => null);
    const store: ProxyStore = { getItem, setItem: vi.fn(async () => {}) };
    const { count } = setup({ store });
    expect((await count('https://example.com.evil.net/')).status).toBe(403);
    expect((await count('javascript:alert(1)')).status).toBe(400);
    expect(getItem).not.toHaveBeenCalled();
    await count('https://example.com/');
    // The answer's entry, then the shared budget's counts (the day's is not read: no perDay).
    const keys = getItem.mock.calls.map(([key]) => key.replace(/[0-9a-f]{64}/, 'H').replace(/\d+/, 'N'));
    expect(keys).toEqual([
      'share-count-widgets:sharedcount:H',
      'share-count-widgets:sharedcount:budget:mN',
      'share-count-widgets:sharedcount:budget:mN:H',
    ]);
  });
});

describe('SharedCount proxy: one upstream call per URL per ttl', () => {
  it('makes one call for 5 identical requests at once, and none for a repeat', async () => {
    const { count, calls } = setup({}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return json(COUNTS);
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => count('https://example.com/')));
    expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual(Array(5).fill(COUNTS));
    expect(calls).toHaveLength(1);
    await count('https://example.com/');
    expect(calls).toHaveLength(1);
  });

  it('counts down max-age, serves a stale answer at once while refreshing it in the background, then the new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls, state } = setup({ ttl: 600, staleTtl: 3600 });
    await count('https://example.com/');
    vi.setSystemTime(Date.now() + 100_000);
    expect((await count('https://example.com/')).headers.get('cache-control')).toBe(
      'public, max-age=500, s-maxage=500, stale-while-revalidate=3600, stale-if-error=3600',
    );
    vi.setSystemTime(Date.now() + 600_000);
    state.reply = () => json('{"Pinterest":10}');
    const answer = await count('https://example.com/');
    expect([answer.status, answer.headers.get('x-share-count-stale'), await answer.text()]).toEqual([200, 'revalidating', COUNTS]);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=0, stale-while-revalidate=3600, stale-if-error=3600');
    await vi.waitFor(async () => expect(await (await count('https://example.com/')).text()).toBe('{"Pinterest":10}'));
    expect(calls).toHaveLength(2);
  });

  it('hands the background refresh to the runtime (Workers: ctx.waitUntil)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { proxy, calls } = setup({ ttl: 60 });
    const request = () => new Request(`https://publisher.example/api/sharedcount/?url=${encodeURIComponent('https://example.com/')}`);
    await proxy(request());
    vi.setSystemTime(Date.now() + 61_000);
    const kept: Promise<unknown>[] = [];
    const answer = await proxy(request(), { waitUntil: (promise) => void kept.push(promise) });
    expect(answer.headers.get('x-share-count-stale')).toBe('revalidating');
    expect(kept.length).toBeGreaterThanOrEqual(1);
    await Promise.all(kept);
    expect(calls).toHaveLength(2);
  });

  it('forgets answers older than ttl + staleTtl', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls } = setup({ ttl: 60, staleTtl: 60 });
    await count('https://example.com/');
    vi.setSystemTime(Date.now() + 121_000);
    const answer = await count('https://example.com/');
    expect([answer.headers.get('x-share-count-stale'), calls.length]).toEqual([null, 2]);
  });

  it('keeps at most maxEntries answers in memory, the least recently used going first', async () => {
    const { count, calls } = setup({ maxEntries: 2 });
    await count('https://example.com/a');
    await count('https://example.com/b');
    await count('https://example.com/a'); // a is now the most recent
    await count('https://example.com/c'); // b goes
    expect(calls).toHaveLength(3);
    await count('https://example.com/a');
    expect(calls).toHaveLength(3);
    await count('https://example.com/b');
    expect(calls.at(-1)).toBe(upstreamUrl('https://example.com/b'));
    expect(calls).toHaveLength(4);
  });
});

describe('SharedCount proxy: when SharedCount fails', () => {
  it('passes SharedCount’s own errors on: invalid_url 400 with its body', async () => {
    const { count } = setup({}, () => json({ Error: 'Not a valid URL.', Type: 'invalid_url' }, 400));
    const answer = await count('https://example.com/not-a-page');
    expect([answer.status, await answer.json()]).toEqual([400, { Error: 'Not a valid URL.', Type: 'invalid_url' }]);
  });

  it('after quota_exceeded asks nothing until the next UTC day: 403 with SharedCount’s body, or the stale answer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
    const { count, calls, state } = setup({ ttl: 60 });
    await count('https://example.com/old');
    vi.setSystemTime(new Date('2026-12-01T10:05:00Z'));
    state.reply = () => json(QUOTA, 403);
    const refused = await count('https://example.com/new');
    expect([refused.status, await refused.json()]).toEqual([403, QUOTA]);
    expect(calls).toHaveLength(2);
    const again = await count('https://example.com/other');
    expect([again.status, (await again.json()).Type]).toEqual([403, 'quota_exceeded']);
    const stale = await count('https://example.com/old');
    expect([stale.status, stale.headers.get('x-share-count-stale'), await stale.text()]).toEqual([200, 'quota_exceeded', COUNTS]);
    vi.setSystemTime(new Date('2026-12-01T23:59:59Z'));
    await count('https://example.com/other');
    expect(calls, 'nothing asked the same UTC day').toHaveLength(2);
    vi.setSystemTime(new Date('2026-12-02T00:00:01Z'));
    state.reply = () => json(COUNTS);
    expect((await count('https://example.com/other')).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it('answers 502 on an upstream 5xx, an unreachable one or one without JSON, saying nothing of its insides', async () => {
    const { count, state } = setup({}, () => new Response('Traceback: internals at line 3', { status: 500 }));
    const broken = await count('https://example.com/1');
    expect([broken.status, await broken.json()]).toEqual([502, { Error: 'SharedCount answered HTTP 500', Type: 'upstream_error' }]);
    state.reply = () => Promise.reject(new TypeError('fetch failed'));
    const dead = await count('https://example.com/2');
    expect([dead.status, (await dead.json()).Type]).toEqual([502, 'upstream_error']);
    state.reply = () => new Response('<html>maintenance</html>', { status: 200 });
    const html = await count('https://example.com/3');
    expect([html.status, (await html.json()).Type]).toEqual([502, 'upstream_error']);
  });

  it('answers 502 for an answer nested deeper than it can write back, and backs the URL off', async () => {
    // 60 KB, under MAX_ANSWER: JSON.parse reads it, JSON.stringify runs out of stack on it.
    const deep = `{"Pinterest":1,"Other":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const { count, calls } = setup({}, () => json(deep));
    const answer = await count('https://example.com/deep');
    expect([answer.status, await answer.json()]).toEqual([
      502,
      { Error: 'SharedCount answered JSON nested too deep to be counts', Type: 'upstream_error' },
    ]);
    expect((await count('https://example.com/deep')).status).toBe(502);
    expect(calls, 'left alone a while, as any failure').toHaveLength(1);
  });

  it('answers 504 when SharedCount is slower than timeout', async () => {
    const { count } = setup({ timeout: 100 }, hang);
    const answer = await count('https://example.com/');
    expect([answer.status, await answer.json()]).toEqual([504, { Error: 'SharedCount did not answer within 100 ms', Type: 'timeout' }]);
  });

  it('serves the stale answer, with X-Share-Count-Stale naming why, on a 5xx and on a timeout', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls, state } = setup({ ttl: 60, timeout: 100 });
    await count('https://example.com/');
    vi.setSystemTime(Date.now() + 61_000);
    state.reply = () => new Response('down', { status: 503 });
    expect((await count('https://example.com/')).headers.get('x-share-count-stale')).toBe('revalidating');
    await vi.waitFor(async () => {
      const answer = await count('https://example.com/');
      expect([answer.status, answer.headers.get('x-share-count-stale'), await answer.text()]).toEqual([200, 'upstream_error', COUNTS]);
    });
    expect(calls, 'the failing upstream is left alone a while').toHaveLength(2);

    const slow = setup({ ttl: 60, timeout: 100 });
    await slow.count('https://example.com/');
    vi.setSystemTime(Date.now() + 61_000);
    slow.state.reply = hang;
    await slow.count('https://example.com/');
    await vi.waitFor(async () => expect((await slow.count('https://example.com/')).headers.get('x-share-count-stale')).toBe('timeout'));
  });

  it('never shows the key, even when SharedCount echoes it in an error', async () => {
    const { count } = setup({}, () => json({ Error: `Invalid API key ${KEY}.`, Type: 'invalid_api_key' }, 401));
    const answer = await count('https://example.com/');
    expect([answer.status, await answer.json()]).toEqual([401, { Error: 'Invalid API key ***.', Type: 'invalid_api_key' }]);
  });
});

describe('SharedCount proxy: options, checked at creation', () => {
  const base = { apiKey: KEY, allowHosts: ['example.com'] };
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['no apiKey', { apiKey: undefined }, /apiKey is required/],
    ['an empty apiKey', { apiKey: '  ' }, /apiKey is required/],
    ['no allowHosts', { allowHosts: undefined }, /allowHosts is required/],
    ['an empty allowHosts', { allowHosts: [] }, /allowHosts is required and must not be empty/],
    ['a host pattern with a scheme', { allowHosts: ['https://example.com'] }, /"https:\/\/example.com" is not a host name/],
    ['a host pattern with a path', { allowHosts: ['example.com/blog'] }, /"example.com\/blog" is not a host name/],
    ['a host pattern with a port out of range', { allowHosts: ['example.com:65536'] }, /is not a host name/],
    ['a host pattern with the default https port, which no page URL carries', { allowHosts: ['example.com:443'] }, /is not a host name/],
    ['a host pattern with the default http port', { allowHosts: ['example.com:80'] }, /is not a host name/],
    ['a wildcard host pattern', { allowHosts: ['*.example.com'] }, /is not a host name/],
    ['an empty host pattern', { allowHosts: [''] }, /is not a host name/],
    ['a lone dot', { allowHosts: ['.'] }, /is not a host name/],
    ['an http endpoint', { endpoint: 'http://api.sharedcount.com/v1.1/' }, /endpoint must be https/],
    ['an endpoint with a query', { endpoint: 'https://api.sharedcount.com/v1.1/?apikey=x' }, /endpoint must be an absolute https URL/],
    ['a relative endpoint', { endpoint: '/v1.1/' }, /endpoint must be an absolute https URL/],
    ['a negative ttl', { ttl: -1 }, /ttl must be a number of seconds, 0 or more/],
    ['a ttl that is not a number', { ttl: '1h' as unknown as number }, /ttl must be a number/],
    ['a negative staleTtl', { staleTtl: -5 }, /staleTtl must be a number of seconds/],
    ['a zero timeout', { timeout: 0 }, /timeout must be/],
    ['maxEntries 0', { maxEntries: 0 }, /maxEntries must be/],
    ['a prefix without its slashes', { prefix: 'api' }, /prefix must start and end with \//],
    ['an origin with a path', { allowOrigins: ['https://news.example/'] }, /is not an origin/],
    ['a store without setItem', { store: { getItem: async () => null } as unknown as ProxyStore }, /store must be an unstorage Storage/],
  ];
  for (const [what, options, message] of bad) {
    it(`throws a TypeError for ${what}`, () => {
      expect(() => createSharedCountProxy({ ...base, ...options } as SharedCountProxyOptions)).toThrow(TypeError);
      expect(() => createSharedCountProxy({ ...base, ...options } as SharedCountProxyOptions)).toThrow(message);
    });
  }

  it('takes http on a loopback address only, with a warning that names no key', () => {
    const log = vi.fn();
    createSharedCountProxy({ ...base, endpoint: 'http://127.0.0.1:9999/v1.1/', log });
    createSharedCountProxy({ ...base, endpoint: 'http://localhost:9999/', log });
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toMatch(/is http; fine on loopback for tests, never in production/);
    expect(JSON.stringify(log.mock.calls)).not.toContain(KEY);
  });

  it('takes IDN host patterns in Unicode and matches their punycode form, as pages send it', async () => {
    const { count } = setup({ allowHosts: ['bücher.example'] });
    expect((await count('https://xn--bcher-kva.example/')).status).toBe(200);
  });
});
