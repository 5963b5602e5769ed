/**
 * What the widget keeps between calls and page loads: answers with their age,
 * in memory and (when asked) in `localStorage`, least recently used first out.
 *
 * Storage can be missing, full, disabled or tampered with; every access is
 * guarded, and a bad stored value is dropped rather than trusted.
 */

type Stored<T> = [key: string, at: number, value: T];

interface Entry<T> {
  at: number;
  value: T;
  persist: boolean;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    // Reading localStorage throws where storage is blocked (sandboxed frames, some privacy modes).
    return undefined;
  }
}

export function readStored(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes JSON; returns false when storage is unavailable or full. */
export function writeStored(key: string, value: unknown): boolean {
  try {
    const store = storage();
    if (!store) return false;
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** The rows of a stored cache, dropping anything that is not `[key, time, value]`. */
function parseRows<T>(stored: unknown): Stored<T>[] {
  if (!Array.isArray(stored)) return [];
  return (stored as unknown[]).filter(
    (row): row is Stored<T> => Array.isArray(row) && row.length === 3 && typeof row[0] === 'string' && typeof row[1] === 'number',
  );
}

/** Writes waiting for the page to be idle, run together. */
const due = new Set<() => void>();
let watchingExit = false;
const runDue = () => {
  for (const flush of [...due]) flush();
  due.clear();
};

/** Runs `flush` once the page is idle (within a second), or just before it goes away, whichever comes first. */
function whenIdle(flush: () => void): void {
  if (!due.size) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(runDue, { timeout: 1000 });
    else setTimeout(runDue, 50);
  }
  due.add(flush);
  // A reader who leaves at once still leaves the answers for their next page.
  if (!watchingExit) globalThis.addEventListener?.('pagehide', runDue);
  watchingExit = true;
}

export class AnswerCache<T> {
  readonly #storageKey: string;
  readonly #ttl: number;
  readonly #maxStored: number;
  readonly #maxMemory: number;
  readonly #schedule: (flush: (now?: number) => void) => void;
  #entries: Map<string, Entry<T>> | undefined;
  /** Answers to persist wait for one write per idle period: a page of a hundred answers writes once. */
  #pending = false;

  /**
   * @param storageKey the `localStorage` item that holds the persisted entries
   * @param ttl how long an entry lives, in milliseconds; older ones are neither served nor kept
   * @param maxStored how many entries storage keeps at most
   * @param maxMemory how many entries memory keeps at most
   * @param schedule when to write what was set: default, once the page is idle or goes away
   */
  constructor(
    storageKey: string,
    ttl: number,
    maxStored = 100,
    maxMemory = 500,
    schedule: (flush: (now?: number) => void) => void = whenIdle,
  ) {
    this.#storageKey = storageKey;
    this.#ttl = ttl;
    this.#maxStored = maxStored;
    this.#maxMemory = maxMemory;
    this.#schedule = schedule;
  }

  #fresh(at: number, now = Date.now()): boolean {
    return at <= now && now - at < this.#ttl;
  }

  /** The memory map, filled from storage on first use. */
  #map(): Map<string, Entry<T>> {
    if (this.#entries) return this.#entries;
    this.#entries = new Map();
    for (const [key, at, value] of parseRows<T>(readStored(this.#storageKey))) {
      if (this.#fresh(at)) this.#entries.set(key, { at, value, persist: true });
    }
    return this.#entries;
  }

  /** The value stored under `key`, if it is still fresh. */
  get(key: string, now = Date.now()): T | undefined {
    const map = this.#map();
    const entry = map.get(key);
    if (!entry) return undefined;
    map.delete(key);
    if (!this.#fresh(entry.at, now)) return undefined;
    // Re-inserting keeps the Map in least-recently-used order; storage follows at the next write.
    map.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, persist: boolean, now = Date.now()): void {
    const map = this.#map();
    map.delete(key);
    map.set(key, { at: now, value, persist });
    for (const old of map.keys()) {
      if (map.size <= this.#maxMemory) break;
      map.delete(old);
    }
    if (persist && !this.#pending) {
      this.#pending = true;
      this.#schedule((now) => this.flush(now));
    }
  }

  /**
   * Writes the persisted entries, if any wait: what storage holds now (other tabs write it
   * too), then this page's own, newest last, at most `maxStored`, none expired.
   */
  flush(now = Date.now()): void {
    if (!this.#pending) return;
    this.#pending = false;
    const rows = new Map<string, Stored<T>>();
    for (const row of parseRows<T>(readStored(this.#storageKey))) if (this.#fresh(row[1], now)) rows.set(row[0], row);
    for (const [key, { at, value, persist }] of this.#map()) {
      if (!persist || !this.#fresh(at, now)) continue;
      // Another tab may have stored a newer answer for this key since this one was read.
      if ((rows.get(key)?.[1] ?? -Infinity) > at) continue;
      rows.delete(key);
      rows.set(key, [key, at, value]);
    }
    let keep = [...rows.values()].slice(-this.#maxStored);
    // A full storage gets the newer half, then nothing; the memory copy still serves this page.
    while (!writeStored(this.#storageKey, keep) && keep.length) keep = keep.slice(Math.ceil(keep.length / 2));
  }

  /** Forgets everything, in memory and in storage. */
  clear(): void {
    this.#pending = false;
    this.#entries = new Map();
    writeStored(this.#storageKey, undefined);
  }
}
