/**
 * The files publishers include, as built in dist/: each on a page with nothing
 * else of ours, configured by its own script tag.
 */
import { expect } from '@open-wc/testing';
import { FAKE_ENDPOINT, SAMPLE, sharedCountHandlers } from '../fakes/sharedcount.js';
import { loadedShareCount, loadScript, remoteUrls, requests, startMocks, worker } from './support/worker.js';

type Api = typeof import('../../src/entries/share-count-widgets.iife.js');

/** This page has none of the source: only what the built files define. */
function reset(): void {
  worker.resetHandlers();
  requests.length = 0;
  localStorage.clear();
}
const CUSTOM = 'https://counts.publisher.test/v1.1/';

describe('dist/jquery.sharedcount.js', () => {
  before(startMocks);
  beforeEach(reset);

  it("installs $.sharedCount on the page's jQuery and reads its key from its own tag", async () => {
    await loadScript('/node_modules/jquery/dist/jquery.js');
    await loadScript('/dist/jquery.sharedcount.js', { 'data-sharedcount-key': 'demo-key' });
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    const data = await new Promise(
      (resolve, reject) => void $.sharedCount('https://example.com/', { cache: 'none' }).then(resolve, reject),
    );
    expect(data).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=https%3A%2F%2Fexample.com%2F&apikey=demo-key`]);
    $.noConflict(true);
  });

  it('holds every request under data-consent="required" until $.sharedCount.grantConsent()', async () => {
    await loadScript('/node_modules/jquery/dist/jquery.js');
    await loadScript('/dist/jquery.sharedcount.js', { 'data-sharedcount-key': 'demo-key', 'data-consent': 'required' });
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    let data: unknown;
    $.sharedCount('https://example.com/consent', { cache: 'none' }).then((value) => (data = value));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(remoteUrls()).to.deep.equal([]);
    $.sharedCount.grantConsent();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(remoteUrls()).to.have.length(1);
    expect(data).to.have.property('Facebook');
    $.noConflict(true);
  });

  it('carries no Lit and no custom elements', async () => {
    const source = await (await fetch('/dist/jquery.sharedcount.js')).text();
    expect(source).not.to.match(/lit-html|LitElement|customElements/);
  });
});

describe('dist/share-count-widgets.iife.js', () => {
  let api: Api;
  before(async () => {
    await startMocks();
    await loadScript('/dist/share-count-widgets.iife.js', {
      'data-sharedcount-key': 'demo-key',
      'data-sharedcount-endpoint': CUSTOM,
    });
    api = (window as unknown as { ShareCountWidgets: Api }).ShareCountWidgets;
  });
  beforeEach(() => {
    reset();
    worker.use(...sharedCountHandlers(CUSTOM));
  });

  it('exposes ShareCountWidgets, configured by data-sharedcount-key and data-sharedcount-endpoint', async () => {
    for (const name of [
      'fetchCounts',
      'totalCount',
      'quota',
      'jsonp',
      'configure',
      'grantConsent',
      'clearCache',
      'SharedCountError',
      'ShareCountElement',
      'installJQueryPlugin',
    ] as const) {
      expect(api[name], name).to.be.a('function');
    }
    expect(await api.fetchCounts('https://example.com/', { cache: 'none' })).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.deep.equal([`${CUSTOM}?url=https%3A%2F%2Fexample.com%2F&apikey=demo-key`]);
  });

  it("defines <share-count>, which renders the count with the tag's key and endpoint", async () => {
    // Nothing of the source is on this page: only the built file can have defined it.
    expect(customElements.get('share-count')).to.equal(api.ShareCountElement);
    const el = await loadedShareCount('https://example.com/popular');
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.contain('13,834');
    expect(remoteUrls()).to.deep.equal([`${CUSTOM}?url=https%3A%2F%2Fexample.com%2Fpopular&apikey=demo-key`]);
    el.remove();
  });

  it('installs the jQuery plugin when jQuery is already on the page', async () => {
    await loadScript('/node_modules/jquery3/dist/jquery.js');
    await loadScript('/dist/share-count-widgets.iife.js', { 'data-sharedcount-key': 'demo-key' });
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    expect($.sharedCount).to.be.a('function');
    $.noConflict(true);
  });
});
