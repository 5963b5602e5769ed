/** `jquery.sharedcount.js`: the jQuery plugin alone, for a page that already has jQuery. */
import { ValidationError } from '../errors.js';
import { configureFromScript } from '../script-config.js';
import { installJQueryPlugin } from './plugin.js';

configureFromScript(document.currentScript);
const jq = (window as { jQuery?: JQueryStatic }).jQuery;
if (!jq) throw new ValidationError('jquery.sharedcount.js needs jQuery: load jQuery before it');
installJQueryPlugin(jq);
