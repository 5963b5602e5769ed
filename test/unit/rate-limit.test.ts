// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/wire/rate-limit.js';
import { workersRules } from './support/workers-rules.js';

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

  it('counts the callers waiting for a key: not those that start at once, nor those that left', async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter(2, 1000);
    const controller = new AbortController();
    const all = [limiter.take('k'), limiter.take('k'), limiter.take('k', controller.signal), limiter.take('k'), limiter.take('other')];
    // Queued synchronously, in `take` itself: the count is right before any of them is awaited.
    expect([limiter.waiting('k'), limiter.waiting('other'), limiter.waiting('none')]).toEqual([2, 0, 0]);
    controller.abort(new Error('gone'));
    await expect(all[2]).rejects.toThrow('gone');
    expect(limiter.waiting('k')).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([all[0], all[1], all[3], all[4]]);
    expect(limiter.waiting('k')).toBe(0);
  });
});

/**
 * Cloudflare Workers' rules, played in Node: every timer belongs to the request that set it, and
 * once a request has its answer, its pending timers never fire. A limiter that wakes one caller
 * from another caller's timer leaves callers hanging here, as Workers cancelled them ("hung").
 */
describe('RateLimiter under Workers rules', () => {
  const { context, end, realSetTimeout } = workersRules<number>();

  /** `count` requests each taking a turn in a context of their own; resolves with the ids in the order they started. */
  function burst(limiter: RateLimiter, count: number, ended: (id: number) => boolean = () => true) {
    const started: number[] = [];
    const all = Array.from({ length: count }, (_, id) =>
      context.run(id, () =>
        limiter.take('token').then(() => {
          started.push(id);
          if (ended(id)) end(id);
        }),
      ),
    );
    return { started, all: Promise.all(all) };
  }

  it('answers all 12 of a burst although each request that started drops its timers at once', async () => {
    const limiter = new RateLimiter(5, 100);
    const { started, all } = burst(limiter, 12);
    await all;
    expect(started).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('keeps no state for a key once its burst is over, so the next request goes at once', async () => {
    const limiter = new RateLimiter(5, 100);
    await burst(limiter, 11).all;
    expect(limiter.size, 'inside the window the last starts still count').toBe(1);
    await new Promise((resolve) => realSetTimeout(resolve, 120));
    expect(limiter.size).toBe(0);
    const t0 = Date.now();
    await limiter.take('token');
    expect(Date.now() - t0).toBeLessThan(20);
  });

  it('lets the queue move on past a caller whose request is gone without aborting', async () => {
    const limiter = new RateLimiter(1, 50);
    await limiter.take('token');
    // Caller 0's request is cancelled while it waits: its timer is dropped, its promise never settles.
    void context.run(0, () => limiter.take('token'));
    end(0);
    const t0 = Date.now();
    await limiter.take('token');
    expect(Date.now() - t0, 'after the gone caller is given up (2 s past its wake-up time)').toBeLessThan(3000);
  }, 10_000);
});
