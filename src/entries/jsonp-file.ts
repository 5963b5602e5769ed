/**
 * `share-count-widgets.jsonp.js`: the JSONP code of the script-tag files, which they load from
 * beside themselves only when a request needs JSONP (src/wire/jsonp-lazy.ts).
 */
import { makeJsonp } from '../wire/jsonp.js';

(globalThis as { [key: symbol]: unknown })[Symbol.for('share-count-widgets.jsonp')] = makeJsonp;
