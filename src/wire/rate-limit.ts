/**
 * At most `limit` requests start in any `window` milliseconds, per key. Callers
 * queue in order and are never dropped; an aborted caller leaves the queue.
 * Shareablee allows 5 requests per second per token: the client and the proxy
 * both hold themselves to it, so the API never has to refuse them.
 */
interface Waiter {
  resolve(): void;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #window: number;
  readonly #starts = new Map<string, number[]>();
  readonly #queues = new Map<string, Waiter[]>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(limit = 5, window = 1000) {
    this.#limit = limit;
    this.#window = window;
  }

  /** Resolves when a request for `key` may start; rejects with the signal's reason if aborted first. */
  take(key: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const queue = this.#queues.get(key) ?? [];
      this.#queues.set(key, queue);
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.#pump(key);
    });
  }

  #pump(key: string): void {
    const queue = this.#queues.get(key);
    if (!queue || this.#timers.has(key)) return;
    const now = Date.now();
    const starts = (this.#starts.get(key) ?? []).filter((at) => now - at < this.#window);
    while (queue.length && starts.length < this.#limit) {
      starts.push(now);
      queue.shift()!.resolve();
    }
    this.#starts.set(key, starts);
    if (!queue.length) {
      this.#queues.delete(key);
      if (!starts.length) this.#starts.delete(key);
      return;
    }
    // Wake when the oldest start leaves the window.
    const wait = starts[0]! + this.#window - now;
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.#pump(key);
      }, wait),
    );
  }
}
