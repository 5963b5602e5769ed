/**
 * What `jquery.sharedcount.bulk.js` borrows from `jquery.sharedcount.js`: two script tags of one
 * version share the client, the transport and the error classes instead of each carrying them.
 * The plugin file puts this module's namespace on `$.sharedCount` under `KIT`; the bulk build
 * resolves these modules to `kit-import.ts`, which reads it back (see vite.config.ts).
 */
export { deferredOf, settle } from './plugin.js';
export { apiUrl, checkPageUrl, checkQuotaLatch, interpret, keyParam, resolveOptions } from '../sharedcount/client.js';
export { getConfig, merge } from '../wire/config.js';
export { oneOf, positiveMs, ShareCountWidgetsError, SharedCountError, TimeoutError, ValidationError } from '../wire/errors.js';
export { request } from '../wire/transport.js';
export { runReported, sleep } from '../wire/util.js';

/** Where the plugin keeps the kit: a registered symbol, so no page script trips over it. */
export const KIT = Symbol.for('share-count-widgets.kit');
