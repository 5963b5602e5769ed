/** The Shareablee client through its fetch seam: the wire, validation, the 5/s limiter, 429 backoff, paging. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createShareableeClient,
  RateLimitError,
  ResponseError,
  ShareableeError,
  ValidationError,
} from '../../src/entries/share-count-widgets.js';

const BASE = 'https://proxy.publisher.example/shareablee/';
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function fakeFetch(answer: (url: string) => Response = () => json({ name: 'The Daily', metrics: { total_actions: 1200 } })) {
  return vi.fn<typeof fetch>(async (input) => answer(String(input)));
}

describe('Shareablee client', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('sends GET {baseUrl}{path}?query with Basic credentials only when given', async () => {
    const fetch = fakeFetch();
    const server = createShareableeClient({ baseUrl: 'https://api.shareablee.com/v1.4/', token: { apiKey: 'key', secret: 'sec' }, fetch });
    const metrics = await server.userMetrics(42, 'facebook', { start_date: '2026-10-01', end_date: '2026-10-31' });
    expect(metrics.name).toBe('The Daily');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://api.shareablee.com/v1.4/user/42/facebook/metrics/?start_date=2026-10-01&end_date=2026-10-31');
    expect(new Headers(init!.headers).get('authorization')).toBe(`Basic ${btoa('key:sec')}`);
    expect(init).toMatchObject({ credentials: 'omit', mode: 'cors' });

    const page = createShareableeClient({ baseUrl: BASE, fetch });
    await page.userCrossPlatform('abc_1', { services: ['facebook', 'instagram'] });
    await page.userOverlapComparison(7, 'facebook', { object_id: [11, 12] });
    await page.meFindUser({ term: 'daily news' });
    await page.categoryRanking(3, 'facebook', { metric: 'total_actions' });
    expect(fetch.mock.calls.slice(1).map(([u]) => u)).toEqual([
      `${BASE}user/abc_1/cross_platform/?services=facebook%2Cinstagram`,
      `${BASE}user/7/facebook/overlap/comparison/property/?object_id=11&object_id=12`,
      `${BASE}me/find/user/?term=daily%20news`,
      `${BASE}category/3/facebook/ranking/?metric=total_actions`,
    ]);
    expect(new Headers(fetch.mock.calls[1]![1]!.headers).has('authorization'), 'no credentials in a page').toBe(false);
  });

  it('validates ids, services, dates, offsets, limits and parameters before any request', async () => {
    const fetch = fakeFetch();
    const client = createShareableeClient({ baseUrl: BASE, fetch });
    const calls: [string, () => Promise<unknown>][] = [
      ['missing id', () => client.userMetrics(undefined as unknown as number, 'facebook')],
      ['id with a slash', () => client.userMetrics('1/../me', 'facebook')],
      ['unknown service', () => client.userMetrics(1, 'myspace' as 'facebook')],
      ['service the endpoint lacks', () => client.userContent(1, 'instagram')],
      ['half a date range', () => client.userMetrics(1, 'facebook', { start_date: '2026-10-01' })],
      ['reversed dates', () => client.userMetrics(1, 'facebook', { start_date: '2026-10-31', end_date: '2026-10-01' })],
      ['a date that does not exist', () => client.userMetrics(1, 'facebook', { start_date: '2026-02-30', end_date: '2026-03-02' })],
      ['a date in another format', () => client.userMetrics(1, 'facebook', { start_date: '10/01/2026', end_date: '2026-10-31' })],
      ['limit over 100', () => client.userTopContent(1, { limit: 101 })],
      ['limit 0', () => client.userTopContent(1, { limit: 0 })],
      ['offset over 6', () => client.realtimeUserTimeSeries(1, 'twitter', { start_offset: 0, end_offset: 7 })],
      ['reversed offsets', () => client.realtimeUserTimeSeries(1, 'twitter', { start_offset: 3, end_offset: 1 })],
      ['an undocumented parameter', () => client.userMetrics(1, 'facebook', { fields: 'likes' })],
      ['a bad field name', () => client.userTimeSeries(1, 'facebook', { fields: 'likes,<b>' })],
      ['a bad service in services', () => client.userCrossPlatform(1, { services: 'facebook,myspace' })],
      ['a required term missing', () => client.meFindUser({})],
      ['a required object_id missing', () => client.userAffinityComparison(1, 'facebook')],
      ['an unknown metric', () => client.categoryRanking(1, 'facebook', { metric: 'likes' })],
    ];
    for (const [what, call] of calls) await expect(call(), what).rejects.toBeInstanceOf(ValidationError);
    expect(fetch).not.toHaveBeenCalled();
    expect(() => createShareableeClient({ baseUrl: 'https://api.shareablee.com/v1.4' })).toThrow(ValidationError);
  });

  it('holds itself to 5 requests in any second, queueing the rest', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>(async () => (starts.push(Date.now()), json({ name: 'x', metrics: {} })));
    const client = createShareableeClient({ baseUrl: 'https://limits.example/v1.4/', fetch });
    const all = Array.from({ length: 12 }, (_, i) => client.userMetrics(i + 1, 'facebook'));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(starts).toHaveLength(12);
    for (const at of starts) expect(starts.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
  });

  it('retries a 429 with backoff, honouring Retry-After, then gives RateLimitError', async () => {
    vi.useFakeTimers();
    const fetch = fakeFetch(() => json('Rate limit exceeded. Please try again later.', 429, { 'Retry-After': '2' }));
    const client = createShareableeClient({ baseUrl: 'https://retries.example/v1.4/', fetch });
    const pending = client.userMetrics(1, 'facebook');
    const outcome = pending.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toBeInstanceOf(RateLimitError);
    expect(await outcome).toMatchObject({ retryAfter: 2 });
    expect(fetch, '1 try and 3 retries').toHaveBeenCalledTimes(4);

    let calls = 0;
    const recovering = fakeFetch(() => (++calls < 3 ? json('slow down', 429) : json({ name: 'ok', metrics: {} })));
    const patient = createShareableeClient({ baseUrl: 'https://retries2.example/v1.4/', fetch: recovering });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const done = patient.userMetrics(1, 'facebook');
    // Without Retry-After: 0.5 s, then 1 s, each plus up to 0.25 s of jitter (none here).
    await vi.advanceTimersByTimeAsync(499);
    expect(recovering, 'no retry before 0.5 s').toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(recovering).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(recovering, 'the second wait is twice the first').toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(recovering).toHaveBeenCalledTimes(3);
    expect((await done).name).toBe('ok');
  });

  it('turns other HTTP errors into ShareableeError with the status and message, never the token', async () => {
    const client = createShareableeClient({
      baseUrl: 'https://api.shareablee.com/v1.4/',
      token: 'c2VjcmV0OnRva2Vu',
      fetch: fakeFetch(() => json({ detail: 'Invalid credentials' }, 401)),
    });
    const error = (await client.userMetrics(1, 'facebook').catch((e: unknown) => e)) as ShareableeError;
    expect(error).toBeInstanceOf(ShareableeError);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toContain('Invalid credentials');
    expect(error.message).not.toContain('c2VjcmV0OnRva2Vu');
    const html = createShareableeClient({ baseUrl: BASE, fetch: fakeFetch(() => new Response('<h1>Not found</h1>', { status: 404 })) });
    await expect(html.userMetrics(1, 'facebook')).rejects.toMatchObject({ name: 'ShareableeError', status: 404 });
    const broken = createShareableeClient({ baseUrl: BASE, fetch: fakeFetch(() => new Response('{"na', { status: 200 })) });
    await expect(broken.userMetrics(1, 'facebook')).rejects.toBeInstanceOf(ResponseError);
    const all = createShareableeClient({ baseUrl: 'https://all.example/v1.4/', fetch: fakeFetch(() => json('all')) });
    expect(await all.meProperties(), 'documented: "all" when every property is visible').toBe('all');
    await expect(all.userMetrics(1, 'facebook')).rejects.toBeInstanceOf(ResponseError);
  });

  it('pages through content by next_page, asking its own baseUrl, checking the link first', async () => {
    const fetch = fakeFetch((url) => {
      const page = new URL(url).searchParams.get('page');
      return page === '2'
        ? json({ name: 'The Daily', content: [{ post_id: 3 }], next_page: null })
        : json({
            name: 'The Daily',
            content: [{ post_id: 1 }, { post_id: 2 }],
            // as documented: the API's own host, http, and `user` where the service belongs
            next_page: 'http://api.shareablee.com/v1.4/user/42/user/content/?start_date=2026-10-01&end_date=2026-10-31&page=2&evil=1',
          });
    });
    const client = createShareableeClient({ baseUrl: BASE, fetch });
    const posts = [];
    for await (const post of client.userContentPosts(42, 'twitter', { start_date: '2026-10-01', end_date: '2026-10-31' }))
      posts.push(post.post_id);
    expect(posts).toEqual([1, 2, 3]);
    expect(fetch.mock.calls.map(([u]) => u)).toEqual([
      `${BASE}user/42/twitter/content/?start_date=2026-10-01&end_date=2026-10-31`,
      `${BASE}user/42/twitter/content/?start_date=2026-10-01&end_date=2026-10-31&page=2`,
    ]);
    const elsewhere = createShareableeClient({
      baseUrl: BASE,
      fetch: fakeFetch(() => json({ name: 'x', content: [{ post_id: 1 }], next_page: 'https://api.shareablee.com/v1.4/me/properties/' })),
    });
    const iterator = elsewhere.userContentPosts(42, 'facebook');
    await iterator.next();
    await expect(iterator.next()).rejects.toBeInstanceOf(ResponseError);
  });
});
