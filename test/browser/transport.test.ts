import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { fetchCounts, NetworkError, SharedCountError, TimeoutError } from '../../src/entries/share-count-widgets.js';
import { answer, FAKE_ENDPOINT, SAMPLE } from '../fakes/sharedcount.js';
import { leftovers, rejectionOf, remoteUrls, requests, reset, startMocks, worker } from './support/mocks.js';

const PAGE = 'https://example.com/';
const CORS_URL = `${FAKE_ENDPOINT}?url=https%3A%2F%2Fexample.com%2F&apikey=demo-key`;
const JSONP_URL = `${CORS_URL}&callback=sc_https3A2F2Fexamplecom2F`;

/** CORS fails at the network level (as when the API sends no CORS headers); the JSONP script still loads. */
const corsBroken = http.get(FAKE_ENDPOINT, ({ request }) =>
  new URL(request.url).searchParams.has('callback') ? answer(request, 200, SAMPLE) : HttpResponse.error(),
);

describe('transport', () => {
  before(startMocks);
  beforeEach(reset);

  it('asks over CORS first, without credentials or referrer, and needs nothing else', async () => {
    expect(await fetchCounts(PAGE)).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.deep.equal([CORS_URL]);
    expect(requests[0]!.credentials).to.equal('omit');
    expect(requests[0]!.mode).to.equal('cors');
    expect(requests[0]!.referrerPolicy).to.equal('no-referrer');
    expect(leftovers().scripts).to.equal(0);
  });

  it('falls back to JSONP with the sc_ callback when CORS fails at the network level', async () => {
    worker.use(corsBroken);
    expect(await fetchCounts(PAGE)).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.deep.equal([CORS_URL, JSONP_URL]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it("uses JSONP alone with transport: 'jsonp'", async () => {
    expect(await fetchCounts(PAGE, { transport: 'jsonp' })).to.deep.equal(SAMPLE);
    expect(remoteUrls()).to.deep.equal([JSONP_URL]);
  });

  it("gives NetworkError and no JSONP with transport: 'cors'", async () => {
    worker.use(corsBroken);
    const error = await rejectionOf(fetchCounts(PAGE, { transport: 'cors' }));
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.message).to.contain(FAKE_ENDPOINT);
    expect(remoteUrls()).to.deep.equal([CORS_URL]);
  });

  it('does not fall back on an HTTP error: the server answered', async () => {
    worker.use(http.get(FAKE_ENDPOINT, () => new HttpResponse('<h1>oops</h1>', { status: 500 })));
    const error = await rejectionOf(fetchCounts(PAGE));
    expect(error).to.be.instanceOf(SharedCountError);
    expect((error as SharedCountError).status).to.equal(500);
    expect(remoteUrls()).to.deep.equal([CORS_URL]);
  });

  it('never adds a cache-busting parameter on either path', async () => {
    await fetchCounts(PAGE, { cache: 'none' });
    await fetchCounts(PAGE, { cache: 'none', transport: 'jsonp' });
    worker.use(corsBroken);
    await fetchCounts(PAGE, { cache: 'none' });
    const queries = remoteUrls().map((url) => [...new URL(url).searchParams.keys()].join(','));
    expect(queries).to.deep.equal(['url,apikey', 'url,apikey,callback', 'url,apikey', 'url,apikey,callback']);
    // The same URL is the same request, every time: cacheable by the browser, a CDN and the API.
    expect(new Set(remoteUrls()).size).to.equal(2);
  });

  it('holds one time limit for the whole call, fallback included', async () => {
    // CORS fails after 1 s; with a 1.2 s limit JSONP gets what is left (0.2 s), not a fresh 1.2 s.
    worker.use(
      http.get(FAKE_ENDPOINT, async ({ request }) => {
        if (!new URL(request.url).searchParams.has('callback')) return (await delay(1000), HttpResponse.error());
        return (await delay(5000), answer(request, 200, SAMPLE));
      }),
    );
    const started = performance.now();
    const error = await rejectionOf(fetchCounts(PAGE, { timeout: 1200 }));
    const elapsed = performance.now() - started;
    expect(error).to.be.instanceOf(TimeoutError);
    expect((error as TimeoutError).timeout, 'reports the limit the caller set').to.equal(1200);
    expect(elapsed).to.be.within(1150, 1900);
    expect(remoteUrls()).to.deep.equal([CORS_URL, JSONP_URL]);
    expect(leftovers().scripts).to.equal(0);
  });

  it('times out a slow CORS answer with TimeoutError naming the page', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async () => (await delay(1000), HttpResponse.json(SAMPLE))));
    const error = await rejectionOf(fetchCounts(PAGE, { timeout: 100, transport: 'cors' }));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error.message).to.contain('url=https%3A%2F%2Fexample.com%2F');
    expect(error.message, 'the key is masked').not.to.contain('demo-key');
  });
});
