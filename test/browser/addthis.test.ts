import { expect } from '@open-wc/testing';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { addthis, AddThisError, NetworkError, ResponseError, ValidationError } from '../../src/entries/share-count-widgets.js';
import { leftovers, rejectionOf, remoteUrls, requests, reset, startMocks, worker } from './support/mocks.js';

const BASE = 'https://api.addthis.com/analytics/1.0/pub';
const SHARES = `${BASE}/shares/url.json`;

/** JSON over CORS, or `callback(...)` when asked for JSONP (then always 200, like the services). */
function reply(request: Request, status: number, body: unknown): Response {
  const callback = new URL(request.url).searchParams.get('callback');
  if (callback) return new HttpResponse(`${callback}(${JSON.stringify(body)})`, { headers: { 'Content-Type': 'text/javascript' } });
  return HttpResponse.json(body as JsonBodyType, { status });
}

const INVALID = { error: { code: 30, message: 'invalid parameter', info: { invalidParameterName: 'period', invalidValue: 'x' } } };
const ATTACHMENT = { error: { code: 30, message: 'invalid parameter', attachment: { reason: '' } } };

describe('addthis.request', () => {
  before(startMocks);
  beforeEach(() => {
    reset();
    worker.use(http.get(SHARES, ({ request }) => reply(request, 200, [{ url: 'https://example.com/', shares: 12 }])));
  });

  it('builds {base}/{path}.{format}?params, repeating arrays and leaving undefined out', async () => {
    const data = await addthis.request(
      'shares/url',
      { period: 'week', pubid: 'ra-1', service: ['facebook', 'twitter'], domain: undefined },
      { base: BASE },
    );
    expect(data).to.deep.equal([{ url: 'https://example.com/', shares: 12 }]);
    expect(remoteUrls()).to.deep.equal([`${SHARES}?period=week&pubid=ra-1&service=facebook&service=twitter`]);
    expect(requests[0]!.credentials).to.equal('omit');
  });

  it('sends callback= and suppress_response_codes=true with JSONP, and only then', async () => {
    await addthis.request('shares/url', { period: 'day' }, { base: BASE, transport: 'jsonp' });
    const url = new URL(remoteUrls()[0]!);
    expect(url.searchParams.get('suppress_response_codes')).to.equal('true');
    expect(url.searchParams.get('callback')).to.match(/^jsonp_[0-9a-z]+$/);
    worker.use(
      http.get(SHARES, ({ request }) =>
        new URL(request.url).searchParams.has('callback') ? reply(request, 200, []) : HttpResponse.error(),
      ),
    );
    await addthis.request('shares/url', { period: 'month' }, { base: BASE });
    const [cors, fallback] = remoteUrls().slice(1);
    expect(cors).to.equal(`${SHARES}?period=month`);
    expect(fallback).to.match(
      new RegExp(`^${SHARES.replace(/[.?]/g, '\\$&')}\\?period=month&suppress_response_codes=true&callback=jsonp_`),
    );
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  describe('the error envelope', () => {
    it('over CORS with an HTTP status: AddThisError with code, message, info and status', async () => {
      worker.use(http.get(SHARES, ({ request }) => reply(request, 400, INVALID)));
      const error = (await rejectionOf(addthis.request('shares/url', { period: 'x' }, { base: BASE, transport: 'cors' }))) as AddThisError;
      expect(error).to.be.instanceOf(AddThisError);
      expect(error).to.include({ code: 30, status: 400 });
      expect(error.info).to.deep.equal(INVALID.error.info);
      expect(error.message).to.contain('invalid parameter').and.to.contain(SHARES);
    });

    it('over CORS with 200 (suppressed codes), and `attachment` in place of `info`', async () => {
      worker.use(http.get(SHARES, ({ request }) => reply(request, 200, ATTACHMENT)));
      const error = (await rejectionOf(addthis.request('shares/url', {}, { base: BASE, transport: 'cors' }))) as AddThisError;
      expect(error).to.include({ name: 'AddThisError', code: 30, status: 200 });
      expect(error.info).to.deep.equal({ reason: '' });
    });

    it('over JSONP: AddThisError from the 200 body', async () => {
      worker.use(http.get(SHARES, ({ request }) => reply(request, 400, INVALID)));
      const error = (await rejectionOf(addthis.request('shares/url', {}, { base: BASE, transport: 'jsonp' }))) as AddThisError;
      expect(error).to.include({ name: 'AddThisError', code: 30, status: 200 });
      expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
    });

    it('401 with code 80 is the authentication error; an HTTP error without a body is AddThisError with .status', async () => {
      worker.use(http.get(SHARES, () => HttpResponse.json({ error: { code: 80, message: 'authentication failed' } }, { status: 401 })));
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE }))).to.include({
        code: 80,
        status: 401,
        authentication: true,
      });
      worker.use(http.get(SHARES, ({ request }) => reply(request, 200, { error: { code: 80, message: 'authentication failed' } })));
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE, transport: 'jsonp' }))).to.include({ authentication: true });
      worker.use(http.get(SHARES, ({ request }) => reply(request, 400, INVALID)));
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE }))).to.include({ authentication: false });
      worker.use(http.get(SHARES, () => new HttpResponse('<h1>Down</h1>', { status: 503 })));
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE }))).to.include({
        name: 'AddThisError',
        status: 503,
        code: undefined,
      });
      worker.use(http.get(SHARES, () => HttpResponse.text('{"half')));
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE }))).to.be.instanceOf(ResponseError);
    });
  });

  describe('formats', () => {
    it('returns text for csv over CORS, and omits the extension for html', async () => {
      worker.use(
        http.get(`${BASE}/shares/url.csv`, () => HttpResponse.text('url,shares\nhttps://example.com/,12\n')),
        http.get(`${BASE}/shares/url`, () => HttpResponse.html('<table></table>')),
      );
      expect(await addthis.request('shares/url', {}, { base: BASE, format: 'csv' })).to.equal('url,shares\nhttps://example.com/,12\n');
      expect(await addthis.request('shares/url', {}, { base: BASE, format: 'html' })).to.equal('<table></table>');
      expect(remoteUrls()).to.deep.equal([`${BASE}/shares/url.csv`, `${BASE}/shares/url`]);
    });

    it('refuses JSONP for anything but json, and unknown formats, before any request', async () => {
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE, format: 'xml', transport: 'jsonp' }))).to.be.instanceOf(
        ValidationError,
      );
      expect(await rejectionOf(addthis.request('shares/url', {}, { base: BASE, format: 'pdf' as 'xml' }))).to.be.instanceOf(
        ValidationError,
      );
      expect(await rejectionOf(addthis.request('../../etc', {}, { base: BASE }))).to.be.instanceOf(ValidationError);
      expect(await rejectionOf(addthis.request('x', {}, { base: 'ftp://api.addthis.com' }))).to.be.instanceOf(ValidationError);
      expect(remoteUrls()).to.deep.equal([]);
    });
  });

  describe('authentication', () => {
    it('{ userid, password } travels as URL parameters, over https only, masked in messages', async () => {
      await addthis.request('shares/url', { period: 'day' }, { base: BASE, auth: { userid: 'me', password: 's3cret' } });
      expect(remoteUrls()[0]).to.equal(`${SHARES}?period=day&userid=me&password=s3cret`);
      const insecure = await rejectionOf(
        addthis.request('shares/url', {}, { base: 'http://api.addthis.com/analytics/1.0/pub', auth: { userid: 'me', password: 'p' } }),
      );
      expect(insecure).to.be.instanceOf(ValidationError);
      worker.use(http.get(SHARES, ({ request }) => reply(request, 401, { error: { code: 80, message: 'authentication failed' } })));
      const failed = await rejectionOf(addthis.request('shares/url', {}, { base: BASE, auth: { userid: 'me', password: 's3cret' } }));
      expect(failed.message).to.contain('password=***').and.not.to.contain('s3cret');
      expect(failed.message, 'the userid is an email address: masked too').to.contain('userid=***').and.not.to.contain('userid=me');
    });

    it('{ basic } travels as an Authorization header over CORS, and is refused with JSONP', async () => {
      await addthis.request('shares/url', {}, { base: BASE, auth: { basic: { userid: 'me', password: 'pw' } } });
      expect(requests[0]!.headers.get('authorization')).to.equal(`Basic ${btoa('me:pw')}`);
      expect(remoteUrls()[0]).to.equal(SHARES);
      const jsonpAuth = await rejectionOf(
        addthis.request('shares/url', {}, { base: BASE, transport: 'jsonp', auth: { basic: { userid: 'me', password: 'pw' } } }),
      );
      expect(jsonpAuth).to.be.instanceOf(ValidationError);
      worker.use(http.get(SHARES, () => HttpResponse.error()));
      const noFallback = await rejectionOf(
        addthis.request('shares/url', {}, { base: BASE, auth: { basic: { userid: 'me', password: 'pw' } } }),
      );
      expect(noFallback, 'never a JSONP fallback without the header').to.be.instanceOf(NetworkError);
      expect(remoteUrls()).to.have.length(2);
    });
  });
});

describe('addthis.paginate', () => {
  const LIST = `${BASE}/items.json`;
  before(startMocks);
  beforeEach(reset);

  /** A service of `total` items; `totals` may change what later pages say; `short` trims a page. */
  function service(total: number, options: { totals?: number[]; short?: number } = {}) {
    let calls = 0;
    worker.use(
      http.get(LIST, ({ request }) => {
        const params = new URL(request.url).searchParams;
        const start = Number(params.get('start'));
        const count = Number(params.get('count'));
        const pageTotal = options.totals?.[calls] ?? total;
        calls++;
        const size = Math.max(0, Math.min(count, pageTotal - start) - (calls === 1 && options.short ? options.short : 0));
        return reply(request, 200, {
          start,
          count: size,
          total: pageTotal,
          items: Array.from({ length: size }, (_, i) => `item-${start + i}`),
        });
      }),
    );
  }

  const collect = async (iterator: AsyncIterable<unknown>) => {
    const items: unknown[] = [];
    for await (const item of iterator) items.push(item);
    return items;
  };
  const starts = () => remoteUrls().map((url) => new URL(url).searchParams.get('start'));

  it('walks three pages and stops at total, never asking past it', async () => {
    service(7);
    const items = await collect(addthis.paginate('items', { period: 'week' }, { base: BASE, count: 3 }));
    expect(items).to.deep.equal(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    expect(starts()).to.deep.equal(['0', '3', '6']);
    expect(remoteUrls()[0]).to.equal(`${LIST}?period=week&start=0&count=3`);
  });

  it('follows a total that shrinks, and advances by what a short page really held', async () => {
    service(9, { totals: [9, 4] });
    expect(await collect(addthis.paginate('items', {}, { base: BASE, count: 3 }))).to.deep.equal(['item-0', 'item-1', 'item-2', 'item-3']);
    expect(starts()).to.deep.equal(['0', '3']);
    reset();
    service(5, { short: 1 });
    expect(await collect(addthis.paginate('items', {}, { base: BASE, count: 3 }))).to.deep.equal([
      'item-0',
      'item-1',
      'item-2',
      'item-3',
      'item-4',
    ]);
    expect(starts(), 'the short first page held 2, so the next starts at 2').to.deep.equal(['0', '2']);
  });

  it('refuses a service that ignores start, instead of yielding its first page forever', async () => {
    worker.use(http.get(LIST, ({ request }) => reply(request, 200, { start: 0, count: 2, items: ['a', 'b'] })));
    const items: unknown[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const item of addthis.paginate('items', {}, { base: BASE, count: 2 })) items.push(item);
      })(),
    );
    expect(error).to.be.instanceOf(ResponseError);
    expect(items).to.deep.equal(['a', 'b']);
    expect(remoteUrls()).to.have.length(2);
  });

  it('stops on an empty page, and needs itemsKey when a page has several arrays', async () => {
    worker.use(http.get(LIST, ({ request }) => reply(request, 200, { total: 100, items: [] })));
    expect(await collect(addthis.paginate('items', {}, { base: BASE, count: 10 }))).to.deep.equal([]);
    expect(remoteUrls()).to.have.length(1);
    worker.use(http.get(LIST, ({ request }) => reply(request, 200, { total: 1, items: ['a'], tags: ['x', 'y'] })));
    expect(await rejectionOf(collect(addthis.paginate('items', {}, { base: BASE })))).to.be.instanceOf(ValidationError);
    expect(await collect(addthis.paginate('items', {}, { base: BASE, itemsKey: 'tags' }))).to.deep.equal(['x', 'y']);
  });
});
