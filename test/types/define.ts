/** `share-count-widgets/define`: the element classes, their tags and events, and nothing of jQuery. */
import {
  clearCache,
  configure,
  ShareableeBadgeElement,
  ShareCountElement,
  type ShareableeBadgeLoadDetail,
  type ShareCountErrorDetail,
  type ShareCountLoadDetail,
} from 'share-count-widgets/define';
import type { Equal, Expect } from './expect.js';

const count = document.createElement('share-count');
type _Created = Expect<Equal<typeof count, ShareCountElement>>;
const badge = document.querySelector('shareablee-badge');
type _Queried = Expect<Equal<typeof badge, ShareableeBadgeElement | null>>;

count.addEventListener('share-count-load', (event) => {
  type _Event = Expect<Equal<typeof event, CustomEvent<ShareCountLoadDetail>>>;
  const shown: number | null = event.detail.count;
  console.log(event.detail.url, shown, event.detail.data.Facebook?.total_count);
  // @ts-expect-error: a load carries no error
  console.log(event.detail.error);
});
// Composed and bubbling, so typed on document too.
document.addEventListener('share-count-error', (event) => {
  type _Detail = Expect<Equal<typeof event.detail, ShareCountErrorDetail>>;
  console.log(event.detail.error.name, event.detail.error.message);
});
badge?.addEventListener('shareablee-badge-load', (event) => {
  type _Detail = Expect<Equal<typeof event.detail, ShareableeBadgeLoadDetail>>;
  console.log(event.detail.metric, event.detail.value);
});

count.url = 'https://example.com/post';
count.notation = 'standard';
count.lazy = true;
count.transport = 'jsonp';
count.refresh();
type _State = Expect<Equal<typeof count.state, 'loading' | 'ready' | 'error'>>;
// @ts-expect-error: notation is 'compact' or 'standard'
count.notation = 'short';
// @ts-expect-error: lazy is a boolean property; the attribute is its presence
count.lazy = 'yes';
// @ts-expect-error: the count is a number or null
count.count = '12';
// @ts-expect-error: transport is 'auto', 'cors' or 'jsonp'
count.transport = 'xhr';

if (badge) {
  badge.entityId = '123';
  badge.service = 'instagram';
  badge.sparkline = true;
  // @ts-expect-error: Shareablee's services are facebook, twitter and instagram
  badge.service = 'tiktok';
  // @ts-expect-error: value is the metric's number
  badge.value = '12';
}

ShareCountElement.define('my-share-count');
ShareableeBadgeElement.define('my-badge', new CustomElementRegistry());
// @ts-expect-error: define takes a tag name, not a class
ShareCountElement.define(ShareCountElement);

configure({ sharedcount: { apiKey: 'key', cache: 'memory' }, shareablee: { endpoint: '/shareablee/' }, consent: 'required' });
clearCache();
type _Clear = Expect<Equal<ReturnType<typeof clearCache>, void>>;
// @ts-expect-error: options are camelCase; apikey is only the wire's parameter
configure({ sharedcount: { apikey: 'key' } });
// @ts-expect-error: consent is 'granted' or 'required'
configure({ consent: 'yes' });
