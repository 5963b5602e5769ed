/**
 * JSONP: one `<script async>` per URL, shared by every caller that asks for it
 * at the same time.
 *
 * One global per callback name, a dispatcher: it hands each reply to the
 * request whose `<script>` is running (`document.currentScript`), so requests
 * whose names collide (`sc_` names drop punctuation) never get each other's
 * answers, and a reply from a script nobody waits for any more is ignored.
 *
 * Why a reply is only delivered on the script's `load` event: a server may call
 * back twice or not at all, and the global must exist for the whole run of the
 * script, or a second call would throw a ReferenceError into the page. `load`
 * fires right after the script ran, so by the time a caller's promise settles
 * the element is gone, and so is the global unless another script still needs it.
 *
 * Why the global outlives a timeout: removing a `<script>` does not stop it
 * (Chromium still runs it and fires `load`), so the element leaves the DOM at
 * once, and the dispatcher stays until every script of that name has loaded or
 * failed; a late reply is swallowed, never a ReferenceError.
 */
import { getConfig, whenAllowed } from './config.js';
import { NetworkError, ResponseError, TimeoutError, ValidationError } from './errors.js';
import { hash } from './util.js';

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
  waiters: Set<Waiter>;
  script: HTMLScriptElement;
  replied: boolean;
  reply: unknown;
}

type Globals = Record<string, unknown>;

/** Requests someone still waits for, by script URL: a new caller of the same URL joins one. */
const wanted = new Map<string, Flight>();
/** Scripts not yet loaded or failed, by callback name, whether or not anyone still waits. */
const running = new Map<string, Map<HTMLScriptElement, Flight>>();
const CALLBACK_NAME = /^[A-Za-z_$][\w$]*$/;
/** Names a script cannot call as a plain function (`if({…})` is a syntax error). */
const RESERVED =
  /^(?:await|break|case|catch|class|const|continue|debugger|default|delete|do|else|enum|export|extends|false|finally|for|function|if|implements|import|in|instanceof|interface|let|new|null|package|private|protected|public|return|static|super|switch|this|throw|true|try|typeof|var|void|while|with|yield)$/;
const PARAM_NAME = /^[\w.-]+$/;

/** The Trusted Types policy name publishers allow (`trusted-types share-count-widgets lit-html`). */
export const TRUSTED_TYPES_POLICY = 'share-count-widgets';

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
let policy: ScriptUrlPolicy | null | undefined;

/**
 * The script URL as a TrustedScriptURL where the page enforces Trusted Types.
 * The policy is private to this module and only ever sees URLs validated as http(s).
 */
function scriptUrl(src: string): string {
  if (policy === undefined) {
    const trustedTypes = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: ScriptUrlPolicy): ScriptUrlPolicy } })
      .trustedTypes;
    try {
      policy =
        trustedTypes?.createPolicy(TRUSTED_TYPES_POLICY, {
          createScriptURL: (url) => {
            if (!/^https?:$/.test(new URL(url, document.baseURI).protocol)) throw new TypeError('not an http(s) URL');
            return url;
          },
        }) ?? null;
    } catch {
      policy = null; // the page's CSP does not allow our policy name: assignment below reports it
    }
  }
  return (policy ? policy.createScriptURL(src) : src) as string;
}

/** Script URLs the page's Content-Security-Policy blocked, so a failed load can say why. */
const blocked = new Set<string>();
let listening = false;
function watchViolations(): void {
  if (listening) return;
  listening = true;
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective.startsWith('script-src')) blocked.add(event.blockedURI);
  });
}
const CSP_HINT = "blocked by the page's Content-Security-Policy: give the widget the page's nonce (data-nonce or configure({ nonce }))";

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
  if (typeof name !== 'string' || !CALLBACK_NAME.test(name) || RESERVED.test(name)) {
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
    let timer: ReturnType<typeof setTimeout> | undefined;
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
    const onAbort = () => {
      waiter.reject(signal!.reason);
      leave(src, waiter);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The time limit starts when the request may leave: a wait for consent does not count.
    whenAllowed(signal).then(
      () => {
        if (waiter.settled) return;
        timer = setTimeout(() => {
          waiter.reject(new TimeoutError(timeout, { url: src }));
          leave(src, waiter);
        }, timeout);
        join(name, src, nonce, waiter);
      },
      () => {},
    );
  });
}

function join(name: string, src: string, nonce: string | undefined, waiter: Waiter): void {
  const flight = wanted.get(src);
  if (flight) flight.waiters.add(waiter);
  else if (name in window && !running.has(name)) {
    waiter.reject(new ValidationError(`JSONP callback name ${name} is already used by the page`, { url: src }));
  } else start(name, src, nonce, waiter);
}

function start(name: string, src: string, nonce: string | undefined, first: Waiter): void {
  const globals = window as unknown as Globals;
  const script = document.createElement('script');
  const flight: Flight = { waiters: new Set([first]), script, replied: false, reply: undefined };
  let scripts = running.get(name);
  if (!scripts) {
    running.set(name, (scripts = new Map()));
    const live = scripts;
    globals[name] = (data: unknown) => {
      const current = document.currentScript;
      const target = current ? live.get(current as HTMLScriptElement) : undefined;
      if (target && !target.replied) [target.replied, target.reply] = [true, data];
    };
  }
  scripts.set(script, flight);
  wanted.set(src, flight);

  const end = (outcome: (waiter: Waiter) => void) => {
    script.remove();
    if (wanted.get(src) === flight) wanted.delete(src);
    scripts.delete(script);
    if (!scripts.size && running.get(name) === scripts) {
      running.delete(name);
      delete globals[name];
    }
    for (const waiter of flight.waiters) outcome(waiter);
  };
  script.onload = () =>
    end(
      flight.replied
        ? (waiter) => waiter.resolve(flight.reply)
        : (waiter) => waiter.reject(new ResponseError(`JSONP script ran but did not call ${name}`, { url: src })),
    );
  script.onerror = () =>
    // The violation event may come just after the error event: look one task later.
    setTimeout(() => {
      const byCsp = [...blocked].some((uri) => uri && src.startsWith(uri));
      const message = byCsp ? `JSONP script ${CSP_HINT}` : 'JSONP script failed to load (network, HTTP error or CSP)';
      end((waiter) => waiter.reject(new NetworkError(message, { url: src })));
    });
  script.async = true;
  if (nonce) script.nonce = nonce;
  script.referrerPolicy = 'no-referrer';
  watchViolations();
  try {
    script.src = scriptUrl(src);
  } catch (cause) {
    // Trusted Types enforced without our policy allowed.
    const message = `JSONP needs the Trusted Types policy "${TRUSTED_TYPES_POLICY}" allowed by the page's CSP`;
    end((waiter) => waiter.reject(new NetworkError(message, { url: src, cause })));
    return;
  }
  document.head.append(script);
}

/**
 * A caller gave up. When it was the last, the request is no longer wanted: the
 * `<script>` leaves the DOM and the next caller of that URL starts afresh; the
 * dispatcher stays until the detached script has ended.
 */
function leave(src: string, waiter: Waiter): void {
  const flight = wanted.get(src);
  if (flight?.waiters.delete(waiter) && flight.waiters.size === 0) {
    wanted.delete(src);
    flight.script.remove();
  }
}
