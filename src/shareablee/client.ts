/**
 * A typed client for every Shareablee v1.4 endpoint. In a page, its `baseUrl`
 * is your proxy (which holds the credentials); server-side it may be the API
 * itself with a `token`. Requests are validated before they leave, held to 5
 * per second per base URL and token (queued, never dropped), and a 429 is
 * retried with backoff.
 */
import { ResponseError, ShareableeError, ValidationError } from '../wire/errors.js';
import { RateLimit } from '../wire/rate-limit.js';
import { hash, sleep } from '../wire/util.js';
import { request, retryAfterSeconds, throwIfRateLimited } from '../wire/transport.js';
import {
  checkQuery,
  endpointPath,
  ENDPOINTS,
  matchEndpoint,
  serverMessage,
  type EndpointName,
  type Query,
  type ShareableeService,
} from './endpoints.js';
import type { ContentPost, Id, ShareableeResponses } from './types.js';

export const SHAREABLEE_API = 'https://api.shareablee.com/v1.4/';

export interface ShareableeClientOptions {
  /** API base, ending in `/`: your proxy in a page; `https://api.shareablee.com/v1.4/` server-side. */
  baseUrl: string;
  /** Server-side only, never in a page: `{ apiKey, secret }`, or the base64 of `api_key:secret`. */
  token?: string | { apiKey: string; secret: string } | undefined;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch | undefined;
  /** Milliseconds for each request. Default 10,000. */
  timeout?: number | undefined;
  /** How often a 429 is retried before `RateLimitError`. Default 3. */
  retries?: number | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

type PathOf<K extends EndpointName> = (typeof ENDPOINTS)[K]['path'];
type Method<K extends EndpointName> =
  PathOf<K> extends `${string}{service}${string}`
    ? (id: Id, service: ShareableeService, query?: Query, options?: CallOptions) => Promise<ShareableeResponses[K]>
    : PathOf<K> extends `${string}{id}${string}`
      ? (id: Id, query?: Query, options?: CallOptions) => Promise<ShareableeResponses[K]>
      : (query?: Query, options?: CallOptions) => Promise<ShareableeResponses[K]>;

export type ShareableeClient = { [K in EndpointName]: Method<K> } & {
  /** Every post of `/user/{id}/{service}/content/`, page after page, following `next_page`. */
  userContentPosts(id: Id, service: ShareableeService, query?: Query, options?: CallOptions): AsyncGenerator<ContentPost>;
};

/** One limiter for the page (or server): 5 requests a second per base URL and token. */
const limiter = new RateLimit(5, 1000);
const MAX_PAGES = 1000;

export function createShareableeClient(options: ShareableeClientOptions): ShareableeClient {
  const { baseUrl, token, timeout = 10_000, retries = 3 } = options;
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^/?#]+[^?#]*\/$/.test(baseUrl)) {
    throw new ValidationError('baseUrl must be an absolute http(s) URL ending in /', { url: String(baseUrl) });
  }
  if (!(Number.isInteger(retries) && retries >= 0)) throw new ValidationError('retries must be a whole number', { url: baseUrl });
  const basic = typeof token === 'object' && token ? btoa(`${token.apiKey}:${token.secret}`) : token;
  const headers = basic ? { Authorization: `Basic ${basic}` } : undefined;
  // Requests with the same credentials to the same base share one budget; the token itself is not kept as a key.
  const budget = `${baseUrl}\n${basic ? hash(basic) : ''}`;

  async function get(
    name: EndpointName,
    id: unknown,
    service: unknown,
    query: Query | URLSearchParams | undefined,
    call: CallOptions = {},
  ) {
    const path = endpointPath(name, id, service, baseUrl);
    const entries = checkQuery(name, query ?? {}, baseUrl + path);
    const search = entries.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
    const url = baseUrl + path + (search ? `?${search}` : '');
    for (let attempt = 0; ; attempt++) {
      await limiter.take(budget, call.signal);
      const response = await request(url, {
        transport: 'cors',
        timeout,
        signal: call.signal,
        fetch: options.fetch,
        ...(headers ? { init: { headers } } : {}),
      });
      if (response.status === 429 && attempt < retries) {
        const retryAfter = retryAfterSeconds(response);
        // Retry-After when the server says; else 0.5 s, 1 s, 2 s, with jitter so clients do not retry in step.
        const wait = retryAfter !== undefined ? retryAfter * 1000 : 500 * 2 ** attempt + Math.random() * 250;
        await sleep(wait, call.signal);
        continue;
      }
      throwIfRateLimited(response, url, 'Shareablee');
      if (response.status < 200 || response.status > 299) {
        // Not JSON: a short plain-text body is the message; an HTML page says nothing worth repeating.
        const said = serverMessage(response.body) ?? (response.text.trim().startsWith('<') ? '' : response.text.slice(0, 200));
        throw new ShareableeError(`Shareablee answered HTTP ${response.status}${said ? `: ${said}` : ''}`, {
          url,
          status: response.status,
        });
      }
      // /me/properties/ and /me/categories/ answer "all" when every item is visible.
      if (response.body === 'all' && (name === 'meProperties' || name === 'meCategories')) return response.body;
      if (response.body === null || typeof response.body !== 'object') {
        throw new ResponseError('Shareablee answered without a JSON object', { url, status: response.status });
      }
      return response.body;
    }
  }

  const client = {} as Record<string, unknown>;
  for (const name of Object.keys(ENDPOINTS) as EndpointName[]) {
    const { path } = ENDPOINTS[name];
    client[name] = path.includes('{service}')
      ? (id: Id, service: ShareableeService, query?: Query, call?: CallOptions) => get(name, id, service, query, call)
      : path.includes('{id}')
        ? (id: Id, query?: Query, call?: CallOptions) => get(name, id, undefined, query, call)
        : (query?: Query, call?: CallOptions) => get(name, undefined, undefined, query, call);
  }

  client['userContentPosts'] = async function* (id: Id, service: ShareableeService, query: Query = {}, call: CallOptions = {}) {
    let params: Query | URLSearchParams = query;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = (await get('userContent', id, service, params, call)) as ShareableeResponses['userContent'];
      if (!Array.isArray(page.content)) throw new ResponseError('Shareablee content page has no content list', { url: baseUrl });
      yield* page.content;
      if (!page.next_page || !page.content.length) return;
      // next_page names the API's own host: only its path and query are taken, checked like any
      // request, and asked of this client's baseUrl. (The docs' example even puts `user` where
      // the service belongs, so the path must be this entity's content and the service stays ours.)
      let next: URL;
      try {
        next = new URL(page.next_page);
      } catch {
        throw new ResponseError('Shareablee next_page is not a URL', { url: baseUrl });
      }
      const found = matchEndpoint(
        next.pathname
          .replace(/^.*?\/v1\.4\//, '')
          .replace(/^\//, '')
          .replace(/^(user\/[^/]+\/)user\//, `$1${service}/`),
      );
      if (found?.name !== 'userContent' || found.id !== String(id)) {
        throw new ResponseError(`Shareablee next_page points elsewhere: ${next.pathname}`, { url: baseUrl });
      }
      params = new URLSearchParams([...next.searchParams].filter(([key]) => ENDPOINTS.userContent.params.includes(key as never)));
    }
    throw new ResponseError(`Shareablee content went past ${MAX_PAGES} pages`, { url: baseUrl });
  };
  return client as ShareableeClient;
}
