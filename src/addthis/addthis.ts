/**
 * The AddThis web service conventions, for any service that follows them:
 * the format as the URL's extension, `callback=` JSONP (json only) with
 * `suppress_response_codes=true`, the `{"error": {code, message, info}}`
 * envelope, `start`/`count`/`total` pagination, and two ways to authenticate.
 */
import { AddThisError, oneOf, ResponseError, ValidationError } from '../wire/errors.js';
import { appendQuery } from '../wire/util.js';
import { checkTransportOptions, request as send, throwIfRateLimited, type TransportOptions, type WireResponse } from '../wire/transport.js';

export type AddThisFormat = 'json' | 'xml' | 'csv' | 'rss' | 'html';

/** Query parameters; arrays repeat the parameter, `undefined` leaves it out. */
export type AddThisParams = Record<string, string | number | boolean | undefined | readonly (string | number)[]>;

export interface AddThisCredentials {
  userid: string;
  password: string;
}

export interface AddThisOptions extends TransportOptions {
  /** Service base URL, such as `https://api.addthis.com/analytics/1.0/pub`. Required. */
  base: string;
  /** Response format, sent as the URL's extension (`html` has none). Default `'json'`. */
  format?: AddThisFormat | undefined;
  /**
   * `{ userid, password }` as URL parameters, or `{ basic: { userid, password } }` as an
   * `Authorization` header (CORS only: a `<script>` cannot send headers). Both need https.
   */
  auth?: AddThisCredentials | { basic: AddThisCredentials } | undefined;
  /** CSP nonce for a JSONP script. Default: the configured one. */
  nonce?: string | undefined;
}

export interface AddThisPaginateOptions extends AddThisOptions {
  /** Items per page (`count`). Default: the service's own. */
  count?: number | undefined;
  /** The page's array property, when a page has several. Default: its only array. */
  itemsKey?: string | undefined;
}

const FORMATS: readonly AddThisFormat[] = ['json', 'xml', 'csv', 'rss', 'html'];
/** Pages at most, whatever a service says of `total`: a guard against a service that never ends. */
const MAX_PAGES = 1000;

const query = (params: AddThisParams) =>
  Object.entries(params)
    .flatMap(([name, value]) =>
      value === undefined
        ? []
        : (Array.isArray(value) ? value : [value]).map((one) => `${encodeURIComponent(name)}=${encodeURIComponent(String(one))}`),
    )
    .join('&');

/** `{base}/{path}.{format}?{params}`; validates everything before any request. */
function build(path: string, params: AddThisParams, options: AddThisOptions) {
  const { base, format = 'json', auth } = options;
  const { transport } = checkTransportOptions(options, String(base));
  if (typeof base !== 'string' || !/^https?:\/\/[^/?#]+/.test(base))
    throw new ValidationError('base must be an absolute http(s) URL', { url: String(base) });
  if (typeof path !== 'string' || !/^[\w./-]*$/.test(path) || path.split('/').includes('..')) {
    throw new ValidationError(`path ${JSON.stringify(path)} is not a service path`, { url: base });
  }
  oneOf(format, FORMATS, 'format', base);
  if (params === null || typeof params !== 'object') throw new ValidationError('params must be an object', { url: base });
  const url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${format === 'html' ? '' : `.${format}`}`;
  if (format !== 'json' && transport === 'jsonp') throw new ValidationError(`JSONP returns json only, not ${format}`, { url });

  let all: AddThisParams = params;
  let headers: Record<string, string> | undefined;
  if (auth) {
    // The docs warn that these travel in plain text: never over http.
    if (!url.startsWith('https:')) throw new ValidationError('credentials need an https base', { url });
    if ('basic' in auth) {
      if (transport === 'jsonp') throw new ValidationError('Basic authentication needs CORS: a <script> cannot send headers', { url });
      headers = { Authorization: `Basic ${btoa(`${auth.basic.userid}:${auth.basic.password}`)}` };
    } else {
      all = { ...params, userid: auth.userid, password: auth.password };
    }
  }
  const search = query(all);
  const full = search ? `${url}?${search}` : url;
  return {
    url: full,
    // Errors then come as a 200 body, which a script can read: a failed script cannot say why.
    jsonpUrl: appendQuery(full, 'suppress_response_codes', 'true'),
    format,
    // A non-JSON format, or a header, can only travel over CORS.
    transport: format !== 'json' || headers ? ('cors' as const) : transport,
    headers,
  };
}

function interpret(response: WireResponse, url: string, format: AddThisFormat): unknown {
  const { status, body } = response;
  const envelope = body !== null && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (envelope !== null && typeof envelope === 'object') {
    const { code, message, info, attachment } = envelope as { code?: unknown; message?: unknown; info?: unknown; attachment?: unknown };
    throw new AddThisError(`AddThis: ${typeof message === 'string' ? message : 'error'}`, {
      url,
      status,
      code: typeof code === 'number' ? code : undefined,
      info: info ?? attachment,
    });
  }
  throwIfRateLimited(response, url, 'AddThis');
  if (status < 200 || status > 299) throw new AddThisError(`AddThis answered HTTP ${status}`, { url, status });
  if (format !== 'json') return response.text;
  if (body === undefined) throw new ResponseError('AddThis answered without JSON', { url, status });
  return body;
}

/**
 * Calls `{base}/{path}.{format}`. Resolves the parsed JSON (or the text, for
 * other formats); rejects with `AddThisError` (`.code`, `.info`, `.status`),
 * `ValidationError`, `NetworkError`, `TimeoutError`, `RateLimitError` or `ResponseError`.
 */
async function request<T = unknown>(path: string, params: AddThisParams = {}, options: AddThisOptions): Promise<T> {
  const built = build(path, params, options);
  const response = await send(built.url, {
    ...options,
    transport: built.transport,
    jsonpUrl: built.jsonpUrl,
    ...(built.headers ? { init: { headers: built.headers } } : {}),
  });
  return interpret(response, built.url, built.format) as T;
}

/** The items of a page: its own array, its only array property, or the one named `itemsKey`. */
function itemsOf(page: unknown, itemsKey: string | undefined, url: string): unknown[] {
  if (Array.isArray(page)) return page;
  if (page === null || typeof page !== 'object') throw new ResponseError('AddThis page is not an object', { url });
  const record = page as Record<string, unknown>;
  if (itemsKey !== undefined) {
    if (!Array.isArray(record[itemsKey])) throw new ResponseError(`AddThis page has no "${itemsKey}" array`, { url });
    return record[itemsKey] as unknown[];
  }
  const arrays = Object.keys(record).filter((key) => Array.isArray(record[key]));
  if (arrays.length !== 1) {
    throw new ValidationError(
      `AddThis page has ${arrays.length ? `several arrays (${arrays.join(', ')})` : 'no array'}: name one with itemsKey`,
      { url },
    );
  }
  return record[arrays[0]!] as unknown[];
}

/**
 * Walks a paginated service with `start`/`count`, yielding items. Stops at
 * `total` (read again from every page, so a total that changes is followed),
 * never asks past it, advances by what a page really held, and stops on an
 * empty page or, without a `total`, on a short one.
 */
async function* paginate<T = unknown>(path: string, params: AddThisParams = {}, options: AddThisPaginateOptions): AsyncGenerator<T> {
  const { count, itemsKey, ...rest } = options;
  if (count !== undefined && !(Number.isInteger(count) && count > 0))
    throw new ValidationError('count must be a positive integer', { url: rest.base });
  let start = Number(params['start'] ?? 0);
  if (!(Number.isInteger(start) && start >= 0)) throw new ValidationError('start must be a whole number', { url: rest.base });
  for (let pages = 0; ; pages++) {
    if (pages === MAX_PAGES) throw new ResponseError(`AddThis paging went past ${MAX_PAGES} pages`, { url: rest.base });
    const page = await request<unknown>(path, { ...params, start, ...(count === undefined ? {} : { count }) }, rest);
    const said = (page as { start?: unknown } | null)?.start;
    // A service that ignores `start` would hand back the first page forever.
    if (typeof said === 'number' && said !== start)
      throw new ResponseError(`AddThis answered start=${said} for start=${start}`, { url: rest.base });
    const items = itemsOf(page, itemsKey, rest.base);
    for (const item of items) yield item as T;
    start += items.length;
    const total = (page as { total?: unknown }).total;
    const more = typeof total === 'number' ? start < total : count !== undefined && items.length >= count;
    if (!items.length || !more) return;
  }
}

export const addthis = { request, paginate };
