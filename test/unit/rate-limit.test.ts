import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/wire/rate-limit.js';

describe('RateLimiter', () => {
  afterEach(() => vi.useRealTimers());

  it('lets at most 5 start in any second, queues the rest in order, drops none', async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter(5, 1000);
    const started: [number, number][] = [];
    const t0 = Date.now();
    const all = Array.from({ length: 23 }, (_, i) => limiter.take('k').then(() => started.push([i, Date.now() - t0])));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(started.map(([i]) => i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const times = started.map(([, at]) => at);
    for (const at of times) expect(times.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(5);
    expect(times.at(-1)).toBe(4000);
  });

  it('keeps keys apart, and lets an aborted caller leave the queue', async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter(1, 1000);
    await limiter.take('a');
    await limiter.take('b');
    const controller = new AbortController();
    const aborted = limiter.take('a', controller.signal);
    const next = limiter.take('a');
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    let done = false;
    void next.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
