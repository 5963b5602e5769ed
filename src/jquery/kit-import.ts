/**
 * The modules `jquery.sharedcount.bulk.js` would otherwise bundle, read from the kit that
 * `jquery.sharedcount.js` left on `$.sharedCount` (see kit.ts). No kit means no
 * jquery.sharedcount.js to borrow from (the full IIFE's plugin has none): a plain Error, since even
 * our error classes would come from the kit, that says what to load.
 */
import type { KIT } from './kit.js';

const kit = (window as { jQuery?: { sharedCount?: Record<symbol, typeof KIT | undefined> } }).jQuery?.sharedCount?.[
  Symbol.for('share-count-widgets.kit')
];
if (!kit)
  throw new Error('jquery.sharedcount.bulk.js needs jquery.sharedcount.js: load jQuery, then jquery.sharedcount.js, then this file');

export const [
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
] = kit;
