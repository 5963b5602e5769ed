/**
 * share-count-widgets: the ES module. Importing it defines the elements. Nothing of jQuery: its
 * plugin and the plugin's types, which extend jQuery's, are `share-count-widgets/jquery`'s, so a
 * project without jQuery needs no `@types/jquery` (test/types/standalone/).
 */
import '../elements/share-count/share-count-define.js';
import '../elements/shareablee-badge/shareablee-badge-define.js';

export { addthis } from '../addthis/addthis.js';
export type { AddThisCredentials, AddThisFormat, AddThisOptions, AddThisPaginateOptions, AddThisParams } from '../addthis/addthis.js';
export { configure, grantConsent } from '../wire/config.js';
export type { Config, ConfigureOptions, ShareableeDefaults } from '../wire/config.js';
export * from './errors.js';
export type { ErrorsByName } from '../wire/errors.js';
export { ShareCountElement } from '../elements/share-count/share-count.js';
export type { ShareCountErrorDetail, ShareCountLoadDetail, ShareCountState } from '../elements/share-count/share-count.js';
export { ShareableeBadgeElement } from '../elements/shareablee-badge/shareablee-badge.js';
export type { ShareableeBadgeErrorDetail, ShareableeBadgeLoadDetail } from '../elements/shareablee-badge/shareablee-badge.js';
export { formatCount } from '../wire/format.js';
export { createShareableeClient, SHAREABLEE_API } from '../shareablee/client.js';
export type { CallOptions, ShareableeClient, ShareableeClientOptions } from '../shareablee/client.js';
export { ENDPOINTS as SHAREABLEE_ENDPOINTS } from '../shareablee/endpoints.js';
export type { EndpointName, Query, ShareableeService } from '../shareablee/endpoints.js';
export type * from '../shareablee/types.js';
export type { Notation } from '../wire/format.js';
export { jsonp, TRUSTED_TYPES_POLICY } from '../wire/jsonp.js';
export type { JsonpOptions } from '../wire/jsonp.js';
export { BATCH_SIZES, bulkCounts, bulkPartial } from '../sharedcount/bulk.js';
export type { BulkError, BulkOptions, BulkPlan, BulkProgress, BulkResult } from '../sharedcount/bulk.js';
export { callbackName, clearCache, fetchCounts, quota } from '../sharedcount/client.js';
export { pickCount, totalCount } from '../sharedcount/counts.js';
export type {
  CacheMode,
  FacebookCounts,
  SharedCountData,
  SharedCountDefaults,
  SharedCountOptions,
  SharedCountQuota,
} from '../sharedcount/types.js';
export type { Transport, TransportOptions } from '../wire/transport.js';
