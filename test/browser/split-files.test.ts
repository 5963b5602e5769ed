/**
 * The script-tag files a page picks by what it uses, as built in dist/: each loaded alone into a
 * fresh frame (a new page: its own globals and custom element registry), talking to the test
 * server's fake SharedCount on another origin (http://127.0.0.1:PORT), whose log shows exactly
 * what went over the wire.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { API, callPlugin, fakeLog, JQUERIES, page } from './support/frames.js';
import { settled, settledAll } from './support/settle.js';

const SAMPLE = { Pinterest: 9, Facebook: { total_count: 168, share_count: 101 } };
const encoded = (url: string) => encodeURIComponent(url);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const counts = (attributes: Record<string, string> = {}) =>
  page(['/dist/share-count.iife.js', { 'data-sharedcount-key': 'demo-key', 'data-sharedcount-endpoint': API, ...attributes }]);

describe('dist/share-count.iife.js', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('puts exactly the counts page’s names on ShareCountWidgets', async () => {
    const { win, errors } = await counts();
    expect(Object.keys(win.ShareCountWidgets).sort()).to.deep.equal(
      [
        'NetworkError',
        'RateLimitError',
        'ResponseError',
        'ShareCountElement',
        'ShareCountWidgetsError',
        'SharedCountError',
        'TimeoutError',
        'ValidationError',
        'clearCache',
        'configure',
        'fetchCounts',
        'grantConsent',
        'isShareCountWidgetsError',
        'totalCount',
      ].sort(),
    );
    expect(win.customElements.get('share-count')).to.equal(win.ShareCountWidgets.ShareCountElement);
    expect(win.customElements.get('shareablee-badge'), 'no badge in this file').to.equal(undefined);
    expect(errors).to.deep.equal([]);
  });

  it('carries no Shareablee or AddThis code: their classes, clients and script-tag setting are elsewhere', async () => {
    // The test server serves dist/ through its transform (whitespace may differ): patterns, not strings.
    const code = await (await fetch('/dist/share-count.iife.js')).text();
    // The guard knows every error's name (an error may come from another file of ours): names only, no class.
    const classes = [/name\s*=\s*`AddThisError`/, /name\s*=\s*`ShareableeError`/];
    for (const forbidden of [...classes, /shareableeEndpoint/, /suppress_response_codes/, /api\.shareablee\.com/])
      expect(forbidden.test(code), String(forbidden)).to.equal(false);
    // The full file still has them all.
    const full = await (await fetch('/dist/share-count-widgets.iife.js')).text();
    for (const present of [...classes, /shareableeEndpoint/]) expect(present.test(full), String(present)).to.equal(true);
  });

  it('the full file reads data-shareablee-endpoint for the badge', async () => {
    const { win, doc } = await page([
      '/dist/share-count-widgets.iife.js',
      { 'data-shareablee-endpoint': 'https://proxy.example/shareablee/' },
    ]);
    const asked: string[] = [];
    win.fetch = ((input: RequestInfo | URL) => {
      asked.push(String(input));
      return Promise.reject(new TypeError('offline'));
    }) as typeof fetch;
    doc.body.innerHTML = '<shareablee-badge entity-id="42"></shareablee-badge>';
    await waitUntil(() => asked.length > 0, 'the badge asked its proxy');
    expect(asked[0]).to.match(/^https:\/\/proxy\.example\/shareablee\/user\/42\//);
  });

  it('renders counts: 100 elements over 10 URLs make 10 requests, with the key from its tag', async () => {
    await fakeLog();
    const { doc, errors } = await counts();
    doc.body.innerHTML = Array.from({ length: 100 }, (_, i) => `<share-count url="https://example.com/p${i % 10}"></share-count>`).join('');
    const elements = [...doc.querySelectorAll('share-count')] as ShareCountElement[];
    await settledAll(elements);
    expect(elements.map((el) => el.shadowRoot!.querySelector('[role=img]')!.textContent)).to.deep.equal(Array(100).fill('177'));
    const log = await fakeLog();
    expect(log.sort()).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => `/__fake-sharedcount/?url=${encoded(`https://example.com/p${i}`)}&apikey=demo-key`).sort(),
    );
    expect(errors).to.deep.equal([]);
  });

  it('falls back to JSONP, with the sc_ callback, when CORS fails', async () => {
    await fakeLog();
    const { win, errors } = await counts();
    const url = 'https://example.com/no-cors';
    expect(await win.ShareCountWidgets.fetchCounts(url)).to.deep.equal(SAMPLE);
    const query = `url=${encoded(url)}&apikey=demo-key`;
    expect(await fakeLog()).to.deep.equal([
      `/__fake-sharedcount/?${query}`,
      `/__fake-sharedcount/?${query}&callback=sc_https3A2F2Fexamplecom2Fnocors`,
    ]);
    expect(errors).to.deep.equal([]);
  });

  it('sends nothing under data-consent="required" until grantConsent()', async () => {
    await fakeLog();
    const { win, doc } = await counts({ 'data-consent': 'required' });
    doc.body.innerHTML = '<share-count url="https://example.com/consent"></share-count>';
    const el = doc.querySelector('share-count') as ShareCountElement;
    await pause(300);
    expect([el.state, await fakeLog()]).to.deep.equal(['loading', []]);
    win.ShareCountWidgets.grantConsent();
    await settled(el);
    expect([el.state, el.count, (await fakeLog()).length]).to.deep.equal(['ready', 177, 1]);
  });

  it('renders counts on a page whose CSP allows scripts by nonce only, JSONP included', async () => {
    await fakeLog();
    const frame = document.createElement('iframe');
    frame.src = '/__strict/counts-csp-nonce.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const doc = frame.contentDocument!;
    const elements = [...doc.querySelectorAll('share-count')] as ShareCountElement[];
    await settledAll(elements);
    expect(elements.map((el) => [el.id, el.state, el.count])).to.deep.equal([
      ['jsonp', 'ready', 177],
      ['cors', 'ready', 177],
    ]);
    expect(
      (await fakeLog()).some((url) => url.includes('callback=sc_')),
      'the JSONP request ran under the nonce',
    ).to.equal(true);
  });
});

for (const [version, jquery] of JQUERIES) {
  describe(`dist/jquery.sharedcount.js on jQuery ${version}`, () => {
    afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));
    const plugin = () =>
      page([jquery], ['/dist/jquery.sharedcount.js', { 'data-sharedcount-key': 'demo-key', 'data-sharedcount-endpoint': API }]);

    it('asks over CORS first, the URL encoded once, and calls fn with the data', async () => {
      await fakeLog();
      const { win, errors } = await plugin();
      let seen: unknown;
      await new Promise((resolve) => win.jQuery.sharedCount('https://example.com/a b', (data) => resolve((seen = data))));
      expect(seen).to.deep.equal(SAMPLE);
      expect(await fakeLog()).to.deep.equal([`/__fake-sharedcount/?url=${encoded('https://example.com/a b')}&apikey=demo-key`]);
      expect(errors).to.deep.equal([]);
    });

    it('uses JSONP with the exact sc_ callback and no cache-busting parameter, one script per URL in flight', async () => {
      await fakeLog();
      const { win, doc, errors } = await plugin();
      const url = 'https://example.com/jsonp';
      const answers = await Promise.all([callPlugin(win, url, { transport: 'jsonp' }), callPlugin(win, url, { transport: 'jsonp' })]);
      expect(answers).to.deep.equal([SAMPLE, SAMPLE]);
      expect(await fakeLog()).to.deep.equal([
        `/__fake-sharedcount/?url=${encoded(url)}&apikey=demo-key&callback=sc_https3A2F2Fexamplecom2Fjsonp`,
      ]);
      expect(
        Object.keys(win).filter((key) => key.startsWith('sc_')),
        'no global left',
      ).to.deep.equal([]);
      expect(doc.querySelectorAll('script[src*="__fake-sharedcount"]')).to.have.length(0);
      expect(errors).to.deep.equal([]);
    });

    it('keeps two URLs whose callback names collide apart', async () => {
      await fakeLog();
      const { win } = await plugin();
      // Both are sc_https3A2F2Fexamplecom2Fechoab: jQuery keeps one global per name.
      const urls = ['https://example.com/echo-a-b', 'https://example.com/echoab'];
      const answers = await Promise.all(urls.map((url) => callPlugin(win, url, { transport: 'jsonp' })));
      expect(
        answers.map((answer) => (answer as { Echo: string }).Echo),
        'each its own answer',
      ).to.deep.equal(urls);
      expect((await fakeLog()).map((line) => new URL(line, API).searchParams.get('url'))).to.deep.equal(urls);
    });

    it('times out, then swallows the late reply: no ReferenceError, no global left', async () => {
      const { win, errors } = await plugin();
      const error = await callPlugin(win, 'https://example.com/slow', { transport: 'jsonp', timeout: 100 }).then(
        () => undefined,
        (reason: Error) => reason,
      );
      expect(error).to.include({ name: 'TimeoutError' });
      await pause(900); // the reply lands at 600 ms
      expect(errors).to.deep.equal([]);
      expect(Object.keys(win).filter((key) => key.startsWith('sc_'))).to.deep.equal([]);
    });

    if (version !== '1.12') {
      it('puts the nonce of its script tag on JSONP scripts (jQuery 3.4 and later carry it)', async () => {
        const { win, doc } = await page(
          [jquery],
          ['/dist/jquery.sharedcount.js', { 'data-sharedcount-key': 'demo-key', 'data-sharedcount-endpoint': API, 'data-nonce': 'n0nce' }],
        );
        const nonces: string[] = [];
        new MutationObserver((records) => {
          for (const record of records)
            for (const added of record.addedNodes) if (added.nodeName === 'SCRIPT') nonces.push((added as HTMLScriptElement).nonce ?? '');
        }).observe(doc.head, { childList: true });
        await callPlugin(win, 'https://example.com/nonce', { transport: 'jsonp' });
        expect(nonces).to.deep.equal(['n0nce']);
      });
    }

    it('$.fn.sharedCount writes each element’s count', async () => {
      const { win, doc } = await plugin();
      doc.body.innerHTML = '<span class="shares" data-url="https://example.com/fill"></span>';
      win.jQuery('.shares').sharedCount();
      const span = doc.querySelector('.shares')!;
      await waitUntil(() => span.getAttribute('data-sharedcount-state') === 'ready', 'filled', { timeout: 4000 });
      expect(span.textContent).to.equal('177');
    });
  });
}

describe('dist/jquery.sharedcount.bulk.js', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('adds $.sharedCount.bulk, with progress through .progress()', async () => {
    await fakeLog();
    const { win, errors } = await page(
      ['/node_modules/jquery/dist/jquery.js'],
      ['/dist/jquery.sharedcount.js', { 'data-sharedcount-key': 'demo-key' }],
      ['/dist/jquery.sharedcount.bulk.js'],
    );
    const urls = ['https://example.com/1', 'https://example.com/2', 'not a url'];
    const progress: unknown[] = [];
    const result = await new Promise<{ data: Map<string, unknown>; invalid: string[] }>((resolve, reject) => {
      win.jQuery.sharedCount
        .bulk(urls, { endpoint: API, pollInterval: 10 })
        .progress((step) => progress.push(step))
        .then(resolve as never, reject);
    });
    expect([...result.data.keys()]).to.deep.equal(urls.slice(0, 2));
    expect(result.invalid).to.deep.equal(['not a url']);
    expect(progress.at(-1)).to.deep.equal({ completed: 2, total: 2 });
    const [posted, ...polls] = await fakeLog();
    expect(posted).to.equal('POST /__fake-sharedcount/bulk?apikey=demo-key');
    expect(polls, 'one poll: the job was complete').to.have.length(1);
    expect(polls[0]).to.match(/^GET \/__fake-sharedcount\/bulk\?apikey=demo-key&bulk_id=job\d+$/);
    expect(errors).to.deep.equal([]);
  });

  it('says which file to load first after the full IIFE, and leaves its $.sharedCount.bulk alone', async () => {
    const { win, errors } = await page(
      ['/node_modules/jquery/dist/jquery.js'],
      ['/dist/share-count-widgets.iife.js', { 'data-sharedcount-key': 'demo-key' }],
      ['/dist/jquery.sharedcount.bulk.js'],
    );
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('needs jquery.sharedcount.js');
    const bulk = win.ShareCountWidgets as unknown as { bulkCounts: unknown };
    expect([typeof win.jQuery.sharedCount.bulk, typeof bulk.bulkCounts]).to.deep.equal(['function', 'function']);
  });

  it('says which file to load first when it is loaded without the plugin', async () => {
    const { win, errors } = await page(['/node_modules/jquery/dist/jquery.js'], ['/dist/jquery.sharedcount.bulk.js']);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('needs jquery.sharedcount.js').and.to.contain('load jQuery, then jquery.sharedcount.js');
    expect(win.jQuery.sharedCount).to.equal(undefined);
  });
});
