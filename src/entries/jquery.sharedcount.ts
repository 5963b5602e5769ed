/** `jquery.sharedcount.js`: the jQuery plugin alone, for a page that already has jQuery. */
import { KIT, KIT_KEY } from '../jquery/kit.js';
import { installJQueryPlugin } from '../jquery/plugin.js';
import { getConfig } from '../wire/config.js';
import { ValidationError } from '../wire/errors.js';
import { scriptDefaults } from './script-tag.js';

// This file has no configure(): its tag's settings go straight to the config, still empty.
Object.assign(getConfig(), scriptDefaults(document.currentScript));
const jq = (window as { jQuery?: JQueryStatic }).jQuery;
if (!jq) throw new ValidationError('jquery.sharedcount.js needs jQuery: load jQuery before it');
installJQueryPlugin(jq);
// For jquery.sharedcount.bulk.js, loaded after this file.
Object.defineProperty(jq.sharedCount, KIT_KEY, { value: KIT });
