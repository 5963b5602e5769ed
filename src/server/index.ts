/**
 * `share-count-widgets/proxy` (dist/proxy.js): the server side. Web APIs only, plus `node:http`
 * through `nodeListener`; no browser entry imports anything from this folder.
 */
export {
  createSharedCountProxy,
  MAX_ANSWER,
  MAX_PAGE_URL,
  SHAREDCOUNT_ENDPOINT,
  type ServedCounts,
  type ServedCountsOptions,
  type SharedCountProxy,
  type SharedCountProxyOptions,
} from './sharedcount-proxy.js';
export type { BudgetOptions } from './budget.js';
/** URLs one `{prefix}batch` request may ask for: the limit the browser client batches by. */
export { MAX_BATCH } from '../sharedcount/counts.js';
export type { QueryRule } from './page-url.js';
export {
  createShareableeProxy,
  MAX_SHAREABLEE_ANSWER,
  MAX_TTL,
  type ShareableeProxy,
  type ShareableeProxyOptions,
} from './shareablee-proxy.js';
export { nodeListener, type NodeRequest, type NodeResponse } from './node-listener.js';
export type { ProxyContext, ProxyHandler, ProxyStore, StoredAnswer, StoredValue } from './http.js';
