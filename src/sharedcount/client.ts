/**
 * SharedCount API v1.1: `GET {endpoint}?url=&apikey=` and `GET {endpoint}quota?apikey=`.
 *
 * Wire rules that come from the API: the page URL is encoded exactly once;
 * nothing cache-busting is ever added (SharedCount refuses such JSONP calls);
 * the JSONP callback is `sc_` plus the encoded URL's word characters, the
 * name SharedCount's own plugin used, so the same URL is the same script URL.
 */
import { createAnswerCache, readStored, writeStored } from '../wire/cache.js';
import { getConfig, merge } from '../wire/config.js';
import { oneOf, ResponseError, SharedCountError, ValidationError } from '../wire/errors.js';
import { hash, utcDay } from '../wire/util.js';
import { shareInFlight } from '../wire/inflight.js';
import type { viaBatch } from './batch.js';
import { checkTransportOptions, request, throwIfRateLimited, type WireResponse } from '../wire/transport.js';
import { wrongCount } from './counts.js';
import type { CacheMode, SharedCountData, SharedCountOptions, SharedCountQuota } from './types.js';

export const DEFAULT_ENDPOINT = 'https://api.sharedcount.com/v1.1/';
/** SharedCount itself caches an answer for up to an hour; asking sooner buys nothing. */
export const CACHE_TTL = 60 * 60 * 1000;
const CACHE_MODES: readonly CacheMode[] = ['storage', 'memory', 'none'];
const QUOTA_KEY = 'share-count-widgets:quota';
/** The Mastodon server a reader gave a share button: a choice of theirs, which clearCache() forgets too. */
export const MASTODON_KEY = 'share-count-widgets:mastodon';

/** A stored answer is served only if it passes the checks a fresh one does. */
const valid = (body: unknown) => {
  try {
    return interpret({ status: 200, body } as WireResponse, '', {} as Resolved, false);
  } catch {
    return false;
  }
};
const answers = createAnswerCache<SharedCountData>('share-count-widgets:sharedcount', CACHE_TTL, valid);
/** Latches storage could not keep; the rest are read from storage, where another tab's clearCache() reaches them. */
let quotaLatch: Record<string, string | number> = {};
/** Whether this page was told about a missing key. */
let warned = false;
/** Bumped by clearCache(), so that requests already under way store nothing afterwards. */
let generation = 0;
const fetchIds = new WeakMap<typeof fetch, number>();
let fetchCount = 0;
/** A number per `fetch` option, so calls with different ones never share a request. */
function fetchId(impl: typeof fetch | undefined): number {
  if (!impl) return 0;
  if (!fetchIds.has(impl)) fetchIds.set(impl, ++fetchCount);
  return fetchIds.get(impl)!;
}

/**
 * How lookups join a batch: set by batch.ts, which the files with elements bring (a batch goes out
 * when the elements' queue is done). Without it, as in jquery.sharedcount.js, `batch` asks one by one.
 */
export const batching: { via?: typeof viaBatch } = {};

/** The JSONP callback name SharedCount's own plugin used for a URL. */
export const callbackName = (url: string): string => 'sc_' + encodeURIComponent(url).replace(/\W/g, '');

/** Longer page URLs are refused locally: no server takes them, and the JSONP name would be as long. */
export const MAX_URL_LENGTH = 4096;

/**
 * A page URL SharedCount accepts, sent as given (its exact form changes the counts): an absolute
 * http(s) URL of at most MAX_URL_LENGTH characters, with no control character (URL parsing drops
 * tabs and line breaks silently; sent as given, they would split a bulk line), no credentials,
 * written `scheme://host` (not `https:///host` or `https:\\host`, which parsers mend), and a host
 * that is a DNS name or an IP address: browsers' parsers let `https://exa mple.com/` or
 * `https://a<b.com/` through, and no page has such an address.
 */
export function checkPageUrl(url: unknown): string {
  const text = typeof url === 'string' ? url.trim() : '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    // not absolute, or not a URL at all
  }
  // `@`, `\` or `%` in the authority: credentials, or a host that parsers read differently.
  const bad =
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
    /[\u0000-\u001f\u007f]/.test(text) ||
    text.length > MAX_URL_LENGTH ||
    !/^https?:\/\/[^/\\]/i.test(text) ||
    /^[^:]+:\/\/[^/?#]*[@\\%]/.test(text);
  if (
    bad ||
    !/^https?:$/.test(parsed?.protocol ?? '') ||
    parsed!.username ||
    parsed!.password ||
    !/^([\w-]+\.)*[\w-]+\.?$|^\[[\d:a-f.]+\]$/i.test(parsed!.hostname)
  ) {
    throw new SharedCountError('Not an absolute http(s) URL of a page', {
      type: 'invalid_url',
      url: typeof url === 'string' ? url.slice(0, 200) : String(url),
    });
  }
  return text;
}

export interface Resolved extends SharedCountOptions {
  endpoint: string;
  cache: CacheMode;
}

/** Per-call options over `configure()`'s defaults over the built-in ones; undefined never overrides. */
export function resolveOptions(options: SharedCountOptions = {}, url = ''): Resolved {
  const merged = merge<SharedCountOptions>(getConfig().sharedcount, options);
  const { endpoint = DEFAULT_ENDPOINT, cache = 'storage', apiKey } = merged;
  Object.assign(merged, checkTransportOptions(merged, url));
  if (typeof endpoint !== 'string' || !/^https?:\/\/[^/?#]+[^?#]*$/.test(endpoint)) {
    throw new ValidationError('endpoint must be an absolute http(s) URL without query', { url: String(endpoint) });
  }
  oneOf(cache, CACHE_MODES, 'cache', url);
  if (apiKey !== undefined && typeof apiKey !== 'string') throw new ValidationError('apiKey must be a string', { url });
  if (!apiKey && endpoint === DEFAULT_ENDPOINT) {
    const message =
      'SharedCount needs an API key: add data-sharedcount-key="…" to the script tag, or call configure({ sharedcount: { apiKey } }), or set endpoint to your proxy';
    // An element shows a dash for this, its message only in a tooltip: say it once where a publisher looks.
    if (!warned) console.warn(`share-count-widgets: ${message}`);
    warned = true;
    throw new ValidationError(message, { url });
  }
  // The API's paths hang off the endpoint: `{endpoint}?url=`, `{endpoint}quota`.
  return { ...merged, endpoint: endpoint.endsWith('/') ? endpoint : `${endpoint}/`, cache };
}

/** Per key: bulk and single lookups spend one daily quota. A keyless endpoint (your proxy) is its own. */
const latchKey = (endpoint: string, apiKey = '') => hash(apiKey || endpoint);

/** The latch holds a key while it names today (a key's own quota) or a time still to come (a keyless endpoint). */
const holds = (until: string | number | undefined) => until === utcDay() || (until as number) > Date.now();

/** The latch as storage holds it now (other tabs may have added keys or cleared it), over this page's own. */
function latch(): Record<string, string | number> {
  const all = { ...quotaLatch };
  // Anything but an object of keys holds nothing: Object.entries of a number or a boolean is empty.
  for (const [key, until] of Object.entries(readStored(QUOTA_KEY) ?? {}))
    if (holds(until as string | number)) all[key] = until as string | number;
  return all;
}

export function checkQuotaLatch({ endpoint, apiKey }: Resolved, url: string): void {
  if (holds(latch()[latchKey(endpoint, apiKey)])) {
    throw new SharedCountError('SharedCount quota exceeded: no request for a while', {
      type: 'quota_exceeded',
      url,
    });
  }
}

function setQuotaLatch({ endpoint, apiKey }: Resolved): void {
  // Over what other tabs stored; a latch that no longer holds is dropped when it is read.
  const next = latch();
  // A keyless endpoint (your proxy) is left alone for 5 minutes, not the day: the proxy latches for
  // everyone itself, at no upstream cost, and counts come back soon after the publisher's quota does.
  next[latchKey(endpoint, apiKey)] = apiKey ? utcDay() : Date.now() + 3e5;
  if (!writeStored(QUOTA_KEY, next)) quotaLatch = next;
}

/** Turns an answer into data or the right error; `url` names the page in messages. */
export function interpret(response: WireResponse, url: string, options: Resolved, remember = true): Record<string, unknown> {
  const { status, body } = response;
  if (body !== null && typeof body === 'object' && 'Error' in body) {
    const { Error: message, Type: type } = body as { Error: unknown; Type?: unknown };
    const error = new SharedCountError(`SharedCount: ${String(message)}`, {
      type: typeof type === 'string' && type ? type : 'error',
      status,
      url,
    });
    if (error.type === 'quota_exceeded' && remember) setQuotaLatch(options);
    throw error;
  }
  throwIfRateLimited(response, url, 'SharedCount');
  if (status < 200 || status > 299) throw new SharedCountError(`SharedCount answered HTTP ${status}`, { type: 'http_error', status, url });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const what = body === undefined ? (response.text.trim().startsWith('<') ? 'HTML' : 'no JSON') : JSON.stringify(body)?.slice(0, 40);
    throw new ResponseError(`SharedCount answered with ${what}, not an object`, { url, status });
  }
  const wrong = wrongCount(body as Record<string, unknown>);
  if (wrong) throw new ResponseError(`SharedCount answered ${wrong}, not a count`, { url, status });
  return body as Record<string, unknown>;
}

/** The key as a query parameter, or none (an endpoint of your own may need none). */
export const keyParam = ({ apiKey }: Resolved): [string, string][] => (apiKey ? [['apikey', apiKey]] : []);

/** `{endpoint}{path}?name=value&…`, every value encoded exactly once, in the order given. */
export function apiUrl({ endpoint }: Resolved, path: string, params: [string, string][] = []): string {
  const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return endpoint + path + (query ? `?${query}` : '');
}

/**
 * A URL's share counts, as SharedCount sent them.
 *
 * Answers are cached for an hour (see `cache`), and concurrent calls for one
 * URL share one request. Rejects with `SharedCountError` (`.type`
 * `invalid_url` without any request for a URL that is not absolute http(s);
 * `quota_exceeded`, after which no request goes out for that key until the
 * next UTC day), `ValidationError`, `NetworkError`, `TimeoutError`,
 * `RateLimitError` or `ResponseError`.
 */
export async function fetchCounts(url: string, options: SharedCountOptions = {}): Promise<SharedCountData> {
  const pageUrl = checkPageUrl(url);
  const resolved = resolveOptions(options, pageUrl);
  // Defaults already applied by resolveOptions; a missing key joins as ''.
  const { cache, endpoint, signal, apiKey, transport, timeout } = resolved;
  const key = `${endpoint}\n${pageUrl}`;
  // A cached answer costs no request, so it is served even when the quota is spent.
  if (cache !== 'none' && !resolved.refresh) {
    const hit = answers.get(key);
    if (hit) return structuredClone(hit);
  }
  checkQuotaLatch(resolved, pageUrl);
  // Calls share a request only when they would make the same one (same key, transport, limit, fetch).
  const group = [endpoint, apiKey, transport, timeout, fetchId(resolved.fetch)].join('\n');
  const single = (url: string, shared: AbortSignal) =>
    request(apiUrl(resolved, '', [['url', url], ...keyParam(resolved)]), { ...resolved, signal: shared, callbackName: callbackName(url) });
  const data = await shareInFlight(
    `${group}\n${pageUrl}`,
    async (shared) => {
      const started = generation;
      const response = await (batching.via?.(resolved, group, pageUrl, shared, single) ?? single(pageUrl, shared));
      // clearCache() during the request: the answer is still returned, but not kept.
      const body = interpret(response, pageUrl, resolved, started === generation) as SharedCountData;
      if (cache !== 'none' && started === generation) answers.set(key, body, cache === 'storage');
      return body;
    },
    signal,
  );
  return structuredClone(data);
}

/**
 * The answer a server wrote into an element (share-count-widgets/ssr: its `answer` and `answer-at`
 * attributes), checked as a stored one is: `[answer, fresh]`, or undefined when there is none (or
 * it is not one). With the page it counts and the element's options, a fresh one is kept in memory as if this page had fetched it at `answer-at`
 * (a time to come counts as now), so that every lookup of the page until it is stale is served
 * from it without a request.
 */
export function servedCounts(
  element: Pick<Element, 'getAttribute'>,
  url?: string,
  options?: SharedCountOptions,
): [SharedCountData, boolean] | undefined {
  try {
    const body = JSON.parse(element.getAttribute('answer')!) as SharedCountData;
    const now = Date.now();
    const time = Math.min(Number(element.getAttribute('answer-at')), now);
    if (!valid(body) || !(time > 0)) return undefined;
    const fresh = now - time < CACHE_TTL;
    try {
      if (fresh && url) answers.set(`${resolveOptions(options, url).endpoint}\n${url}`, body, false, time);
    } catch {
      // Options a request would refuse (no key yet): shown all the same, kept nowhere.
    }
    return [body, fresh];
  } catch {
    return undefined;
  }
}

/** Today's quota for the key: `GET {endpoint}quota?apikey=`. */
export async function quota(options: SharedCountOptions = {}): Promise<SharedCountQuota> {
  const resolved = resolveOptions(options);
  const url = apiUrl(resolved, 'quota', keyParam(resolved));
  const response = await request(url, {
    ...resolved,
    callbackName: 'sc_quota',
  });
  const body = interpret(response, url, resolved);
  for (const field of ['quota_used_today', 'quota_remaining_today', 'quota_allocated_today'] as const) {
    if (typeof body[field] !== 'number') throw new ResponseError(`SharedCount quota answer has no ${field}`, { url });
  }
  return body as unknown as SharedCountQuota;
}

/** Removes everything the widget stored, at once: cached answers (memory and storage), the quota latch, the reader's Mastodon server. */
export function clearCache(): void {
  generation++;
  answers.clear();
  quotaLatch = {};
  writeStored(QUOTA_KEY);
  writeStored(MASTODON_KEY);
}
