/**
 * What the widget keeps between calls and page loads: answers with their age,
 * in memory and (when asked) in `localStorage`, least recently used first out.
 *
 * Storage can be missing, full, disabled or tampered with; every access is
 * guarded, and a bad stored value is dropped rather than trusted.
 */

/** An entry, as memory and storage hold it; `memoryOnly` is never written. */
type Row<T> = [key: string, at: number, value: T, memoryOnly?: 1];

/**
 * The JSON stored under `key`: null when there is none, undefined when storage is missing, blocked
 * (reading `localStorage` throws in sandboxed frames, some privacy modes) or holds no JSON.
 */
export function readStored(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key)!) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes `value` as JSON, or `json` as given; without either, removes the item. Returns false when
 * storage is unavailable or full, or `value` is not JSON (a BigInt, a cycle).
 */
export function writeStored(key: string, value?: unknown, json?: string): boolean {
  try {
    json ??= JSON.stringify(value);
    if (json === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, json);
    return true;
  } catch {
    return false;
  }
}

/** Writes waiting for the page to be idle, run together. */
const due = new Set<() => void>();
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
  // A reader who leaves at once still leaves the answers for their next page (one listener: the same one is added once).
  globalThis.addEventListener?.('pagehide', runDue);
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
 * @param valid whether a stored value may be served: storage is anyone's to write (an extension, a
 *   script of the page, an older version), so what fails it is dropped, and asked for again
 * @param maxStored how many entries storage keeps at most
 * @param maxMemory how many entries memory keeps at most
 * @param schedule when to write what was set: default, once the page is idle or goes away
 */
export function createAnswerCache<T>(
  storageKey: string,
  ttl: number,
  valid: (value: unknown) => unknown,
  maxStored = 100,
  maxMemory = 500,
  schedule: (flush: (now?: number) => void) => void = whenIdle,
): AnswerCache<T> {
  let entries: Map<string, Row<T>> | undefined;
  /** Answers to persist wait for one write per idle period: a page of a hundred answers writes once. */
  let pending = false;
  const fresh = (at: number, now = Date.now()) => at <= now && now - at < ttl;
  /**
   * What storage holds: when a tab last cleared it (0 if not within `ttl`), and the rows
   * `[key, time, value]` stored since, fresh and valid. The mark leads the list: a clear holds across tabs.
   */
  const read = (now?: number): [number, Row<T>[]] => {
    const stored = readStored(storageKey);
    const list: unknown[] = Array.isArray(stored) ? stored : [];
    const mark = fresh(list[0] as number, now) ? (list[0] as number) : 0;
    return [
      mark,
      list.filter(
        (row): row is Row<T> =>
          Array.isArray(row) &&
          typeof row[0] === 'string' &&
          typeof row[1] === 'number' &&
          row[1] > mark &&
          fresh(row[1], now) &&
          !!valid(row[2]),
      ),
    ];
  };
  /** The memory map, filled from storage on first use. */
  const map = (): Map<string, Row<T>> => (entries ??= new Map(read()[1].map((row) => [row[0], row])));
  const cache: AnswerCache<T> = {
    get(key, now = Date.now()) {
      const row = map().get(key);
      if (!row) return undefined;
      map().delete(key);
      if (!fresh(row[1], now)) return undefined;
      // Re-inserting keeps the Map in least-recently-used order; storage follows at the next write.
      map().set(key, row);
      return row[2];
    },
    set(key, value, persist, now = Date.now()) {
      const all = map();
      all.delete(key);
      all.set(key, persist ? [key, now, value] : [key, now, value, 1]);
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
      const [mark, stored] = read(now);
      const rows = new Map(stored.map((row) => [row[0], row]));
      for (const [key, row] of map()) {
        const at = row[1];
        // Kept before another tab cleared: forgotten here too, never written back.
        if (at <= mark) map().delete(key);
        // Another tab may have stored a newer answer for this key since this one was read.
        else if (!row[3] && fresh(at, now) && !((rows.get(key)?.[1] ?? -Infinity) > at)) {
          rows.delete(key);
          rows.set(key, row);
        }
      }
      let texts: string[] = [];
      for (const row of [...rows.values()].slice(-maxStored)) {
        try {
          texts.push(JSON.stringify(row));
        } catch {
          // Not JSON (a BigInt, a cycle, both possible from JSONP): kept in memory only.
        }
      }
      // Storage refusing the lot drops the largest row, then the next: an oversized one costs only itself.
      while (!writeStored(storageKey, 0, `[${[mark, ...texts].join()}]`) && texts.length) {
        texts = texts.filter((text) => text.length < Math.max(...texts.map((text) => text.length)));
      }
    },
    clear() {
      pending = false;
      entries = new Map();
      // Removed first (a full storage may refuse even the mark), then the mark other tabs honour.
      writeStored(storageKey);
      writeStored(storageKey, [Date.now()]);
    },
  };
  return cache;
}
