/**
 * The one seam between the API clients and the network: CORS `fetch` first,
 * JSONP when CORS is not available or fails at the network level, one time
 * limit for the whole call, whatever path it took.
 */
import { whenAllowed, type Transport } from './config.js';

export type { Transport };
import { NetworkError, oneOf, positiveMs, RateLimitError, TimeoutError, ValidationError } from './errors.js';
import { jsonp } from './jsonp.js';

export interface TransportOptions {
  /** Which way to reach the server. Default `'auto'`. */
  transport?: Transport | undefined;
  /** Milliseconds for the whole call, fallback included. Default `10000`. */
  timeout?: number | undefined;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** The `fetch` to use (tests, proxies, instrumentation). Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
}

export interface WireOptions extends TransportOptions {
  /** JSONP callback name (the API's cache-friendly one, if it has such a rule). */
  callbackName?: string | undefined;
  /** JSONP callback query parameter. Default `'callback'`. */
  callbackParam?: string | undefined;
  /** CSP nonce for a JSONP script. */
  nonce?: string | undefined;
  /** Method, headers and body for the CORS request; any of them rules JSONP out. */
  init?: Pick<RequestInit, 'method' | 'headers' | 'body'> | undefined;
  /** The URL to load as JSONP, when it differs from the CORS one (extra parameters only JSONP needs). */
  jsonpUrl?: string | undefined;
}

export interface WireResponse {
  /** HTTP status; JSONP answers count as 200. */
  status: number;
  /** Parsed JSON, or `undefined` when the body was not JSON. */
  body: unknown;
  /** The raw text (empty for JSONP). */
  text: string;
  /** The response's headers (none for JSONP). */
  headers?: Headers | undefined;
  via: 'cors' | 'jsonp';
}

/** The seconds an answer's `Retry-After` asks for, when it gives a number of them. */
export function retryAfterSeconds(response: WireResponse): number | undefined {
  const seconds = Number(response.headers?.get('retry-after') ?? NaN);
  return seconds >= 0 ? seconds : undefined;
}

/** HTTP 429 from any API: a RateLimitError with the seconds `Retry-After` asked for, if it said. */
export function throwIfRateLimited(response: WireResponse, url: string, api: string): void {
  if (response.status !== 429) return;
  throw new RateLimitError(`${api} rate limit reached`, { url, retryAfter: retryAfterSeconds(response) });
}

/** Validates the options every client shares; returns them with defaults applied. */
export function checkTransportOptions({ transport = 'auto', timeout = 10_000, fetch, signal }: TransportOptions, url: string) {
  // null is the default, as for every option; anything else of the wrong type is refused here, not a TypeError later.
  if ((fetch != null && typeof fetch != 'function') || (signal != null && typeof signal.throwIfAborted != 'function'))
    throw new ValidationError('fetch must be a function, signal an AbortSignal', { url });
  return {
    transport: oneOf(transport, ['auto', 'cors', 'jsonp'] as const, 'transport', url),
    timeout: positiveMs(timeout, 'timeout', url),
  };
}

/**
 * Requests `url` and returns the status and parsed body. HTTP error statuses
 * are returned, not thrown: what they mean belongs to each API's client.
 */
export async function request(url: string, options: WireOptions = {}): Promise<WireResponse> {
  const { transport, timeout } = checkTransportOptions(options, url);
  const { signal, init } = options;
  const fetchImpl = options.fetch ?? (typeof fetch === 'function' ? fetch : undefined);
  if (init && transport === 'jsonp') throw new ValidationError('this request needs CORS, not JSONP', { url });
  // The time limit counts from when the request may leave, not from a wait for consent (which
  // rejects at once with an aborted signal's reason).
  await whenAllowed(signal);
  signal?.throwIfAborted();
  const deadline = Date.now() + timeout;

  if (transport !== 'jsonp' && fetchImpl) {
    try {
      return await viaFetch(url, fetchImpl, Math.max(deadline - Date.now(), 1), options);
    } catch (error) {
      // No document (a server, a build): no JSONP to fall back on, and the network's own error says what happened.
      if (!(error instanceof NetworkError) || transport === 'cors' || init || !globalThis.document) throw error;
    }
  } else if (transport === 'cors' || init) {
    throw new NetworkError('CORS requests are not available here', { url });
  }
  let body: unknown;
  try {
    // jsonp() reads its own options among these: callbackName, callbackParam, nonce and signal.
    body = await jsonp(options.jsonpUrl ?? url, { ...options, timeout: Math.max(deadline - Date.now(), 1) });
  } catch (error) {
    // JSONP had what was left of the time; the caller set `timeout`, so that is what to report.
    throw error instanceof TimeoutError ? new TimeoutError(timeout, { url, cause: error }) : error;
  }
  return { status: 200, body, text: '', via: 'jsonp' };
}

async function viaFetch(url: string, fetchImpl: typeof fetch, timeout: number, options: WireOptions): Promise<WireResponse> {
  const { signal } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeout, { url })), timeout);
  // request() checked the signal just before, with no wait in between: it is not aborted yet.
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetchImpl(url, {
      ...options.init,
      mode: 'cors',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON, or empty: no body.
    }
    return { status: response.status, body, text, headers: response.headers, via: 'cors' };
  } catch (error) {
    // Some fetch implementations reject with a generic AbortError instead of the reason.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw new NetworkError('The request failed at the network level', { url, cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
