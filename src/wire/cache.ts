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

export class AnswerCache<T> {
  readonly #storageKey: string;
  readonly #ttl: number;
  readonly #maxStored: number;
  readonly #maxMemory: number;
  #entries: Map<string, Entry<T>> | undefined;

  /**
   * @param storageKey the `localStorage` item that holds the persisted entries
   * @param ttl how long an entry lives, in milliseconds; older ones are neither served nor kept
   * @param maxStored how many entries storage keeps at most
   * @param maxMemory how many entries memory keeps at most
   */
  constructor(storageKey: string, ttl: number, maxStored = 100, maxMemory = 500) {
    this.#storageKey = storageKey;
    this.#ttl = ttl;
    this.#maxStored = maxStored;
    this.#maxMemory = maxMemory;
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
    if (persist) this.#flush(now);
  }

  /**
   * Writes the persisted entries: what storage holds now (other tabs write it
   * too), then this page's own, newest last, at most `maxStored`, none expired.
   */
  #flush(now: number): void {
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
    this.#entries = new Map();
    writeStored(this.#storageKey, undefined);
  }
}
