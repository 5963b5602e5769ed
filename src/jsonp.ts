/**
 * JSONP: one `<script async>` per callback name, shared by every caller that
 * asks for the same URL at the same time.
 *
 * Why a reply is only delivered on the script's `load` event: a server may call
 * back twice or not at all, and the callback must exist for the whole run of
 * the script, or a second call would throw a ReferenceError into the page.
 * `load` fires right after the script ran, so the global and the element are
 * both gone by the time a caller's promise settles.
 *
 * Why a detached script keeps its callback: removing a `<script>` does not
 * stop it (Chromium still runs it and fires `load`), so after a timeout the
 * element leaves the DOM at once, and the callback stays as a silent
 * placeholder until that script has loaded or failed.
 */
import { getConfig, whenAllowed } from './config.js';
import { NetworkError, ResponseError, TimeoutError, ValidationError } from './errors.js';
import { hash } from './hash.js';

export interface JsonpOptions {
  /** Query parameter that carries the callback name. Default `'callback'`. */
  callbackParam?: string | undefined;
  /**
   * Name of the global function the server calls: `[A-Za-z0-9_$]`, not starting
   * with a digit. Default: derived from the URL, so the same URL stays cacheable.
   */
  callbackName?: string | undefined;
  /** Milliseconds until the call rejects with `TimeoutError`. Default `10000`. */
  timeout?: number | undefined;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** CSP nonce for the `<script>`. Default: the configured nonce. */
  nonce?: string | undefined;
}

interface Waiter {
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Flight {
  src: string;
  waiters: Set<Waiter>;
  /** Calls for the same callback name but another URL, started once this one ends. */
  queue: (() => void)[];
  script: HTMLScriptElement;
}

type Globals = Record<string, unknown>;

const flights = new Map<string, Flight>();
const CALLBACK_NAME = /^[A-Za-z_$][\w$]*$/;
const PARAM_NAME = /^[\w.-]+$/;


/** Appends `name=value` to a URL's query, before any fragment, leaving the rest byte for byte. */
export function appendQuery(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const joiner = base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?';
  return `${base}${joiner}${name}=${value}${hash < 0 ? '' : url.slice(hash)}`;
}

/**
 * Loads `url` as a script and resolves with what it passes to the callback.
 *
 * Rejects with `ValidationError` (bad URL, callback name or option),
 * `NetworkError` (the script failed to load, e.g. 404 or blocked by CSP),
 * `ResponseError` (the script ran but did not call back), `TimeoutError`, or
 * the signal's reason when aborted. A reply arriving after the caller gave up
 * is swallowed.
 */
export async function jsonp<T = unknown>(url: string, options: JsonpOptions = {}): Promise<T> {
  const { callbackParam = 'callback', timeout = 10_000, signal } = options;
  const nonce = options.nonce ?? getConfig().nonce;
  if (typeof url !== 'string' || !url.trim()) throw new ValidationError('JSONP needs a URL');
  let resolved: URL;
  try {
    resolved = new URL(url, document.baseURI);
  } catch (cause) {
    throw new ValidationError('JSONP URL is not valid', { url, cause });
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') {
    throw new ValidationError('JSONP URL must be http(s)', { url });
  }
  const name = options.callbackName ?? `jsonp_${hash(resolved.href)}`;
  if (typeof name !== 'string' || !CALLBACK_NAME.test(name)) {
    throw new ValidationError(`JSONP callback name ${JSON.stringify(name)} is not allowed: use [A-Za-z0-9_$]`, { url });
  }
  if (typeof callbackParam !== 'string' || !PARAM_NAME.test(callbackParam)) {
    throw new ValidationError('JSONP callback parameter is not allowed', { url });
  }
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new ValidationError('JSONP timeout must be a positive number of milliseconds', { url });
  }
  const src = appendQuery(url, encodeURIComponent(callbackParam), name);

  signal?.throwIfAborted();

  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      waiter.settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const waiter: Waiter = {
      settled: false,
      resolve: (value) => (finish(), resolve(value as T)),
      reject: (error) => (finish(), reject(error)),
    };
    const giveUp = (error: unknown) => {
      waiter.reject(error);
      leave(name, waiter);
    };
    const onAbort = () => giveUp(signal!.reason);
    const timer = setTimeout(() => giveUp(new TimeoutError(timeout, { url: src })), timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
    // An abort while waiting for consent is already handled by onAbort.
    whenAllowed(signal).then(() => join(name, src, nonce, waiter), () => {});
  });
}

function join(name: string, src: string, nonce: string | undefined, waiter: Waiter): void {
  if (waiter.settled) return;
  const flight = flights.get(name);
  if (flight?.src === src) {
    flight.waiters.add(waiter);
  } else if (flight) {
    flight.queue.push(() => join(name, src, nonce, waiter));
  } else if (name in window) {
    waiter.reject(new ValidationError(`JSONP callback name ${name} is already used by the page`, { url: src }));
  } else {
    start(name, src, nonce, waiter);
  }
}

function start(name: string, src: string, nonce: string | undefined, first: Waiter): void {
  const globals = window as unknown as Globals;
  const script = document.createElement('script');
  const flight: Flight = { src, waiters: new Set([first]), queue: [], script };
  let replied = false;
  let reply: unknown;
  const callback = (data: unknown) => {
    if (!replied) [replied, reply] = [true, data];
  };
  const end = (outcome: (waiter: Waiter) => void) => {
    script.remove();
    if (globals[name] === callback) delete globals[name];
    flights.delete(name);
    for (const waiter of flight.waiters) outcome(waiter);
    for (const next of flight.queue) next();
  };
  script.onload = () =>
    end(
      replied
        ? (waiter) => waiter.resolve(reply)
        : (waiter) => waiter.reject(new ResponseError(`JSONP script ran but did not call ${name}`, { url: src })),
    );
  script.onerror = () =>
    end((waiter) => waiter.reject(new NetworkError('JSONP script failed to load (network, HTTP error or CSP)', { url: src })));
  globals[name] = callback;
  flights.set(name, flight);
  script.async = true;
  if (nonce) script.nonce = nonce;
  script.referrerPolicy = 'no-referrer';
  script.src = src;
  document.head.append(script);
}

/** A caller gave up: when it was the last, the script leaves the DOM (its callback stays until it ends). */
function leave(name: string, waiter: Waiter): void {
  const flight = flights.get(name);
  if (flight?.waiters.delete(waiter) && flight.waiters.size === 0) flight.script.remove();
}
