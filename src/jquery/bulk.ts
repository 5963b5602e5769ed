/** `$.sharedCount.bulk`: the bulk API through jQuery, kept apart so that the plugin alone stays light. */
import { bulkCounts, type BulkOptions, type BulkProgress, type BulkResult } from '../sharedcount/bulk.js';
import { merge } from '../wire/config.js';
import { deferredOf, settle } from './plugin.js';

/** Adds `$.sharedCount.bulk` to a jQuery that has `$.sharedCount`. */
export function installJQueryBulk($: JQueryStatic): void {
  const plugin = $.sharedCount;
  plugin.bulk = (urls, options) => {
    const deferred = deferredOf<BulkResult, BulkProgress>($);
    const { apiKey, endpoint } = merge<BulkOptions>(plugin.defaults, options);
    const onProgress = (progress: BulkProgress) => {
      deferred.notify(progress);
      options?.onProgress?.(progress);
    };
    return settle(deferred, bulkCounts(urls, { ...options, apiKey, endpoint, onProgress }));
  };
}
