/**
 * Cloudflare Workers' rules, played in Node for the tests of code the proxies share with workerd:
 * every timer belongs to the request (an AsyncLocalStorage context) that set it, and once a
 * request has its answer, its pending timers never fire. Code that wakes one caller from another
 * caller's timer leaves callers hanging here, as Workers cancels them ("hung").
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, vi } from 'vitest';

export function workersRules<Id>() {
  const context = new AsyncLocalStorage<Id>();
  const timersOf = new Map<Id, Set<ReturnType<typeof setTimeout>>>();
  const realSetTimeout = globalThis.setTimeout;
  beforeEach(() => {
    timersOf.clear();
    vi.stubGlobal('setTimeout', (callback: () => void, ms?: number) => {
      const timer = realSetTimeout(callback, ms);
      const owner = context.getStore();
      if (owner !== undefined) timersOf.set(owner, (timersOf.get(owner) ?? new Set()).add(timer));
      return timer;
    });
  });
  afterEach(() => vi.unstubAllGlobals());
  return {
    /** Runs `work` as request `id`. */
    context,
    /** Request `id` ends: what it left pending is dropped, as workerd drops it. */
    end: (id: Id) => timersOf.get(id)?.forEach((timer) => clearTimeout(timer)),
    /** The setTimeout of no request: I/O, such as an upstream answering. */
    realSetTimeout,
  };
}
