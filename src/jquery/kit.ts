/**
 * What `jquery.sharedcount.bulk.js` borrows from `jquery.sharedcount.js`: two script tags of one
 * version share the client, the transport, the config and the error classes instead of each
 * carrying them (the bulk file alone would weigh about three times as much, docs/DECISIONS.md).
 * The plugin file leaves `KIT` on `$.sharedCount`; the bulk build resolves these modules to
 * `kit-import.ts`, which takes it apart (see vite.config.ts).
 */
import { deferredOf, settle } from './plugin.js';
import { apiUrl, checkPageUrl, checkQuotaLatch, interpret, keyParam, resolveOptions } from '../sharedcount/client.js';
import { getConfig, merge } from '../wire/config.js';
import { oneOf, positiveMs, ShareCountWidgetsError, SharedCountError, TimeoutError, ValidationError } from '../wire/errors.js';
import { request } from '../wire/transport.js';
import { runReported, sleep } from '../wire/util.js';

/**
 * The borrowed modules' exports, by position rather than by name: names would be bytes in every
 * page that loads the plugin alone. `kit-import.ts` takes them in this order; the types do not
 * check the names there (the build swaps the module in), so test/unit/kit.test.ts checks that both
 * lists and the key are alike, and the built pair runs together in test/browser/split-files.test.ts.
 */
export const KIT = [
  apiUrl,
  checkPageUrl,
  checkQuotaLatch,
  deferredOf,
  getConfig,
  interpret,
  keyParam,
  merge,
  oneOf,
  positiveMs,
  request,
  resolveOptions,
  runReported,
  settle,
  ShareCountWidgetsError,
  SharedCountError,
  sleep,
  TimeoutError,
  ValidationError,
] as const;

/** Where the plugin keeps the kit: a registered symbol, so no page script trips over it. */
export const KIT_KEY = Symbol.for('share-count-widgets.kit');
