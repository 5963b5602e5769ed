/** `share-count-widgets/proxy`: the server-side proxies and the Node adapter, web APIs only. */
import {
  createShareableeProxy,
  createSharedCountProxy,
  nodeListener,
  type ProxyHandler,
  type ProxyStore,
  type ShareableeProxy,
  type SharedCountProxyOptions,
} from 'share-count-widgets/proxy';
import type { Equal, Expect } from './expect.js';

const proxy = createShareableeProxy({ apiKey: 'key', secret: 'secret', allowOrigins: ['https://publisher.example'], ttl: 600 });
type _Proxy = Expect<Equal<typeof proxy, ShareableeProxy>>;
void proxy(new Request('https://publisher.example/shareablee/')).then((response: Response) => response.status);
const listener = nodeListener(proxy);
console.log(listener);
// @ts-expect-error: the secret is required
createShareableeProxy({ apiKey: 'key' });
// @ts-expect-error: ttl is in seconds, a number
createShareableeProxy({ apiKey: 'key', secret: 'secret', ttl: '1h' });
createShareableeProxy({ apiKey: 'key', secret: 'secret', requestsPerSecond: 2.5 });

// A store is anything with unstorage's getItem/setItem.
const memory = new Map<string, unknown>();
const store: ProxyStore = {
  getItem: async (key) => memory.get(key) ?? null,
  setItem: async (key, value) => void memory.set(key, value),
};
const counts = createSharedCountProxy({ apiKey: 'key', allowHosts: ['example.com', '.example.com'], store, allowOrigins: '*' });
type _Counts = Expect<Equal<typeof counts, ProxyHandler>>;
// Workers: the handler takes the runtime's context, for background refreshes.
void counts(new Request('https://publisher.example/?url=https%3A%2F%2Fexample.com%2F'), { waitUntil: (promise) => void promise });
nodeListener(counts);
// @ts-expect-error: allowHosts is required
createSharedCountProxy({ apiKey: 'key' });
// @ts-expect-error: allowOrigins is '*' or a list
createSharedCountProxy({ apiKey: 'key', allowHosts: ['example.com'], allowOrigins: 'https://news.example' });
const options: SharedCountProxyOptions = { apiKey: 'key', allowHosts: ['example.com'], ttl: 3600, staleTtl: 86_400, timeout: 10_000 };
console.log(options);
