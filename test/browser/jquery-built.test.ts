/**
 * `dist/jquery.sharedcount.js` sends its requests through the page's own `$.ajax`, CORS and JSONP
 * alike: each promise of the plugin, held by the built file on jQuery 1.12, 3.7 and 4.0, with
 * what went over the wire read from the test server's fake SharedCount.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { API, callPlugin, fakeLog, JQUERIES, page, pageKeepingStorage, type Page } from './support/frames.js';
import { nextTick } from './support/worker.js';

const SAMPLE = { Pinterest: 9, Facebook: { total_count: 168, share_count: 101 } };
/** The fake's log line for a CORS request of `url`'s counts. */
const corsLine = (url: string) => `/__fake-sharedcount/?url=${encodeURIComponent(url)}&apikey=demo-key`;
const PLUGIN = '/dist/jquery.sharedcount.js';
const TAG = { 'data-sharedcount-key': 'demo-key', 'data-sharedcount-endpoint': API };

/** What `promise` rejected with; a value fails the test. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: Error & Record<string, unknown>) => error,
  );

/** Every `$.ajax` request of a frame (its global `ajaxSend` event): the URL and the data type asked for. */
function ajaxLog(win: Page['win']): string[] {
  const sent: string[] = [];
  win.jQuery(win.document).on('ajaxSend', (_event, _xhr, settings) => sent.push(`${settings.dataType} ${settings.url}`));
  return sent;
}

/** The `src` of every `<script>` added to a frame's `<head>` from now on. */
/** After JSONP through jQuery: no `sc_` global, no script of the fake's, nothing thrown into the page. */
function expectNothingLeft(win: Page['win'], doc: Document, errors: string[]): void {
  expect(
    Object.keys(win).filter((key) => key.startsWith('sc_')),
    'no global left',
  ).to.deep.equal([]);
  expect(doc.querySelectorAll('script[src*="__fake-sharedcount"]'), 'no script left').to.have.length(0);
  expect(errors).to.deep.equal([]);
}

function addedScripts(doc: Document): string[] {
  const added: string[] = [];
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node.nodeName === 'SCRIPT') added.push((node as HTMLScriptElement).src);
  }).observe(doc.head, { childList: true });
  return added;
}

for (const [version, jquery] of JQUERIES) {
  describe(`dist/jquery.sharedcount.js on jQuery ${version}: requests through $.ajax`, () => {
    afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));
    const plugin = (attributes: Record<string, string> = {}) => page([jquery], [PLUGIN, { ...TAG, ...attributes }]);

    it('asks over CORS with $.ajax, not fetch: one request per URL in flight, no script', async () => {
      await fakeLog();
      const { win, doc, errors } = await plugin();
      win.fetch = () => Promise.reject(new Error('fetch is not used'));
      const sent = ajaxLog(win);
      const scripts = addedScripts(doc);
      const url = 'https://example.com/cors';
      expect(await Promise.all([callPlugin(win, url), callPlugin(win, url), callPlugin(win, url)])).to.deep.equal([SAMPLE, SAMPLE, SAMPLE]);
      expect(await fakeLog()).to.deep.equal([corsLine(url)]);
      expect(sent).to.deep.equal([`json ${API}?url=${encodeURIComponent(url)}&apikey=demo-key`]);
      expect(scripts, 'CORS answered: no JSONP').to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });

    it('keeps its wire whatever $.ajaxSetup says: no credentials, no cache-busting parameter', async () => {
      await fakeLog();
      const { win } = await plugin();
      // With credentials, the fake's `Access-Control-Allow-Origin: *` would refuse the answer and the
      // plugin would fall back to JSONP; `cache: false` would add `_=` to every URL.
      win.jQuery.ajaxSetup({ cache: false, xhrFields: { withCredentials: true } });
      const url = 'https://example.com/setup';
      expect(await callPlugin(win, url)).to.deep.equal(SAMPLE);
      expect(await fakeLog()).to.deep.equal([corsLine(url)]);
    });

    it('falls back to JSONP when CORS fails at the network level: the exact sc_ callback, no _=', async () => {
      await fakeLog();
      const { win, doc, errors } = await plugin();
      win.jQuery.ajaxSetup({ cache: false });
      const scripts = addedScripts(doc);
      const url = 'https://example.com/no-cors';
      expect(await callPlugin(win, url)).to.deep.equal(SAMPLE);
      const jsonpLine = `${corsLine(url)}&callback=sc_https3A2F2Fexamplecom2Fnocors`;
      expect(await fakeLog()).to.deep.equal([corsLine(url), jsonpLine]);
      expect(scripts).to.deep.equal([`http://127.0.0.1:${location.port}${jsonpLine}`]);
      expectNothingLeft(win, doc, errors);
    });

    it('after a JSONP 404, the next call of that name asks again, a colliding URL too; nothing left behind', async () => {
      await fakeLog();
      const { win, doc, errors } = await plugin();
      const jsonp = { transport: 'jsonp', timeout: 1000 };
      // `/jq-a` and `/jqa` share the callback sc_https3A2F2Fexamplecom2Ffake4042Fjqa.
      const urls = ['https://example.com/fake-404/jq-a', 'https://example.com/fake-404/jqa', 'https://example.com/fake-404/jq-a'];
      for (const url of urls) expect(await failure(callPlugin(win, url, jsonp))).to.include({ name: 'NetworkError' });
      const line = (url: string) => `${corsLine(url)}&callback=sc_https3A2F2Fexamplecom2Ffake4042Fjqa`;
      expect(await fakeLog()).to.deep.equal(urls.map(line));
      expectNothingLeft(win, doc, errors);
    });

    it('a JSONP reply after the time limit reaches neither the next call of that name nor the page', async () => {
      await fakeLog();
      const { win, doc, errors } = await plugin();
      // Both answered at 600 ms, with their own URL as `Echo`; their names collide.
      const [late, next] = ['https://example.com/slow-echo/x-y', 'https://example.com/slow-echo/xy'];
      expect(await failure(callPlugin(win, late, { transport: 'jsonp', timeout: 100 }))).to.include({ name: 'TimeoutError' });
      expect(await callPlugin(win, next, { transport: 'jsonp', timeout: 3000 })).to.deep.equal({ ...SAMPLE, Echo: next });
      const callback = '&callback=sc_https3A2F2Fexamplecom2Fslowecho2Fxy';
      expect(await fakeLog()).to.deep.equal([late, next].map((url) => `${corsLine(url)}${callback}`));
      expectNothingLeft(win, doc, errors);
    });

    it('turns failed answers into typed errors, with no JSONP retry', async () => {
      await fakeLog();
      const { win, errors } = await plugin();
      const limited = await failure(callPlugin(win, 'https://example.com/fake-429'));
      expect(limited).to.include({ name: 'RateLimitError', retryAfter: 7 });
      const broken = await failure(callPlugin(win, 'https://example.com/fake-500'));
      expect(broken).to.include({ name: 'SharedCountError', type: 'http_error', status: 500 });
      const html = await failure(callPlugin(win, 'https://example.com/fake-html'));
      expect(html).to.include({ name: 'ResponseError', status: 200 });
      expect(html.message).to.contain('SharedCount answered with HTML');
      expect(await fakeLog()).to.deep.equal(
        ['https://example.com/fake-429', 'https://example.com/fake-500', 'https://example.com/fake-html'].map(corsLine),
      );
      expect(errors).to.deep.equal([]);
    });

    it('times out over CORS: a TimeoutError, the request aborted, no JSONP after it', async () => {
      await fakeLog();
      const { win, errors } = await plugin();
      const completed: string[] = [];
      win.jQuery(win.document).on('ajaxComplete', (_event, xhr) => completed.push(xhr.statusText));
      const started = performance.now();
      const error = await failure(callPlugin(win, 'https://example.com/slow', { timeout: 100 }));
      expect(error).to.include({ name: 'TimeoutError', timeout: 100 });
      expect(performance.now() - started).to.be.below(500);
      expect(completed, 'the XHR ended with the call').to.deep.equal(['abort']);
      await nextTick(800); // the fake answers at 600 ms
      expect(await fakeLog()).to.deep.equal([corsLine('https://example.com/slow')]);
      expect(errors).to.deep.equal([]);
    });

    it('latches the quota: after quota_exceeded, no request for that key', async () => {
      await fakeLog();
      const { win } = await plugin();
      const first = await failure(callPlugin(win, 'https://example.com/fake-quota'));
      expect(first).to.include({ name: 'SharedCountError', type: 'quota_exceeded', status: 403 });
      const next = await failure(callPlugin(win, 'https://example.com/after-quota'));
      expect(next).to.include({ name: 'SharedCountError', type: 'quota_exceeded', status: undefined });
      expect(await fakeLog()).to.deep.equal([corsLine('https://example.com/fake-quota')]);
    });

    it('keeps answers in storage: the page reloaded makes no request', async () => {
      await fakeLog();
      const url = 'https://example.com/kept';
      const first = await plugin();
      expect(await callPlugin(first.win, url, { cache: 'storage' })).to.deep.equal(SAMPLE);
      await waitUntil(() => localStorage.getItem('share-count-widgets:sharedcount')?.includes(url), 'the answer stored', { timeout: 3000 });
      expect(await fakeLog()).to.deep.equal([corsLine(url)]);
      const reloaded = await pageKeepingStorage([jquery], [PLUGIN, TAG]);
      expect(await callPlugin(reloaded.win, url, { cache: 'storage' })).to.deep.equal(SAMPLE);
      expect(await fakeLog()).to.deep.equal([]);
    });

    it('sends nothing under data-consent="required" until $.sharedCount.grantConsent()', async () => {
      await fakeLog();
      const { win } = await plugin({ 'data-consent': 'required' });
      const sent = ajaxLog(win);
      const pending = callPlugin(win, 'https://example.com/consent', { timeout: 200 });
      await nextTick(400); // longer than the time limit, which counts from consent
      expect([await fakeLog(), sent]).to.deep.equal([[], []]);
      win.jQuery.sharedCount.grantConsent();
      expect(await pending).to.deep.equal(SAMPLE);
      expect(await fakeLog()).to.deep.equal([corsLine('https://example.com/consent')]);
    });
  });
}

describe('dist/jquery.sharedcount.js on the slim builds of jQuery', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('3.7 slim, which has no $.ajax: a ValidationError that says to load the full build, no request', async () => {
    await fakeLog();
    const { win, errors } = await page(['/node_modules/jquery3/dist/jquery.slim.js'], [PLUGIN, TAG]);
    expect(win.jQuery.ajax).to.equal(undefined);
    const error = await failure(callPlugin(win, 'https://example.com/slim'));
    expect(error.name).to.equal('ValidationError');
    expect(error.message).to.contain('needs $.ajax, which the slim builds of jQuery lack: load the full build');
    expect(await fakeLog()).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('4.0 slim, which has no $.Deferred either: $.sharedCount throws that ValidationError', async () => {
    await fakeLog();
    const { win } = await page(['/node_modules/jquery/dist/jquery.slim.js'], [PLUGIN, TAG]);
    let thrown: Error | undefined;
    try {
      win.jQuery.sharedCount('https://example.com/slim');
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.name).to.equal('ValidationError');
    expect(thrown?.message).to.match(/needs \$\.Deferred, which the slim build of jQuery 4\.0\.0\+slim lacks: load the full build/);
    expect(await fakeLog()).to.deep.equal([]);
  });
});
