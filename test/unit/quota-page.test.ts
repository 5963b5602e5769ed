/**
 * After quota_exceeded, a page of 100 <share-count> elements makes no request until the next
 * UTC day (the clock is faked), then asks again. Elements run in happy-dom here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';

const QUOTA = { Error: 'Free API quota exceeded.', Type: 'quota_exceeded' };

async function settle(elements: ShareCountElement[]): Promise<void> {
  await vi.waitFor(() => expect(elements.every((el) => el.state !== 'loading')).toBe(true), { timeout: 3000 });
}

describe('quota on a page of elements', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('makes 0 requests after quota_exceeded until the next UTC day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T18:00:00Z'));
    localStorage.clear();
    const api = await import('../../src/entries/share-count-widgets.js');
    api.configure({ sharedcount: { apiKey: 'k', cache: 'none' } });
    let overQuota = true;
    const fetch = vi.fn<typeof globalThis.fetch>(async () =>
      overQuota ? new Response(JSON.stringify(QUOTA), { status: 403 }) : new Response(JSON.stringify({ Pinterest: 7 })),
    );

    const first = document.createElement('share-count');
    Object.assign(first, { url: 'https://example.com/first', fetch });
    document.body.append(first);
    await settle([first]);
    expect(first.error).toMatchObject({ type: 'quota_exceeded', status: 403 });
    expect(fetch).toHaveBeenCalledTimes(1);

    const page = Array.from({ length: 100 }, (_, i) => {
      const el = document.createElement('share-count');
      Object.assign(el, { url: `https://example.com/post-${i % 10}`, fetch });
      document.body.append(el);
      return el;
    });
    await settle(page);
    expect(page.every((el) => el.state === 'error' && el.error?.name === 'SharedCountError')).toBe(true);
    expect(fetch, 'no request while the quota is spent').toHaveBeenCalledTimes(1);

    vi.setSystemTime(new Date('2026-11-22T23:59:59Z'));
    page.forEach((el) => el.refresh());
    await settle(page);
    expect(fetch, 'still the same UTC day').toHaveBeenCalledTimes(1);

    overQuota = false;
    vi.setSystemTime(new Date('2026-11-23T00:00:01Z'));
    page.forEach((el) => el.refresh());
    await settle(page);
    expect(page.every((el) => el.count === 7)).toBe(true);
    expect(fetch, 'one request per distinct URL the next day').toHaveBeenCalledTimes(11);
  });
});
