/**
 * `jsonp()` for the script-tag files, in place of jsonp.ts (vite.config.ts): the JSONP code is in
 * their sibling file `share-count-widgets.jsonp.js`, loaded the first time a request needs JSONP,
 * which is seldom: CORS works for nearly every reader, and always through the package's proxy.
 *
 * The sibling is found next to the script tag that brought this file, and loaded under the page's
 * nonce and the package's Trusted Types policy, after consent, once for the page. It hands back
 * `makeJsonp`, which runs here over this file's error classes and Trusted Types policy.
 */
import { getConfig, whenAllowed } from './config.js';
import { NetworkError, positiveMs, ResponseError, TimeoutError, ValidationError } from './errors.js';
import type { Jsonp, JsonpOptions, makeJsonp } from './jsonp.js';
import { scriptUrl, TRUSTED_TYPES_POLICY } from './trusted.js';

export type { JsonpOptions };
export { TRUSTED_TYPES_POLICY };

/** The global the sibling file puts `makeJsonp` on: a registered symbol, so no page script trips over it. */
const KEY = Symbol.for('share-count-widgets.jsonp');
/** The file name of the JSONP file, beside every script-tag file. */
export const JSONP_FILE = 'share-count-widgets.jsonp.js';

// Read while this file runs: `document.currentScript` is its tag only then.
const own = (document.currentScript as HTMLScriptElement | null)?.src;
let loaded: Promise<Jsonp> | undefined;

function load(url: string): Promise<Jsonp> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const fail = (message = `${JSONP_FILE} did not load (network, HTTP or CSP)`) => {
      loaded = undefined; // a later request may try again
      reject(new NetworkError(message, { url }));
    };
    // Once it ran, or failed, nothing of it stays in the page but what it handed over.
    script.onload = script.onerror = () => {
      script.remove();
      const made = (globalThis as { [KEY]?: typeof makeJsonp })[KEY];
      if (made) resolve(made(NetworkError, ResponseError, TimeoutError, ValidationError, scriptUrl));
      else fail();
    };
    const { nonce } = getConfig();
    if (nonce) script.nonce = nonce;
    // With the page's referrer policy, as the tag beside it: both come from the publisher's own host.
    try {
      script.src = scriptUrl(new URL(JSONP_FILE, own ?? document.baseURI).href);
    } catch {
      return fail(`JSONP needs the Trusted Types policy "${TRUSTED_TYPES_POLICY}" allowed by the page's CSP`);
    }
    document.head.append(script);
  });
}

export const jsonp: Jsonp = async <T>(url: string, options: JsonpOptions = {}) => {
  const { signal, timeout = 10_000 } = options;
  positiveMs(timeout, 'JSONP timeout', url);
  // No file loads for a request that may not leave yet; the time limit counts from here, the load in it.
  await whenAllowed(signal);
  const deadline = Date.now() + timeout;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const jsonp = await Promise.race([
    (loaded ??= load(url)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(timeout, { url })), timeout);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      if (signal?.aborted) reject(signal.reason);
    }),
  ]).finally(() => clearTimeout(timer));
  // The sibling's own config knows neither consent (given: awaited above) nor the nonce: both come from here.
  return jsonp<T>(url, { ...options, nonce: options.nonce ?? getConfig().nonce, timeout: Math.max(deadline - Date.now(), 1) });
};
