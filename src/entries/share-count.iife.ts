/**
 * `share-count.iife.js`: the script tag for pages that only show counts. It defines
 * `<share-count>`, reads its defaults from its own `<script>` tag, and puts on
 * `window.ShareCountWidgets` what such a page may call.
 */
import '../elements/share-count/share-count-define.js';
import { configure } from '../wire/config.js';
import { scriptDefaults } from './script-tag.js';

export { ShareCountElement } from '../elements/share-count/share-count.js';
export { clearCache, fetchCounts } from '../sharedcount/client.js';
export { totalCount } from '../sharedcount/counts.js';
export { configure, grantConsent } from '../wire/config.js';
export * from './errors-sharedcount.js';

configure(scriptDefaults(document.currentScript));
