/**
 * `share-count-widgets/jquery`, for bundles: installs `$.sharedCount` and `$.fn.sharedCount` on
 * the jQuery the bundle resolves as `jquery`, the one the publisher's own code imports. A page
 * whose jQuery is a `<script>` loads `jquery.sharedcount.js` instead, or maps `jquery` to the
 * `jQuery` global in its bundler.
 */
import jQuery from 'jquery';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../jquery/full.js';

installJQueryPlugin(jQuery);

export { installJQueryPlugin };
export type { SharedCountFillOptions, SharedCountPlugin, SharedCountPromise } from '../jquery/plugin.js';
