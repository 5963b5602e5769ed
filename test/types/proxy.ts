/** `share-count-widgets/proxy`: the server-side Shareablee proxy, web APIs only. */
import { createShareableeProxy, nodeListener, type ShareableeProxy } from 'share-count-widgets/proxy';
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
