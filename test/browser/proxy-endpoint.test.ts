/**
 * Pages that use the SharedCount proxy: an `endpoint` and no key. The proxy is the real one,
 * served by the demo's Vite server at /__demo/api/sharedcount/ (demo/proxy-server.ts, mounted
 * through nodeListener) in front of a fake SharedCount on 127.0.0.1 that accepts only the key the
 * proxy holds. What the page sent is read from the browser's own resource timing: every fetch
 * and every JSONP script it made, exactly as it went out.
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import {
  clearCache,
  configure,
  fetchCounts,
  SharedCountError,
  totalCount,
  type ShareCountElement,
} from '../../src/entries/share-count-widgets.js';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../../src/jquery/full.js';
import { countsFor } from '../fakes/sharedcount.js';
import { mount } from './support/settle.js';
import { loadScript, rejectionOf } from './support/worker.js';

const ENDPOINT = `${location.origin}/__demo/api/sharedcount/`;

/** The request for `page` through the proxy, as the client writes it. */
const through = (page: string) => `${ENDPOINT}?url=${encodeURIComponent(page)}`;

/** Every request the page made to the proxy so far. */
const sent = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => url.startsWith(ENDPOINT));

function expectNoKey(urls: string[]) {
  expect(urls, 'requests to the proxy').not.to.be.empty;
  for (const url of urls) {
    expect(new URL(url).searchParams.has('apikey'), url).to.equal(false);
    expect(url).not.to.match(/apikey|demo-key/i);
  }
}

describe('a page using the proxy endpoint, with no key', () => {
  before(async function () {
    // The demo's Vite server starts on its first request.
    this.timeout(60000);
    await (await fetch(`${ENDPOINT}?url=${encodeURIComponent('https://example.com/warm-up')}`)).text();
  });
  beforeEach(() => {
    clearCache();
    performance.clearResourceTimings();
    // No apiKey anywhere: not configured, not on the elements.
    configure({ sharedcount: { apiKey: undefined, endpoint: undefined, batch: false }, consent: 'granted' });
  });

  it('fetchCounts({ endpoint }) gets the counts the API gave the proxy, over CORS and over JSONP', async () => {
    const cors = await fetchCounts('https://example.com/proxied', { endpoint: ENDPOINT, transport: 'cors' });
    expect(cors).to.deep.equal(countsFor('https://example.com/proxied'));
    const jsonp = await fetchCounts('https://example.com/proxied-jsonp', { endpoint: ENDPOINT, transport: 'jsonp' });
    expect(jsonp).to.deep.equal(countsFor('https://example.com/proxied-jsonp'));
    expect(sent()).to.deep.equal([
      `${ENDPOINT}?url=${encodeURIComponent('https://example.com/proxied')}`,
      `${ENDPOINT}?url=${encodeURIComponent('https://example.com/proxied-jsonp')}&callback=sc_https3A2F2Fexamplecom2Fproxiedjsonp`,
    ]);
    expectNoKey(sent());
  });

  it('fetchCounts gets the proxy’s typed errors: domain_not_allowed 403, invalid_url 400', async () => {
    const refused = await rejectionOf(fetchCounts('https://evil.example/', { endpoint: ENDPOINT, transport: 'cors' }));
    expect(refused).to.be.instanceOf(SharedCountError);
    expect(refused).to.include({ type: 'domain_not_allowed', status: 403 });
    const invalid = await rejectionOf(fetchCounts('https://example.com/not-a-page', { endpoint: ENDPOINT, transport: 'cors' }));
    expect(invalid).to.include({ type: 'invalid_url', status: 400 });
    expectNoKey(sent());
  });

  it('<share-count endpoint> shows the count through the proxy', async () => {
    const el = await mount<ShareCountElement>(html`<share-count url="https://example.com/element" endpoint=${ENDPOINT}></share-count>`);
    expect([el.state, el.count]).to.deep.equal(['ready', totalCount(countsFor('https://example.com/element') as never)]);
    expect(sent()).to.deep.equal([through('https://example.com/element')]);
    expectNoKey(sent());
  });

  it('<share-count> with the endpoint from configure()', async () => {
    configure({ sharedcount: { endpoint: ENDPOINT } });
    const el = await mount<ShareCountElement>(html`<share-count url="https://example.com/configured"></share-count>`);
    expect([el.state, el.count]).to.deep.equal(['ready', totalCount(countsFor('https://example.com/configured') as never)]);
    expect(sent()).to.deep.equal([through('https://example.com/configured')]);
    expectNoKey(sent());
  });

  it('$.sharedCount(url, { endpoint }) and $.sharedCount(url, fn) with the configured endpoint', async () => {
    await loadScript('/node_modules/jquery/dist/jquery.js');
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery.noConflict(true);
    installJQueryPlugin($);
    const data = await new Promise(
      (resolve, reject) => void $.sharedCount('https://example.com/jquery', { endpoint: ENDPOINT }).then(resolve, reject),
    );
    expect(data).to.deep.equal(countsFor('https://example.com/jquery'));
    configure({ sharedcount: { endpoint: ENDPOINT } });
    const viaFn = await new Promise((resolve) => void $.sharedCount('https://example.com/jquery-fn', resolve));
    expect(viaFn).to.deep.equal(countsFor('https://example.com/jquery-fn'));
    expect(sent()).to.deep.equal([through('https://example.com/jquery'), through('https://example.com/jquery-fn')]);
    expectNoKey(sent());
  });

  it('batch: one request to the real proxy for three URLs, one of them refused on its own', async () => {
    configure({ sharedcount: { endpoint: ENDPOINT, batch: true } });
    const pages = ['https://example.com/batch-1', 'https://elsewhere.test/batch', 'https://example.com/batch-2'];
    const results = await Promise.allSettled(pages.map((page) => fetchCounts(page)));
    expect(results.map((result) => result.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<unknown>).value).to.deep.equal(countsFor(pages[0]!));
    expect(((results[1] as PromiseRejectedResult).reason as SharedCountError).type).to.equal('domain_not_allowed');
    expect(sent()).to.deep.equal([`${ENDPOINT}batch?${pages.map((page) => `url=${encodeURIComponent(page)}`).join('&')}`]);
    expectNoKey(sent());
  });

  it("the demo article asks for all of its counts in one request to the proxy (the demo's batch)", async () => {
    const frame = Object.assign(document.createElement('iframe'), { src: '/__demo/demo/article.html' });
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow!;
    const toProxy = () =>
      win.performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => url.startsWith(ENDPOINT));
    await waitUntil(() => toProxy().length > 0, 'the article asked the proxy', { timeout: 20000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(toProxy()).to.have.length(1);
    expect(toProxy()[0]).to.match(/\/api\/sharedcount\/batch\?url=/);
    frame.remove();
  });
});
