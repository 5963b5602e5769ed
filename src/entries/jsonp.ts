/**
 * `share-count-widgets/jsonp`: the JSONP helper and nothing else. No side effects: a bundler
 * that imports `jsonp` from here gives a page exactly the helper's bytes.
 */
export { jsonp, TRUSTED_TYPES_POLICY } from '../wire/jsonp.js';
export type { JsonpOptions } from '../wire/jsonp.js';
