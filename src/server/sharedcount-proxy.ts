/**
 * The SharedCount proxy: keeps the API key on the server and turns every reader's lookup into at
 * most one upstream call per URL per `ttl`, for all readers together. A standard
 * `(Request) => Promise<Response>` handler on web APIs only: Node ≥ 20 (with `nodeListener`),
 * Deno, Bun and Cloudflare Workers.
 *
 * It answers SharedCount's own wire format (JSON, JSONP with `callback`, `{Error, Type}` errors),
 * so the package's clients, and SharedCount's own plugin, work against it with only an endpoint.
 */
import { utcDay } from '../wire/util.js';
import { Answers, InFlight, type Answer } from './answers.js';
import {
  cors,
  etagOf,
  JSON_TYPE,
  notModified,
  preflight,
  rawTarget,
  respond,
  SCRIPT_TYPE,
  type ProxyContext,
  type ProxyHandler,
  type ProxyStore,
} from './http.js';

export interface SharedCountProxyOptions {
  /** The SharedCount API key. Required; it never leaves the server: never in an answer, a header or a log line. */
  apiKey: string;
  /**
   * The sites whose pages may be counted. Required, non-empty: `'example.com'` is that host,
   * `'.example.com'` it and every subdomain. Any other `url` is 403 `domain_not_allowed`, with no upstream call.
   */
  allowHosts: readonly string[];
  /** The API base. Default `https://api.sharedcount.com/v1.1/`; https only (http on a loopback address, for tests, with a warning). */
  endpoint?: string | undefined;
  /** The path the proxy is mounted at. Default `/`. */
  prefix?: string | undefined;
  /** Seconds an answer is fresh. Default 3,600 (SharedCount's own cache window). */
  ttl?: number | undefined;
  /** Seconds after that an answer may still be served, while it is refreshed or when the upstream fails. Default 86,400. */
  staleTtl?: number | undefined;
  /** Origins whose pages may read the answers (CORS). Default `'*'`: counts are public, and one CDN entry serves every origin. */
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

export const SHAREDCOUNT_ENDPOINT = 'https://api.sharedcount.com/v1.1/';
/** Longer page URLs are refused, as the browser client refuses them. */
export const MAX_PAGE_URL = 4096;
/** After a failed refresh, a stale answer is served without asking the upstream for this long (ms). */
const RETRY_AFTER_FAILURE = 10_000;
const CALLBACK = /^[A-Za-z0-9_$]{1,16384}$/;
/** A host as pages carry it in `location.href`: ASCII (IDNs punycoded) or an IPv6 literal, maybe a port. */
const AUTHORITY = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f\\]/;

type Outcome =
  | { kind: 'answer'; answer: Answer }
  /** SharedCount's own `{Error, Type}` answer, passed on. */
  | { kind: 'refused'; status: number; type: string; message: string }
  /** No usable answer: a 5xx, no connection, not JSON, or too slow. */
  | { kind: 'failed'; status: 502 | 504; reason: 'upstream_error' | 'timeout'; message: string };

const isLoopback = (host: string) => /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(host);

/** A host pattern of `allowHosts`, checked and in the form URLs carry it (lower case, IDNs punycoded). */
function hostPattern(pattern: unknown): { host: string; subdomains: boolean } {
  const text = typeof pattern === 'string' ? pattern : '';
  const subdomains = text.startsWith('.');
  const bare = subdomains ? text.slice(1) : text;
  let host = '';
  try {
    if (/^[^/?#:@\\\s*]+$/.test(bare)) host = new URL(`https://${bare}/`).hostname;
  } catch {
    // not a host name
  }
  if (!host || !/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(host)) {
    throw new TypeError(
      `createSharedCountProxy: allowHosts entry ${JSON.stringify(pattern)} is not a host name: write 'example.com' (that host) or '.example.com' (it and its subdomains), without a scheme, port or path`,
    );
  }
  return { host, subdomains };
}

function checkOptions(options: SharedCountProxyOptions) {
  const fail = (message: string): never => {
    throw new TypeError(`createSharedCountProxy: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('options are required: { apiKey, allowHosts }');
  const { apiKey, allowHosts, endpoint = SHAREDCOUNT_ENDPOINT, prefix = '/', allowOrigins = '*', store } = options;
  const { ttl = 3600, staleTtl = 86_400, timeout = 10_000, maxEntries = 10_000 } = options;
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
  for (const [name, value] of Object.entries({ ttl, staleTtl })) {
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
    apiKey,
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
  };
}

/** The page URL to count, checked: absolute http(s), a plain host, no credentials, no tricks; undefined otherwise. */
function checkPageUrl(raw: string): { url: string; host: string } | undefined {
  if (raw.length > MAX_PAGE_URL || CONTROL.test(raw)) return undefined;
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1];
  if (authority === undefined || !AUTHORITY.test(authority)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  // The parser must read the host the way it is written (no default port dropped, nothing decoded),
  // so that SharedCount, whatever parser it uses, counts the host that was checked.
  if (parsed.username || parsed.password || parsed.host !== authority.toLowerCase()) return undefined;
  return { url: raw, host: parsed.hostname };
}

/** An error as SharedCount writes it. */
const errorBody = (type: string, message: string) => JSON.stringify({ Error: message, Type: type });

/** `createSharedCountProxy(options)`: the handler. Every option is checked here; a wrong one throws a TypeError naming it. */
export function createSharedCountProxy(options: SharedCountProxyOptions): ProxyHandler {
  const config = checkOptions(options);
  const { apiKey, hosts, endpoint, prefix, allowOrigins, ttl, staleTtl, timeout } = config;
  const log = options.log ?? ((message: string) => console.warn(message));
  const fetchUpstream = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  if (config.insecure) log(`share-count-widgets proxy: the endpoint ${endpoint} is http; fine on loopback for tests, never in production`);

  const answers = new Answers({
    maxEntries: config.maxEntries,
    keep: ttl + staleTtl,
    store: config.store,
    namespace: 'share-count-widgets:sharedcount',
    log,
  });
  const calls = new InFlight<Outcome>();
  /** The UTC day SharedCount last answered `quota_exceeded`, and what it said. */
  let quota: { day: string; message: string } | undefined;

  const allowed = (host: string) =>
    hosts.some((pattern) => host === pattern.host || (pattern.subdomains && host.endsWith(`.${pattern.host}`)));
  /** Whatever the upstream said, without the key in it. */
  const scrub = (text: string) => text.split(apiKey).join('***').split(encodeURIComponent(apiKey)).join('***');

  async function ask(url: string, context?: ProxyContext): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    let status: number;
    let text: string;
    try {
      const response = await fetchUpstream(`${endpoint}?url=${encodeURIComponent(url)}&apikey=${encodeURIComponent(apiKey)}`, {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch {
      return controller.signal.aborted
        ? { kind: 'failed', status: 504, reason: 'timeout', message: `SharedCount did not answer within ${timeout} ms` }
        : { kind: 'failed', status: 502, reason: 'upstream_error', message: 'SharedCount could not be reached' };
    } finally {
      clearTimeout(timer);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: said below
    }
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (isObject && 'Error' in (body as object)) {
      const { Error: message, Type: type } = body as { Error: unknown; Type: unknown };
      const refused = {
        kind: 'refused' as const,
        status: status >= 400 && status < 500 ? status : 400,
        type: typeof type === 'string' && type ? type : 'error',
        message: scrub(String(message)),
      };
      if (refused.type === 'quota_exceeded') quota = { day: utcDay(), message: refused.message };
      return refused;
    }
    if (status >= 500) return { kind: 'failed', status: 502, reason: 'upstream_error', message: `SharedCount answered HTTP ${status}` };
    if (status < 200 || status > 299)
      return { kind: 'refused', status, type: 'http_error', message: `SharedCount answered HTTP ${status}` };
    if (!isObject) return { kind: 'failed', status: 502, reason: 'upstream_error', message: 'SharedCount answered without a JSON object' };
    // Kept as the API sent it: the counts' text is the answer.
    const answer = { body: text, at: Date.now() };
    answers.set(url, answer, context);
    return { kind: 'answer', answer };
  }

  return async function sharedCountProxy(request: Request, context?: ProxyContext): Promise<Response> {
    const access = cors(request.headers.get('origin'), allowOrigins);
    const method = request.method;
    if (method === 'OPTIONS') return preflight(access.allowed, access.headers, 'GET, HEAD, OPTIONS');
    const plain = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      respond(request, status, errorBody(type, message), { ...access.headers, 'Cache-Control': 'no-store', ...headers });
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method_not_allowed', 'GET or HEAD only', { Allow: 'GET, HEAD, OPTIONS' });

    const { path, query } = rawTarget(request.url);
    if (path !== prefix) return plain(404, 'not_found', `Not found: the counts are at ${prefix}?url=`);
    const params = new URLSearchParams(query);
    const callback = params.get('callback');
    if (callback !== null && !CALLBACK.test(callback)) return plain(400, 'invalid_callback', 'callback may hold only A-Z a-z 0-9 _ $');

    // With JSONP, errors come with HTTP 200, as SharedCount sends them: a script cannot read a status.
    const refuse = (status: number, type: string, message: string) =>
      callback === null
        ? plain(status, type, message)
        : respond(request, 200, `/**/${callback}(${errorBody(type, message)});`, {
            ...access.headers,
            'Content-Type': SCRIPT_TYPE,
            'Cache-Control': 'no-store',
          });
    const answer = (found: Answer, stale?: string) => {
      const left = Math.max(0, Math.ceil(ttl - (Date.now() - found.at) / 1000));
      const fresh = stale ? 0 : left;
      const body = callback === null ? found.body : `/**/${callback}(${found.body});`;
      const etag = etagOf(body);
      const headers: Record<string, string> = {
        ...access.headers,
        'Content-Type': callback === null ? JSON_TYPE : SCRIPT_TYPE,
        'Cache-Control': `public, max-age=${fresh}, s-maxage=${fresh}, stale-while-revalidate=${staleTtl}, stale-if-error=${staleTtl}`,
        ETag: etag,
      };
      if (stale) headers['X-Share-Count-Stale'] = stale;
      return respond(request, notModified(request, etag) ? 304 : 200, body, headers);
    };

    const urls = params.getAll('url');
    const page = urls.length === 1 ? checkPageUrl(urls[0]!) : undefined;
    if (!page) return refuse(400, 'invalid_url', 'Not a valid URL.');
    // Before any cache lookup: a host outside the list learns nothing, not even whether it was asked before.
    if (!allowed(page.host)) return refuse(403, 'domain_not_allowed', 'This proxy does not count pages of that domain.');

    const now = Date.now();
    const found = await answers.get(page.url);
    if (found && now - found.at < ttl * 1000) return answer(found);
    if (quota?.day === utcDay(now)) return found ? answer(found, 'quota_exceeded') : refuse(403, 'quota_exceeded', quota.message);

    const budget = timeout + 1000;
    if (found) {
      const stale = found;
      // After a failed refresh, the upstream is left alone for a while, and the answer says why it is stale.
      if (stale.failed && now - stale.failed.at < RETRY_AFTER_FAILURE) return answer(stale, stale.failed.reason);
      // Served stale at once; the refresh runs on, kept alive by the runtime where it needs telling (Workers).
      const refresh = calls
        .join(page.url, () => ask(page.url, context), budget)
        .then((outcome) => {
          if (outcome?.kind === 'answer') return;
          const reason = outcome === undefined ? 'timeout' : outcome.kind === 'failed' ? outcome.reason : outcome.type;
          stale.failed = { reason, at: Date.now() };
        });
      context?.waitUntil?.(refresh);
      return answer(stale, stale.failed?.reason ?? 'revalidating');
    }
    const outcome = (await calls.join(page.url, () => ask(page.url, context), budget)) ?? {
      kind: 'failed',
      status: 504,
      reason: 'timeout',
      message: `SharedCount did not answer within ${timeout} ms`,
    };
    if (outcome.kind === 'answer') return answer(outcome.answer);
    if (outcome.kind === 'refused') return refuse(outcome.status, outcome.type, outcome.message);
    return refuse(outcome.status, outcome.reason, outcome.message);
  };
}
