/** `share-count-widgets`: the elements (defined on import), the clients and errors; jQuery's plugin is `./jquery`'s. */
import {
  fetchCounts,
  isShareCountWidgetsError,
  quota,
  totalCount,
  type SharedCountError,
  type ShareCountElement,
  type SharedCountData,
  type SharedCountQuota,
  type ShareCountLoadDetail,
} from 'share-count-widgets';
import type { Equal, Expect } from './expect.js';

const count = document.createElement('share-count');
type _Created = Expect<Equal<typeof count, ShareCountElement>>;
count.addEventListener('share-count-load', (event) => {
  type _Detail = Expect<Equal<typeof event.detail, ShareCountLoadDetail>>;
  console.log(event.detail.count);
});

void fetchCounts('https://example.com/', { cache: 'none', signal: AbortSignal.timeout(5000) }).then((data) => {
  type _Data = Expect<Equal<typeof data, SharedCountData>>;
  const total: number = totalCount(data);
  console.log(total);
});
void quota({ apiKey: 'key' }).then((today) => {
  type _Quota = Expect<Equal<typeof today, SharedCountQuota>>;
  console.log(today.quota_remaining_today);
});
// @ts-expect-error: options are camelCase; apikey is only the wire's parameter
void fetchCounts('https://example.com/', { apikey: 'key' });
// @ts-expect-error: cache is 'storage', 'memory' or 'none'
void fetchCounts('https://example.com/', { cache: 'session' });

try {
  await fetchCounts('https://example.com/');
} catch (error) {
  if (isShareCountWidgetsError(error, 'SharedCountError')) {
    type _Narrowed = Expect<Equal<typeof error, SharedCountError>>;
    console.log(error.type, error.status);
  }
}

// The jQuery plugin is not the main entry's: its types would need @types/jquery (test/types/standalone/).
// @ts-expect-error: installJQueryPlugin comes from share-count-widgets/jquery
export { installJQueryPlugin } from 'share-count-widgets';
