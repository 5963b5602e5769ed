/**
 * Where both proxies keep upstream answers: a bounded memory cache (least recently used out
 * first) in front of an optional shared store, and the calls under way, shared by every
 * request that wants the same answer meanwhile.
 */
import { digest, within, type ProxyContext, type ProxyStore, type StoredAnswer, type StoredValue } from './http.js';

export interface Answer {
  body: string;
  /** When the upstream gave it (ms since the epoch). */
  at: number;
  /** The upstream's refusal status (4xx), for a refusal kept so that it is not asked again; absent for an answer. */
  status?: number | undefined;
}

/** A store that does not answer within this time is taken for down. */
const STORE_TIMEOUT = 500;
/** After a store failure, it is left alone for this long (each request would wait for it otherwise). */
const STORE_PAUSE = 30_000;
/** What the memory cache holds at most, in characters of answers, whatever their number. */
const MAX_BYTES = 64 * 2 ** 20;
/** Clocks of instances sharing a store may differ by this much (ms): a stored time further ahead is a forgery. */
const CLOCK_SKEW = 60_000;

export interface AnswersOptions {
  maxEntries: number;
  /** Characters of answers held in memory at most, the least recently used going first. Default 64 Mi. */
  maxBytes?: number | undefined;
  /** Seconds the store keeps an answer. */
  keep: number;
  store?: ProxyStore | undefined;
  /** Prefix of the store's keys, e.g. `share-count-widgets:sharedcount`. */
  namespace: string;
  log: (message: string) => void;
  /**
   * Checks a body the store returned, as an upstream answer is checked: the body to serve,
   * written by the proxy itself (never the stored text), or undefined for a miss.
   */
  accept: (body: string, status: number | undefined) => string | undefined;
}

export class Answers {
  readonly #memory = new Map<string, Answer>();
  /** The characters of the bodies held in memory. */
  #bytes = 0;
  /** Store reads under way: requests that arrive meanwhile share one, and so join one upstream call. */
  readonly #reading = new Map<string, Promise<Answer | undefined>>();
  readonly #options: AnswersOptions;
  readonly #store: GuardedStore;

  constructor(options: AnswersOptions) {
    this.#options = options;
    this.#store = new GuardedStore(options.store, options.log);
  }

  /** The store, guarded: whatever else of the proxy's uses it shares its timeouts, pause and one warning. */
  get store(): GuardedStore {
    return this.#store;
  }

  /**
   * The answer for `key` from memory, else from the store, if it is younger than `keep`;
   * undefined otherwise. An answer too old in memory is dropped: another instance may have
   * stored a fresh one.
   */
  get(key: string): Promise<Answer | undefined> {
    const hit = this.#memory.get(key);
    this.#forget(key);
    if (hit && this.#fresh(hit)) {
      // Most recently used goes last: Map keeps insertion order.
      this.#remember(key, hit);
      return Promise.resolve(hit);
    }
    let reading = this.#reading.get(key);
    if (!reading) {
      reading = this.#store
        .use((store) => this.#storeKey(key).then((id) => store.getItem(id)))
        .then((stored) => {
          // What the store holds is not trusted: anyone with write access to it could have put it there.
          const now = Date.now();
          if (!isStored(stored) || stored.key !== key || stored.at > now + CLOCK_SKEW || !this.#fresh(stored)) return undefined;
          const body = this.#options.accept(stored.body, stored.status);
          if (body === undefined) return undefined;
          const answer: Answer = { body, at: Math.min(stored.at, now), status: stored.status };
          this.#remember(key, answer);
          return answer;
        })
        .finally(() => this.#reading.delete(key));
      this.#reading.set(key, reading);
    }
    return reading;
  }

  #fresh({ at }: { at: number }): boolean {
    return Date.now() - at < this.#options.keep * 1000;
  }

  /** Keeps `answer` in memory and, in the background, in the store. */
  set(key: string, answer: Answer, context?: ProxyContext): void {
    this.#remember(key, answer);
    if (!this.#options.store) return;
    const value: StoredAnswer = { key, body: answer.body, at: answer.at, ...(answer.status && { status: answer.status }) };
    // `set` never rejects: a failed write is the store's warning, never an unhandled rejection.
    const write = this.#storeKey(key).then((id) => this.#store.set(id, value, this.#options.keep));
    context?.waitUntil?.(write);
  }

  #remember(key: string, answer: Answer): void {
    this.#forget(key);
    this.#memory.set(key, answer);
    this.#bytes += answer.body.length;
    // Bounded in number and in size: answers of a few bytes or of a few megabytes alike.
    for (const oldest of this.#memory.keys()) {
      if (this.#memory.size <= this.#options.maxEntries && this.#bytes <= (this.#options.maxBytes ?? MAX_BYTES)) break;
      this.#forget(oldest);
    }
  }

  #forget(key: string): void {
    this.#bytes -= this.#memory.get(key)?.body.length ?? 0;
    this.#memory.delete(key);
  }

  #storeKey(key: string): Promise<string> {
    return digest(key).then((id) => `${this.#options.namespace}:${id}`);
  }
}

/**
 * A shared store, used so that it can never hold a request up: every use is bounded in time, and
 * a failure or a timeout logs one warning (until the store works again) and leaves the store
 * alone for a while, the proxy answering from memory and the upstream meanwhile.
 */
export class GuardedStore {
  #pausedUntil = 0;
  #warned = false;

  constructor(
    readonly store: ProxyStore | undefined,
    readonly log: (message: string) => void,
  ) {}

  /** `work`'s result, or undefined when there is no store, it failed or it was too slow. */
  async use<T>(work: (store: ProxyStore) => Promise<T>): Promise<T | undefined> {
    const { store } = this;
    if (!store || Date.now() < this.#pausedUntil) return undefined;
    const failed: unique symbol = Symbol('failed');
    let reason = 'no answer within 500 ms';
    const result = await within(
      // Called inside the chain: a store whose method throws, or returns no promise, fails here, not the process.
      Promise.resolve()
        .then(() => work(store))
        .catch((error: unknown) => {
          reason = error instanceof Error ? error.message : String(error);
          return failed;
        }),
      STORE_TIMEOUT,
      failed,
    );
    if (result !== failed) {
      this.#warned = false;
      return result as T;
    }
    this.#pausedUntil = Date.now() + STORE_PAUSE;
    if (!this.#warned) {
      this.#warned = true;
      this.log(`share-count-widgets proxy: the store failed (${reason}); answering from memory and the upstream`);
    }
    return undefined;
  }

  /** Writes `value`, kept `ttl` seconds; resolves true once written (for `waitUntil`), never rejects. */
  set(key: string, value: StoredValue, ttl: number): Promise<boolean | undefined> {
    return this.use((store) => store.setItem(key, value, { ttl }).then(() => true));
  }
}

function isStored(value: unknown): value is StoredAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const { key, body, at, status } = value as Record<string, unknown>;
  return (
    typeof key === 'string' &&
    typeof body === 'string' &&
    Number.isSafeInteger(at) &&
    (at as number) > 0 &&
    (status === undefined || (Number.isInteger(status) && (status as number) >= 400 && (status as number) < 500))
  );
}

/**
 * Calls under way, one per key. Every request that wants the same answer meanwhile awaits the
 * one call's promise itself, and at most until the call's deadline, on a timer of its own: a
 * request never settles another's promise, and a call whose request is gone (Workers cancel what
 * a finished request left running) holds no one up for longer than that.
 *
 * A call is for the requests that wait for it: once every one of them has gone (its
 * `request.signal` aborted), the call's own signal aborts, so that a call still waiting for its
 * turn never reaches the upstream. A joiner without a signal (a background refresh) keeps it.
 */
export class InFlight<T> {
  readonly #calls = new Map<string, Call<T>>();
  /** Budget checks under way, per key, each resolving once its call has started (or was refused). */
  readonly #spending = new Map<string, Promise<void>>();

  /**
   * Joins the call under way for `key` at no cost, or first spends from a budget (`spend()`:
   * undefined when there was room, else what is spent) and then starts one with `join()`.
   * Requests for `key` that come while one is spending wait for it, then join the call it started.
   */
  async spendOrJoin<S>(
    key: string,
    spend: () => Promise<S | undefined>,
    join: () => Promise<T | undefined>,
  ): Promise<{ joined: Promise<T | undefined> } | { spent: S }> {
    const pending = this.#spending.get(key);
    // Awaited only when there is something to wait for: an await of nothing lets another request in between.
    if (pending) await pending;
    if (this.has(key)) return { joined: join() };
    let started = () => {};
    this.#spending.set(key, new Promise<void>((resolve) => (started = resolve)));
    try {
      const spent = await spend();
      return spent === undefined ? { joined: join() } : { spent };
    } finally {
      this.#spending.delete(key);
      started();
    }
  }

  /** `start()`'s result, shared; undefined if it did not come by `budget` ms after the call began, or `signal` aborted first. */
  join(key: string, start: (signal: AbortSignal) => Promise<T>, budget: number, signal?: AbortSignal | null): Promise<T | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const now = Date.now();
    if (this.#calls.size > 64) for (const [other, call] of this.#calls) if (call.deadline <= now) this.#calls.delete(other);
    let call = this.#calls.get(key);
    if (!call || call.deadline <= now) {
      const controller = new AbortController();
      const promise: Promise<T> = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => {
          if (this.#calls.get(key)?.promise === promise) this.#calls.delete(key);
        });
      this.#calls.set(key, (call = { deadline: now + budget, promise, controller, waiting: 0, kept: false }));
    }
    const joined = call;
    if (!signal) {
      joined.kept = true;
      return within(joined.promise, joined.deadline - now, undefined);
    }
    joined.waiting++;
    let leave: () => void = () => {};
    const gone = new Promise<undefined>((resolve) => {
      leave = () => {
        if (--joined.waiting === 0 && !joined.kept) joined.controller.abort(signal.reason);
        resolve(undefined);
      };
      signal.addEventListener('abort', leave, { once: true });
    });
    return within(Promise.race([joined.promise, gone]), joined.deadline - now, undefined).finally(() =>
      signal.removeEventListener('abort', leave),
    );
  }

  /** True while a call for `key` is under way. */
  has(key: string): boolean {
    const call = this.#calls.get(key);
    return call !== undefined && call.deadline > Date.now();
  }
}

interface Call<T> {
  promise: Promise<T>;
  deadline: number;
  controller: AbortController;
  /** Requests waiting for it that may still leave. */
  waiting: number;
  /** Someone waits for it who never leaves: it runs to its end. */
  kept: boolean;
}
