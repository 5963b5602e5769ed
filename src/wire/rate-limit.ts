/**
 * At most `limit` requests start in any `window` milliseconds, per key. Callers
 * queue in order and are never dropped; an aborted caller leaves the queue.
 * Shareablee allows 5 requests per second per token: the client and the proxy
 * both hold themselves to it, so the API never has to refuse them.
 *
 * Every caller waits on timers of its own and is never woken by another one:
 * Cloudflare Workers cancel a request whose promise is settled from another
 * request's context, and never fire a timer whose request has ended. So there is
 * no shared timer, and a caller whose timer can no longer fire (its request is
 * gone) stops holding up the queue once its wake-up time has long passed.
 */
import { sleep } from './util.js';

interface Ticket {
  /** When this caller's own timer should next wake it (ms since the epoch). */
  wake: number;
}

interface KeyState {
  /** Start times still inside the window, oldest first. */
  starts: number[];
  queue: Ticket[];
}

/** A waiter this late past its own wake-up time is taken for gone (its request ended). */
const GONE_AFTER = 2000;

export class RateLimiter {
  readonly #limit: number;
  readonly #window: number;
  readonly #keys = new Map<string, KeyState>();

  constructor(limit = 5, window = 1000) {
    this.#limit = limit;
    this.#window = window;
  }

  /** Keys that still hold state (queued callers or starts inside the window). */
  get size(): number {
    this.#sweep(Date.now());
    return this.#keys.size;
  }

  /** Milliseconds a caller arriving now for `key` would wait, at least. */
  delay(key: string): number {
    const now = Date.now();
    const state = this.#keys.get(key);
    if (!state) return 0;
    this.#prune(state, now);
    return this.#estimate(state, state.queue.length, now);
  }

  /** Resolves when a request for `key` may start; rejects with the signal's reason if aborted first. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const ticket: Ticket = { wake: Date.now() };
    this.#state(key).queue.push(ticket);
    try {
      for (;;) {
        const at = Date.now();
        const state = this.#state(key);
        this.#prune(state, at);
        let position = state.queue.indexOf(ticket);
        if (position < 0) {
          // Taken for gone while the event loop was too busy to wake it: it has waited longest.
          state.queue.unshift(ticket);
          position = 0;
        }
        if (position === 0 && state.starts.length < this.#limit) {
          state.queue.shift();
          state.starts.push(at);
          return;
        }
        // Wake when this caller's turn should come, or sooner (a caller ahead may leave the queue):
        // never later than one start interval from now.
        const wait = Math.min(this.#estimate(state, position, at), Math.ceil(this.#window / this.#limit));
        ticket.wake = at + wait;
        await sleep(wait, signal);
      }
    } catch (error) {
      const queue = this.#keys.get(key)?.queue ?? [];
      if (queue.includes(ticket)) queue.splice(queue.indexOf(ticket), 1);
      throw error;
    } finally {
      this.#sweep(Date.now());
    }
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) this.#keys.set(key, (state = { starts: [], queue: [] }));
    return state;
  }

  /** When the caller at `position` in the queue may start, in ms from `now`, if every caller ahead starts on time. */
  #estimate(state: KeyState, position: number, now: number): number {
    const starts = [...state.starts];
    let at = now;
    for (let i = 0; i <= position; i++) {
      if (starts.length >= this.#limit) at = Math.max(at, starts[starts.length - this.#limit]! + this.#window);
      starts.push(at);
    }
    return Math.max(0, at - now);
  }

  /** Drops starts that left the window and callers that can no longer wake (their request ended). */
  #prune(state: KeyState, now: number): void {
    while (state.starts.length && state.starts[0]! <= now - this.#window) state.starts.shift();
    state.queue = state.queue.filter((ticket) => ticket.wake + GONE_AFTER > now);
  }

  #sweep(now: number): void {
    for (const [key, state] of this.#keys) {
      this.#prune(state, now);
      if (!state.starts.length && !state.queue.length) this.#keys.delete(key);
    }
  }
}
