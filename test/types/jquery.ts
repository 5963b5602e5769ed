/** `share-count-widgets/jquery`: installs the plugin on the bundle's jQuery and types `$.sharedCount`. */
import $ from 'jquery';
import { installJQueryPlugin } from 'share-count-widgets/jquery';
import type { SharedCountData } from 'share-count-widgets';
import type { Equal, Expect } from './expect.js';

$.sharedCount('https://example.com/').then((data) => {
  type _Data = Expect<Equal<typeof data, SharedCountData>>;
  console.log(data.Pinterest);
});
$.sharedCount(undefined, (data) => console.log(data.Facebook));
$.sharedCount('https://example.com/', { cache: 'memory', timeout: 5000 }).fail((error) => console.log(error.name));
$.sharedCount.defaults.apiKey = 'key';
$.sharedCount.bulk(['https://example.com/a', 'https://example.com/b']).progress((progress) => console.log(progress));
$.sharedCount.grantConsent();

const counts = $('.share-count').sharedCount({ service: 'facebook', notation: 'compact' });
type _Chain = Expect<Equal<typeof counts, JQuery<HTMLElement>>>;
counts.on('sharedcount:load', () => counts.removeClass('loading'));

// @ts-expect-error: options are camelCase; apikey is only the wire's parameter
$.sharedCount('https://example.com/', { apikey: 'key' });
// @ts-expect-error: the callback gets the data, not an error first
$.sharedCount('https://example.com/', (error: Error, data: SharedCountData) => console.log(error, data));
// @ts-expect-error: notation is 'compact' or 'standard'
$('.share-count').sharedCount({ notation: 'short' });
// @ts-expect-error: not an option of the fill
$('.share-count').sharedCount({ target: '#count' });

// Another jQuery on the page (a second copy, a noConflict one) gets it by hand.
installJQueryPlugin($);
type _Installer = Expect<Equal<Parameters<typeof installJQueryPlugin>[0], JQueryStatic>>;
// @ts-expect-error: the installer takes a jQuery
installJQueryPlugin(window);
