/**
 * The SharedCount client through its `fetch` seam: what goes over the wire,
 * and what it remembers across time and page loads (a page load is a fresh
 * import of the modules over the same localStorage).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE } from '../fakes/sharedcount.js';

type Api = typeof import('../../src/entries/share-count-widgets.js');

/** A page load: fresh modules, same storage. */
/** The reader leaves the page: what waited for an idle moment is written now. */
const leave = () => window.dispatchEvent(new Event('pagehide'));

/** A new page load: the last page went away (writing what it kept), then the modules load afresh. */
async function loadPage(): Promise<Api> {
  leave();
  vi.resetModules();
  const api = await import('../../src/entries/share-count-widgets.js');
  api.configure({ sharedcount: { apiKey: 'k1' } });
  return api;
}

/** A `fetch` that records its calls and answers JSON. */
function fakeFetch(status = 200, body: unknown = SAMPLE) {
  return vi.fn<typeof fetch>(async () => new Response(JSON.stringify(body), { status }));
}

const QUOTA = { Error: 'Free API quota exceeded.', Type: 'quota_exceeded' };
const STORED = 'share-count-widgets:sharedcount';

/** After clearCache(), storage holds only when it ran: the mark every tab honours before it writes. */
function onlyClearMark(): void {
  expect(localStorage.length).toBe(1);
  expect(localStorage.getItem(STORED)).toMatch(/^\[\d+\]$/);
}

describe('fetchCounts over the fetch seam', () => {
  // The last test's page goes away (writing what it kept) before storage is emptied for this one.
  beforeEach(() => (leave(), localStorage.clear()));
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('sends GET {endpoint}?url=&apikey= once-encoded, with no credentials and no referrer', async () => {
    const { fetchCounts } = await loadPage();
    const fetch = fakeFetch();
    await fetchCounts('https://example.com/a?b=c d', { fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://api.sharedcount.com/v1.1/?url=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc%20d&apikey=k1');
    expect(init).toMatchObject({ mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(init?.method).toBeUndefined();
  });

  it('adds the trailing slash a custom endpoint lacks, and encodes the key', async () => {
    const { fetchCounts, quota } = await loadPage();
    const fetch = fakeFetch();
    await fetchCounts('https://example.com/', { fetch, endpoint: 'https://proxy.example/sc', apiKey: 'a&b' });
    expect(fetch.mock.calls[0]![0]).toBe('https://proxy.example/sc/?url=https%3A%2F%2Fexample.com%2F&apikey=a%26b');
    const quotaFetch = fakeFetch(200, { quota_used_today: 1, quota_remaining_today: 2, quota_allocated_today: 3, plan: 'plus' });
    await quota({ fetch: quotaFetch, endpoint: 'https://proxy.example/sc/' });
    expect(quotaFetch.mock.calls[0]![0]).toBe('https://proxy.example/sc/quota?apikey=k1');
  });

  it('requires a key for SharedCount itself, and sends none to an endpoint of your own without one', async () => {
    const { fetchCounts, configure, ValidationError } = await loadPage();
    configure({ sharedcount: { apiKey: '' } });
    const fetch = fakeFetch();
    await expect(fetchCounts('https://example.com/', { fetch })).rejects.toBeInstanceOf(ValidationError);
    await fetchCounts('https://example.com/', { fetch, endpoint: 'https://proxy.example/sc/' });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['https://proxy.example/sc/?url=https%3A%2F%2Fexample.com%2F']);
  });

  it('refuses a fetch that is no function and a signal that is no AbortSignal with a ValidationError; null is the default', async () => {
    const { fetchCounts, ValidationError } = await loadPage();
    for (const options of [{ fetch: 'x' }, { signal: 'x' }, { signal: {} }, { fetch: {} }]) {
      await expect(fetchCounts('https://example.com/', { cache: 'none', ...(options as object) })).rejects.toBeInstanceOf(ValidationError);
    }
    const fetch = fakeFetch();
    vi.stubGlobal('fetch', fetch);
    await expect(fetchCounts('https://example.com/', { cache: 'none', fetch: null, signal: null } as object)).resolves.toEqual(SAMPLE);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('caches for an hour, then asks again; the cache survives a page load', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const first = await loadPage();
    const fetch = fakeFetch();
    await first.fetchCounts('https://example.com/', { fetch });
    const second = await loadPage();
    vi.setSystemTime(new Date('2026-11-22T10:59:59Z'));
    expect(await second.fetchCounts('https://example.com/', { fetch })).toEqual(SAMPLE);
    expect(fetch).toHaveBeenCalledTimes(1);
    vi.setSystemTime(new Date('2026-11-22T11:00:00Z'));
    await second.fetchCounts('https://example.com/', { fetch });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('latches quota_exceeded per key until the next UTC day, across page loads', async () => {
    // UTC+14: a latch kept by the local date would still hold at 00:00:01 UTC and fail this test.
    process.env.TZ = 'Pacific/Kiritimati';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T23:30:00Z'));
    const page = await loadPage();
    const fetch = fakeFetch(403, QUOTA);
    await expect(page.fetchCounts('https://example.com/1', { fetch })).rejects.toMatchObject({ type: 'quota_exceeded', status: 403 });

    const reloaded = await loadPage();
    await expect(reloaded.fetchCounts('https://example.com/2', { fetch })).rejects.toMatchObject({
      type: 'quota_exceeded',
      status: undefined,
    });
    await expect(reloaded.fetchCounts('https://example.com/3', { fetch, apiKey: 'k2' })).rejects.toMatchObject({ status: 403 });
    expect(fetch).toHaveBeenCalledTimes(2);

    vi.setSystemTime(new Date('2026-11-23T00:00:01Z'));
    const ok = fakeFetch();
    expect(await reloaded.fetchCounts('https://example.com/4', { fetch: ok })).toEqual(SAMPLE);
    expect(ok).toHaveBeenCalledTimes(1);
    process.env.TZ = 'UTC';
  });

  it('leaves a keyless endpoint (the proxy) alone for 5 minutes after quota_exceeded, not for the day, across page loads', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T08:00:00Z'));
    const proxy = { endpoint: 'https://publisher.example/api/sharedcount/', apiKey: '' };
    const page = await loadPage();
    const spent = fakeFetch(403, QUOTA);
    await expect(page.fetchCounts('https://example.com/1', { ...proxy, fetch: spent })).rejects.toMatchObject({
      type: 'quota_exceeded',
      status: 403,
    });
    vi.setSystemTime(new Date('2026-11-22T08:04:59Z'));
    const reloaded = await loadPage();
    await expect(reloaded.fetchCounts('https://example.com/2', { ...proxy, fetch: spent })).rejects.toMatchObject({
      type: 'quota_exceeded',
      status: undefined,
      message: expect.stringContaining('quota exceeded'),
    });
    expect(spent).toHaveBeenCalledTimes(1);
    // The publisher bought more quota: the same day, five minutes on, counts come back.
    vi.setSystemTime(new Date('2026-11-22T08:05:01Z'));
    const ok = fakeFetch();
    expect(await reloaded.fetchCounts('https://example.com/3', { ...proxy, fetch: ok })).toEqual(SAMPLE);
    expect(ok).toHaveBeenCalledTimes(1);
    expect(ok.mock.calls[0]![0]).toBe('https://publisher.example/api/sharedcount/?url=https%3A%2F%2Fexample.com%2F3');
  });

  it('still serves cached answers after the quota is spent: they cost no request', async () => {
    const page = await loadPage();
    const fetch = fakeFetch();
    await page.fetchCounts('https://example.com/cached', { fetch });
    await expect(page.fetchCounts('https://example.com/new', { fetch: fakeFetch(403, QUOTA) })).rejects.toMatchObject({
      type: 'quota_exceeded',
    });
    expect(await page.fetchCounts('https://example.com/cached', { fetch })).toEqual(SAMPLE);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shares a request only between calls that would make the same one', async () => {
    const page = await loadPage();
    const slow = vi.fn<typeof fetch>(
      (_url, init) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve(new Response(JSON.stringify(SAMPLE))), 150);
          init?.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(init.signal!.reason)));
        }),
    );
    const impatient = page.fetchCounts('https://example.com/', { fetch: slow, timeout: 50 });
    const patient = page.fetchCounts('https://example.com/', { fetch: slow, timeout: 5000 });
    const same = page.fetchCounts('https://example.com/', { fetch: slow, timeout: 5000 });
    await expect(impatient).rejects.toMatchObject({ name: 'TimeoutError', timeout: 50 });
    expect(await patient).toEqual(SAMPLE);
    expect(await same).toEqual(SAMPLE);
    expect(slow).toHaveBeenCalledTimes(2);
  });

  it('sends nothing when the caller aborts before the request left, with or without a consent wait', async () => {
    const page = await loadPage();
    const fetch = fakeFetch();
    const now = new AbortController();
    const pending = page.fetchCounts('https://example.com/', { fetch, signal: now.signal });
    now.abort(); // same tick: the request has not left yet
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    page.configure({ consent: 'required' });
    const later = new AbortController();
    const held = page.fetchCounts('https://example.com/', { fetch, signal: later.signal });
    later.abort();
    await expect(held).rejects.toMatchObject({ name: 'AbortError' });
    page.grantConsent();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('keeps nothing from a request that was under way when clearCache() ran', async () => {
    const page = await loadPage();
    let answer!: (response: Response) => void;
    const held = vi.fn<typeof fetch>(() => new Promise((resolve) => (answer = resolve)));
    const pending = page.fetchCounts('https://example.com/', { fetch: held });
    await new Promise((resolve) => setTimeout(resolve, 0));
    page.clearCache();
    answer(new Response(JSON.stringify(QUOTA), { status: 403 }));
    await expect(pending).rejects.toMatchObject({ type: 'quota_exceeded' });
    onlyClearMark();
    const next = fakeFetch();
    expect(await page.fetchCounts('https://example.com/', { fetch: next })).toEqual(SAMPLE);
    expect(next).toHaveBeenCalledTimes(1);

    // The same for an answer: one that lands after clearCache() is handed over, not kept.
    const pendingAnswer = page.fetchCounts('https://example.com/held', { fetch: held });
    await new Promise((resolve) => setTimeout(resolve, 0));
    page.clearCache();
    answer(new Response(JSON.stringify(SAMPLE), { status: 200 }));
    expect(await pendingAnswer).toEqual(SAMPLE);
    onlyClearMark();
    const again = fakeFetch();
    await page.fetchCounts('https://example.com/held', { fetch: again });
    expect(again, 'asked again: nothing was cached').toHaveBeenCalledTimes(1);
  });

  it('does not erase what another tab stored', async () => {
    const tabA = await loadPage();
    const tabB = await loadPage();
    const fetch = fakeFetch();
    await tabA.fetchCounts('https://example.com/a', { fetch });
    await tabB.fetchCounts('https://example.com/b', { fetch });
    await tabA.fetchCounts('https://example.com/c', { fetch });
    leave();
    const stored = localStorage.getItem('share-count-widgets:sharedcount')!;
    for (const page of ['a', 'b', 'c']) expect(stored).toContain(`https://example.com/${page}`);

    await expect(tabA.fetchCounts('https://example.com/q', { fetch: fakeFetch(403, QUOTA), apiKey: 'ka' })).rejects.toThrow();
    await expect(tabB.fetchCounts('https://example.com/q', { fetch: fakeFetch(403, QUOTA), apiKey: 'kb' })).rejects.toThrow();
    const tabC = await loadPage();
    const none = fakeFetch();
    for (const apiKey of ['ka', 'kb']) {
      await expect(tabC.fetchCounts('https://example.com/z', { fetch: none, apiKey })).rejects.toMatchObject({ type: 'quota_exceeded' });
    }
    expect(none).not.toHaveBeenCalled();
  });

  it('clearCache() forgets answers and the quota latch, in memory and storage, at once', async () => {
    const page = await loadPage();
    await expect(page.fetchCounts('https://example.com/q', { fetch: fakeFetch(403, QUOTA) })).rejects.toThrow();
    const fetch = fakeFetch();
    await page.fetchCounts('https://example.com/', { fetch, apiKey: 'k2' });
    leave();
    expect(localStorage.length).toBe(2);
    page.clearCache();
    onlyClearMark();
    await page.fetchCounts('https://example.com/', { fetch });
    await page.fetchCounts('https://example.com/', { fetch, apiKey: 'k2', refresh: true });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('rejects an answer with a count that is not a safe integer ≥ 0 as a ResponseError, and keeps nothing', async () => {
    const { fetchCounts, ResponseError } = await loadPage();
    for (const body of [{ Pinterest: 1e308 }, { Facebook: { total_count: 2 ** 53 } }, { LinkedIn: 0.5 }]) {
      await expect(fetchCounts('https://example.com/', { fetch: fakeFetch(200, body) })).rejects.toBeInstanceOf(ResponseError);
    }
    leave();
    expect(localStorage.getItem(STORED)).toBeNull();
  });

  it('serves a stored answer only if it passes the checks a fresh one does; else asks again, and drops it', async () => {
    const key = 'https://api.sharedcount.com/v1.1/\nhttps://example.com/';
    // Anyone can write storage: an extension, a script of the page, an older version of this package.
    for (const tampered of [[1, 2, 3], { Pinterest: 'NaN' }, { Pinterest: 1e308 }, { Error: 'x' }, 'text', null]) {
      localStorage.setItem(STORED, JSON.stringify([0, [key, Date.now(), tampered]]));
      const page = await loadPage();
      const fetch = fakeFetch();
      expect(await page.fetchCounts('https://example.com/', { fetch }), JSON.stringify(tampered)).toEqual(SAMPLE);
      expect(fetch).toHaveBeenCalledTimes(1);
      leave();
      const [, ...rows] = JSON.parse(localStorage.getItem(STORED)!) as [number, ...[string, number, unknown][]];
      expect(
        rows.map((row) => row[2]),
        'the fresh answer replaced it',
      ).toEqual([SAMPLE]);
      localStorage.clear();
    }
    // A row of the right shape cannot be told from a real answer: it is served.
    localStorage.setItem(STORED, JSON.stringify([0, [key, Date.now(), { Facebook: { total_count: 987654321 } }]]));
    const page = await loadPage();
    const fetch = fakeFetch();
    expect(page.totalCount(await page.fetchCounts('https://example.com/', { fetch }))).toBe(987654321);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("holds another tab's clearCache(): answers kept before it are not written back, nor its quota latch enforced", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const tabB = await loadPage();
    const fetch = fakeFetch();
    await tabB.fetchCounts('https://example.com/read-before', { fetch });
    await expect(tabB.fetchCounts('https://example.com/q', { fetch: fakeFetch(403, QUOTA) })).rejects.toThrow();
    leave();
    const tabA = await loadPage();
    tabA.clearCache();
    vi.setSystemTime(new Date('2026-11-22T10:00:01Z'));
    // Tab B counts one more page: it may ask again, and stores that page alone.
    await tabB.fetchCounts('https://example.com/read-after', { fetch });
    leave();
    expect(fetch).toHaveBeenCalledTimes(2);
    const item = localStorage.getItem(STORED)!;
    expect(item).toContain('read-after');
    expect(item).not.toContain('read-before');
    expect(localStorage.getItem('share-count-widgets:quota')).toBeNull();
    await tabB.fetchCounts('https://example.com/read-before', { fetch });
    expect(fetch, 'forgotten in tab B too').toHaveBeenCalledTimes(3);
  });

  it('survives storage that holds garbage, is full, or cannot be read at all', async () => {
    const full = {
      getItem: (key: string) => (key.endsWith('quota') ? '"2026-11-22"' : '{not json'),
      setItem: vi.fn(() => {
        throw new DOMException('full', 'QuotaExceededError');
      }),
      removeItem: () => {},
    };
    vi.stubGlobal('localStorage', full);
    let page = await loadPage();
    const fetch = fakeFetch();
    expect(await page.fetchCounts('https://example.com/', { fetch })).toEqual(SAMPLE);
    expect(await page.fetchCounts('https://example.com/', { fetch })).toEqual(SAMPLE);
    expect(fetch, 'the memory cache still serves this page').toHaveBeenCalledTimes(1);
    leave();
    expect(full.setItem).toHaveBeenCalled();

    // Sandboxed frames and some privacy modes throw on the mere read of `localStorage`.
    vi.stubGlobal('localStorage', undefined);
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    page = await loadPage();
    expect(await page.fetchCounts('https://example.com/', { fetch })).toEqual(SAMPLE);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('holds every request while consent is required, until grantConsent()', async () => {
    const page = await loadPage();
    page.configure({ consent: 'required' });
    const fetch = fakeFetch();
    const pending = page.fetchCounts('https://example.com/', { fetch, timeout: 50 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fetch).not.toHaveBeenCalled();
    page.grantConsent();
    expect(await pending, 'the wait for consent does not count against the timeout').toEqual(SAMPLE);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('the answer cache', () => {
  beforeEach(() => localStorage.clear());

  it('keeps at most N entries in storage, least recently used out first', async () => {
    const { createAnswerCache } = await import('../../src/wire/cache.js');
    let write: (now?: number) => void = () => {};
    const cache = createAnswerCache<number>(
      'test-cache',
      60_000,
      () => true,
      3,
      10,
      (flush) => (write = flush),
    );
    for (const n of [1, 2, 3]) cache.set(`k${n}`, n, true, 1000);
    expect(cache.get('k1', 1001)).toBe(1); // k1 is now the most recently used
    cache.set('k4', 4, true, 1002);
    write(1002);
    const [mark, ...stored] = JSON.parse(localStorage.getItem('test-cache')!) as [number, ...[string][]];
    expect([mark, ...stored.map(([key]) => key)]).toEqual([0, 'k3', 'k1', 'k4']);
    const fresh = createAnswerCache<number>('test-cache', 60_000, () => true, 3, 10);
    expect(fresh.get('k2', 1003)).toBeUndefined();
  });

  it('bounds memory too, and never serves an entry from the future or past its age', async () => {
    const { createAnswerCache } = await import('../../src/wire/cache.js');
    const cache = createAnswerCache<number>('test-cache-2', 100, () => true, 2, 2);
    for (const n of [1, 2, 3]) cache.set(`k${n}`, n, false, 1000);
    expect(cache.get('k1', 1000)).toBeUndefined();
    expect(cache.get('k3', 999)).toBeUndefined();
    cache.set('k5', 5, false, 1000);
    expect(cache.get('k5', 1100)).toBeUndefined();
    expect(localStorage.getItem('test-cache-2')).toBeNull();
  });

  it('drops expired answers from storage, on load and on the next write', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const { createAnswerCache } = await import('../../src/wire/cache.js');
    const cache = createAnswerCache<number>('test-cache-3', 60 * 60 * 1000, () => true);
    cache.set('old', 1, true);
    leave();
    vi.setSystemTime(new Date('2026-11-22T11:00:01Z'));
    const later = createAnswerCache<number>('test-cache-3', 60 * 60 * 1000, () => true);
    expect(later.get('old')).toBeUndefined();
    later.set('new', 2, true);
    leave();
    expect(localStorage.getItem('test-cache-3')).not.toContain('"old"');
    vi.useRealTimers();
  });
});
