/**
 * `jsonp()` over jQuery's own `$.ajax`, for `jquery.sharedcount.js`: its build puts this module in
 * place of src/wire/jsonp.ts (see vite.config.ts), so a page that already has jQuery does not
 * download a second JSONP loader. It keeps what the plugin promises:
 * - the URL SharedCount caches: the fixed `jsonpCallback` and `cache: true`, so no `_=`;
 * - one script per callback name at a time: jQuery keeps one global per name, and two URLs can
 *   share a name (`sc_` names drop punctuation), so a second waits for the first;
 * - a late reply is no ReferenceError, and no global is left: the time limit is ours, not
 *   `$.ajax`'s, so jQuery's request runs on and removes its global when the script has run.
 */
import { getConfig } from '../wire/config.js';
import { NetworkError, ResponseError, TimeoutError } from '../wire/errors.js';
import type { JsonpOptions } from '../wire/jsonp.js';

/** By callback name: the request of that name under way, or the last one queued. */
const busy = new Map<string, Promise<unknown>>();

export function jsonp<T = unknown>(url: string, options: JsonpOptions = {}): Promise<T> {
  const { callbackName: name = '', callbackParam = 'callback', timeout = 10_000, signal, nonce = getConfig().nonce } = options;
  const $ = (window as { jQuery?: JQueryStatic }).jQuery!;
  let waiting = true;
  const load = () =>
    new Promise<T>((resolve, reject) => {
      // Nobody waits any more (timed out or aborted while queued): no request at all.
      if (!waiting) return reject();
      $.ajax({
        url,
        dataType: 'jsonp',
        jsonp: callbackParam,
        jsonpCallback: name,
        cache: true,
        // jQuery ≥ 3.4 puts these on the <script>; older ones send the referrer and no nonce.
        scriptAttrs: { referrerpolicy: 'no-referrer', ...(nonce ? { nonce } : {}) },
      } as JQuery.AjaxSettings).then(
        (data: T) => resolve(data),
        (_xhr: unknown, status: string) =>
          reject(
            status === 'parsererror'
              ? new ResponseError(`JSONP script ran but did not call ${name}`, { url })
              : new NetworkError('JSONP script failed to load (network, HTTP error or CSP)', { url }),
          ),
      );
    });
  const run = (busy.get(name) ?? Promise.resolve()).then(load, load);
  const settled = run.then(
    () => {},
    () => {},
  );
  busy.set(name, settled);
  void settled.then(() => busy.get(name) === settled && busy.delete(name));
  return new Promise<T>((resolve, reject) => {
    const end = () => {
      waiting = false;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = (error: unknown) => (end(), reject(error));
    const onAbort = () => stop(signal!.reason);
    const timer = setTimeout(() => stop(new TimeoutError(timeout, { url })), timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
    run.then((data) => (end(), resolve(data)), stop);
  });
}
