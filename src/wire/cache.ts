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

export interface AnswerCache<T> {
  /** The value stored under `key`, if it is still fresh. */
  get(key: string, now?: number): T | undefined;
  /** Keeps `value` under `key`, in memory, and in storage too when `persist`. */
  set(key: string, value: T, persist: boolean, now?: number): void;
  /**
   * Writes the persisted entries, if any wait: what storage holds now (other tabs write it
   * too), then this page's own, newest last, at most `maxStored`, none expired.
   */
  flush(now?: number): void;
  /** Forgets everything, in memory and in storage. */
  clear(): void;
}

/**
 * @param storageKey the `localStorage` item that holds the persisted entries
 * @param ttl how long an entry lives, in milliseconds; older ones are neither served nor kept
 * @param maxStored how many entries storage keeps at most
 * @param maxMemory how many entries memory keeps at most
 * @param schedule when to write what was set: default, once the page is idle or goes away
 */
export function createAnswerCache<T>(
  storageKey: string,
  ttl: number,
  maxStored = 100,
  maxMemory = 500,
  schedule: (flush: (now?: number) => void) => void = whenIdle,
): AnswerCache<T> {
  let entries: Map<string, Entry<T>> | undefined;
  /** Answers to persist wait for one write per idle period: a page of a hundred answers writes once. */
  let pending = false;
  const fresh = (at: number, now = Date.now()) => at <= now && now - at < ttl;
  /** The memory map, filled from storage on first use. */
  const map = (): Map<string, Entry<T>> => {
    if (!entries) {
      entries = new Map();
      for (const [key, at, value] of parseRows<T>(readStored(storageKey))) if (fresh(at)) entries.set(key, { at, value, persist: true });
    }
    return entries;
  };
  const cache: AnswerCache<T> = {
    get(key, now = Date.now()) {
      const entry = map().get(key);
      if (!entry) return undefined;
      map().delete(key);
      if (!fresh(entry.at, now)) return undefined;
      // Re-inserting keeps the Map in least-recently-used order; storage follows at the next write.
      map().set(key, entry);
      return entry.value;
    },
    set(key, value, persist, now = Date.now()) {
      const all = map();
      all.delete(key);
      all.set(key, { at: now, value, persist });
      for (const old of all.keys()) {
        if (all.size <= maxMemory) break;
        all.delete(old);
      }
      if (persist && !pending) {
        pending = true;
        schedule(cache.flush);
      }
    },
    flush(now = Date.now()) {
      if (!pending) return;
      pending = false;
      const rows = new Map<string, Stored<T>>();
      for (const row of parseRows<T>(readStored(storageKey))) if (fresh(row[1], now)) rows.set(row[0], row);
      for (const [key, { at, value, persist }] of map()) {
        // Another tab may have stored a newer answer for this key since this one was read.
        if (!persist || !fresh(at, now) || (rows.get(key)?.[1] ?? -Infinity) > at) continue;
        rows.delete(key);
        rows.set(key, [key, at, value]);
      }
      let keep = [...rows.values()].slice(-maxStored);
      // A full storage gets the newer half, then nothing; the memory copy still serves this page.
      while (!writeStored(storageKey, keep) && keep.length) keep = keep.slice(Math.ceil(keep.length / 2));
    },
    clear() {
      pending = false;
      entries = new Map();
      writeStored(storageKey, undefined);
    },
  };
  return cache;
}
