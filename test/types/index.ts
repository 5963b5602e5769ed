/** `share-count-widgets`: the elements (defined on import), the clients, errors and the jQuery installer. */
import {
  fetchCounts,
  isShareCountWidgetsError,
  quota,
  totalCount,
  type installJQueryPlugin,
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

// The installer's parameter is jQuery's own type (a project using it has @types/jquery).
type _Installer = Expect<Equal<Parameters<typeof installJQueryPlugin>[0], JQueryStatic>>;
