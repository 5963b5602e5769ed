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
 *
 * The code is a factory, `makeJsonp(deps)`, over what must be the page's one copy: the error
 * classes (for `instanceof`) and the Trusted Types policy. (Consent and the nonce come from this
 * module's config: the sibling file's own copy is only ever called after consent, with the nonce.) The ES modules call
 * it at once (`jsonp` below); the script-tag files load it from their sibling file
 * `share-count-widgets.jsonp.js` the first time a request needs JSONP (jsonp-lazy.ts).
 */
import { getConfig, whenAllowed } from './config.js';
import { NetworkError, ResponseError, TimeoutError, ValidationError } from './errors.js';
import { scriptUrl, TRUSTED_TYPES_POLICY } from './trusted.js';
import { appendQuery, hash } from './util.js';

export { TRUSTED_TYPES_POLICY };

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
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Flight {
  waiters: Set<Waiter>;
  script: HTMLScriptElement;
  /** What the script passed to the callback, first call only, boxed (a reply may be `undefined`). */
  reply?: [unknown];
}

/** Requests someone still waits for, by script URL: a new caller of the same URL joins one. */
const wanted = new Map<string, Flight>();
/** Scripts not yet loaded or failed, by callback name, whether or not anyone still waits. */
const running = new Map<string, Map<Element, Flight>>();
/** Names a script cannot call as a plain function (`if({…})` is a syntax error). */
const RESERVED =
  /^(?:await|break|case|catch|class|const|continue|debugger|default|delete|do|else|enum|export|extends|false|finally|for|function|if|implements|import|in|instanceof|interface|let|new|null|package|private|protected|public|return|static|super|switch|this|throw|true|try|typeof|var|void|while|with|yield)$/;

/** Script URLs the page's Content-Security-Policy blocked, so a failed load can say why; watched from the first script on. */
let blocked: string[] | undefined;

/**
 * What the page has one copy of, whichever file brings JSONP: the error classes and the Trusted
 * Types policy, in this order (a list, not an object: the script-tag files pass it, in bytes).
 */
export type JsonpDeps = [typeof NetworkError, typeof ResponseError, typeof TimeoutError, typeof ValidationError, typeof scriptUrl];

export type Jsonp = <T = unknown>(url: string, options?: JsonpOptions) => Promise<T>;

/** `jsonp()` over the page's error classes, consent, nonce and Trusted Types policy. */
export function makeJsonp(...[NetworkError, ResponseError, TimeoutError, ValidationError, scriptUrl]: JsonpDeps): Jsonp {
  /**
   * Loads `url` as a script and resolves with what it passes to the callback.
   *
   * Rejects with `ValidationError` (bad URL, callback name or option),
   * `NetworkError` (the script failed to load, e.g. 404 or blocked by CSP),
   * `ResponseError` (the script ran but did not call back), `TimeoutError`, or
   * the signal's reason when aborted. A reply arriving after the caller gave up
   * is swallowed.
   */
  return async function jsonp<T = unknown>(url: string, options: JsonpOptions = {}): Promise<T> {
    const { callbackParam = 'callback', timeout = 10_000, signal, nonce = getConfig().nonce } = options;
    const refuse = (what: string) => new ValidationError(`JSONP ${what}`, { url });
    let href = '';
    try {
      href = new URL(url, document.baseURI).href;
    } catch {
      // not a URL: refused below
    }
    if (typeof url !== 'string' || !url.trim() || !/^https?:/.test(href)) throw refuse('needs an http(s) URL');
    const name = options.callbackName ?? `jsonp_${hash(href)}`;
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.test(name)) {
      throw refuse(`callback name ${JSON.stringify(name)} is not allowed: use [A-Za-z0-9_$]`);
    }
    if (!/^[\w.-]+$/.test(callbackParam)) throw refuse('callback parameter is not allowed');
    // Checked with the page's ValidationError (the one passed in), not this file's own copy.
    if (!(typeof timeout === 'number' && timeout > 0 && timeout < Infinity))
      throw refuse('timeout must be a positive number of milliseconds');
    const src = appendQuery(url, callbackParam, name);
    signal?.throwIfAborted();

    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const waiter: Waiter = {
        resolve: (value) => finish(() => resolve(value as T)),
        reject: (error) => finish(() => reject(error)),
      };
      /** The caller gives up; when it was the last, the script leaves the DOM (the dispatcher stays until it ends). */
      const giveUp = (error: unknown) => {
        waiter.reject(error);
        const flight = wanted.get(src);
        if (flight?.waiters.delete(waiter) && !flight.waiters.size) {
          wanted.delete(src);
          flight.script.remove();
        }
      };
      const onAbort = () => giveUp(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // The time limit starts when the request may leave: a wait for consent does not count.
      whenAllowed(signal).then(
        () => {
          if (settled) return;
          timer = setTimeout(() => giveUp(new TimeoutError(timeout, { url: src })), timeout);
          const flight = wanted.get(src);
          if (flight) flight.waiters.add(waiter);
          else if (name in window && !running.has(name)) {
            waiter.reject(new ValidationError(`JSONP callback name ${name} is already used by the page`, { url: src }));
          } else start(name, src, nonce, waiter);
        },
        () => {},
      );
    });
  };

  function start(name: string, src: string, nonce: string | undefined, first: Waiter): void {
    const globals = window as unknown as Record<string, unknown>;
    const script = document.createElement('script');
    const flight: Flight = { waiters: new Set([first]), script };
    let scripts = running.get(name);
    if (!scripts) {
      running.set(name, (scripts = new Map()));
      const live = scripts;
      // One global per name, a dispatcher: each reply goes to the request whose script is running.
      globals[name] = (data: unknown) => {
        const target = live.get(document.currentScript!);
        if (target) target.reply ??= [data];
      };
    }
    if (!blocked) {
      const uris: string[] = (blocked = []);
      document.addEventListener('securitypolicyviolation', (event) => uris.push(event.blockedURI));
    }
    scripts.set(script, flight);
    wanted.set(src, flight);

    const end = (error?: Error) => {
      script.remove();
      if (wanted.get(src) === flight) wanted.delete(src);
      scripts.delete(script);
      if (!scripts.size && running.get(name) === scripts) {
        running.delete(name);
        delete globals[name];
      }
      for (const waiter of flight.waiters) {
        if (flight.reply && !error) waiter.resolve(flight.reply[0]);
        else waiter.reject(error ?? new ResponseError(`JSONP script ran but did not call ${name}`, { url: src }));
      }
    };
    script.onload = () => end();
    // The violation event may come just after the error event: look one task later.
    script.onerror = () =>
      setTimeout(() =>
        end(
          new NetworkError(
            blocked!.some((uri) => uri && src.startsWith(uri))
              ? "JSONP script blocked by the page's Content-Security-Policy: give the widget the page's nonce (data-nonce or configure({ nonce }))"
              : 'JSONP script failed to load (network, HTTP error or CSP)',
            { url: src },
          ),
        ),
      );
    script.async = true;
    if (nonce) script.nonce = nonce;
    script.referrerPolicy = 'no-referrer';
    try {
      script.src = scriptUrl(src);
    } catch (cause) {
      // Trusted Types enforced without our policy allowed.
      end(
        new NetworkError(`JSONP needs the Trusted Types policy "${TRUSTED_TYPES_POLICY}" allowed by the page's CSP`, { url: src, cause }),
      );
      return;
    }
    document.head.append(script);
  }
}

/** The JSONP helper, over this bundle's own error classes and config. */
export const jsonp: Jsonp = /* @__PURE__ */ makeJsonp(NetworkError, ResponseError, TimeoutError, ValidationError, scriptUrl);
