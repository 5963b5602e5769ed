/**
 * `request()` through the page's own jQuery, for `jquery.sharedcount.js`: its build puts this
 * module in place of src/wire/transport.ts (see vite.config.ts), so a page that already has jQuery
 * downloads neither our `fetch` transport nor our JSONP loader. `$.ajax` does both ways, with what
 * the plugin promises:
 * - CORS first (an XHR), JSONP (a `<script>`) when CORS fails at the network level;
 * - the URL SharedCount caches: `cache: true`, so no `_=`, and JSONP's fixed `jsonpCallback`;
 * - no credentials: `withCredentials: false`, whatever the page's `$.ajaxSetup` says;
 * - one script per callback name at a time: jQuery keeps one global per name, and two URLs can
 *   share a name (`sc_` names drop punctuation), so a second waits for the first;
 * - one time limit for the whole call, counted from when consent lets it leave. It is ours, not
 *   `$.ajax`'s `timeout`: on JSONP, jQuery's would remove the global while the script may still
 *   run, and a late reply would be a ReferenceError. Past it, a CORS request is aborted; a JSONP
 *   request runs on, and jQuery removes its global once the script has run;
 * - a JSONP script that fails to load frees its name at once, on jQuery 1.12 too, whose
 *   cross-origin script transport has no `onerror`.
 */
import { getConfig, whenAllowed } from '../wire/config.js';
import { NetworkError, ResponseError, TimeoutError, ValidationError } from '../wire/errors.js';
import type { WireOptions, WireResponse } from '../wire/transport.js';

export { checkTransportOptions, throwIfRateLimited } from '../wire/transport.js';

/** The jQuery the plugin is installed on: the page's when this file ran. */
const $ = (window as { jQuery?: JQueryStatic }).jQuery!;
/** By callback name: the JSONP request of that name under way, or the last one queued. */
const busy = new Map<string, Promise<unknown>>();

export async function request(url: string, options: WireOptions = {}): Promise<WireResponse> {
  const {
    transport,
    timeout = 10_000,
    signal,
    init,
    callbackName: name = '',
    callbackParam = 'callback',
    nonce = getConfig().nonce,
  } = options;
  if (typeof $.ajax !== 'function')
    throw new ValidationError('jquery.sharedcount.js needs $.ajax, which the slim builds of jQuery lack: load the full build');
  // The time limit counts from when the request may leave, not from a wait for consent.
  await whenAllowed(signal);
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    /** The CORS request while it runs, for the time limit or an abort to end. */
    let xhr: JQuery.jqXHR | undefined;
    let waiting = true;
    const finish = (answer?: WireResponse, error?: unknown) => {
      waiting = false;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      xhr?.abort();
      if (answer) resolve(answer);
      else reject(error);
    };
    const onAbort = () => finish(undefined, signal!.reason);
    const timer = setTimeout(() => finish(undefined, new TimeoutError(timeout, { url })), timeout);
    signal?.addEventListener('abort', onAbort, { once: true });

    const jsonp = () => {
      const load = () =>
        new Promise((loaded, failed) => {
          // Nobody waits any more (timed out or aborted while queued): no request at all.
          if (!waiting) return failed();
          const ajax = $.ajax({
            url: options.jsonpUrl ?? url,
            dataType: 'jsonp',
            jsonp: callbackParam,
            jsonpCallback: name,
            cache: true,
            // jQuery ≥ 3.4 puts these on the <script> (an undefined nonce is left out); older ones send
            // the referrer and no nonce.
            scriptAttrs: { referrerpolicy: 'no-referrer', nonce },
          } as JQuery.AjaxSettings);
          const failure = (_xhr?: unknown, status?: string) =>
            failed(
              status === 'parsererror'
                ? new ResponseError(`JSONP script ran but did not call ${name}`, { url })
                : new NetworkError('JSONP script failed to load (network, HTTP error or CSP)', { url }),
            );
          ajax.then(loaded, failure);
          // jQuery 1.12 does not listen for the error of a cross-origin script: after a 404 its call
          // would never end, and the name would stay taken for good. Aborted here, it fails (a
          // NetworkError, as above), and jQuery takes back its script and global. The script is the page's only one of this
          // name: a name serves one call at a time, and jQuery removes the script when it ends.
          document.querySelector(`script[src$="=${name}"]`)?.addEventListener('error', () => ajax.abort());
        });
      const run = (busy.get(name) ?? Promise.resolve()).then(load);
      const settled = run.catch(() => {});
      busy.set(name, settled);
      void settled.then(() => busy.get(name) === settled && busy.delete(name));
      run.then(
        (body) => finish({ status: 200, body, text: '', via: 'jsonp' }),
        (error) => finish(undefined, error),
      );
    };

    if (transport === 'jsonp') return jsonp();
    const cors = (xhr = $.ajax({
      url,
      type: init?.method,
      headers: init?.headers as Record<string, string> | undefined,
      data: init?.body as string | undefined,
      dataType: 'json',
      cache: true,
      xhrFields: { withCredentials: false },
    }));
    // jQuery parses the JSON; what is not JSON has no responseJSON, and the client says what it was.
    cors.always(() => {
      if (!waiting) return;
      xhr = undefined;
      const { status } = cors;
      if (status) {
        const headers = { get: (header: string) => cors.getResponseHeader(header) };
        finish({ status, body: cors.responseJSON as unknown, text: cors.responseText ?? '', headers: headers as Headers, via: 'cors' });
      } else if (transport === 'cors' || init) finish(undefined, new NetworkError('The request failed at the network level', { url }));
      else jsonp();
    });
  });
}
