/**
 * Hostile input and hostile answers, table-driven, through every public entry point that
 * exists: fetchCounts, $.sharedCount, jsonp and <share-count>. Each case ends in a typed error
 * or a defined result; nothing throws past the API, reaches window.onerror or stays behind.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import { FAKE_PROXY } from '../fakes/shareablee.js';
import {
  addthis,
  configure,
  createShareableeClient,
  type ShareableeBadgeElement,
  type AddThisOptions,
  type AddThisParams,
  fetchCounts,
  isShareCountWidgetsError,
  jsonp,
  type SharedCountData,
  type ShareCountElement,
} from '../../src/entries/share-count-widgets.js';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../../src/jquery/full.js';
import { answer, FAKE_ENDPOINT } from '../fakes/sharedcount.js';
import { leftovers, loadScript, remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { mount, settled } from './support/settle.js';

const LONG = `https://example.com/${'a'.repeat(10_000)}`;
const HOSTILE_URLS: unknown[] = [
  '',
  '   ',
  '/relative',
  '//example.com/protocol-relative',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  LONG,
  'https://bücher.example/ü?q=ö',
  'https://xn--bcher-kva.example/',
  null,
  undefined,
  42,
  {},
  ['https://example.com/'],
];
/** Accepted as given: absolute http(s), unicode and punycode hosts alike. */
const ACCEPTED = new Set(['https://bücher.example/ü?q=ö', 'https://xn--bcher-kva.example/']);

/** What a call came to: 'ok' or the error's name (never a foreign error, never a throw). */
async function outcome(call: () => PromiseLike<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    expect(isShareCountWidgetsError(error) || (error as Error).name === 'AbortError', String(error)).to.equal(true);
    return (error as Error).name;
  }
}

describe('hostile input', () => {
  const pageErrors = watchPageErrors();
  let $: JQueryStatic;
  before(async () => {
    await startMocks();
    await loadScript('/node_modules/jquery/dist/jquery.js');
    $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    installJQueryPlugin($);
  });
  beforeEach(reset);
  afterEach(() => {
    expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('fetchCounts: invalid_url for everything but absolute http(s) URLs, with no request for those', async () => {
    for (const url of HOSTILE_URLS) {
      expect(await outcome(() => fetchCounts(url as string)), String(url).slice(0, 40)).to.equal(
        ACCEPTED.has(url as string) ? 'ok' : 'SharedCountError',
      );
    }
    expect(remoteUrls()).to.have.length(ACCEPTED.size);
  });

  it('$.sharedCount: the same, except that no URL at all means this page', async () => {
    for (const url of HOSTILE_URLS) {
      const expected = url === '' || url === null || url === undefined || ACCEPTED.has(url as string) ? 'ok' : 'SharedCountError';
      expect(await outcome(() => $.sharedCount(url as string)), String(url).slice(0, 40)).to.equal(expected);
    }
  });

  it('jsonp: ValidationError for non-URLs, non-http schemes and unsafe callback names, before any script', async () => {
    const cases: [unknown, object][] = [
      ['', {}],
      ['   ', {}],
      ['javascript:alert(1)', {}],
      ['data:text/javascript,alert(1)', {}],
      [null, {}],
      [42, {}],
      [{}, {}],
      ['https://jsonp.test/', { callbackName: 'a.b' }],
      ['https://jsonp.test/', { callbackName: 'x[0]' }],
      ['https://jsonp.test/', { callbackName: "x'];alert(1);//" }],
      ['https://jsonp.test/', { callbackName: 'x"y' }],
      ['https://jsonp.test/', { callbackName: 42 }],
      ['https://jsonp.test/', { callbackParam: 'cb&evil=1' }],
      ['https://jsonp.test/', { timeout: 'soon' }],
    ];
    for (const [url, options] of cases) {
      expect(await outcome(() => jsonp(url as string, options)), `${String(url)} ${JSON.stringify(options)}`).to.equal('ValidationError');
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('addthis.request: ValidationError for bad bases, paths, formats and params, before any request', async () => {
    const cases: [unknown, unknown, object][] = [
      ['shares/url', {}, { base: '' }],
      ['shares/url', {}, { base: 'javascript:alert(1)' }],
      ['shares/url', {}, { base: '//api.addthis.com' }],
      ['shares/url', {}, { base: null }],
      ['../../admin', {}, { base: 'https://api.addthis.com' }],
      ['shares/<script>', {}, { base: 'https://api.addthis.com' }],
      [42, {}, { base: 'https://api.addthis.com' }],
      ['shares/url', null, { base: 'https://api.addthis.com' }],
      ['shares/url', {}, { base: 'https://api.addthis.com', format: 'exe' }],
      ['shares/url', {}, { base: 'https://api.addthis.com', transport: 'carrier-pigeon' }],
      ['shares/url', {}, { base: 'http://api.addthis.com', auth: { userid: 'u', password: 'p' } }],
    ];
    for (const [path, params, options] of cases) {
      const call = () => addthis.request(path as string, params as AddThisParams, options as AddThisOptions);
      expect(await outcome(call), `${String(path)} ${JSON.stringify(options)}`).to.equal('ValidationError');
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('the Shareablee client: ValidationError for hostile ids, services, dates and parameters, before any request', async () => {
    const client = createShareableeClient({ baseUrl: FAKE_PROXY });
    const cases: [string, () => Promise<unknown>][] = [
      ['empty id', () => client.userMetrics('', 'facebook')],
      ['whitespace id', () => client.userMetrics('  ', 'facebook')],
      ['traversal id', () => client.userMetrics('../../me', 'facebook')],
      ['id with a quote', () => client.userMetrics("1'or'1", 'facebook')],
      ['10,000-character id', () => client.userMetrics('9'.repeat(10_000), 'facebook')],
      ['null id', () => client.userMetrics(null as unknown as string, 'facebook')],
      ['object id', () => client.userMetrics({} as unknown as string, 'facebook')],
      ['service as a number', () => client.userMetrics(1, 7 as unknown as 'facebook')],
      ['javascript: date', () => client.userMetrics(1, 'facebook', { start_date: 'javascript:alert(1)', end_date: '2026-10-01' })],
      ['unicode date', () => client.userMetrics(1, 'facebook', { start_date: '２０２６-10-01', end_date: '2026-10-31' })],
      ['object as a parameter', () => client.userTopContent(1, { limit: {} as unknown as number })],
      ['query as a string', () => client.userMetrics(1, 'facebook', 'start_date=x' as unknown as Record<string, string>)],
    ];
    for (const [what, call] of cases) expect(await outcome(call), what).to.equal('ValidationError');
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('<shareablee-badge>: the error state for hostile attributes, with no request', async () => {
    configure({ shareablee: { endpoint: FAKE_PROXY } });
    const templates = [
      html`<shareablee-badge entity-id=""></shareablee-badge>`,
      html`<shareablee-badge entity-id="../../me/properties"></shareablee-badge>`,
      html`<shareablee-badge entity-id="1" service="javascript:alert(1)"></shareablee-badge>`,
      html`<shareablee-badge entity-id="1" metric="total_actions;drop"></shareablee-badge>`,
      html`<shareablee-badge entity-id="1" start-date="yesterday" end-date="today"></shareablee-badge>`,
      html`<shareablee-badge entity-id="1" endpoint="javascript:alert(1)//"></shareablee-badge>`,
    ];
    for (const template of templates) {
      const el = await fixture<ShareableeBadgeElement>(template);
      await settled(el);
      expect([el.state, el.error?.name], el.outerHTML).to.deep.equal(['error', 'ValidationError']);
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('<share-count>: the error state for every url it cannot count, with no request', async () => {
    const attributes = ['', '   ', 'javascript:alert(1)', 'data:text/html,x', '//', LONG, 'ftp://example.com/'];
    for (const url of attributes) {
      const el = await mount<ShareCountElement>(html`<share-count url=${url}></share-count>`);
      expect([el.state, el.error?.name], url.slice(0, 40)).to.deep.equal(['error', 'SharedCountError']);
    }
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('<share-count>: properties of the wrong type end in the error state, not an exception', async () => {
    const el = await fixture<ShareCountElement>(html`<share-count url="https://example.com/"></share-count>`);
    await settled(el);
    for (const [key, value] of [
      ['service', 42],
      ['field', null],
      ['notation', {}],
      ['transport', 7],
    ] as const) {
      Object.assign(el, { [key]: value });
      await el.updateComplete;
      await settled(el);
      expect(el.state, `${key} = ${String(value)}`).to.be.oneOf(['ready', 'error']);
      Object.assign(el, { service: 'total', field: 'total_count', notation: 'compact', transport: undefined });
      await el.updateComplete;
    }
  });
});

describe('hostile answers', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => {
    expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  const bodies: [string, () => Response | Promise<Response>, string][] = [
    ['HTML instead of JSON', () => HttpResponse.html('<!doctype html><h1>Welcome</h1>'), 'ResponseError'],
    ['truncated JSON', () => HttpResponse.text('{"Pinterest": 1, "Face'), 'ResponseError'],
    ['a JSON array', () => HttpResponse.json([1, 2, 3]), 'ResponseError'],
    ['a JSON string', () => HttpResponse.json('counts'), 'ResponseError'],
    ['counts as strings', () => HttpResponse.json({ Pinterest: '12' }), 'ResponseError'],
    ['a negative count', () => HttpResponse.json({ Facebook: { total_count: -5 } }), 'ResponseError'],
    ['Facebook as a number', () => HttpResponse.json({ Facebook: 12 }), 'ResponseError'],
    ['HTTP 500', () => new HttpResponse(null, { status: 500 }), 'SharedCountError'],
    ['HTTP 502 with an HTML page', () => HttpResponse.html('<h1>Bad gateway</h1>', { status: 502 }), 'SharedCountError'],
    ['HTTP 503', () => new HttpResponse('busy', { status: 503 }), 'SharedCountError'],
    ['HTTP 429', () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '60' } }), 'RateLimitError'],
    ['the network offline', () => HttpResponse.error(), 'NetworkError'],
  ];
  for (const [what, respond, name] of bodies) {
    it(`${what}: ${name} from fetchCounts, and the error state in <share-count>`, async () => {
      worker.use(
        http.get(FAKE_ENDPOINT, ({ request }) =>
          // JSONP (the fallback when the network is offline) fails like CORS did.
          new URL(request.url).searchParams.has('callback') ? HttpResponse.error() : respond(),
        ),
      );
      expect(await outcome(() => fetchCounts('https://example.com/', { cache: 'none' }))).to.equal(name);
      const el = await mount<ShareCountElement>(html`<share-count url="https://example.com/x"></share-count>`);
      expect([el.state, el.error?.name]).to.deep.equal(['error', name]);
    });
  }

  it('unknown keys of any type pass through untouched; known null networks count as nothing', async () => {
    const body = { Pinterest: null, Mastodon: 'n/a', Bluesky: { likes: 'many' }, Facebook: { total_count: 3, note: 'x' } };
    worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, 200, body)));
    const data: SharedCountData = await fetchCounts('https://example.com/');
    expect(data).to.deep.equal(body);
    const el = await mount<ShareCountElement>(html`<share-count url="https://example.com/"></share-count>`);
    expect(el.count).to.equal(3);
  });

  it('a 429 storm on a page of 100 elements over 10 URLs: 10 requests, no retries, all in error', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async () => (await delay(20), new HttpResponse(null, { status: 429 }))));
    const list = await fixture<HTMLElement>(
      html`<div>${Array.from({ length: 100 }, (_, i) => html`<share-count url=${`https://example.com/storm-${i % 10}`}></share-count>`)}</div>`,
    );
    const elements = [...list.querySelectorAll('share-count')];
    await Promise.all(elements.map(settled));
    expect(elements.every((el) => el.error?.name === 'RateLimitError')).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(remoteUrls()).to.have.length(10);
  });

  const proxyAnswers: [string, () => Response | Promise<Response>, string][] = [
    ['HTML instead of JSON', () => HttpResponse.html('<h1>Welcome</h1>'), 'ResponseError'],
    ['truncated JSON', () => HttpResponse.text('{"name": "x", "metr'), 'ResponseError'],
    ['a JSON array', () => HttpResponse.json([1, 2]), 'ResponseError'],
    ['a metric as a string', () => HttpResponse.json({ name: 'x', metrics: { total_actions: '12' } }), 'ResponseError'],
    ['metrics as a string', () => HttpResponse.json({ name: 'x', metrics: 'none' }), 'ResponseError'],
    ['HTTP 502', () => HttpResponse.json({ error: 'Shareablee answered HTTP 500' }, { status: 502 }), 'ShareableeError'],
    ['HTTP 503 with an HTML page', () => HttpResponse.html('<h1>busy</h1>', { status: 503 }), 'ShareableeError'],
    ['the proxy offline', () => HttpResponse.error(), 'NetworkError'],
  ];
  for (const [what, respond, name] of proxyAnswers) {
    it(`<shareablee-badge>, ${what} from the proxy: ${name} and the error state`, async () => {
      configure({ shareablee: { endpoint: FAKE_PROXY } });
      worker.use(http.get(/proxy\.publisher\.test/, respond));
      const el = await fixture<ShareableeBadgeElement>(html`<shareablee-badge entity-id="42"></shareablee-badge>`);
      await settled(el);
      expect([el.state, el.error?.name]).to.deep.equal(['error', name]);
    });
  }

  it('a server slower than the timeout: TimeoutError, and nothing left behind', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(2000), answer(request, 200, { Pinterest: 1 }))));
    expect(await outcome(() => fetchCounts('https://example.com/', { timeout: 100 }))).to.equal('TimeoutError');
    expect(await outcome(() => fetchCounts('https://example.com/j', { timeout: 100, transport: 'jsonp' }))).to.equal('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 2200)); // the late JSONP reply arrives and is swallowed
  });
});
