/**
 * `jquery.sharedcount.bulk.js`, loaded after `jquery.sharedcount.js`: adds `$.sharedCount.bulk`,
 * with the client and transport of that file (its build resolves them to the plugin's kit, and
 * fails with what to load when there is none: kit-import.ts).
 */
import { installJQueryBulk } from '../jquery/bulk.js';

installJQueryBulk((window as { jQuery?: JQueryStatic }).jQuery!);
