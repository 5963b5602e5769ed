/**
 * `$.sharedCount(url, fn)`: a typed, drop-in rewrite of SharedCount's own
 * jQuery plugin, on the same client as everything else (CORS first, JSONP
 * with the `sc_…` callback, cache, quota latch, one request per URL).
 */
// Kept in the shipped .d.ts: these types extend jQuery's, which a project whose tsconfig lists
// `types` would otherwise not load.
/// <reference types="jquery" preserve="true" />
import { clearCache, fetchCounts } from '../sharedcount/client.js';
import { grantConsent, merge } from '../wire/config.js';
import { ValidationError, type ShareCountWidgetsError } from '../wire/errors.js';
import { formatCount, localeFor, type Notation } from '../wire/format.js';
import { pageUrl, runReported } from '../wire/util.js';
import type { BulkOptions, BulkProgress, BulkResult } from '../sharedcount/bulk.js';
import { pickCount } from '../sharedcount/counts.js';
import type { SharedCountData, SharedCountDefaults, SharedCountOptions } from '../sharedcount/types.js';

export type SharedCountPromise = JQuery.Promise<SharedCountData, ShareCountWidgetsError>;

export interface SharedCountPlugin {
  /** Counts for `url` (default: the canonical URL, else this page without its hash); `fn` runs on success only. */
  (url?: string, fn?: (data: SharedCountData) => void): SharedCountPromise;
  /** Counts for `url` with per-call options. */
  (url: string | undefined, options: SharedCountOptions): SharedCountPromise;
  /** Defaults for every call; unset ones fall back to `configure()` and the script tag. */
  defaults: SharedCountDefaults;
  /**
   * Counts for many URLs through the bulk API (paid plans); progress through `.progress()`.
   * Installed by `jquery.sharedcount.bulk.js`, or by the full builds.
   */
  bulk(urls: readonly string[], options?: BulkOptions): JQuery.Promise<BulkResult, ShareCountWidgetsError, BulkProgress>;
  /** Lets requests go out when the script tag says `data-consent="required"`. */
  grantConsent(): void;
  /** Removes every answer and the quota latch the widget stored. */
  clearCache(): void;
}

export interface SharedCountFillOptions extends SharedCountOptions {
  /** `total` or a network key, case-insensitive. Default: the element's `data-service`, else `total`. */
  service?: string;
  /** With a service whose count is an object (Facebook): the field. Default `data-field`, else `total_count`. */
  field?: string;
  /** Default `'standard'` (1,234); `'compact'` writes 1.2K. */
  notation?: Notation;
  /** Number format locale. Default: the element's nearest `lang`, else the browser's. */
  locale?: string;
}

declare global {
  interface JQueryStatic {
    sharedCount: SharedCountPlugin;
  }
  // The type parameter must match @types/jquery's declaration for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface JQuery<TElement = HTMLElement> {
    /**
     * Writes into each element the count of its `data-url` (default: this page).
     * Sets `data-sharedcount-state` to `loading`, `ready` or `error` and triggers
     * `sharedcount:load` (`{url, count, data}`) or `sharedcount:error` (`{url, error}`).
     */
    sharedCount(options?: SharedCountFillOptions | null): this;
  }
}

const DASH = '–';

/** A new Deferred of `$`, or a clear error on a jQuery without them (4.x slim). */
export function deferredOf<T, P = never>($: JQueryStatic): JQuery.Deferred<T, ShareCountWidgetsError, P> {
  if (typeof $.Deferred !== 'function') {
    throw new ValidationError(`$.sharedCount needs $.Deferred, which the slim build of jQuery ${$.fn.jquery} lacks: load the full build`);
  }
  return $.Deferred<T, ShareCountWidgetsError, P>();
}

/** Settles a jQuery Deferred with a promise's outcome, callbacks guarded like `fn`. */
export function settle<T, P>(
  deferred: JQuery.Deferred<T, ShareCountWidgetsError, P>,
  promise: Promise<T>,
): JQuery.Promise<T, ShareCountWidgetsError, P> {
  promise.then(
    (value) => runReported(() => deferred.resolve(value)),
    (error: ShareCountWidgetsError) => runReported(() => deferred.reject(error)),
  );
  return deferred.promise();
}

/** Installs `$.sharedCount` and `$.fn.sharedCount` on a jQuery (1.12, 3.x or 4.x). */
export function installJQueryPlugin($: JQueryStatic): void {
  if (typeof $ !== 'function' || !$.fn) throw new ValidationError('installJQueryPlugin needs jQuery');
  const plugin = ((url?: string, second?: ((data: SharedCountData) => void) | SharedCountOptions) => {
    const deferred = deferredOf<SharedCountData>($);
    // fn runs guarded: a throwing done-callback would leave jQuery's callback list stuck mid-fire.
    if (typeof second === 'function') deferred.done((data: SharedCountData) => runReported(() => second(data)));
    const options = typeof second === 'object' && second !== null ? second : undefined;
    return settle(deferred, fetchCounts(url || pageUrl(), merge(plugin.defaults, options)));
  }) as unknown as SharedCountPlugin;
  plugin.defaults = {};
  // On the plugin too: jquery.sharedcount.js has no ShareCountWidgets global to carry them.
  plugin.grantConsent = grantConsent;
  plugin.clearCache = clearCache;
  $.sharedCount = plugin;

  // null, as for $.sharedCount(url, null), means the defaults.
  $.fn.sharedCount = function (this: JQuery, options?: SharedCountFillOptions | null) {
    const { service, field, notation = 'standard', locale, ...request } = options ?? {};
    return this.each((_, element) => {
      const url = element.getAttribute('data-url') || pageUrl();
      const settle = (state: 'ready' | 'error', text: string, title: string | null, event: string, detail: object) => {
        element.textContent = text;
        if (title === null) element.removeAttribute('title');
        else element.title = title;
        element.setAttribute('data-sharedcount-state', state);
        runReported(() => $(element).trigger(event, [{ url, ...detail }]));
      };
      element.setAttribute('data-sharedcount-state', 'loading');
      fetchCounts(url, merge(plugin.defaults, request))
        .then((data) => {
          const wanted = service ?? element.getAttribute('data-service') ?? 'total';
          const count = pickCount(data, wanted, field ?? element.getAttribute('data-field') ?? undefined);
          const text = count === null ? DASH : formatCount(count, notation, localeFor(element, locale));
          settle('ready', text, count === null ? `No ${wanted} count for ${url}` : null, 'sharedcount:load', { count, data });
        })
        .catch((error: ShareCountWidgetsError) => settle('error', DASH, error.message, 'sharedcount:error', { error }));
    });
  };
}
