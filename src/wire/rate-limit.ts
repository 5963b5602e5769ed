/**
 * At most `limit` requests start in any `window` milliseconds, per key. Callers
 * queue in order and are never dropped; an aborted caller leaves the queue.
 * Shareablee allows 5 requests per second per token: the client and the proxy
 * both hold themselves to it, so the API never has to refuse them.
 *
 * Every caller waits on timers of its own and is never woken by another one:
 * Cloudflare Workers cancel a request whose promise is settled from another
 * request's context, and never fire a timer whose request has ended. So there is
 * no shared timer: each caller re-checks its turn at least once per start
 * interval, and a caller whose timer can no longer fire (its request is gone) is
 * passed over once it is 2 s late.
 */
import { sleep } from './util.js';

interface KeyState {
  /** Start times still inside the window, oldest first. */
  starts: number[];
  /** Waiting callers, first in line first, each with the time its own timer wakes it. */
  queue: { wake: number }[];
}

/** Reaches a limiter's state, for `RateLimiter`'s reports; set by `RateLimit`'s static block. */
let internals: (limiter: RateLimit) => {
  keys: Map<string, KeyState>;
  wait: (starts: number[], position: number, now: number) => number;
  sweep: (now: number) => void;
};

/** The limit as a client holds itself to it: `take()` alone. The proxy's `RateLimiter` adds what it reports. */
export class RateLimit {
  readonly #limit: number;
  readonly #window: number;
  readonly #keys = new Map<string, KeyState>();

  constructor(limit = 5, window = 1000) {
    this.#limit = limit;
    this.#window = window;
  }

  /** Resolves when a request for `key` may start; rejects with the signal's reason if aborted first. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    const ticket = { wake: 0 };
    for (;;) {
      const now = Date.now();
      this.#sweep(now);
      const state = this.#keys.get(key) ?? { starts: [], queue: [] };
      this.#keys.set(key, state);
      // New callers join the end; one passed over while it slept (a busy event loop) has waited longest.
      if (!state.queue.includes(ticket)) state.queue[ticket.wake ? 'unshift' : 'push'](ticket);
      const position = state.queue.indexOf(ticket);
      if (!position && state.starts.length < this.#limit) {
        state.queue.shift();
        state.starts.push(now);
        return;
      }
      // Wake when this caller's turn should come, or sooner: a caller ahead may leave the queue.
      const wait = Math.min(this.#wait(state.starts, position, now), this.#window / this.#limit);
      ticket.wake = now + wait;
      await sleep(wait, signal).catch((error: unknown) => {
        ticket.wake = -1e13; // gone: swept out of the queue
        throw error;
      });
    }
  }

  static {
    internals = (limiter: RateLimit) => ({
      keys: limiter.#keys,
      wait: (starts: number[], position: number, now: number) => limiter.#wait(starts, position, now),
      sweep: (now: number) => limiter.#sweep(now),
    });
  }

  /** When the caller at `position` may start, in ms from `now`, if every caller ahead starts on time. */
  #wait(starts: number[], position: number, now: number): number {
    const planned = [...starts];
    let at = now;
    for (let i = 0; i <= position; i++) {
      if (planned.length >= this.#limit) at = Math.max(at, planned[planned.length - this.#limit]! + this.#window);
      planned.push(at);
    }
    return at - now;
  }

  /** Drops starts that left the window, callers 2 s past their wake-up time, and keys left with neither. */
  #sweep(now: number): void {
    for (const [key, state] of this.#keys) {
      state.starts = state.starts.filter((at) => at > now - this.#window);
      state.queue = state.queue.filter((ticket) => ticket.wake + 2000 > now);
      if (!state.starts.length && !state.queue.length) this.#keys.delete(key);
    }
  }
}

/** `RateLimit` with what the proxy reports on it (servers only: the browser files carry none of it). */
export class RateLimiter extends RateLimit {
  /** Keys that still hold state (waiting callers, or starts inside the window). */
  get size(): number {
    const { keys, sweep } = internals(this);
    sweep(Date.now());
    return keys.size;
  }

  /** Milliseconds a caller arriving now for `key` would wait, at least. */
  delay(key: string): number {
    const { keys, wait } = internals(this);
    const { starts = [], queue = [] } = keys.get(key) ?? {};
    return wait(starts, queue.length, Date.now());
  }

  /**
   * Callers waiting for their turn for `key` now; a caller that may start at once never waits, and
   * one that left (aborted) no longer counts. A caller joins the queue synchronously in `take`, so
   * a check of this right before `take` is exact.
   */
  waiting(key: string): number {
    const { keys, sweep } = internals(this);
    sweep(Date.now());
    return keys.get(key)?.queue.length ?? 0;
  }
}
