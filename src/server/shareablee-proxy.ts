/**
 * The Shareablee proxy: a standard `(Request) => Promise<Response>` handler
 * (Node ≥ 20, edge runtimes) that holds the API credentials server-side, so a
 * page never sees them.
 *
 * It can only ever ask the configured upstream for one of the documented
 * endpoints: the request's path is matched against the endpoint table and the
 * upstream URL is rebuilt from the matched, validated pieces, never copied.
 * Only documented query parameters are forwarded. Answers are cached (the
 * API's terms allow 60 days at most), concurrent identical requests share one
 * upstream call, and the upstream never sees more than `requestsPerSecond` requests a second.
 *
 * What a stranger can make it spend is bounded: cache misses count against a per-client budget,
 * at most `maxQueue` calls wait for their turn (beyond it, 503 at once), and a call whose
 * requests have all gone (their clients hung up) leaves the queue and never reaches the upstream.
 */
import { checkQuery, matchEndpoint, serverMessage } from '../shareablee/endpoints.js';
import { isShareCountWidgetsError } from '../wire/errors.js';
import { RateLimiter } from '../wire/rate-limit.js';
import { hash } from '../wire/util.js';
import { Answers, InFlight } from './answers.js';
import { Budget, checkBudget, checkTrustProxy, clientOf, type BudgetOptions, type Spent } from './budget.js';
import {
  cors as corsFor,
  parseJson,
  PATH_TRICKS,
  preflight,
  rawTarget,
  readCapped,
  type ProxyContext,
  type ProxyHandler,
  type ProxyStore,
} from './http.js';

export interface ShareableeProxyOptions {
  /** Shareablee API key. Required: `undefined` (an unset `process.env` variable) is a `TypeError` when the proxy is created. */
  apiKey: string | undefined;
  /** Shareablee secret. Required, as `apiKey`. */
  secret: string | undefined;
  /** Origins whose pages may call the proxy (CORS). Default: none (same-origin use only). */
  allowOrigins?: readonly string[] | undefined;
  /** Seconds an answer is cached here and by CDNs; capped at 60 days (the API's terms). Default 3,600. */
  ttl?: number | undefined;
  /** The API base, version included. Default `https://api.shareablee.com/v1.4/`. */
  upstream?: string | undefined;
  /** The path the proxy is mounted at. Default `/`. */
  prefix?: string | undefined;
  /** Milliseconds to wait for the upstream before answering 504. Default 10,000. */
  timeout?: number | undefined;
  /** Answers kept in memory at most (least recently used out first). Default 500. */
  maxEntries?: number | undefined;
  /**
   * Upstream requests per second at most, per token. Default 5, the API's limit per token and IP;
   * with N instances sharing one token, give each 5/N.
   */
  requestsPerSecond?: number | undefined;
  /**
   * Upstream calls that may wait for their turn at most; a request that would start one more is
   * answered 503 with `Retry-After` at once, and nothing is asked. Default: as many as start in
   * about 5 s at `requestsPerSecond` (25 at 5 a second; the last of them starts 6 s later, the
   * limiter keeping a 20% margin), so that a reader is never held up for long by others' misses,
   * and a burst cannot build a queue that outlasts the `timeout` of everyone in it.
   */
  maxQueue?: number | undefined;
  /**
   * What cache misses (upstream calls) may cost: per client per minute (default 60), for everyone
   * per minute (default 600), per UTC day (default: no limit). Over budget: 429 with `Retry-After`,
   * and no upstream call. `concurrent` does not apply here: `requestsPerSecond` and `maxQueue` do.
   */
  budget?: BudgetOptions | undefined;
  /**
   * The number of proxies of your own in front of this one, each adding the address it saw to
   * `X-Forwarded-For` (`true` is 1); the client is then the address the first of them saw.
   * Default `false`: the client is the address the runtime reports, and that header is ignored.
   */
  trustProxy?: boolean | number | undefined;
  /** A cache every instance shares: any unstorage `Storage` (Redis, Cloudflare KV, …). Default: none. */
  store?: ProxyStore | undefined;
  /** The `fetch` to reach the upstream with. Default: the global one. */
  fetch?: typeof fetch | undefined;
  /** Where warnings go (never with the credentials in them). Default `console.warn`. */
  log?: ((message: string) => void) | undefined;
}

export type ShareableeProxy = ProxyHandler;

/** What the spend step answers when the queue is full: nothing spent. */
const BUSY = 'busy' as const;
/** The API's terms: data may not be kept longer than 60 days. */
export const MAX_TTL = 60 * 24 * 60 * 60;
/**
 * Longest Shareablee answer read, in bytes: lists of posts run far longer than SharedCount's few hundred
 * bytes, but an answer longer than this is no answer for a page, and is not read further (502, not cached).
 */
export const MAX_SHAREABLEE_ANSWER = 2 * 1024 * 1024;
const UPSTREAM = 'https://api.shareablee.com/v1.4/';

interface Answer {
  status: number;
  body: string;
  retryAfter?: string | null;
  /** A 2xx answer whose body is not JSON. */
  notJson?: true;
  /** A 4xx answer's own message, or why there is no answer (a 502 of the proxy's own). */
  message?: string;
  /** The queue was full: nothing was asked. */
  busy?: true;
}

export function createShareableeProxy(options: ShareableeProxyOptions): ShareableeProxy {
  const { apiKey, secret, allowOrigins = [], upstream = UPSTREAM, prefix = '/', timeout = 10_000, maxEntries = 500 } = options;
  const { requestsPerSecond = 5, store } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  const fail = (message: string): never => {
    throw new TypeError(message);
  };
  if (typeof apiKey !== 'string' || !apiKey || typeof secret !== 'string' || !secret) {
    throw new TypeError('createShareableeProxy needs apiKey and secret');
  }
  if (!/^https?:\/\/[^/?#]+\/[^?#]*$/.test(upstream) || !upstream.endsWith('/'))
    throw new TypeError('upstream must be an absolute URL ending in /');
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new TypeError('prefix must start and end with /');
  if (typeof requestsPerSecond !== 'number' || !(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new TypeError('requestsPerSecond must be a number more than 0 (5, the API limit, divided by the number of instances)');
  }
  if (typeof options.ttl === 'number' && !(options.ttl >= 0)) throw new TypeError('ttl must be a number of seconds, 0 or more');
  const maxQueue = options.maxQueue ?? Math.ceil(5 * requestsPerSecond);
  if (!Number.isSafeInteger(maxQueue) || maxQueue < 0) fail('maxQueue must be a whole number, 0 or more');
  const trustProxy = checkTrustProxy(options.trustProxy, fail);
  if (store !== undefined && (typeof store?.getItem !== 'function' || typeof store?.setItem !== 'function')) {
    throw new TypeError('store must be an unstorage Storage (getItem, setItem)');
  }
  if (upstream.startsWith('http:')) {
    log('share-count-widgets proxy: the upstream is http, so the Basic credentials cross the network in clear');
  }
  const ttl = Math.max(0, Math.min(Math.floor(options.ttl ?? 3600), MAX_TTL));
  const authorization = `Basic ${btoa(`${apiKey}:${secret}`)}`;
  const fetchUpstream = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  // At most `requestsPerSecond`, measured where the API measures it: the time from a start to its
  // arrival there varies (a first call opens a connection), so the window keeps a 20% margin.
  // Below 1 a second, one request per longer window.
  const perWindow = Math.max(1, Math.floor(requestsPerSecond));
  const limiter = new RateLimiter(perWindow, Math.ceil((1200 * perWindow) / requestsPerSecond));
  // One queue per upstream and token, as the API counts.
  const tokenKey = `${upstream}\n${hash(authorization)}`;
  /** Whether the queue for Shareablee is full: a new call would wait past what the proxy holds. */
  const queueFull = () => limiter.waiting(tokenKey) >= maxQueue;
  const namespace = 'share-count-widgets:shareablee';
  const cache = new Answers({
    maxEntries,
    keep: ttl,
    store,
    namespace,
    log,
    // A stored body is served only as JSON the proxy writes itself, never as the store's text.
    accept: (body) => {
      const parsed = parseJson(body);
      return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed) : undefined;
    },
  });
  // The budget's counts go to the same guarded store: one timeout, one pause and one warning for both.
  const budget = new Budget(checkBudget(options.budget, fail), cache.store, namespace);
  const inflight = new InFlight<Answer>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers },
    });

  /** One upstream call for `url`, in its turn; `signal` aborts once no request waits for it any more. */
  async function ask(url: string, signal: AbortSignal): Promise<Answer> {
    // Checked and queued in one synchronous step (`take` queues a caller before its first await): the bound is exact.
    if (queueFull()) return { status: 503, body: '', busy: true };
    try {
      await limiter.take(tokenKey, signal);
      signal.throwIfAborted();
    } catch {
      // Every request for it has gone: it leaves the queue, and nothing is asked. No one reads this.
      return { status: 504, body: '' };
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    const timer = setTimeout(stop, timeout);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const response = await fetchUpstream(url, {
        headers: { Authorization: authorization, Accept: 'application/json' },
        signal: controller.signal,
      });
      const text = await readCapped(response, MAX_SHAREABLEE_ANSWER);
      if (text === undefined) return { status: 502, body: '', message: `Shareablee answered more than ${MAX_SHAREABLEE_ANSWER} bytes` };
      return { status: response.status, body: text, retryAfter: response.headers.get('retry-after') };
    } catch {
      return { status: controller.signal.aborted ? 504 : 502, body: '' };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }

  /**
   * What every request sharing one upstream answer needs, worked out once for all of them: a 2xx
   * answer checked for JSON and cached, a 4xx answer's message read.
   */
  function settle(url: string, answer: Answer, context?: ProxyContext): Answer {
    if (answer.status >= 400 && answer.status < 500) return { ...answer, message: messageOf(answer) };
    if (answer.status < 200 || answer.status > 299) return answer;
    if (parseJson(answer.body) === undefined) return { ...answer, notJson: true };
    if (ttl > 0) cache.set(url, { body: answer.body, at: Date.now() }, context);
    return answer;
  }

  function messageOf(answer: Answer): string {
    // Not JSON: nothing of it is said.
    return serverMessage(parseJson(answer.body)) ?? `Shareablee answered HTTP ${answer.status}`;
  }

  return async function shareableeProxy(request: Request, context?: ProxyContext): Promise<Response> {
    const access = corsFor(request.headers.get('origin'), allowOrigins);
    const cors = access.headers;

    if (request.method === 'OPTIONS') {
      if (!access.allowed) return json(403, { error: 'origin not allowed' }, cors);
      return preflight(true, cors, 'GET, OPTIONS');
    }
    if (request.method !== 'GET') return json(405, { error: 'GET only' }, { ...cors, Allow: 'GET, OPTIONS' });
    // A page of another origin is refused before anything is looked up or asked for it.
    if (request.headers.has('origin') && !access.allowed)
      return json(403, { error: 'origin not allowed' }, { ...cors, 'Cache-Control': 'no-store' });

    // The raw path, before any URL parser resolves `..` or decodes anything.
    const raw = rawTarget(request.url).path;
    if (PATH_TRICKS.test(raw)) return json(400, { error: 'malformed path' }, cors);
    if (!raw.startsWith(prefix)) return json(404, { error: 'not found' }, cors);
    const found = matchEndpoint(raw.slice(prefix.length));
    if (!found) return json(404, { error: 'not a Shareablee v1.4 endpoint' }, cors);

    let query: [string, string][];
    try {
      // Documented parameters only: anything else is dropped, not forwarded.
      query = checkQuery(found.name, new URL(request.url).searchParams, request.url, false);
    } catch (error) {
      return json(400, { error: isShareCountWidgetsError(error) ? error.message.replace(/ \(.*\)$/, '') : 'bad request' }, cors);
    }
    const search = query.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
    // Rebuilt from the matched pieces: the path can only be a documented endpoint on the upstream.
    const url = upstream + raw.slice(prefix.length) + (search ? `?${search}` : '');

    const now = Date.now();
    const hit = ttl > 0 ? await cache.get(url) : undefined;
    if (hit) {
      const left = Math.max(0, ttl - Math.floor((now - hit.at) / 1000));
      return json(200, hit.body, { ...cors, 'Cache-Control': `public, max-age=${left}` });
    }
    // Each request waits for the shared call itself, and no longer than the queue ahead, the timeout and a margin;
    // once every request waiting for it has gone, the call leaves the queue (`ask`'s signal).
    const wait = limiter.delay(tokenKey) + timeout + 1000;
    const start = (signal: AbortSignal) => ask(url, signal).then((found) => settle(url, found, context));
    // Joining a call under way costs nothing; a new one is spent from the client's budget first.
    const taken = await inflight.spendOrJoin<Spent | typeof BUSY>(
      url,
      // A full queue refuses before the budget is spent: a refused request costs its client nothing.
      () => (queueFull() ? Promise.resolve(BUSY) : budget.spend(clientOf(request, context, trustProxy), context)),
      () => inflight.join(url, start, wait, request.signal),
    );
    const busy = () => {
      const retryAfter = Math.max(1, Math.ceil(limiter.delay(tokenKey) / 1000));
      const error = `too many requests waiting for Shareablee; try again in ${retryAfter} s`;
      return json(503, { error }, { ...cors, 'Cache-Control': 'no-store', 'Retry-After': String(retryAfter) });
    };
    if ('spent' in taken) {
      const { spent } = taken;
      if (spent === BUSY) return busy();
      const error =
        spent.reason === 'day'
          ? 'this proxy has spent its upstream calls for today'
          : `too many uncached requests; try again in ${spent.retryAfter} s`;
      return json(429, { error }, { ...cors, 'Cache-Control': 'no-store', 'Retry-After': String(spent.retryAfter) });
    }
    const joined = taken.joined;
    const answer = (await joined) ?? { status: 504, body: '' };

    // The queue filled between the check above and the call's own (the budget's await in between).
    if (answer.busy) return busy();
    if (answer.status === 504) return json(504, { error: 'Shareablee did not answer in time' }, cors);
    if (answer.status === 502) return json(502, { error: answer.message ?? 'Shareablee could not be reached' }, cors);
    if (answer.notJson) return json(502, { error: 'Shareablee answered without JSON' }, cors);
    if (answer.status >= 200 && answer.status < 300) {
      return json(200, answer.body, { ...cors, 'Cache-Control': `public, max-age=${ttl}` });
    }
    const headers: Record<string, string> = { ...cors, 'Cache-Control': 'no-store' };
    if (answer.status === 429 && answer.retryAfter) headers['Retry-After'] = answer.retryAfter;
    // Client errors pass through with their message; a server error says nothing of the upstream's insides.
    if (answer.status >= 400 && answer.status < 500) return json(answer.status, { error: answer.message }, headers);
    return json(502, { error: `Shareablee answered HTTP ${answer.status}` }, headers);
  };
}
