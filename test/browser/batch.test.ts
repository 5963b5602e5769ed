/**
 * `batch: true`: the counts a page asks for together go to the proxy in one request,
 * `GET {endpoint}batch?url=…&url=…`. The proxy here is the package's own (createSharedCountProxy),
 * run in the page as an MSW handler, in front of the fake SharedCount: every rule it applies per
 * URL (allow-list, refusals, budget) answers the batch as it would answer single lookups.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/entries/buttons.js';
import type { ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import {
  configure,
  fetchCounts,
  SharedCountError,
  TimeoutError,
  type ShareCountElement,
  type ShareCountErrorDetail,
} from '../../src/entries/share-count-widgets.js';
import { createSharedCountProxy } from '../../src/server/index.js';
import { countsFor, FAKE_ENDPOINT, FAKE_KEY } from '../fakes/sharedcount.js';
import { afterIdle, rejectionOf, remoteUrls, requests, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { settledAll } from './support/settle.js';

const PROXY = 'https://counts.publisher.test/sharedcount/';
const e = encodeURIComponent;
const page = (n: number) => `https://example.com/articles/${n}`;
/** What `<share-count notation="standard">` shows for a URL the fake counts. */
const totalShown = (url: string) => {
  const { Facebook, Pinterest, LinkedIn } = countsFor(url) as { Facebook: { total_count: number }; Pinterest: number; LinkedIn: number };
  return (Facebook.total_count + Pinterest + LinkedIn).toLocaleString('en-US');
};
const batchUrl = (...urls: string[]) => `${PROXY}batch?${urls.map((url) => `url=${e(url)}`).join('&')}`;
/** What went to the proxy (the proxy's own calls to SharedCount are left out). */
const toProxy = () => remoteUrls().filter((url) => url.startsWith(PROXY));
const shown = (el: ShareCountElement) => el.shadowRoot!.querySelector('[role=img]')!.textContent;

/** The package's proxy in front of the fake SharedCount, answering `endpoint`. */
function useProxy(endpoint = PROXY): void {
  const proxy = createSharedCountProxy({
    apiKey: FAKE_KEY,
    endpoint: FAKE_ENDPOINT,
    allowHosts: ['example.com'],
    prefix: new URL(endpoint).pathname,
    // Every test here is one reader: the budget per client is not what is tested.
    budget: { perClient: 10_000, perMinute: 10_000 },
    log: () => {},
  });
  worker.use(http.all(`${endpoint}*`, ({ request }) => proxy(request, { remoteAddr: { hostname: '203.0.113.7' } })));
}

async function countsOf(urls: string[], attributes = ''): Promise<ShareCountElement[]> {
  const holder = document.createElement('div');
  holder.innerHTML = urls.map((url) => `<share-count url="${url}" notation="standard" ${attributes}></share-count>`).join(' ');
  document.body.append(holder);
  return [...holder.querySelectorAll<ShareCountElement>('share-count')];
}

describe('batch: one request for the counts a page asks for together', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(() => {
    reset();
    useProxy();
    configure({ sharedcount: { apiKey: '', endpoint: PROXY, batch: true } });
  });
  afterEach(() => {
    document.querySelectorAll('div:has(> share-count)').forEach((holder) => holder.remove());
    expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]);
  });

  it('asks for three URLs in one request, each URL encoded once, in the order asked', async () => {
    const urls = [page(1), 'https://example.com/?q=a&b=c', page(3)];
    const elements = await settledAll(await countsOf(urls), { until: (el) => el.state === 'ready' });
    expect(toProxy()).to.deep.equal([batchUrl(...urls)]);
    expect(requests.filter((r) => r.url.startsWith(PROXY)).map((r) => r.method)).to.deep.equal(['GET']);
    expect(elements.map(shown)).to.deep.equal(urls.map(totalShown));
  });

  it('100 elements over 50 URLs: one request; 51 URLs: two, of 50 and 1', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => page(i));
    const elements = await settledAll(await countsOf([...fifty, ...fifty]), { until: (el) => el.state === 'ready' });
    expect(toProxy()).to.deep.equal([batchUrl(...fifty)]);
    expect(new Set(elements.map(shown)).size, 'each element shows its own URL').to.be.above(1);
    expect(elements.slice(0, 50).map(shown)).to.deep.equal(elements.slice(50).map(shown));

    requests.length = 0;
    const more = Array.from({ length: 51 }, (_, i) => page(100 + i));
    await settledAll(await countsOf(more), { until: (el) => el.state === 'ready' });
    expect(toProxy()).to.deep.equal([batchUrl(...more.slice(0, 50)), batchUrl(more[50]!)]);
  });

  it('a mixed batch: one count shown, and a typed error for the URL the proxy refused', async () => {
    const [good, refused] = await countsOf([page(1), 'https://elsewhere.test/story']);
    const failed = new Promise<ShareCountErrorDetail>((resolve) =>
      refused!.addEventListener('share-count-error', (event) => resolve((event as CustomEvent<ShareCountErrorDetail>).detail), {
        once: true,
      }),
    );
    await settledAll([good!, refused!]);
    const { error } = await failed;
    expect([good!.state, refused!.state]).to.deep.equal(['ready', 'error']);
    expect(error).to.be.instanceOf(SharedCountError);
    expect((error as SharedCountError).type).to.equal('domain_not_allowed');
    expect(shown(refused!)).to.equal('–');
    expect(toProxy()).to.deep.equal([batchUrl(page(1), 'https://elsewhere.test/story')]);
  });

  it('a batch closes before its URLs pass 6,000 characters, so that its own URL stays short', async () => {
    const long = [1, 2, 3].map((n) => `https://example.com/${String(n).repeat(2500)}`);
    await Promise.all(long.map((url) => fetchCounts(url)));
    expect(toProxy()).to.deep.equal([batchUrl(long[0]!, long[1]!), batchUrl(long[2]!)]);
  });

  it('fetchCounts calls made together share one request, each getting its own answer', async () => {
    const [a, b] = await Promise.all([fetchCounts(page(7)), fetchCounts(page(8)), fetchCounts(page(7))]);
    expect(a).to.deep.equal(countsFor(page(7)));
    expect(b).to.deep.equal(countsFor(page(8)));
    expect(toProxy()).to.deep.equal([batchUrl(page(7), page(8))]);
  });

  it('a caller that aborts gets its reason, while the batch still answers the others', async () => {
    const controller = new AbortController();
    const aborted = fetchCounts(page(9), { signal: controller.signal });
    const other = fetchCounts(page(10));
    controller.abort(new DOMException('gone', 'AbortError'));
    expect((await rejectionOf(aborted)).name).to.equal('AbortError');
    expect(await other).to.deep.equal(countsFor(page(10)));
    expect(toProxy(), 'aborted before it went out: left out of the batch').to.deep.equal([batchUrl(page(10))]);
  });

  it('the time limit covers the batch: every caller gets a TimeoutError', async () => {
    worker.use(http.get(`${PROXY}batch`, () => new Promise<Response>(() => {})));
    const errors = await Promise.all([page(11), page(12)].map((url) => rejectionOf(fetchCounts(url, { timeout: 200 }))));
    expect(errors.map((error) => error instanceof TimeoutError)).to.deep.equal([true, true]);
    expect(toProxy(), 'one batch for both, which the limit covered').to.deep.equal([batchUrl(page(11), page(12))]);
  });

  it('a whole batch refused (HTTP 429) gives each caller the error a single lookup would: rate_limited, 429', async () => {
    worker.use(
      http.get(`${PROXY}batch`, () =>
        HttpResponse.json(
          { Error: 'Too many requests', Type: 'rate_limited' },
          {
            status: 429,
            headers: { 'Retry-After': '30', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' },
          },
        ),
      ),
    );
    const errors = await Promise.all([page(13), page(14)].map((url) => rejectionOf(fetchCounts(url))));
    const seen = errors.map((error) => [error.name, (error as SharedCountError).type, (error as SharedCountError).status]);
    expect(seen).to.deep.equal([
      ['SharedCountError', 'rate_limited', 429],
      ['SharedCountError', 'rate_limited', 429],
    ]);
    expect(toProxy()).to.deep.equal([batchUrl(page(13), page(14))]);
  });

  it('an endpoint without the batch path (404): the same URLs one by one, and single requests from then on', async () => {
    // A proxy of an older version: the page's life remembers that it has no batch path.
    const OLD = 'https://old.publisher.test/counts/';
    useProxy(OLD);
    worker.use(
      http.get(`${OLD}batch`, () =>
        HttpResponse.json({ Error: 'Not found', Type: 'not_found' }, { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } }),
      ),
    );
    configure({ sharedcount: { endpoint: OLD } });
    const toOld = () => remoteUrls().filter((url) => url.startsWith(OLD));
    const first = await settledAll(await countsOf([page(20), page(21)]), { until: (el) => el.state === 'ready' });
    expect(first.map(shown)).to.deep.equal([page(20), page(21)].map(totalShown));
    expect(toOld()).to.deep.equal([
      `${OLD}batch?url=${e(page(20))}&url=${e(page(21))}`,
      `${OLD}?url=${e(page(20))}`,
      `${OLD}?url=${e(page(21))}`,
    ]);
    requests.length = 0;
    await settledAll(await countsOf([page(22), page(23)]), { until: (el) => el.state === 'ready' });
    expect(toOld(), 'no second try of the batch path').to.deep.equal([`${OLD}?url=${e(page(22))}`, `${OLD}?url=${e(page(23))}`]);
  });

  it('cached answers cost nothing: the same URLs again make no request', async () => {
    const urls = [page(30), page(31)];
    await settledAll(await countsOf(urls), { until: (el) => el.state === 'ready' });
    await afterIdle();
    requests.length = 0;
    const again = await settledAll(await countsOf(urls), { until: (el) => el.state === 'ready' });
    expect(again.map(shown), 'the stored counts shown').to.deep.equal(urls.map(totalShown));
    expect(toProxy()).to.deep.equal([]);
  });

  it('refresh() of several elements at once: one batch, past the cache', async () => {
    const elements = await settledAll(await countsOf([page(40), page(41)]), { until: (el) => el.state === 'ready' });
    requests.length = 0;
    elements.forEach((el) => el.refresh());
    await waitUntil(
      () => toProxy().length === 1 && elements.every((el) => el.state === 'ready'),
      `refreshed: ${JSON.stringify(toProxy())} ${elements.map((el) => el.state).join()}`,
    );
    await settledAll(elements, { until: (el) => el.state === 'ready' });
    expect(toProxy()).to.deep.equal([batchUrl(page(40), page(41))]);
  });

  it('lazy elements join the batch of the slice in which they come near the viewport', async () => {
    const holder = document.createElement('div');
    holder.innerHTML = `<share-count lazy url="${page(50)}"></share-count><div style="height: 4000px"></div>
      <share-count lazy url="${page(51)}"></share-count> <share-count lazy url="${page(52)}"></share-count>`;
    document.body.prepend(holder);
    const [near, far1, far2] = [...holder.querySelectorAll<ShareCountElement>('share-count')];
    await settledAll([near!], { until: (el) => el.state === 'ready' });
    expect(toProxy(), 'the element in view only').to.deep.equal([batchUrl(page(50))]);
    far2!.scrollIntoView();
    await settledAll([far1!, far2!], { until: (el) => el.state === 'ready' });
    expect(toProxy()).to.deep.equal([batchUrl(page(50)), batchUrl(page(51), page(52))]);
    holder.remove();
    window.scrollTo(0, 0);
  });

  it('share buttons and counts of one page share the request', async () => {
    const holder = await fixture<HTMLElement>(html`<div>
      <share-buttons counts networks="facebook pinterest x" url=${page(60)}></share-buttons>
      <share-count url=${page(61)}></share-count>
    </div>`);
    const group = holder.querySelector<ShareButtonsElement>('share-buttons')!;
    const count = holder.querySelector<ShareCountElement>('share-count')!;
    await settledAll([count], { until: (el) => el.state === 'ready' });
    const facebook = () => group.shadowRoot!.querySelector<ShareButtonElement>('share-button[network=facebook]');
    const buttonCount = () => facebook()?.shadowRoot?.querySelector('[part=count]')?.textContent ?? '';
    const { Facebook } = countsFor(page(60)) as { Facebook: { total_count: number } };
    await waitUntil(() => buttonCount() !== '', 'the Facebook button shows its count');
    expect(buttonCount()).to.equal(Intl.NumberFormat('en-US', { notation: 'compact' }).format(Facebook.total_count));
    expect(toProxy()).to.deep.equal([batchUrl(page(60), page(61))]);
  });
});
