/** `share-count-widgets` in a project without jQuery's types: everything but the plugin, typed. */
import { configure, fetchCounts, formatCount, type ShareCountElement, type ShareCountLoadDetail } from 'share-count-widgets';
import type { Equal, Expect } from '../expect.js';

configure({ sharedcount: { apiKey: 'key' } });
const count = document.createElement('share-count');
type _Created = Expect<Equal<typeof count, ShareCountElement>>;
count.addEventListener('share-count-load', (event) => {
  type _Detail = Expect<Equal<typeof event.detail, ShareCountLoadDetail>>;
  console.log(formatCount(event.detail.count ?? 0, 'compact', 'en'));
});
void fetchCounts('https://example.com/').then((data) => console.log(data.Pinterest));
