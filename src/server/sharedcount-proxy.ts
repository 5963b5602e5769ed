/**
 * The SharedCount proxy: keeps the API key on the server and turns every reader's lookup into at
 * most one upstream call per URL per `ttl`, for all readers together. A standard
 * `(Request) => Promise<Response>` handler on web APIs only: Node ≥ 20 (with `nodeListener`),
 * Deno, Bun and Cloudflare Workers.
 *
 * It answers SharedCount's own wire format (JSON, JSONP with `callback`, `{Error, Type}` errors),
 * so the package's clients, and SharedCount's own plugin, work against it with only an endpoint.
 */
import { MAX_BATCH, wrongCount } from '../sharedcount/counts.js';
import type { SharedCountData } from '../sharedcount/types.js';
import { RateLimitError, SharedCountError, ValidationError } from '../wire/errors.js';
import { utcDay } from '../wire/util.js';
import { Answers, InFlight, type Answer } from './answers.js';
import { Budget, bucketOf, checkBudget, checkTrustProxy, clientOf, type BudgetOptions } from './budget.js';
import {
  cors,
  etagOf,
  JSON_TYPE,
  notModified,
  parseJson,
  preflight,
  rawTarget,
  readCapped,
  respond,
  SCRIPT_TYPE,
  type ProxyContext,
  type ProxyHandler,
  type ProxyStore,
} from './http.js';
import { checkQueryRule, hostAllowed, hostPattern, pageOf, type QueryRule } from './page-url.js';

export interface SharedCountProxyOptions {
  /**
   * The SharedCount API key. Required; it never leaves the server: never in an answer, a header or a
   * log line. `undefined` is typed so that `process.env.SHAREDCOUNT_API_KEY` goes in as it is: a
   * missing or empty key is a `TypeError` when the proxy is created.
   */
  apiKey: string | undefined;
  /**
   * The sites whose pages may be counted. Required, non-empty: `'example.com'` is that host,
   * `'.example.com'` it and every subdomain, `'example.com:8443'` that host on a port other than
   * the scheme's default (pages on other ports are refused). Any other `url` is 403
   * `domain_not_allowed`, with no upstream call.
   */
  allowHosts: readonly string[];
  /**
   * Which query parameters identify a page: `'keep'` (all, the default: a WordPress permalink
   * such as `?p=123` is the page), `'drop'` (none), or the names of those that do, e.g. `['p']`.
   * Tracking parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`) are always removed.
   */
  query?: QueryRule | undefined;
  /**
   * What cache misses (upstream calls) may cost: per client per minute (default 60), for
   * everyone per minute (default 600), per UTC day (default: no limit) and at once (default 8).
   * Over budget, the stale answer is served when there is one, else 429 `rate_limited` with `Retry-After`.
   */
  budget?: BudgetOptions | undefined;
  /**
   * The number of proxies of your own in front of this one, each adding the address it saw to
   * `X-Forwarded-For` (`true` is 1); the client is then the address the first of them saw.
   * Default `false`: the client is the address the runtime reports, and that header is ignored.
   */
  trustProxy?: boolean | number | undefined;
  /** Seconds a refusal of SharedCount's (`{Error}` with a 4xx) is remembered for its URL. Default 3,600. */
  refusalTtl?: number | undefined;
  /**
   * The SharedCount API base the proxy asks. Default `https://api.sharedcount.com/v1.1/`; https only
   * (http on a loopback address, for tests, with a warning).
   */
  endpoint?: string | undefined;
  /** The path the proxy is mounted at. Default `/`. */
  prefix?: string | undefined;
  /** Seconds an answer is fresh. Default 3,600 (SharedCount's own cache window). */
  ttl?: number | undefined;
  /** Seconds after that an answer may still be served, while it is refreshed or when the upstream fails. Default 86,400. */
  staleTtl?: number | undefined;
  /**
   * Origins whose pages may read the answers (CORS). Default `'*'`: counts are public, and one CDN
   * entry serves every origin. As a list, a request whose `Origin` is another is refused (403)
   * before any upstream call. A request without `Origin` (JSONP, a server) is not refused: the
   * budget is what protects the quota.
   */
  allowOrigins?: readonly string[] | '*' | undefined;
  /** Milliseconds per upstream call, then 504 (or the stale answer). Default 10,000. */
  timeout?: number | undefined;
  /** Answers kept in memory at most, least recently used out first. Default 10,000. */
  maxEntries?: number | undefined;
  /** A cache every instance shares: any unstorage `Storage` (Redis, Cloudflare KV, …). Default: none. */
  store?: ProxyStore | undefined;
  /** The `fetch` that reaches the upstream. Default: the global one. */
  fetch?: typeof fetch | undefined;
  /** Where warnings go (never with the key in them). Default `console.warn`. */
  log?: ((message: string) => void) | undefined;
}

/** One URL's counts as the proxy serves them, for a page rendered on the server. */
export interface ServedCounts {
  /** SharedCount's answer, as the proxy checked and serves it over HTTP (a fresh object each call). */
  counts: SharedCountData;
  /** When the proxy got it from SharedCount (ms since the epoch). */
  at: number;
  /**
   * Set when the answer is stale, saying why, as the `X-Share-Count-Stale` header does:
   * `revalidating` (a refresh runs meanwhile), `rate_limited`, `quota_exceeded`, `timeout`,
   * `upstream_error`, or the type of a refusal of SharedCount's.
   */
  stale?: string;
}

export interface ServedCountsOptions {
  /**
   * Stops waiting: `counts()` then rejects with the signal's reason, and an upstream call that no
   * one else waits for is dropped (before it reaches SharedCount, when it is still waiting for its turn).
   */
  signal?: AbortSignal | undefined;
  /**
   * Whose budget a cache miss is spent from (`budget.perClient`). Default `'server'`: one key for
   * every call without it. A server that knows its reader's address passes it, so that reader's
   * misses count as theirs, the same bucket as their HTTP requests (an IPv6 address by its /64).
   */
  client?: string | undefined;
}

/**
 * The SharedCount proxy: a `ProxyHandler` for HTTP, and `counts(url)` for the server's own pages,
 * which goes through every rule an HTTP request does, and the same caches, without a request.
 */
export type SharedCountProxy = ProxyHandler & {
  /**
   * The counts of the page at `url`, as `GET {prefix}?url=` would answer them, with no HTTP and
   * no cache of its own: the same allow-list, one form per page (`utm_*` removed, `query`), the
   * memory cache and `store`, remembered refusals, back-off, the calls under way and the budget.
   * A cache hit costs nothing upstream; a miss spends one call from the budget of
   * `options.client` (default `'server'`: every such call shares one `perClient` budget) and from
   * the budget for everyone.
   *
   * Rejects with a `SharedCountError` whose `type` and `status` are those the HTTP answer would
   * carry (`invalid_url` 400, `domain_not_allowed` 403, `rate_limited` 429, `quota_exceeded`,
   * `timeout` 504, `upstream_error` 502, or a refusal of SharedCount's own, e.g. `invalid_api_key`);
   * a `rate_limited` one has as `cause` a `RateLimitError` whose `retryAfter` is the seconds until
   * the budget has room. Never with the key in it. With `signal` aborted, rejects with its reason.
   */
  counts(url: string, options?: ServedCountsOptions): Promise<ServedCounts>;
};

/** The budget key of `counts()` calls that name no client. Never one of an HTTP request's (an address, or `unknown`). */
const SERVER_CLIENT = 'server';

export const SHAREDCOUNT_ENDPOINT = 'https://api.sharedcount.com/v1.1/';
export { MAX_PAGE_URL } from './page-url.js';
/** SharedCount's answers are a few hundred bytes: anything longer than this is not one, and is not read further. */
export const MAX_ANSWER = 64 * 1024;
/** After a failed upstream call, its URL is left alone this long (ms), doubling with each failure in a row… */
const BACK_OFF = 10_000;
/** …up to this long. */
const MAX_BACK_OFF = 300_000;
const CALLBACK = /^[A-Za-z0-9_$]{1,16384}$/;

type Outcome =
  | { kind: 'answer'; answer: Answer }
  /** SharedCount's own `{Error, Type}` answer, passed on. */
  | { kind: 'refused'; status: number; type: string; message: string }
  /** No usable answer: a 5xx, no connection, not counts, too long, or too slow. */
  | { kind: 'failed'; status: 502 | 504; reason: 'upstream_error' | 'timeout'; message: string };
type Failed = Extract<Outcome, { kind: 'failed' }>;
type Refused = Extract<Outcome, { kind: 'refused' }>;

const isLoopback = (host: string) => /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(host);

/**
 * SharedCount's answer for a page, checked as the browser client checks it: a JSON object whose
 * counts are counts. Its JSON as the proxy writes it, or what is wrong with it.
 */
function checkCounts(body: unknown): { json: string } | { wrong: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { wrong: 'not a JSON object' };
  const wrong = wrongCount(body as Record<string, unknown>);
  if (wrong) return { wrong: `${wrong}, not a count` };
  try {
    return { json: JSON.stringify(body) };
  } catch {
    // Nested past what the runtime can write back (64 KB of brackets is enough): no answer of SharedCount's.
    return { wrong: 'JSON nested too deep to be counts' };
  }
}

function checkOptions(options: SharedCountProxyOptions) {
  const fail = (message: string): never => {
    throw new TypeError(`createSharedCountProxy: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('options are required: { apiKey, allowHosts }');
  const { apiKey, allowHosts, endpoint = SHAREDCOUNT_ENDPOINT, prefix = '/', allowOrigins = '*', store } = options;
  const { ttl = 3600, staleTtl = 86_400, timeout = 10_000, maxEntries = 10_000, refusalTtl = 3600 } = options;
  if (typeof apiKey !== 'string' || !apiKey.trim()) fail('apiKey is required (your SharedCount API key)');
  if (!Array.isArray(allowHosts) || !allowHosts.length) {
    fail("allowHosts is required and must not be empty: the hosts whose pages may be counted, e.g. ['example.com', '.example.com']");
  }
  const hosts = (allowHosts as readonly unknown[]).map(hostPattern);
  let base: URL | undefined;
  try {
    base = new URL(endpoint);
  } catch {
    // reported below
  }
  if (!base || base.search || base.hash || base.username || base.password || !/^https?:$/.test(base.protocol)) {
    fail(`endpoint must be an absolute https URL without query, e.g. ${SHAREDCOUNT_ENDPOINT}`);
  }
  if (base!.protocol === 'http:' && !isLoopback(base!.hostname)) {
    fail('endpoint must be https: the API key would cross the network in clear (http is accepted on a loopback address only, for tests)');
  }
  if (typeof prefix !== 'string' || !/^\/(?:[^/?#\\]+\/)*$/.test(prefix))
    fail(`prefix must start and end with /, e.g. '/api/sharedcount/'`);
  for (const [name, value] of Object.entries({ ttl, staleTtl, refusalTtl })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${name} must be a number of seconds, 0 or more`);
  }
  if (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))
    fail('timeout must be a number of milliseconds, more than 0');
  if (!Number.isInteger(maxEntries) || maxEntries < 1) fail('maxEntries must be a whole number, 1 or more');
  if (allowOrigins !== '*') {
    if (!Array.isArray(allowOrigins)) fail("allowOrigins must be '*' or a list of origins");
    for (const origin of allowOrigins as readonly unknown[]) {
      let ok = false;
      try {
        ok = typeof origin === 'string' && new URL(origin).origin === origin;
      } catch {
        // reported below
      }
      if (!ok) fail(`allowOrigins entry ${JSON.stringify(origin)} is not an origin such as 'https://news.example'`);
    }
  }
  if (store !== undefined && (typeof store?.getItem !== 'function' || typeof store?.setItem !== 'function')) {
    fail('store must be an unstorage Storage (getItem, setItem)');
  }
  const href = base!.href.endsWith('/') ? base!.href : `${base!.href}/`;
  return {
    apiKey: apiKey!, // checked above
    hosts,
    endpoint: href,
    insecure: base!.protocol === 'http:',
    prefix,
    allowOrigins,
    store,
    ttl,
    staleTtl,
    timeout,
    maxEntries,
    refusalTtl,
    query: checkQueryRule(options.query, fail),
    budget: checkBudget(options.budget, fail),
    trustProxy: checkTrustProxy(options.trustProxy, fail),
  };
}

/** An error as SharedCount writes it. */
const errorBody = (type: string, message: string) => JSON.stringify({ Error: message, Type: type });

/**
 * `createSharedCountProxy(options)`: the handler, with `counts(url)` for server rendering. Every
 * option is checked here; a wrong one throws a TypeError naming it.
 */
export function createSharedCountProxy(options: SharedCountProxyOptions): SharedCountProxy {
  const config = checkOptions(options);
  const { apiKey, hosts, endpoint, prefix, allowOrigins, ttl, staleTtl, timeout, refusalTtl } = config;
  const log = options.log ?? ((message: string) => console.warn(message));
  const fetchUpstream = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  if (config.insecure) log(`share-count-widgets proxy: the endpoint ${endpoint} is http; fine on loopback for tests, never in production`);

  const namespace = 'share-count-widgets:sharedcount';
  const answers = new Answers({
    maxEntries: config.maxEntries,
    keep: ttl + staleTtl,
    store: config.store,
    namespace,
    log,
    // A stored body is served only as the proxy writes it, and only once it passes the answer's checks.
    accept: (body, status) => {
      const parsed = parseJson(body) as { Error?: unknown; Type?: unknown } | undefined;
      if (status === undefined) {
        const checked = checkCounts(parsed);
        return 'json' in checked && !('Error' in (parsed as object)) ? checked.json : undefined;
      }
      return typeof parsed?.Error === 'string' && typeof parsed.Type === 'string' ? errorBody(parsed.Type, parsed.Error) : undefined;
    },
  });
  const budget = new Budget(config.budget, answers.store, namespace);
  const calls = new InFlight<Outcome>();
  /** URLs whose last upstream call failed: left alone until `until`, each failure in a row doubling the wait. */
  const failures = new Map<string, { until: number; times: number; outcome: Failed | Refused }>();
  /** The UTC day SharedCount last answered `quota_exceeded`, and what it said. */
  let quota: { day: string; message: string } | undefined;

  /** Whatever the upstream said, without the key in it. */
  const scrub = (text: string) => text.split(apiKey).join('***').split(encodeURIComponent(apiKey)).join('***');

  function failed<T extends Failed | Refused>(url: string, outcome: T): T {
    const times = (failures.get(url)?.times ?? 0) + 1;
    failures.delete(url);
    failures.set(url, { until: Date.now() + Math.min(BACK_OFF * 2 ** (times - 1), MAX_BACK_OFF), times, outcome });
    for (const oldest of failures.keys()) {
      if (failures.size <= config.maxEntries) break;
      failures.delete(oldest);
    }
    return outcome;
  }

  /** A refusal of SharedCount's, kept for its URL; or, with a stale answer to serve, a back-off. */
  function remember(url: string, refused: Refused, stale: boolean, context?: ProxyContext): Refused {
    if (stale) return failed(url, refused);
    failures.delete(url);
    answers.set(url, { body: errorBody(refused.type, refused.message), at: Date.now(), status: refused.status }, context);
    return refused;
  }

  /**
   * One upstream call for `url`, once a turn is free; `signal` aborts when no request waits for it
   * any more. With a `stale` answer to serve meanwhile, a refusal backs the URL off like a failure
   * instead of replacing the answer.
   */
  async function ask(url: string, signal: AbortSignal, stale: boolean, context?: ProxyContext): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop, { once: true });
    const release = await budget.turn(controller.signal);
    let status: number;
    let text: string | undefined;
    try {
      // No turn before the deadline, or no one waiting any more: nothing reached the upstream.
      if (!release) throw new Error('no turn');
      const response = await fetchUpstream(`${endpoint}?url=${encodeURIComponent(url)}&apikey=${encodeURIComponent(apiKey)}`, {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      status = response.status;
      text = await readCapped(response, MAX_ANSWER);
    } catch {
      const outcome: Failed = controller.signal.aborted
        ? { kind: 'failed', status: 504, reason: 'timeout', message: `SharedCount did not answer within ${timeout} ms` }
        : { kind: 'failed', status: 502, reason: 'upstream_error', message: 'SharedCount could not be reached' };
      // A call no one waits for any more is no failure of the upstream's.
      return signal.aborted ? outcome : failed(url, outcome);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      release?.();
    }
    const bad = (message: string) => failed(url, { kind: 'failed', status: 502, reason: 'upstream_error', message });
    if (text === undefined) return bad(`SharedCount answered more than ${MAX_ANSWER} bytes`);
    const body = parseJson(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'Error' in body) {
      const { Error: message, Type: type } = body as { Error: unknown; Type: unknown };
      const refused = {
        kind: 'refused' as const,
        status: status >= 400 && status < 500 ? status : 400,
        type: typeof type === 'string' && type ? type : 'error',
        message: scrub(String(message)).slice(0, 500),
      };
      if (refused.type === 'quota_exceeded') quota = { day: utcDay(), message: refused.message };
      // Remembered for its URL, so that asking again costs nothing: not the quota (latched for
      // everyone above) nor a rate limit (SharedCount's own, which passes).
      else if (status >= 400 && status < 500 && status !== 429) return remember(url, refused, stale, context);
      return refused;
    }
    if (status >= 500 || status === 429) return bad(`SharedCount answered HTTP ${status}`);
    if (status < 200 || status > 299) {
      return remember(url, { kind: 'refused', status, type: 'http_error', message: `SharedCount answered HTTP ${status}` }, stale, context);
    }
    const checked = checkCounts(body);
    if ('wrong' in checked) return bad(`SharedCount answered ${body === undefined ? 'without JSON' : checked.wrong}`);
    failures.delete(url);
    // Not even an answer that echoes the key shows it.
    const answer = { body: scrub(checked.json), at: Date.now() };
    answers.set(url, answer, context);
    return { kind: 'answer', answer };
  }

  /**
   * What the proxy has for one `url` as asked: an answer (maybe stale, saying why) or an error in
   * SharedCount's shape. Every rule applies here, for a single lookup, for each URL of a batch and
   * for `counts()` alike: the allow-list, one form per page, the caches, refusals, the budget.
   * `client` is the budget's key for whoever asks; `signal` aborts when no one waits any more
   * (none: the call runs to its end).
   */
  async function lookup(raw: string, client: () => string, signal: AbortSignal | undefined, context?: ProxyContext): Promise<Part> {
    const refused = (status: number, type: string, message: string, headers?: Record<string, string>): Part => ({
      ok: false,
      status,
      type,
      message,
      headers,
    });
    const page = pageOf(raw, config.query);
    if (!page) return refused(400, 'invalid_url', 'Not a valid URL.');
    // Before any cache lookup: a host outside the list learns nothing, not even whether it was asked before.
    if (!hostAllowed(hosts, page.host, page.port))
      return refused(403, 'domain_not_allowed', 'This proxy does not count pages of that domain.');
    const url = page.url;

    const now = Date.now();
    let found = await answers.get(url);
    if (found?.status) {
      // A refusal of SharedCount's, remembered: the same answer, and no upstream call.
      const refusal = parseJson(found.body) as { Error: string; Type: string };
      if (now - found.at < refusalTtl * 1000) return refused(found.status, refusal.Type, refusal.Error);
      found = undefined;
    }
    if (found && now - found.at < ttl * 1000) return { ok: true, answer: found };
    if (quota?.day === utcDay(now))
      return found ? { ok: true, answer: found, stale: 'quota_exceeded' } : refused(403, 'quota_exceeded', quota.message);
    // A URL whose last call failed is left alone for a while: the stale answer, or the same failure.
    const backedOff = failures.get(url);
    const failure = backedOff && now < backedOff.until ? backedOff.outcome : undefined;
    if (failure) {
      const type = failure.kind === 'failed' ? failure.reason : failure.type;
      return found ? { ok: true, answer: found, stale: type } : refused(failure.status, type, failure.message);
    }
    // Joining a call under way costs nothing; a new one is spent from the budget first.
    const wait = timeout + 1000;
    const start = (signal: AbortSignal) => ask(url, signal, found !== undefined, context);
    const taken = await calls.spendOrJoin(
      url,
      () => budget.spend(client(), context),
      // A stale answer's refresh runs on for everyone; a request's own call is its waiters'.
      () => (found ? calls.join(url, start, wait) : calls.join(url, start, wait, signal)),
    );
    if ('spent' in taken) {
      const { spent } = taken;
      if (found) return { ok: true, answer: found, stale: 'rate_limited' };
      const message =
        spent.reason === 'day'
          ? 'This proxy has spent its upstream calls for today.'
          : `Too many uncounted pages asked for; try again in ${spent.retryAfter} s.`;
      return refused(429, 'rate_limited', message, { 'Retry-After': String(spent.retryAfter) });
    }
    const joined = taken.joined;
    if (found) {
      // Served stale at once; the refresh runs on, kept alive by the runtime where it needs telling (Workers).
      context?.waitUntil?.(joined);
      // No one awaits it here: whatever it ends with must not become an unhandled rejection.
      joined.catch(() => undefined);
      return { ok: true, answer: found, stale: 'revalidating' };
    }
    const outcome = (await joined) ?? {
      kind: 'failed',
      status: 504,
      reason: 'timeout',
      message: `SharedCount did not answer within ${timeout} ms`,
    };
    if (outcome.kind === 'answer') return { ok: true, answer: outcome.answer };
    if (outcome.kind === 'refused') return refused(outcome.status, outcome.type, outcome.message);
    return refused(outcome.status, outcome.reason, outcome.message);
  }

  /** Seconds an answer is fresh for: what is left of `ttl`, or 0 for a stale one. */
  const freshFor = (part: Extract<Part, { ok: true }>) =>
    part.stale ? 0 : Math.max(0, Math.ceil(ttl - (Date.now() - part.answer.at) / 1000));

  /** `proxy.counts(url)`: `lookup()` as an HTTP request makes it, its answer parsed, its error typed. */
  async function counts(url: string, { signal, client }: ServedCountsOptions = {}): Promise<ServedCounts> {
    if (client !== undefined && (typeof client !== 'string' || !client)) {
      throw new ValidationError('counts(): options.client must be a non-empty string (your reader’s address, say)');
    }
    signal?.throwIfAborted();
    // An address counts as the HTTP path counts it (IPv6 by its /64); anything else as given.
    const key = client === undefined ? SERVER_CLIENT : (bucketOf(client) ?? client);
    const raw = typeof url === 'string' ? url : '';
    let leave = () => {};
    const aborted = new Promise<never>((_resolve, reject) => {
      if (!signal) return;
      leave = () => signal.removeEventListener('abort', stop);
      const stop = () => reject(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
    });
    // Store reads and the budget's do not take the signal: whatever is under way, the caller goes.
    const part = await Promise.race([lookup(raw, () => key, signal), aborted]).finally(leave);
    if (part.ok) {
      const served: ServedCounts = { counts: JSON.parse(part.answer.body) as SharedCountData, at: part.answer.at };
      if (part.stale) served.stale = part.stale;
      return served;
    }
    // The message is the proxy's own or SharedCount's, scrubbed where it was read (ask()); the URL is the caller's.
    const message = part.message;
    const shown = scrub(raw);
    const retryAfter = Number(part.headers?.['Retry-After']);
    const cause = part.type === 'rate_limited' && retryAfter > 0 ? new RateLimitError(message, { url: shown, retryAfter }) : undefined;
    throw new SharedCountError(message, { type: part.type, status: part.status, url: shown, cause });
  }

  async function sharedCountProxy(request: Request, context?: ProxyContext): Promise<Response> {
    const origin = request.headers.get('origin');
    const access = cors(origin, allowOrigins);
    const method = request.method;
    if (method === 'OPTIONS') return preflight(access.allowed, access.headers, 'GET, HEAD, OPTIONS');
    const plain = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      respond(request, status, errorBody(type, message), { ...access.headers, 'Cache-Control': 'no-store', ...headers });
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method_not_allowed', 'GET or HEAD only', { Allow: 'GET, HEAD, OPTIONS' });
    // A page of another origin is refused before anything is looked up or asked for it.
    if (origin !== null && !access.allowed) return plain(403, 'origin_not_allowed', 'This proxy does not answer pages of that origin.');

    const { path, query } = rawTarget(request.url);
    const batch = path === `${prefix}batch`;
    if (path !== prefix && !batch) return plain(404, 'not_found', `Not found: the counts are at ${prefix}?url= and ${prefix}batch?url=`);
    const params = new URLSearchParams(query);
    const callback = params.get('callback');
    if (callback !== null && !CALLBACK.test(callback)) return plain(400, 'invalid_callback', 'callback may hold only A-Z a-z 0-9 _ $');

    // With JSONP, errors come with HTTP 200, as SharedCount sends them: a script cannot read a status.
    const refuse = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      callback === null
        ? plain(status, type, message, headers)
        : respond(request, 200, `/**/${callback}(${errorBody(type, message)});`, {
            ...access.headers,
            'Content-Type': SCRIPT_TYPE,
            'Cache-Control': 'no-store',
            ...headers,
          });
    /** A body of the proxy's own JSON, cacheable for `fresh` seconds (`null`: not at all). */
    const answer = (json: string, fresh: number | null, stale?: string) => {
      const body = callback === null ? json : `/**/${callback}(${json});`;
      const etag = etagOf(body);
      const headers: Record<string, string> = {
        ...access.headers,
        'Content-Type': callback === null ? JSON_TYPE : SCRIPT_TYPE,
        'Cache-Control':
          fresh === null
            ? 'no-store'
            : `public, max-age=${fresh}, s-maxage=${fresh}, stale-while-revalidate=${staleTtl}, stale-if-error=${staleTtl}`,
        ETag: etag,
      };
      if (stale) headers['X-Share-Count-Stale'] = stale;
      return respond(request, notModified(request, etag) ? 304 : 200, body, headers);
    };

    const urls = params.getAll('url');
    // Worked out on a miss only, once per request (a batch's misses share it): a cached answer needs no client.
    let known: string | undefined;
    const client = () => (known ??= clientOf(request, context, config.trustProxy));
    if (!batch) {
      if (urls.length !== 1) return refuse(400, 'invalid_url', 'Not a valid URL.');
      const part = await lookup(urls[0]!, client, request.signal, context);
      return part.ok ? answer(part.answer.body, freshFor(part), part.stale) : refuse(part.status, part.type, part.message, part.headers);
    }
    // Many URLs, one answer: each URL's counts, or its own error, keyed by the URL as asked.
    if (!urls.length || urls.length > MAX_BATCH) {
      return refuse(400, 'invalid_batch', `A batch takes 1 to ${MAX_BATCH} url parameters.`);
    }
    const asked = [...new Set(urls)];
    // A signal of its own per URL, and one listener on the request's for them all: Node warns of a
    // leak past 10 listeners on one signal, which 50 URLs waiting on the request's would be.
    const own = asked.map(() => new AbortController());
    const abort = () => own.forEach((controller) => controller.abort(request.signal.reason));
    request.signal.addEventListener('abort', abort, { once: true });
    const parts = await Promise.all(asked.map((raw, i) => lookup(raw, client, own[i]!.signal, context))).finally(() =>
      request.signal.removeEventListener('abort', abort),
    );
    // As cacheable as its least cacheable part: an error is cached nowhere, so neither is its batch.
    let fresh: number | null = ttl;
    const entries = parts.map((part, i) => {
      fresh = part.ok && fresh !== null ? Math.min(fresh, freshFor(part)) : null;
      return `${JSON.stringify(asked[i])}:${part.ok ? part.answer.body : errorBody(part.type, part.message)}`;
    });
    return answer(`{${entries.join(',')}}`, fresh);
  }

  return Object.assign(sharedCountProxy, { counts });
}

/** What the proxy has for one URL: an answer, maybe stale and why, or an error. */
type Part =
  | { ok: true; answer: Answer; stale?: string }
  | { ok: false; status: number; type: string; message: string; headers?: Record<string, string> | undefined };
