/**
 * What a stranger can make a proxy spend upstream. A request that the caches answer costs the
 * publisher nothing upstream; one that misses costs one call of the daily quota. Misses are
 * counted per client per minute, for everyone per minute and, when asked, per UTC day, and only
 * a few run at once, so that no one, however many addresses they hold, spends more than the
 * budget, and a reader of a cached page is never held up by someone else's misses.
 */
import { isCount } from '../sharedcount/counts.js';
import { digest, type ProxyContext } from './http.js';
import type { GuardedStore } from './answers.js';

export interface BudgetOptions {
  /** Upstream calls (cache misses) one client may cause in a minute. Default 60. */
  perClient?: number | undefined;
  /** Upstream calls every client together may cause in a minute. Default 600. */
  perMinute?: number | undefined;
  /** Upstream calls in a UTC day, for everyone. Default: no daily limit (set it below your plan's quota). */
  perDay?: number | undefined;
  /** Upstream calls under way at once; more wait their turn, within the proxy's `timeout`. Default 8. */
  concurrent?: number | undefined;
}

export const BUDGET_DEFAULTS = { perClient: 60, perMinute: 600, perDay: Infinity, concurrent: 8 } as const;

/** A budget with every figure checked; a wrong one throws a TypeError naming it. */
export function checkBudget(
  budget: BudgetOptions | undefined,
  fail: (message: string) => never,
): Required<{ [K in keyof BudgetOptions]: number }> {
  if (budget !== undefined && (typeof budget !== 'object' || budget === null)) fail('budget must be an object such as { perClient: 60 }');
  const checked = { ...BUDGET_DEFAULTS } as Required<{ [K in keyof BudgetOptions]: number }>;
  for (const name of Object.keys(BUDGET_DEFAULTS) as (keyof BudgetOptions)[]) {
    const value = budget?.[name] ?? BUDGET_DEFAULTS[name];
    if (!(value === Infinity && name === 'perDay') && !(Number.isSafeInteger(value) && value >= 1)) {
      fail(`budget.${name} must be a whole number, 1 or more`);
    }
    checked[name] = value;
  }
  return checked;
}

/** `trustProxy`, checked: how many proxies of the publisher's own stand in front, each adding to `X-Forwarded-For`. */
export function checkTrustProxy(trustProxy: unknown, fail: (message: string) => never): number {
  if (trustProxy === undefined || trustProxy === false) return 0;
  if (trustProxy === true) return 1;
  if (!Number.isSafeInteger(trustProxy) || (trustProxy as number) < 0) {
    fail('trustProxy must be true, false or the number of proxies of your own in front of this one');
  }
  return trustProxy as number;
}

declare const navigator: { userAgent?: string } | undefined;
const onWorkers = () => typeof navigator === 'object' && navigator?.userAgent === 'Cloudflare-Workers';

/**
 * Who is asking, as the runtime knows it: `nodeListener`'s and Deno's `remoteAddr`, Bun's
 * `requestIP()`, Cloudflare's `CF-Connecting-IP` on Workers (the edge sets it; a client cannot),
 * and `X-Forwarded-For` only when the publisher says that `trustProxy` proxies of its own add to
 * it: the entry the first of them added. A header the client sets never picks its own bucket.
 * IPv6 addresses count by their /64, which one subscriber usually holds whole.
 */
export function clientOf(request: Request, context: ProxyContext | undefined, trustProxy: number): string {
  if (trustProxy) {
    const hops = (request.headers.get('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim());
    const hop = hops.length >= trustProxy ? bucketOf(hops[hops.length - trustProxy]!) : undefined;
    if (hop) return hop;
  }
  const address =
    context?.remoteAddr?.hostname ??
    (typeof context?.requestIP === 'function' ? context.requestIP(request)?.address : undefined) ??
    (onWorkers() ? request.headers.get('cf-connecting-ip') : undefined);
  return (address && bucketOf(address)) || UNKNOWN;
}

/** The bucket of every request whose client the runtime did not tell. */
export const UNKNOWN = 'unknown';

/**
 * The bucket of an address: IPv4 as it is (also when IPv4-mapped or followed by a port), IPv6 by
 * its first 64 bits; undefined for anything that is no IP address.
 */
export function bucketOf(address: string): string | undefined {
  let text = address.trim().toLowerCase();
  // `[v6]:port` and `v4:port`, as some proxies write them.
  text = /^\[([^\]]*)\](?::\d+)?$/.exec(text)?.[1] ?? text.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, '$1');
  const v4 = /^(?:(?:0{1,4}:){5}ffff:|::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1];
  if (v4) return v4.split('.').every((part) => Number(part) < 256) ? v4 : undefined;
  if (!/^[0-9a-f:]+$/.test(text) || !text.includes(':') || text.split('::').length > 2) return undefined;
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

type Part = 'day' | 'minute' | 'client';

/** A count as a store returns it: a whole number (or its text); anything else counts as nothing written. */
function countOf(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return isCount(number) ? number : 0;
}

/** Refused: how long until the budget has room again, in seconds, and which part of it is spent. */
export interface Spent {
  retryAfter: number;
  reason: Part;
}

/**
 * Counts of upstream calls in fixed windows (the current minute, the current UTC day), kept in
 * memory and, with a store, shared by every instance. Shared counts are read, then written as one
 * more: two instances that miss at the very same moment may both pass the last unit, so the
 * budget may be exceeded by the calls under way at that moment, never by more. The memory held
 * is bounded too: a client is counted only once the budget for everyone has room, so a minute
 * holds at most `perMinute` clients.
 */
export class Budget {
  readonly #limits: Required<{ [K in keyof BudgetOptions]: number }>;
  readonly #store: GuardedStore;
  readonly #namespace: string;
  readonly #counts = new Map<string, number>();
  #minute = -1;
  /** Calls under way, and requests waiting for a turn, first come first served. */
  #running = 0;
  readonly #queue: (() => void)[] = [];

  #warnedUnknown = false;

  constructor(limits: Required<{ [K in keyof BudgetOptions]: number }>, store: GuardedStore, namespace: string) {
    this.#limits = limits;
    this.#store = store;
    this.#namespace = `${namespace}:budget`;
    if (limits.perDay !== Infinity && !store.store) {
      store.log(
        'share-count-widgets proxy: budget.perDay without a store holds per instance and restarts with it; give every instance one store to cap the day',
      );
    }
  }

  /**
   * Spends one upstream call for `client`: undefined when there was room, else what is spent.
   * Nothing is counted for a refused call.
   */
  async spend(client: string, context?: ProxyContext): Promise<Spent | undefined> {
    if (client === UNKNOWN && !this.#warnedUnknown) {
      this.#warnedUnknown = true;
      this.#store.log(
        "share-count-widgets proxy: the runtime did not say who the client is, so every such reader shares one budget; pass the runtime's second argument to the handler (README, What the proxy protects)",
      );
    }
    const now = Date.now();
    const minute = Math.floor(now / MINUTE);
    const day = Math.floor(now / DAY);
    if (minute !== this.#minute) {
      this.#minute = minute;
      for (const key of this.#counts.keys()) if (!key.startsWith(`d${day}`)) this.#counts.delete(key);
    }
    const keys = { day: `d${day}`, minute: `m${minute}`, client: `m${minute}:${client}` };
    const limits = { day: this.#limits.perDay, minute: this.#limits.perMinute, client: this.#limits.perClient };
    // Without a daily limit, the day is neither counted nor read.
    const parts = limits.day === Infinity ? (['minute', 'client'] as const) : (['day', 'minute', 'client'] as const);
    const refuse = (part: Part): Spent => ({
      reason: part,
      retryAfter: Math.max(1, Math.ceil(((part === 'day' ? day + 1 : minute + 1) * (part === 'day' ? DAY : MINUTE) - now) / 1000)),
    });
    const local = (part: Part) => this.#counts.get(keys[part]) ?? 0;
    const spentPart = (counts: number[]) => parts.find((part, i) => counts[i]! >= limits[part]);
    const before = spentPart(parts.map(local));
    if (before) return refuse(before);

    // Shared counts: read, then written one higher, under the same keys (one digest of the client).
    const ids = this.#store.store ? await Promise.all(parts.map((part) => this.#sharedKey(keys[part]))) : undefined;
    const shared = ids && (await this.#store.use((store) => Promise.all(ids.map((id) => store.getItem(id)))));
    // Another request of this instance may have counted meanwhile: the larger count is the truer one.
    const counts = parts.map((part, i) => Math.max(local(part), countOf(shared?.[i])));
    const after = spentPart(counts);
    if (after) return refuse(after);
    parts.forEach((part, i) => {
      this.#counts.set(keys[part], counts[i]! + 1);
      if (!shared) return;
      const write = this.#store.set(ids![i]!, counts[i]! + 1, part === 'day' ? DAY / 1000 + 60 : MINUTE / 1000 + 60);
      context?.waitUntil?.(write);
    });
    return undefined;
  }

  /** Store keys hold no address: the client part is hashed. */
  #sharedKey(key: string): Promise<string> {
    const [window, client] = key.split(/:(.*)/s);
    return client === undefined
      ? Promise.resolve(`${this.#namespace}:${window}`)
      : digest(client).then((id) => `${this.#namespace}:${window}:${id}`);
  }

  /**
   * Waits for a turn to call the upstream: resolves with a function that gives the turn back,
   * or with undefined when `signal` aborts first (the turn is never taken).
   */
  turn(signal: AbortSignal): Promise<(() => void) | undefined> {
    if (signal.aborted) return Promise.resolve(undefined);
    const release = () => {
      this.#running--;
      this.#queue.shift()?.();
    };
    if (this.#running < this.#limits.concurrent) {
      this.#running++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => {
      const go = () => {
        signal.removeEventListener('abort', leave);
        this.#running++;
        resolve(once(release));
      };
      const leave = () => {
        const at = this.#queue.indexOf(go);
        if (at >= 0) this.#queue.splice(at, 1);
        resolve(undefined);
      };
      this.#queue.push(go);
      signal.addEventListener('abort', leave, { once: true });
    });
  }

  /** Calls under way and requests waiting for a turn, for tests and figures. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#queue.length };
  }
}

function once(work: () => void): () => void {
  let done = false;
  return () => {
    if (!done) work();
    done = true;
  };
}
