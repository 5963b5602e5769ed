// @vitest-environment node
/**
 * The proxies' shared upstream calls (src/server/answers.ts, InFlight), under Cloudflare Workers'
 * rules played in Node as in rate-limit.test.ts: a request's timers belong to it and are dropped
 * when it ends, and nothing may settle another request's promise from a timer of its own.
 */
import { describe, expect, it, vi } from 'vitest';
import { InFlight } from '../../src/server/answers.js';
import { workersRules } from './support/workers-rules.js';

const { context, end, realSetTimeout } = workersRules<string>();

/** An upstream answer: I/O, not a timer of any request's. */
const upstream = <T>(value: T, ms: number) => new Promise<T>((resolve) => realSetTimeout(() => resolve(value), ms));

describe('InFlight', () => {
  it('makes one call for concurrent requests, each awaiting it in its own context', async () => {
    const calls = new InFlight<string>();
    const start = vi.fn(() => upstream('answer', 30));
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => context.run(id, () => calls.join('url', start, 1000))));
    expect(answers).toEqual(Array(5).fill('answer'));
    expect(start).toHaveBeenCalledTimes(1);
    expect(calls.has('url')).toBe(false);
  });

  it('gives each waiter up on a timer of its own, and starts afresh once a call is past its deadline', async () => {
    const calls = new InFlight<string>();
    // A call whose request is gone: it never settles.
    void context.run('gone', () => calls.join('url', () => new Promise<string>(() => {}), 100));
    end('gone');
    const t0 = Date.now();
    const waiter = await context.run('b', () => calls.join('url', () => upstream('fresh', 10), 100));
    expect(waiter, 'given up at the deadline, not hung').toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(500);
    await new Promise((resolve) => realSetTimeout(resolve, 5)); // Node may fire a timer a millisecond early
    expect(calls.has('url')).toBe(false);
    expect(await context.run('c', () => calls.join('url', () => upstream('fresh', 10), 100))).toBe('fresh');
  });
});
