/**
 * The modules `jquery.sharedcount.bulk.js` would otherwise bundle, read from the kit that
 * `jquery.sharedcount.js` left on `$.sharedCount` (see kit.ts). Without the plugin the names are
 * undefined, and the bulk entry says which file to load first.
 */
import type * as Kit from './kit.js';

const plugin = (window as { jQuery?: { sharedCount?: Record<symbol, typeof Kit> } }).jQuery?.sharedCount;
const kit = (plugin?.[Symbol.for('share-count-widgets.kit')] ?? {}) as typeof Kit;

export const {
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
} = kit;
