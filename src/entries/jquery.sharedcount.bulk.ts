/**
 * `jquery.sharedcount.bulk.js`, loaded after `jquery.sharedcount.js`: adds `$.sharedCount.bulk`,
 * with the client and transport of that file (its build resolves them to the plugin's kit).
 */
import { installJQueryBulk } from '../jquery/bulk.js';

const jq = (window as { jQuery?: JQueryStatic }).jQuery;
// No kit means no plugin to borrow from, so not even our error classes: a plain Error, that says what to load.
if (!jq?.sharedCount)
  throw new Error('jquery.sharedcount.bulk.js needs jquery.sharedcount.js: load jQuery, then jquery.sharedcount.js, then this file');
installJQueryBulk(jq);
