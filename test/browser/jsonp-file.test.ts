/**
 * The script-tag files load their JSONP code from the sibling file share-count-widgets.jsonp.js,
 * and only when a request needs JSONP. Pages with a real nonce-only CSP (no 'self'), served by the
 * test server with only dist/share-count.iife.js on them (web-test-runner.config.mjs), in frames.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { fakeLog } from './support/frames.js';
import { rejectionOf } from './support/worker.js';

const JSONP_FILE = 'share-count-widgets.jsonp.js';
const fakeReferrers = async (): Promise<string[]> => (await fetch('/__fake-sharedcount/referrers')).json();

async function open(name: string) {
  localStorage.clear(); // no answer cached by another page: every count goes over the wire
  await fakeLog();
  const frame = document.createElement('iframe');
  frame.src = `/__strict/${name}.html`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow!;
  const violations: string[] = [];
  win.document.addEventListener('securitypolicyviolation', (event) => violations.push(event.blockedURI));
  const elements = [...win.document.querySelectorAll('share-count')];
  await waitUntil(() => elements.every((el) => el.state !== 'loading'), `${name}: counts settled`, { timeout: 5000 });
  const loaded = win.performance.getEntriesByType('resource').map((entry) => entry.name);
  return { win, elements, violations, loaded, jsonpFiles: loaded.filter((url) => url.endsWith(`/${JSONP_FILE}`)) };
}

describe(`JSONP from ${JSONP_FILE}`, () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('a page whose CORS works never requests the JSONP file', async () => {
    const page = await open('counts-cors');
    expect(page.elements.map((el) => [el.state, el.count])).to.deep.equal([
      ['ready', 177],
      ['ready', 177],
    ]);
    expect(page.jsonpFiles).to.deep.equal([]);
    expect(page.loaded.filter((url) => url.endsWith('.js'))).to.deep.equal([`${location.origin}/dist/share-count.iife.js`]);
    expect((await fakeLog()).sort()).to.deep.equal([
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fa&apikey=demo-key',
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fb&apikey=demo-key',
    ]);
  });

  it("a page whose CORS fails loads it once, beside the tag, under the tag's nonce, and shows the counts", async () => {
    const page = await open('counts-no-cors');
    expect(page.elements.map((el) => [el.state, el.count])).to.deep.equal([
      ['ready', 177],
      ['ready', 177],
    ]);
    expect(page.jsonpFiles).to.deep.equal([`${location.origin}/dist/${JSONP_FILE}`]);
    expect(page.violations, 'nothing blocked by the nonce-only CSP').to.deep.equal([]);
    expect(page.win.document.querySelectorAll('script[src]').length, 'only the tag of the counts file stays').to.equal(1);
    const referrers = await fakeReferrers();
    const log = await fakeLog();
    const jsonp = log.filter((url) => url.includes('callback='));
    // CORS first (refused: no CORS header), then JSONP with SharedCount's own callback name, nothing cache-busting.
    expect(log.filter((url) => !url.includes('callback=')).sort()).to.deep.equal([
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fno-cors-1&apikey=demo-key',
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fno-cors-2&apikey=demo-key',
    ]);
    expect(jsonp.sort()).to.deep.equal([
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fno-cors-1&apikey=demo-key&callback=sc_https3A2F2Fexamplecom2Fnocors1',
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fno-cors-2&apikey=demo-key&callback=sc_https3A2F2Fexamplecom2Fnocors2',
    ]);
    expect(
      log.map((url, i) => [url.includes('callback=') ? 'jsonp' : 'cors', referrers[i]]).filter(([way]) => way === 'jsonp'),
      'JSONP scripts send no Referer (referrerpolicy="no-referrer")',
    ).to.deep.equal([
      ['jsonp', ''],
      ['jsonp', ''],
    ]);
  });

  it('a JSONP file that is missing: a NetworkError naming it', async () => {
    const page = await open('counts-no-jsonp-file');
    const [el] = page.elements;
    expect(el!.state).to.equal('error');
    expect(el!.error!.name).to.equal('NetworkError');
    expect(el!.error!.message).to.contain('share-count-widgets.jsonp.js did not load');
    expect(await fakeLog(), 'one CORS try, and no JSONP request without its file').to.deep.equal([
      '/__fake-sharedcount/?url=https%3A%2F%2Fexample.com%2Fno-cors-1&apikey=demo-key',
    ]);
  });

  it('a JSONP file that never arrives: a TimeoutError within the time limit, not a hang', async () => {
    const { win } = await open('counts-jsonp-file-hangs');
    const api = (win as Window & { ShareCountWidgets: typeof import('../../src/entries/share-count.iife.js') }).ShareCountWidgets;
    const started = performance.now();
    const error = await rejectionOf(api.fetchCounts('https://example.com/no-cors-2', { timeout: 1500, cache: 'none' }));
    expect(error).to.be.instanceOf(api.TimeoutError);
    expect(performance.now() - started, 'the time limit, the load in it').to.be.below(3000);
  });
});
