/** `share-count-widgets/proxy`: the server-side proxies and the Node adapter, web APIs only. */
import {
  createShareableeProxy,
  createSharedCountProxy,
  nodeListener,
  type ProxyHandler,
  type ProxyStore,
  type ServedCounts,
  type ShareableeProxy,
  type SharedCountProxy,
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
type _Counts = Expect<Equal<typeof counts, SharedCountProxy>>;
// Still a standard handler…
const handler: ProxyHandler = counts;
console.log(handler);
// …with the counts of a page for a server that renders it, typed as SharedCount's answer.
void counts.counts('https://example.com/post', { signal: AbortSignal.timeout(1000), client: '203.0.113.9' }).then((served) => {
  type _Served = Expect<Equal<typeof served, ServedCounts>>;
  const pinterest: unknown = served.counts.Pinterest;
  const at: number = served.at;
  const stale: string | undefined = served.stale;
  console.log(pinterest, at, stale);
});
// @ts-expect-error: the client is a string (an address, say)
void counts.counts('https://example.com/post', { client: 42 });
// Workers: the handler takes the runtime's context, for background refreshes.
void counts(new Request('https://publisher.example/?url=https%3A%2F%2Fexample.com%2F'), { waitUntil: (promise) => void promise });
nodeListener(counts);
// @ts-expect-error: allowHosts is required
createSharedCountProxy({ apiKey: 'key' });
// @ts-expect-error: allowOrigins is '*' or a list
createSharedCountProxy({ apiKey: 'key', allowHosts: ['example.com'], allowOrigins: 'https://news.example' });
const options: SharedCountProxyOptions = { apiKey: 'key', allowHosts: ['example.com'], ttl: 3600, staleTtl: 86_400, timeout: 10_000 };
console.log(options);
