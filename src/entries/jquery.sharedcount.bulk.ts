/**
 * `jquery.sharedcount.bulk.js`, loaded after `jquery.sharedcount.js`: adds `$.sharedCount.bulk`,
 * with the client and transport of that file (its build resolves them to the plugin's kit).
 */
import { installJQueryBulk } from '../jquery/bulk.js';

const jq = (window as { jQuery?: JQueryStatic }).jQuery;
// No kit means no jquery.sharedcount.js to borrow from (the full IIFE's plugin has none): a plain
// Error, since even our error classes would come from the kit, that says what to load.
if (!(jq?.sharedCount as { [kit: symbol]: unknown } | undefined)?.[Symbol.for('share-count-widgets.kit')])
  throw new Error('jquery.sharedcount.bulk.js needs jquery.sharedcount.js: load jQuery, then jquery.sharedcount.js, then this file');
installJQueryBulk(jq!);
