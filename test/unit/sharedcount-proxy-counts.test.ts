// @vitest-environment node
/**
 * `proxy.counts(url)`: the SharedCount proxy's answer for a server that renders pages itself, with
 * no HTTP round trip and no cache of its own. A fake upstream (the `fetch` option) records every
 * URL the proxy asks for; the HTTP side is a real node:http server on 127.0.0.1 through nodeListener.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStorage } from 'unstorage';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSharedCountProxy,
  nodeListener,
  type ProxyStore,
  type ServedCounts,
  type SharedCountProxy,
  type SharedCountProxyOptions,
} from '../../src/server/index.js';
import { RateLimitError, SharedCountError, ValidationError } from '../../src/wire/errors.js';

const KEY = 'sc-secret-key-123';
const COUNTS =
  '{"Pinterest":9,"Facebook":{"total_count":168,"comment_count":53,"reaction_count":14,"share_count":101,"comment_plugin_count":0}}';

type Reply = (page: string, signal: AbortSignal) => Response | Promise<Response>;
const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const hang: Reply = (_page, signal) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

/** A proxy at /api/sharedcount/ in front of a fake SharedCount; `calls` lists every page it was asked for. */
function setup(options: Partial<SharedCountProxyOptions> = {}, reply: Reply = () => json(COUNTS)) {
  const calls: string[] = [];
  const signals: AbortSignal[] = [];
  const state = { reply };
  const proxy: SharedCountProxy = createSharedCountProxy({
    apiKey: KEY,
    allowHosts: ['example.com'],
    prefix: '/api/sharedcount/',
    log: () => {},
    fetch: async (input, init) => {
      const page = new URL(String(input)).searchParams.get('url') ?? '';
      calls.push(page);
      signals.push(init!.signal!);
      return state.reply(page, init!.signal!);
    },
    ...options,
  });
  return { proxy, calls, signals, state };
}

/** What `counts()` rejected with (it must reject). */
async function failure(promise: Promise<ServedCounts>): Promise<unknown> {
  return promise.then(
    (served) => expect.unreachable(`resolved with ${JSON.stringify(served)}`),
    (error: unknown) => error,
  );
}

const servers: Server[] = [];
/** The proxy on a real node:http server on 127.0.0.1; `get(page)` asks it over HTTP. */
async function serve(proxy: SharedCountProxy) {
  const server = createServer(nodeListener(proxy));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return (page: string) => fetch(`http://127.0.0.1:${port}/api/sharedcount/?url=${encodeURIComponent(page)}`);
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('proxy.counts(url): the same answers as over HTTP', () => {
  it('answers the parsed counts and when they were fetched; an HTTP GET then is served from the same entry', async () => {
    const { proxy, calls } = setup();
    const before = Date.now();
    const served = await proxy.counts('https://example.com/post');
    expect(served).toEqual({ counts: JSON.parse(COUNTS), at: expect.any(Number) });
    expect('stale' in served).toBe(false);
    expect(served.at).toBeGreaterThanOrEqual(before);
    expect(served.at).toBeLessThanOrEqual(Date.now());

    const get = await serve(proxy);
    const response = await get('https://example.com/post');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toBe(JSON.stringify(served.counts));
    expect(calls, 'one upstream call for both').toEqual(['https://example.com/post']);
  });

  it('is served from what an HTTP GET cached, and gives each caller an object of its own', async () => {
    const { proxy, calls } = setup();
    const get = await serve(proxy);
    expect(await (await get('https://example.com/a')).text()).toBe(COUNTS);
    const first = await proxy.counts('https://example.com/a');
    first.counts.Pinterest = 1000;
    expect((await proxy.counts('https://example.com/a')).counts).toEqual(JSON.parse(COUNTS));
    expect(calls).toEqual(['https://example.com/a']);
  });

  it('folds the forms of one page into one entry: utm_* removed, host lower-cased, the fragment dropped', async () => {
    const { proxy, calls } = setup();
    const clean = await proxy.counts('https://example.com/post');
    expect(await proxy.counts('https://example.com/post?utm_source=x')).toEqual(clean);
    expect(await proxy.counts('https://EXAMPLE.com/post?utm_source=x&utm_medium=y#top')).toEqual(clean);
    const get = await serve(proxy);
    expect(await (await get('https://example.com/post?utm_source=x')).text()).toBe(COUNTS);
    expect(calls).toEqual(['https://example.com/post']);
  });

  it('one upstream call for counts() and HTTP requests for one URL at once', async () => {
    const { proxy, calls } = setup({}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return json(COUNTS);
    });
    const get = await serve(proxy);
    const [a, b, c] = await Promise.all([
      proxy.counts('https://example.com/'),
      get('https://example.com/').then((response) => response.text()),
      proxy.counts('https://example.com/'),
    ]);
    expect([a.counts, JSON.parse(b), c.counts]).toEqual([JSON.parse(COUNTS), JSON.parse(COUNTS), JSON.parse(COUNTS)]);
    expect(calls).toEqual(['https://example.com/']);
  });

  it('with a store, another instance gets the answer through counts() without asking SharedCount', async () => {
    const storage = createStorage();
    const store = storage as unknown as ProxyStore;
    const one = setup({ store });
    await one.proxy.counts('https://example.com/shared');
    // The answer's entry (the budget's counts are stored beside it).
    await vi.waitFor(async () => expect((await storage.getKeys()).filter((key) => !key.includes('budget'))).toHaveLength(1));
    const other = setup({ store });
    const served = await other.proxy.counts('https://example.com/shared?utm_campaign=z');
    expect(served.counts).toEqual(JSON.parse(COUNTS));
    expect(other.calls).toEqual([]);
    expect(one.calls).toHaveLength(1);
  });
});

describe('proxy.counts(url): errors, typed as over HTTP', () => {
  it('rejects a host outside allowHosts with SharedCountError domain_not_allowed, and an invalid URL with invalid_url, asking nothing', async () => {
    const getItem = vi.fn(async () => null);
    const { proxy, calls } = setup({ store: { getItem, setItem: async () => {} } });
    const outside = await failure(proxy.counts('https://evil.example/post'));
    expect(outside).toBeInstanceOf(SharedCountError);
    expect(outside).toMatchObject({ name: 'SharedCountError', type: 'domain_not_allowed', status: 403 });
    expect((outside as Error).message).toContain('https://evil.example/post');
    for (const bad of ['javascript:alert(1)', '/post', '', 42 as unknown as string]) {
      expect(await failure(proxy.counts(bad))).toMatchObject({ name: 'SharedCountError', type: 'invalid_url', status: 400 });
    }
    expect(calls).toEqual([]);
    expect(getItem, 'no store read either').not.toHaveBeenCalled();
  });

  it('spends from a budget of its own by default: over it, rate_limited with the seconds to wait; a stale answer instead when there is one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T10:00:05Z'));
    const { proxy, calls } = setup({ ttl: 60, budget: { perClient: 1 } });
    await proxy.counts('https://example.com/old');
    const refused = await failure(proxy.counts('https://example.com/new'));
    expect(refused).toMatchObject({ name: 'SharedCountError', type: 'rate_limited', status: 429 });
    const cause = (refused as Error).cause;
    expect(cause).toBeInstanceOf(RateLimitError);
    expect((cause as RateLimitError).retryAfter).toBe(55);
    expect(calls).toEqual(['https://example.com/old']);

    // The next minute: /new spends that minute's one call, and /old, stale by then, is served as it is.
    vi.setSystemTime(new Date('2026-12-01T10:01:10Z'));
    await proxy.counts('https://example.com/new');
    const stale = await proxy.counts('https://example.com/old');
    expect(stale).toEqual({ counts: JSON.parse(COUNTS), at: new Date('2026-12-01T10:00:05Z').getTime(), stale: 'rate_limited' });
    expect(calls).toEqual(['https://example.com/old', 'https://example.com/new']);
  });

  it('spends from the budget of options.client when given: the same bucket as that reader’s HTTP requests', async () => {
    const { proxy, calls } = setup({ budget: { perClient: 1 } });
    const reader = { remoteAddr: { hostname: '2001:db8:1:2::10' } };
    expect((await proxy(new Request(`https://publisher.example/api/sharedcount/?url=https://example.com/a`), reader)).status).toBe(200);
    // Another address of the same /64: the same reader.
    expect(await failure(proxy.counts('https://example.com/b', { client: '2001:db8:1:2::99' }))).toMatchObject({ type: 'rate_limited' });
    // The server's own bucket, and another reader's, are untouched.
    await proxy.counts('https://example.com/b');
    await proxy.counts('https://example.com/c', { client: '203.0.113.9' });
    expect(calls).toEqual(['https://example.com/a', 'https://example.com/b', 'https://example.com/c']);
    for (const client of ['', 42 as unknown as string]) {
      expect(await failure(proxy.counts('https://example.com/d', { client }))).toBeInstanceOf(ValidationError);
    }
    expect(calls).toHaveLength(3);
  });

  it('passes upstream failures on with their type, backs the URL off for counts() and HTTP alike', async () => {
    const { proxy, calls, state } = setup({}, () => new Response('Traceback: internals', { status: 500 }));
    const broken = await failure(proxy.counts('https://example.com/1'));
    expect(broken).toMatchObject({ name: 'SharedCountError', type: 'upstream_error', status: 502 });
    expect((broken as Error).message).not.toContain('Traceback');
    state.reply = () => json(COUNTS);
    expect(await failure(proxy.counts('https://example.com/1')), 'left alone a while').toMatchObject({ type: 'upstream_error' });
    const get = await serve(proxy);
    const http = await get('https://example.com/1');
    expect([http.status, (await http.json()).Type]).toEqual([502, 'upstream_error']);
    expect(calls).toHaveLength(1);

    const slow = setup({ timeout: 50 }, hang);
    expect(await failure(slow.proxy.counts('https://example.com/'))).toMatchObject({ type: 'timeout', status: 504 });
  });

  it('passes a refusal of SharedCount’s on with its own type, remembered for HTTP too', async () => {
    const { proxy, calls } = setup({}, () => json({ Error: 'Domain not whitelisted.', Type: 'domain_not_whitelisted' }, 401));
    expect(await failure(proxy.counts('https://example.com/'))).toMatchObject({ type: 'domain_not_whitelisted', status: 401 });
    const get = await serve(proxy);
    const http = await get('https://example.com/');
    expect([http.status, await http.json()]).toEqual([401, { Error: 'Domain not whitelisted.', Type: 'domain_not_whitelisted' }]);
    expect(await failure(proxy.counts('https://example.com/'))).toMatchObject({ type: 'domain_not_whitelisted' });
    expect(calls).toHaveLength(1);
  });

  it('never shows the key: not in counts SharedCount echoes, an error it echoes, nor a URL that carries it', async () => {
    const echo = setup({}, () => json({ Pinterest: 1, Note: `for ${KEY}` }));
    const served = await echo.proxy.counts('https://example.com/');
    expect(served.counts.Pinterest).toBe(1);
    expect(JSON.stringify(served)).not.toContain(KEY);

    const seen: string[] = [];
    const show = (error: unknown) => {
      const { message, url, stack, cause } = error as SharedCountError;
      seen.push(String(error), message, String(url), String(stack), String(cause), JSON.stringify(error));
    };
    const refusing = setup({}, () => json({ Error: `Invalid API key ${KEY}.`, Type: 'invalid_api_key' }, 401));
    const refused = await failure(refusing.proxy.counts('https://example.com/'));
    expect(refused).toMatchObject({ type: 'invalid_api_key', message: expect.stringContaining('Invalid API key ***.') });
    show(refused);
    show(await failure(refusing.proxy.counts(`https://evil.example/?k=${KEY}`)));
    const limited = setup({ budget: { perClient: 1 } });
    await limited.proxy.counts('https://example.com/1');
    const overBudget = await failure(limited.proxy.counts(`https://example.com/?k=${encodeURIComponent(KEY)}`));
    expect(overBudget, 'down the budget path, whose message carries the URL').toMatchObject({ type: 'rate_limited' });
    show(overBudget);
    expect(seen.join('\n')).not.toContain(KEY);
  });
});

describe('proxy.counts(url, { signal })', () => {
  it('rejects with the signal’s reason once it aborts, and drops the upstream call no one else waits for', async () => {
    const { proxy, calls, signals } = setup({ timeout: 60_000 }, hang);
    const controller = new AbortController();
    const asked = failure(proxy.counts('https://example.com/', { signal: controller.signal }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const reason = new Error('the reader left');
    controller.abort(reason);
    expect(await asked).toBe(reason);
    expect(signals[0]!.aborted, 'the upstream call is aborted').toBe(true);
  });

  it('does not wait for a store that hangs', async () => {
    const store: ProxyStore = { getItem: () => new Promise(() => {}), setItem: async () => {} };
    const { proxy, calls } = setup({ store });
    const controller = new AbortController();
    const started = Date.now();
    const asked = failure(proxy.counts('https://example.com/', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await asked).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started, 'well before the store’s own 500 ms limit').toBeLessThan(400);
    expect(calls).toEqual([]);
  });

  it('rejects at once with a signal aborted before the call, asking nothing and spending nothing', async () => {
    const { proxy, calls } = setup({ budget: { perClient: 1 } });
    const reason = new Error('already gone');
    expect(await failure(proxy.counts('https://example.com/', { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(calls).toEqual([]);
    await proxy.counts('https://example.com/');
    expect(calls).toHaveLength(1);
  });
});
