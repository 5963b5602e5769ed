/**
 * The demo, with every request it makes listed on the page. Under `npm start` the counts go
 * through the SharedCount proxy that Vite serves at /api/sharedcount/ (demo/proxy-server.ts: the
 * page holds no key); without it (the browser tests import this file alone), the page asks a fake
 * SharedCount answered by MSW in the browser, with a key, as a page without a proxy would.
 */
import $ from 'jquery';
import { configure } from '../src/wire/config.js';
import { FAKE_ENDPOINT, OVER_QUOTA_KEY } from '../test/fakes/sharedcount.js';
import { FAKE_KEY, FAKE_PROXY, startFakeApis } from './fake-apis.js';

await startFakeApis(400);

const proxy = document.querySelector<HTMLMetaElement>('meta[name="sharedcount-endpoint"]')?.content;
// A publisher points the widgets at its proxy (data-sharedcount-endpoint on the script tag, or
// here), or sets a key (data-sharedcount-key) when it has none. The proxy answers a page's counts
// in one request (`batch`, data-sharedcount-batch on the script tag).
configure({
  sharedcount: proxy
    ? { endpoint: new URL(proxy, location.href).href, cache: 'memory', batch: true }
    : { apiKey: FAKE_KEY, cache: 'memory' },
  shareablee: { endpoint: FAKE_PROXY },
});
/** The quota buttons speak to SharedCount itself: the quota belongs to a key, which only a page without a proxy holds. */
const direct = { apiKey: FAKE_KEY, endpoint: FAKE_ENDPOINT };
// Imported (and so the elements defined) only now that MSW answers: a real page needs no such wait.
const { quota, fetchCounts, isShareCountWidgetsError } = await import('../src/entries/share-count-widgets.js');
// What a bundle does: the plugin's entry installs it on the jQuery that `import 'jquery'` gives.
await import('../src/entries/jquery.js');

$('.share-count').sharedCount();

const show = (output: HTMLElement, value: unknown) => {
  output.textContent = isShareCountWidgetsError(value)
    ? `${value.name}${'type' in value ? ` (${String(value.type)})` : ''}: ${value.message}`
    : JSON.stringify(value, null, 2);
};

$('#lookup').on('submit', (event) => {
  event.preventDefault();
  const output = document.getElementById('lookup-result')!;
  output.textContent = 'Counting…';
  const url = String($('#lookup-url').val());
  const transport = String($('#lookup-transport').val()) as 'auto' | 'cors' | 'jsonp';
  $.sharedCount(url, { transport, refresh: true }).then(
    (data) => show(output, data),
    (error) => show(output, error),
  );
});

const quotaOutput = document.getElementById('quota-result')!;
$('#quota-button').on(
  'click',
  () =>
    void quota(direct).then(
      (value) => show(quotaOutput, value),
      (error) => show(quotaOutput, error),
    ),
);
$('#over-quota-button').on('click', async () => {
  for (const attempt of [1, 2]) {
    try {
      await fetchCounts(`https://example.com/quota-${attempt}`, { ...direct, apiKey: OVER_QUOTA_KEY });
    } catch (error) {
      show(quotaOutput, error);
      quotaOutput.textContent += attempt === 2 ? '\n(second call: answered locally, no request)' : '';
    }
  }
});
