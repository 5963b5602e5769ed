/**
 * Where both proxies keep upstream answers: a bounded memory cache (least recently used out
 * first) in front of an optional shared store, and the calls under way, shared by every
 * request that wants the same answer meanwhile.
 */
import { digest, within, type ProxyContext, type ProxyStore, type StoredAnswer } from './http.js';

export interface Answer {
  body: string;
  /** When the upstream gave it (ms since the epoch). */
  at: number;
  /** Why the last refresh failed, and when: a stale answer served meanwhile says so. */
  failed?: { reason: string; at: number } | undefined;
}

/** A store that does not answer within this time is taken for down. */
const STORE_TIMEOUT = 500;
/** After a store failure, it is left alone for this long (each request would wait for it otherwise). */
const STORE_PAUSE = 30_000;

export interface AnswersOptions {
  maxEntries: number;
  /** Seconds the store keeps an answer. */
  keep: number;
  store?: ProxyStore | undefined;
  /** Prefix of the store's keys, e.g. `share-count-widgets:sharedcount`. */
  namespace: string;
  log: (message: string) => void;
}

export class Answers {
  readonly #memory = new Map<string, Answer>();
  /** Store reads under way: requests that arrive meanwhile share one, and so join one upstream call. */
  readonly #reading = new Map<string, Promise<Answer | undefined>>();
  readonly #options: AnswersOptions;
  #pausedUntil = 0;
  #warned = false;

  constructor(options: AnswersOptions) {
    this.#options = options;
  }

  /**
   * The answer for `key` from memory, else from the store, if it is younger than `keep`;
   * undefined otherwise. An answer too old in memory is dropped: another instance may have
   * stored a fresh one.
   */
  get(key: string): Promise<Answer | undefined> {
    const hit = this.#memory.get(key);
    this.#memory.delete(key);
    if (hit && this.#fresh(hit)) {
      // Most recently used goes last: Map keeps insertion order.
      this.#memory.set(key, hit);
      return Promise.resolve(hit);
    }
    let reading = this.#reading.get(key);
    if (!reading) {
      reading = this.#useStore((store) => this.#storeKey(key).then((id) => store.getItem(id)))
        .then((stored) => {
          if (!isStored(stored) || stored.key !== key || !this.#fresh(stored)) return undefined;
          const answer = { body: stored.body, at: stored.at };
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
    const value: StoredAnswer = { key, body: answer.body, at: answer.at };
    const write = this.#useStore((store) =>
      this.#storeKey(key).then((id) => store.setItem(id, value, { ttl: this.#options.keep }).then(() => true)),
    );
    context?.waitUntil?.(write);
  }

  #remember(key: string, answer: Answer): void {
    this.#memory.delete(key);
    this.#memory.set(key, answer);
    for (const oldest of this.#memory.keys()) {
      if (this.#memory.size <= this.#options.maxEntries) break;
      this.#memory.delete(oldest);
    }
  }

  #storeKey(key: string): Promise<string> {
    return digest(key).then((id) => `${this.#options.namespace}:${id}`);
  }

  /**
   * Runs `work` against the store, bounded in time. A failure or a timeout logs one warning (until
   * the store works again) and leaves the store alone for a while: answers come from memory and
   * the upstream meanwhile.
   */
  async #useStore<T>(work: (store: ProxyStore) => Promise<T>): Promise<T | undefined> {
    const { store } = this.#options;
    if (!store || Date.now() < this.#pausedUntil) return undefined;
    const failed: unique symbol = Symbol('failed');
    let reason = 'no answer within 500 ms';
    const result = await within(
      work(store).catch((error: unknown) => {
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
      this.#options.log(`share-count-widgets proxy: the store failed (${reason}); answering from memory and the upstream`);
    }
    return undefined;
  }
}

function isStored(value: unknown): value is StoredAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const { key, body, at } = value as Record<string, unknown>;
  return typeof key === 'string' && typeof body === 'string' && typeof at === 'number';
}

/**
 * Calls under way, one per key. Every request that wants the same answer meanwhile awaits the
 * one call's promise itself, and at most until the call's deadline, on a timer of its own: a
 * request never settles another's promise, and a call whose request is gone (Workers cancel what
 * a finished request left running) holds no one up for longer than that.
 */
export class InFlight<T> {
  readonly #calls = new Map<string, { promise: Promise<T>; deadline: number }>();

  /** `start()`'s result, shared; undefined if it did not come by `budget` ms after the call began. */
  join(key: string, start: () => Promise<T>, budget: number): Promise<T | undefined> {
    const now = Date.now();
    if (this.#calls.size > 64) for (const [other, call] of this.#calls) if (call.deadline <= now) this.#calls.delete(other);
    let call = this.#calls.get(key);
    if (!call || call.deadline <= now) {
      const promise: Promise<T> = Promise.resolve()
        .then(start)
        .finally(() => {
          if (this.#calls.get(key)?.promise === promise) this.#calls.delete(key);
        });
      this.#calls.set(key, (call = { deadline: now + budget, promise }));
    }
    return within(call.promise, call.deadline - now, undefined);
  }

  /** True while a call for `key` is under way. */
  has(key: string): boolean {
    const call = this.#calls.get(key);
    return call !== undefined && call.deadline > Date.now();
  }
}
