import { expect, waitUntil } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import {
  configure,
  grantConsent,
  jsonp,
  NetworkError,
  ResponseError,
  TimeoutError,
  ValidationError,
} from '../../src/entries/share-count-widgets.js';
import { leftovers, nextTick, rejectionOf, remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';

const API = 'https://jsonp.test/data';
const script = (body: string) => new HttpResponse(body, { headers: { 'Content-Type': 'text/javascript' } });
/** Answers `callback({...})` with the query it was asked. */
const echo = http.get(API, ({ request }) => {
  const params = new URL(request.url).searchParams;
  return script(`${params.get('callback')}(${JSON.stringify({ q: params.get('q') })})`);
});

describe('jsonp()', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(() => {
    reset();
    worker.use(echo);
  });

  it('loads one async script with the callback in the query, then leaves no script or global behind', async () => {
    const pending = jsonp<{ q: string }>(`${API}?q=1`, { callbackName: 'cb_one' });
    await nextTick();
    const tag = document.querySelector<HTMLScriptElement>(`script[src^="${API}"]`)!;
    expect(tag.async).to.equal(true);
    expect(tag.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(tag.src).to.equal(`${API}?q=1&callback=cb_one`);
    expect(await pending).to.deep.equal({ q: '1' });
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
    expect(remoteUrls()).to.deep.equal([`${API}?q=1&callback=cb_one`]);
  });

  it('derives a stable callback name from the URL, so the same URL is the same script URL', async () => {
    await jsonp(`${API}?q=2`);
    await jsonp(`${API}?q=2`);
    const [first, second] = remoteUrls();
    expect(first).to.match(/[?&]callback=jsonp_[0-9a-z]+$/);
    expect(second).to.equal(first);
  });

  it('accepts only [A-Za-z0-9_$] callback names and a plain parameter name, before any request', async () => {
    for (const callbackName of ['a.b', 'a[0]', "x'y", 'x"y', 'alert(1)', '1abc', '', 'a b', 'a-b', 'if', 'new', 'this']) {
      const error = await rejectionOf(jsonp(API, { callbackName }));
      expect(error, callbackName).to.be.instanceOf(ValidationError);
      expect(error.message).to.contain(API);
    }
    expect(await jsonp(`${API}?q=ok`, { callbackName: '$ok_1' })).to.deep.equal({ q: 'ok' });
    expect(await rejectionOf(jsonp(API, { callbackParam: 'cb&x=1' }))).to.be.instanceOf(ValidationError);
    expect(remoteUrls()).to.have.length(1);
  });

  it('refuses non-http URLs and bad timeouts as ValidationError', async () => {
    for (const url of ['javascript:alert(1)//', 'data:text/javascript,alert(1)', '', '   ']) {
      expect(await rejectionOf(jsonp(url)), url).to.be.instanceOf(ValidationError);
    }
    expect(await rejectionOf(jsonp(API, { timeout: -1 }))).to.be.instanceOf(ValidationError);
    expect(leftovers().scripts).to.equal(0);
    expect(remoteUrls()).to.deep.equal([]);
  });

  it('puts the nonce on the script, from the option or from configure()', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        await delay(50);
        return script(`${new URL(request.url).searchParams.get('callback')}(1)`);
      }),
    );
    const first = jsonp(`${API}?n=1`, { nonce: 'abc123' });
    await nextTick(10);
    expect(document.querySelector<HTMLScriptElement>(`script[src^="${API}?n=1"]`)!.nonce).to.equal('abc123');
    await first;
    configure({ nonce: 'fromconfig' });
    const second = jsonp(`${API}?n=2`);
    await nextTick(10);
    expect(document.querySelector<HTMLScriptElement>(`script[src^="${API}?n=2"]`)!.nonce).to.equal('fromconfig');
    await second;
    configure({ nonce: undefined });
  });

  it('rejects with NetworkError naming the URL when the script fails to load (404), and cleans up', async () => {
    worker.use(http.get(API, () => new HttpResponse('not found', { status: 404 })));
    const error = await rejectionOf(jsonp(`${API}?q=404`, { callbackName: 'cb_404' }));
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.message).to.contain(`${API}?q=404&callback=cb_404`);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('rejects at once with ResponseError when the script runs without calling back, and cleans up', async () => {
    worker.use(http.get(API, () => script('var nothing = 1;')));
    const started = performance.now();
    const error = await rejectionOf(jsonp(API, { callbackName: 'cb_silent', timeout: 5000 }));
    expect(error).to.be.instanceOf(ResponseError);
    expect(error.message).to.contain('cb_silent').and.to.contain(API);
    expect(performance.now() - started).to.be.below(4000);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('takes the first reply when a script calls back twice, without an error in the page', async () => {
    worker.use(
      http.get(API, ({ request }) => {
        const name = new URL(request.url).searchParams.get('callback');
        return script(`${name}({"n":1}); ${name}({"n":2});`);
      }),
    );
    expect(await jsonp(API, { callbackName: 'cb_twice' })).to.deep.equal({ n: 1 });
    expect(pageErrors).to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('times out with TimeoutError naming the URL, removes the script at once, and swallows the late reply', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        await delay(300);
        return script(`${new URL(request.url).searchParams.get('callback')}({"late":true})`);
      }),
    );
    const error = await rejectionOf(jsonp(`${API}?slow=1`, { callbackName: 'cb_slow', timeout: 50 }));
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error.message).to.contain(`${API}?slow=1&callback=cb_slow`);
    expect(leftovers().scripts).to.equal(0);
    await nextTick(600);
    expect(pageErrors, 'no ReferenceError from the late reply').to.deep.equal([]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('rejects with the signal reason on abort, and with an aborted signal sends nothing', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        await delay(200);
        return script(`${new URL(request.url).searchParams.get('callback')}(1)`);
      }),
    );
    const controller = new AbortController();
    const pending = jsonp(API, { callbackName: 'cb_abort', signal: controller.signal });
    await nextTick(20);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).to.be.instanceOf(DOMException);
    expect(error.name).to.equal('AbortError');
    expect(leftovers().scripts).to.equal(0);
    await nextTick(400);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
    expect(pageErrors).to.deep.equal([]);

    const count = remoteUrls().length;
    const aborted = AbortSignal.abort();
    expect(await rejectionOf(jsonp(API, { signal: aborted }))).to.equal(aborted.reason);
    expect(remoteUrls()).to.have.length(count);
  });

  it('shares one script between concurrent calls for the same URL', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        await delay(30);
        return script(`${new URL(request.url).searchParams.get('callback')}({"shared":true})`);
      }),
    );
    const results = await Promise.all([1, 2, 3].map(() => jsonp(API, { callbackName: 'cb_shared' })));
    expect(results).to.deep.equal([{ shared: true }, { shared: true }, { shared: true }]);
    expect(remoteUrls()).to.have.length(1);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('keeps answering the others when one of several callers times out', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        await delay(150);
        return script(`${new URL(request.url).searchParams.get('callback')}({"ok":1})`);
      }),
    );
    const early = jsonp(API, { callbackName: 'cb_mixed', timeout: 30 });
    const patient = jsonp(API, { callbackName: 'cb_mixed', timeout: 2000 });
    expect(await rejectionOf(early)).to.be.instanceOf(TimeoutError);
    expect(leftovers().scripts, 'still needed by the patient caller').to.equal(1);
    expect(await patient).to.deep.equal({ ok: 1 });
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
    expect(remoteUrls()).to.have.length(1);
  });

  it('gives calls that share a callback name but not a URL each its own answer, at the same time', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        const params = new URL(request.url).searchParams;
        await delay(params.get('q') === 'a' ? 120 : 10); // b's script runs first
        return script(`${params.get('callback')}(${JSON.stringify({ q: params.get('q') })})`);
      }),
    );
    const [a, b] = await Promise.all([jsonp(`${API}?q=a`, { callbackName: 'cb_same' }), jsonp(`${API}?q=b`, { callbackName: 'cb_same' })]);
    expect([a, b]).to.deep.equal([{ q: 'a' }, { q: 'b' }]);
    expect(remoteUrls()).to.deep.equal([`${API}?q=a&callback=cb_same`, `${API}?q=b&callback=cb_same`]);
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('does not let a slow script hold up another URL of the same name; a retry gets the late answer', async () => {
    worker.use(
      http.get(API, async ({ request }) => {
        const params = new URL(request.url).searchParams;
        if (params.get('q') === 'slow') await delay(600);
        return script(`${params.get('callback')}(${JSON.stringify({ q: params.get('q') })})`);
      }),
    );
    const first = await rejectionOf(jsonp(`${API}?q=slow`, { callbackName: 'cb_busy', timeout: 50 }));
    expect(first).to.be.instanceOf(TimeoutError);
    expect(leftovers().scripts).to.equal(0);
    const retry = jsonp(`${API}?q=slow`, { callbackName: 'cb_busy', timeout: 3000 });
    const other = jsonp(`${API}?q=other`, { callbackName: 'cb_busy', timeout: 3000 });
    // The other URL answers while the slow script of the same name is still loading.
    const winner = await Promise.race([other.then(() => 'other'), retry.then(() => 'retry')]);
    expect(winner, 'the other URL is not held up').to.equal('other');
    expect(await other).to.deep.equal({ q: 'other' });
    expect(await retry).to.deep.equal({ q: 'slow' });
    // Chromium joins a script to an identical URL still loading: the retry costs no second request.
    expect(remoteUrls()).to.deep.equal([`${API}?q=slow&callback=cb_busy`, `${API}?q=other&callback=cb_busy`]);
    // The abandoned script runs in a task of its own; the global goes once it has ended too.
    await waitUntil(() => leftovers().globals.length === 0, 'global removed after the last script', { timeout: 1000 });
    expect(leftovers()).to.deep.equal({ scripts: 0, globals: [] });
  });

  it('never overwrites a global the page already has', async () => {
    (window as unknown as Record<string, unknown>)['cb_taken'] = 'mine';
    const error = await rejectionOf(jsonp(API, { callbackName: 'cb_taken' }));
    expect(error).to.be.instanceOf(ValidationError);
    expect((window as unknown as Record<string, unknown>)['cb_taken']).to.equal('mine');
    delete (window as unknown as Record<string, unknown>)['cb_taken'];
    expect(remoteUrls()).to.deep.equal([]);
  });

  // Last: consent, once granted, stays granted for the page.
  it('under consent: required, sends nothing and starts no clock until grantConsent()', async () => {
    configure({ consent: 'required' });
    let settled = false;
    // A time limit shorter than the wait: a clock started before consent would have run out.
    const pending = jsonp(`${API}?q=consent`, { timeout: 600 }).finally(() => (settled = true));
    await nextTick(800);
    expect(remoteUrls()).to.deep.equal([]);
    expect(settled, 'no TimeoutError while waiting for consent').to.equal(false);
    grantConsent();
    expect(await pending).to.deep.equal({ q: 'consent' });
  });
});
