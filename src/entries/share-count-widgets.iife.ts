/**
 * The script-tag build: reads its defaults from its own `<script>` tag,
 * installs the jQuery plugin on `window.jQuery` when there is one, and
 * exposes every named export as `window.ShareCountWidgets`.
 */
import '../elements/share-count/share-count-define.js';
import '../elements/shareablee-badge/shareablee-badge-define.js';
import { installJQueryPluginWithBulk } from '../jquery/full.js';
import { configure } from '../wire/config.js';
import { scriptDefaults } from './script-tag.js';

export * from './share-count-widgets.js';
// On the global as before: a page whose jQuery arrives after this script installs the plugin itself.
export { installJQueryPluginWithBulk as installJQueryPlugin };

const script = document.currentScript;
configure({
  ...scriptDefaults(script),
  // The badge's proxy, read only by the files that have the badge.
  shareablee: { endpoint: (script as HTMLScriptElement | null)?.dataset['shareableeEndpoint'] },
});
const jq = (window as { jQuery?: JQueryStatic }).jQuery;
if (jq) installJQueryPluginWithBulk(jq);
