import { expect, fixture, html } from '@open-wc/testing';
import { configure, SharedCountError, ValidationError } from '../../src/entries/share-count-widgets.js';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../../src/jquery/full.js';
import type { SharedCountData, SharedCountOptions } from '../../src/entries/share-count-widgets.js';
import { FAKE_ENDPOINT, SAMPLE } from '../fakes/sharedcount.js';
import { loadScript, rejectionOf, remoteUrls, reset, startMocks } from './support/mocks.js';

const countsUrl = (page: string) => `${FAKE_ENDPOINT}?url=${encodeURIComponent(page)}&apikey=demo-key`;

/** Loads a jQuery build as a classic script and takes it off `window`, so versions do not meet. */
async function loadJQuery(path: string): Promise<JQueryStatic> {
  await loadScript(path);
  const win = window as unknown as { jQuery: JQueryStatic };
  const $ = win.jQuery;
  $.noConflict(true);
  return $;
}

/** The next jQuery event `type` on `element`, with the arguments it was triggered with. */
const nextJQueryEvent = ($: JQueryStatic, element: Element, type: string) =>
  new Promise<unknown[]>((resolve) => $(element).one(type, (_event, ...args: unknown[]) => resolve(args)));

/** A jQuery promise as a native one, so tests can await it and see rejections. */
const settled = <T>(promise: JQuery.Promise<T>) => new Promise<T>((resolve, reject) => void promise.then(resolve, reject));

const versions = {
  '1.12.4': '/node_modules/jquery1/dist/jquery.js',
  '3.7.1': '/node_modules/jquery3/dist/jquery.js',
  '4.0.0': '/node_modules/jquery/dist/jquery.js',
};

for (const [version, path] of Object.entries(versions)) {
  describe(`$.sharedCount with jQuery ${version}`, () => {
    let $: JQueryStatic;
    before(async () => {
      await startMocks();
      $ = await loadJQuery(path);
      expect($.fn.jquery).to.equal(version);
      installJQueryPlugin($);
    });
    beforeEach(() => {
      reset();
      $.sharedCount.defaults = {};
      document.querySelectorAll('link[rel=canonical]').forEach((link) => link.remove());
    });

    it('calls fn with the data on success and returns a jQuery promise', async () => {
      let got: SharedCountData | undefined;
      const promise = $.sharedCount('https://example.com/', (data) => (got = data));
      expect(promise.done).to.be.a('function');
      expect(promise).not.to.have.property('resolve');
      expect(await settled(promise)).to.deep.equal(SAMPLE);
      expect(got).to.deep.equal(SAMPLE);
      expect(remoteUrls()).to.deep.equal([countsUrl('https://example.com/')]);
    });

    it('does not call fn on failure; the promise rejects with a SharedCountError', async () => {
      let called = false;
      const error = await rejectionOf(settled($.sharedCount('https://example.com/not-a-page', () => (called = true))));
      expect(error).to.be.instanceOf(SharedCountError);
      expect((error as SharedCountError).type).to.equal('invalid_url');
      expect(called).to.equal(false);
    });

    it('takes per-call options: (url, options)', async () => {
      await settled($.sharedCount('https://example.com/o', { transport: 'jsonp', cache: 'none' }));
      expect(remoteUrls()).to.deep.equal([`${countsUrl('https://example.com/o')}&callback=sc_https3A2F2Fexamplecom2Fo`]);
    });

    it('reads $.sharedCount.defaults, then configure() and the script tag', async () => {
      configure({ sharedcount: { apiKey: 'from-configure' } });
      await rejectionOf(settled($.sharedCount('https://example.com/d')));
      expect(remoteUrls()[0]).to.contain('apikey=from-configure');
      $.sharedCount.defaults.apiKey = 'demo-key';
      await settled($.sharedCount('https://example.com/d'));
      expect(remoteUrls()[1]).to.equal(countsUrl('https://example.com/d'));
    });

    it('defaults the URL to the canonical link, else this page without its hash', async () => {
      const bare = location.href;
      history.replaceState(null, '', '#comments');
      await settled($.sharedCount());
      history.replaceState(null, '', bare);
      expect(new URL(remoteUrls()[0]!).searchParams.get('url')).to.equal(bare.replace(/#.*/, ''));
      const link = Object.assign(document.createElement('link'), { rel: 'canonical', href: '/articles/canonical-post' });
      document.head.append(link);
      await settled($.sharedCount(undefined, () => {}));
      expect(new URL(remoteUrls()[1]!).searchParams.get('url')).to.equal(`${location.origin}/articles/canonical-post`);
    });

    it('lets an exception in fn reach the page, not an unhandled rejection', async () => {
      const thrown = new Promise<string>((resolve) => {
        const original = window.onerror;
        window.onerror = (message) => ((window.onerror = original), resolve(String(message)), true);
      });
      let always = false;
      $.sharedCount('https://example.com/', () => {
        throw new Error('publisher bug');
      }).always(() => (always = true));
      expect(await thrown).to.contain('publisher bug');
      expect(always, 'later handlers still run').to.equal(true);
    });

    it("$.fn.sharedCount writes each element's count, formatted for its language", async () => {
      const list = await fixture<HTMLElement>(html`<div>
        <span class="n" data-url="https://example.com/popular"></span>
        <span class="n" data-url="https://example.com/popular" data-service="facebook"></span>
        <span class="n" lang="de" data-url="https://example.com/popular" data-service="FACEBOOK"></span>
        <span class="n" data-url="https://example.com/failing-network" data-service="linkedin"></span>
        <span class="n" data-url="https://example.com/not-a-page"></span>
      </div>`);
      const $items = $(list).find('.n');
      const done = nextJQueryEvent($, list.children[4]!, 'sharedcount:error');
      expect($items.sharedCount()).to.equal($items);
      await done;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect($items.toArray().map((el) => el.textContent)).to.deep.equal(['13,834', '12,004', '12.004', '–', '–']);
      expect($items.toArray().map((el) => el.getAttribute('data-sharedcount-state'))).to.deep.equal([
        'ready',
        'ready',
        'ready',
        'ready',
        'error',
      ]);
      expect(list.children[4]!.getAttribute('title')).to.contain('Not a valid URL');
      expect(list.children[3]!.getAttribute('title')).to.contain('No linkedin count');
      expect(remoteUrls(), 'one request per distinct URL').to.have.length(3);
      $(list).find('.n').first().sharedCount({ notation: 'compact', locale: 'en-US' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(list.children[0]!.textContent).to.equal('14K');
    });

    it('takes null for options, as the defaults; a fetch or signal of the wrong type is a ValidationError', async () => {
      const span = await fixture<HTMLElement>(html`<span data-url="https://example.com/"></span>`);
      const loaded = nextJQueryEvent($, span, 'sharedcount:load');
      $(span).sharedCount(null);
      expect(await loaded).to.deep.equal([{ url: 'https://example.com/', count: 177, data: SAMPLE }]);
      for (const options of [{ fetch: 'x' }, { signal: 'x' }] as unknown as SharedCountOptions[]) {
        const error = await rejectionOf(settled($.sharedCount('https://example.com/', { cache: 'none', ...options })));
        expect(error, JSON.stringify(options)).to.be.instanceOf(ValidationError);
        expect((error as Error).message).to.contain('fetch must be a function, signal an AbortSignal');
      }
    });

    it('$.fn.sharedCount triggers sharedcount:load with the count and data', async () => {
      const span = await fixture<HTMLElement>(html`<span data-url="https://example.com/"></span>`);
      const loaded = nextJQueryEvent($, span, 'sharedcount:load');
      $(span).sharedCount();
      expect(await loaded).to.deep.equal([{ url: 'https://example.com/', count: 177, data: SAMPLE }]);
    });
  });
}

describe('$.sharedCount with slim jQuery builds', () => {
  before(startMocks);
  beforeEach(reset);

  it('works with jQuery 3.7 slim (it needs $.Deferred, not $.ajax)', async () => {
    const $ = await loadJQuery('/node_modules/jquery3/dist/jquery.slim.js');
    expect($.ajax).to.equal(undefined);
    installJQueryPlugin($);
    expect(await settled($.sharedCount('https://example.com/'))).to.deep.equal(SAMPLE);
  });

  it('refuses to install on something that is not jQuery', () => {
    expect(() => installJQueryPlugin(undefined as unknown as JQueryStatic)).to.throw(ValidationError, /needs jQuery/);
  });

  it('gives jQuery 4 slim, which has no $.Deferred, a clear ValidationError', async () => {
    const $ = await loadJQuery('/node_modules/jquery/dist/jquery.slim.js');
    installJQueryPlugin($);
    expect(() => $.sharedCount('https://example.com/')).to.throw(ValidationError, /slim build of jQuery 4\.0\.0.*full build/);
    expect(remoteUrls()).to.deep.equal([]);
  });
});
