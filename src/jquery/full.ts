import { installJQueryBulk } from './bulk.js';
import { installJQueryPlugin } from './plugin.js';

/** `$.sharedCount` with `bulk`, and `$.fn.sharedCount`: what the full builds install. */
export function installJQueryPluginWithBulk($: JQueryStatic): void {
  installJQueryPlugin($);
  installJQueryBulk($);
}
