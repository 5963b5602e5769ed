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
 * upstream call, and the upstream never sees more than 5 requests a second.
 */
import { isShareCountWidgetsError } from '../wire/errors.js';
import { hash } from '../wire/util.js';
import { RateLimiter } from '../wire/rate-limit.js';
import { checkQuery, matchEndpoint, serverMessage } from './endpoints.js';

export interface ShareableeProxyOptions {
  /** Shareablee API key. */
  apiKey: string;
  /** Shareablee secret. */
  secret: string;
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
  /** The `fetch` to reach the upstream with. Default: the global one. */
  fetch?: typeof fetch | undefined;
}

export type ShareableeProxy = (request: Request) => Promise<Response>;

/** The API's terms: data may not be kept longer than 60 days. */
export const MAX_TTL = 60 * 24 * 60 * 60;
const UPSTREAM = 'https://api.shareablee.com/v1.4/';

interface Answer {
  status: number;
  body: string;
  retryAfter?: string | null;
  /** A 2xx answer whose body is not JSON. */
  notJson?: true;
  /** A 4xx answer's own message. */
  message?: string;
}

/** What a path may never contain: traversal, encoded slashes or dots, backslashes, empty segments. */
const TRICKS = /\/\.\.?(?:\/|$)|%2e|%2f|%5c|\\|\/\//i;

export function createShareableeProxy(options: ShareableeProxyOptions): ShareableeProxy {
  const { apiKey, secret, allowOrigins = [], upstream = UPSTREAM, prefix = '/', timeout = 10_000, maxEntries = 500 } = options;
  if (typeof apiKey !== 'string' || !apiKey || typeof secret !== 'string' || !secret) {
    throw new TypeError('createShareableeProxy needs apiKey and secret');
  }
  if (!/^https?:\/\/[^/?#]+\/[^?#]*$/.test(upstream) || !upstream.endsWith('/'))
    throw new TypeError('upstream must be an absolute URL ending in /');
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new TypeError('prefix must start and end with /');
  if (upstream.startsWith('http:')) {
    console.warn('share-count-widgets proxy: the upstream is http, so the Basic credentials cross the network in clear');
  }
  const ttl = Math.max(0, Math.min(Math.floor(options.ttl ?? 3600), MAX_TTL));
  const authorization = `Basic ${btoa(`${apiKey}:${secret}`)}`;
  const fetchUpstream = options.fetch ?? fetch;
  // 5 a second, measured where the API measures it: arrivals jitter by a few milliseconds, so keep a margin.
  const limiter = new RateLimiter(5, 1100);
  const budget = `${upstream}\n${hash(authorization)}`;
  const cache = new Map<string, { at: number; answer: Answer }>();
  const inflight = new Map<string, Promise<Answer>>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers },
    });

  async function ask(url: string): Promise<Answer> {
    await limiter.take(budget);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const response = await fetchUpstream(url, {
        headers: { Authorization: authorization, Accept: 'application/json' },
        signal: controller.signal,
      });
      const text = await response.text();
      return { status: response.status, body: text, retryAfter: response.headers.get('retry-after') };
    } catch {
      return { status: controller.signal.aborted ? 504 : 502, body: '' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The upstream's own message for an error, and nothing else of its answer. */
  /**
   * What every request sharing one upstream answer needs, worked out once for all of them: a 2xx
   * answer checked for JSON and cached, a 4xx answer's message read.
   */
  function settle(url: string, answer: Answer): Answer {
    if (answer.status >= 400 && answer.status < 500) return { ...answer, message: messageOf(answer) };
    if (answer.status < 200 || answer.status > 299) return answer;
    try {
      JSON.parse(answer.body);
    } catch {
      return { ...answer, notJson: true };
    }
    if (ttl > 0) {
      cache.set(url, { at: Date.now(), answer });
      for (const key of cache.keys()) {
        if (cache.size <= maxEntries) break;
        cache.delete(key);
      }
    }
    return answer;
  }

  function messageOf(answer: Answer): string {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      // not JSON: say nothing of it
    }
    return serverMessage(body) ?? `Shareablee answered HTTP ${answer.status}`;
  }

  return async function shareableeProxy(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    const cors: Record<string, string> = { Vary: 'Origin' };
    if (origin && allowOrigins.includes(origin)) cors['Access-Control-Allow-Origin'] = origin;

    if (request.method === 'OPTIONS') {
      if (!cors['Access-Control-Allow-Origin']) return json(403, { error: 'origin not allowed' }, cors);
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '600',
        },
      });
    }
    if (request.method !== 'GET') return json(405, { error: 'GET only' }, { ...cors, Allow: 'GET, OPTIONS' });

    // The raw path, before any URL parser resolves `..` or decodes anything.
    const raw = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(request.url)?.[1] ?? '';
    if (TRICKS.test(raw)) return json(400, { error: 'malformed path' }, cors);
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
    const hit = cache.get(url);
    if (hit && now - hit.at < ttl * 1000) {
      cache.delete(url);
      cache.set(url, hit);
      const left = Math.max(0, ttl - Math.floor((now - hit.at) / 1000));
      return json(200, hit.answer.body, { ...cors, 'Cache-Control': `public, max-age=${left}` });
    }
    let pending = inflight.get(url);
    if (!pending) {
      pending = ask(url)
        .then((answer) => settle(url, answer))
        .finally(() => inflight.delete(url));
      inflight.set(url, pending);
    }
    const answer = await pending;

    if (answer.status === 504) return json(504, { error: 'Shareablee did not answer in time' }, cors);
    if (answer.status === 502) return json(502, { error: 'Shareablee could not be reached' }, cors);
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

interface NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}
interface NodeResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: Uint8Array): unknown;
}

/** Adapts the handler to `node:http`: `createServer(nodeListener(proxy)).listen(8787)`. */
export function nodeListener(handler: ShareableeProxy): (request: NodeRequest, response: NodeResponse) => void {
  return (request, response) => {
    // Request() would resolve `..` before the handler sees it: refuse such paths while they are still raw.
    if (TRICKS.test((request.url ?? '/').split('?')[0]!)) {
      response.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(new TextEncoder().encode('{"error":"malformed path"}'));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    const host = headers.get('host') ?? 'localhost';
    void handler(new Request(`http://${host}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers }))
      .then(async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(new Uint8Array(await answer.arrayBuffer()));
      })
      .catch(() => {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(new TextEncoder().encode('{"error":"proxy failure"}'));
      });
  };
}
