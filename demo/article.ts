/**
 * The news article: share buttons above and below the text, and the total under it, as a
 * publisher's page would have them. Under `npm start` the counts go through the SharedCount proxy
 * that Vite serves at /api/sharedcount/ (demo/proxy-server.ts: the page holds no key); without it,
 * a fake SharedCount answered by MSW in the browser, with a key. The buttons load nothing from the
 * networks: each is a plain link to the network's share page, followed only on a click.
 */
import { configure } from '../src/wire/config.js';

const proxy = document.querySelector<HTMLMetaElement>('meta[name="sharedcount-endpoint"]')?.content;
if (proxy) {
  // Every count of the page in one request to the proxy.
  configure({ sharedcount: { endpoint: new URL(proxy, location.href).href, batch: true } });
} else {
  const { FAKE_KEY, startFakeApis } = await import('./fake-apis.js');
  await startFakeApis();
  configure({ sharedcount: { apiKey: FAKE_KEY } });
}

// What a publisher's bundle imports: defines <share-button>, <share-buttons> and <share-count>.
await import('../src/entries/buttons.js');
