import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import {
  callbackName,
  fetchCounts,
  isShareCountWidgetsError,
  NetworkError,
  quota,
  RateLimitError,
  ResponseError,
  SharedCountError,
  totalCount,
  ValidationError,
} from '../../src/entries/share-count-widgets.js';
import { answer, FAKE_ENDPOINT, OVER_QUOTA_KEY, SAMPLE } from '../fakes/sharedcount.js';
import { afterIdle, leftovers, rejectionOf, remoteUrls, reset, startMocks, worker } from './support/mocks.js';

const countsUrl = (page: string, key = 'demo-key') => `${FAKE_ENDPOINT}?url=${encodeURIComponent(page)}&apikey=${key}`;
/** Every answer of the fake replaced by `body` with `status` (JSONP still gets 200, like the API). */
const serve = (status: number, body: unknown) => worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, status, body)));

describe('fetchCounts()', () => {
  before(startMocks);
  beforeEach(reset);

  it('encodes the page URL exactly once and keeps its exact form', async () => {
    const page = 'https://example.com/a b/é?x=1&y=%20#frag';
    await fetchCounts(page);
    expect(remoteUrls()).to.deep.equal([countsUrl(page)]);
    expect(new URL(remoteUrls()[0]!).searchParams.get('url'), 'decodes back to the page').to.equal(page);
    await fetchCounts('https://example.com');
    expect(remoteUrls()[1]).to.equal(`${FAKE_ENDPOINT}?url=https%3A%2F%2Fexample.com&apikey=demo-key`);
  });

  it("names the JSONP callback 'sc_' + encodeURIComponent(url) without non-word characters", async () => {
    const page = 'https://example.com/a-b?c=d';
    expect(callbackName(page)).to.equal('sc_' + encodeURIComponent(page).replace(/\W/g, ''));
    await fetchCounts(page, { transport: 'jsonp' });
    expect(remoteUrls()).to.deep.equal([`${countsUrl(page)}&callback=sc_https3A2F2Fexamplecom2Fab3Fc3Dd`]);
  });

  it('resolves the API object unchanged: null networks and unknown keys kept', async () => {
    const body = { Facebook: null, Pinterest: 3, LinkedIn: null, Mastodon: { boosts: 7 }, Threads: 2 };
    serve(200, body);
    const data = await fetchCounts('https://example.com/x');
    expect(data).to.deep.equal(body);
    expect(totalCount(data)).to.equal(5);
  });

  for (const [status, type] of [
    [400, 'invalid_url'],
    [401, 'invalid_api_key'],
    [403, 'quota_exceeded'],
  ] as const) {
    it(`turns {Error, Type} with HTTP ${status} into SharedCountError .type ${type}`, async () => {
      serve(status, { Error: 'Nope.', Type: type });
      const error = await rejectionOf(fetchCounts('https://example.com/e', { transport: 'cors' }));
      expect(error).to.be.instanceOf(SharedCountError);
      expect(error).to.include({ name: 'SharedCountError', type, status });
      expect(error.message).to.contain('Nope.').and.to.contain('https://example.com/e');
    });
  }

  it('turns {Error, Type} in a JSONP answer (HTTP 200) into SharedCountError', async () => {
    serve(200, { Error: 'Not a valid URL.', Type: 'invalid_url' });
    const error = await rejectionOf(fetchCounts('https://example.com/j', { transport: 'jsonp' }));
    expect(error).to.include({ name: 'SharedCountError', type: 'invalid_url', status: 200 });
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('rejects a URL that is not absolute http(s) as invalid_url, with no request', async () => {
    for (const bad of [
      '/relative',
      'example.com',
      '//example.com/x',
      'ftp://example.com/',
      'javascript:alert(1)',
      '',
      '  ',
      42,
      null,
      undefined,
    ]) {
      const error = await rejectionOf(fetchCounts(bad as string));
      expect(error, String(bad)).to.be.instanceOf(SharedCountError);
      expect((error as SharedCountError).type).to.equal('invalid_url');
      expect(error.message).to.contain(String(bad));
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('validates options before any request', async () => {
    const cases = [
      { transport: 'xhr' },
      { timeout: 0 },
      { cache: 'disk' },
      { endpoint: 'ftp://x/' },
      { endpoint: '/v1.1/' },
      { apiKey: '' },
    ];
    for (const options of cases) {
      const error = await rejectionOf(fetchCounts('https://example.com/', options as never));
      expect(error, JSON.stringify(options)).to.be.instanceOf(ValidationError);
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('sends no request for a key after quota_exceeded, until the next UTC day, across page loads', async () => {
    const error = await rejectionOf(fetchCounts('https://example.com/q1', { apiKey: OVER_QUOTA_KEY }));
    expect(error).to.include({ type: 'quota_exceeded', status: 403 });
    const again = await rejectionOf(fetchCounts('https://example.com/q2', { apiKey: OVER_QUOTA_KEY }));
    expect(again).to.include({ type: 'quota_exceeded', status: undefined });
    expect(remoteUrls()).to.have.length(1);
    // Another key is not held back.
    await fetchCounts('https://example.com/q3');
    expect(remoteUrls()).to.have.length(2);

    // A new page load (a frame of this origin with the built script) remembers the latch.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const doc = frame.contentDocument!;
    const script = doc.createElement('script');
    script.src = '/dist/share-count-widgets.iife.js';
    script.dataset['sharedcountKey'] = OVER_QUOTA_KEY;
    await new Promise((resolve) => ((script.onload = resolve), doc.head.append(script)));
    const api = (frame.contentWindow as unknown as { ShareCountWidgets: typeof import('../../src/entries/share-count-widgets.js') })
      .ShareCountWidgets;
    const fromFrame = await rejectionOf(api.fetchCounts('https://example.com/q4'));
    expect(isShareCountWidgetsError(fromFrame, 'SharedCountError'), `guard works across realms: ${fromFrame.message}`).to.equal(true);
    expect(fromFrame).not.to.be.instanceOf(SharedCountError);
    // No status: answered by the latch the frame read from storage, without a request.
    expect(fromFrame).to.include({ type: 'quota_exceeded', status: undefined });
    expect(remoteUrls()).to.have.length(2);
    frame.remove();
  });

  it('makes one request for many concurrent calls, then answers from the cache', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(30), answer(request, 200, SAMPLE))));
    const results = await Promise.all(Array.from({ length: 20 }, () => fetchCounts('https://example.com/')));
    expect(results.every((data) => totalCount(data) === 177)).to.equal(true);
    await fetchCounts('https://example.com/');
    expect(remoteUrls()).to.have.length(1);
    results[0]!.Pinterest = 1e9;
    expect((await fetchCounts('https://example.com/')).Pinterest, 'callers get copies').to.equal(9);
  });

  it('keeps answers in localStorage for the next page load, unless told not to', async () => {
    await fetchCounts('https://example.com/stored');
    await afterIdle();
    expect(localStorage.getItem('share-count-widgets:sharedcount')).to.contain('https://example.com/stored');
    await fetchCounts('https://example.com/memory-only', { cache: 'memory' });
    await fetchCounts('https://example.com/memory-only', { cache: 'memory' });
    expect(localStorage.getItem('share-count-widgets:sharedcount')).not.to.contain('memory-only');
    await fetchCounts('https://example.com/uncached', { cache: 'none' });
    await fetchCounts('https://example.com/uncached', { cache: 'none' });
    await fetchCounts('https://example.com/stored', { refresh: true });
    expect(remoteUrls()).to.have.length(5);
  });

  it('shares the request between callers but lets each abort alone', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(100), answer(request, 200, SAMPLE))));
    const controller = new AbortController();
    const quitter = fetchCounts('https://example.com/', { signal: controller.signal });
    const stayer = fetchCounts('https://example.com/');
    controller.abort();
    expect((await rejectionOf(quitter)).name).to.equal('AbortError');
    expect(await stayer).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.have.length(1);
  });

  describe('bad answers', () => {
    it('HTML instead of JSON is a ResponseError', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => HttpResponse.html('<html><body>Maintenance</body></html>')));
      const error = await rejectionOf(fetchCounts('https://example.com/'));
      expect(error).to.be.instanceOf(ResponseError);
      expect(error.message).to.contain('HTML').and.to.contain('https://example.com/');
    });

    it('malformed JSON is a ResponseError', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => HttpResponse.text('{"Facebook": {"total_c')));
      expect(await rejectionOf(fetchCounts('https://example.com/'))).to.be.instanceOf(ResponseError);
    });

    it('an array, a string or null where an object belongs is a ResponseError', async () => {
      for (const body of [[1, 2], 'counts', null, 12]) {
        serve(200, body);
        const error = await rejectionOf(fetchCounts('https://example.com/', { cache: 'none' }));
        expect(error, JSON.stringify(body)).to.be.instanceOf(ResponseError);
      }
      serve(200, null);
      expect(await rejectionOf(fetchCounts('https://example.com/', { transport: 'jsonp' }))).to.be.instanceOf(ResponseError);
    });

    it('HTTP 500 without an API error body is a SharedCountError with .status', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse(null, { status: 500 })));
      const error = await rejectionOf(fetchCounts('https://example.com/'));
      expect(error).to.include({ name: 'SharedCountError', type: 'http_error', status: 500 });
    });

    it('HTTP 429 is a RateLimitError with retryAfter', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '30' } })));
      const error = await rejectionOf(fetchCounts('https://example.com/'));
      expect(error).to.be.instanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfter).to.equal(30);
    });

    it('a JSONP script that 404s is a NetworkError; one that never calls back a ResponseError; neither leaves anything', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse(null, { status: 404 })));
      expect(await rejectionOf(fetchCounts('https://example.com/', { transport: 'jsonp' }))).to.be.instanceOf(NetworkError);
      worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse('/* nothing */', { headers: { 'Content-Type': 'text/javascript' } })));
      expect(await rejectionOf(fetchCounts('https://example.com/', { transport: 'jsonp' }))).to.be.instanceOf(ResponseError);
      expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
    });

    it('errors are not cached: the next call asks again', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse(null, { status: 503 })));
      await rejectionOf(fetchCounts('https://example.com/'));
      worker.resetHandlers();
      expect(await fetchCounts('https://example.com/')).to.deep.equal(SAMPLE);
      expect(remoteUrls()).to.have.length(2);
    });
  });

  describe('quota()', () => {
    it('asks {endpoint}quota?apikey= and resolves the quota', async () => {
      expect(await quota()).to.deep.equal({
        quota_used_today: 1234,
        quota_remaining_today: 8766,
        quota_allocated_today: 10000,
        plan: 'business',
      });
      expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}quota?apikey=demo-key`]);
    });

    it('turns a wrong shape or an API error into typed errors', async () => {
      worker.use(http.get(`${FAKE_ENDPOINT}quota`, () => HttpResponse.json({ plan: 'free' })));
      expect(await rejectionOf(quota())).to.be.instanceOf(ResponseError);
      worker.use(
        http.get(`${FAKE_ENDPOINT}quota`, () => HttpResponse.json({ Error: 'Bad key', Type: 'invalid_api_key' }, { status: 401 })),
      );
      expect(await rejectionOf(quota())).to.include({ name: 'SharedCountError', type: 'invalid_api_key', status: 401 });
    });
  });
});
