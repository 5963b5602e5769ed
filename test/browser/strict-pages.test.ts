/**
 * Pages that lock scripts down, with a real Content-Security-Policy header from the test
 * server (web-test-runner.config.mjs), each in a frame with only the built IIFE on it. The
 * counts come from the server's own fake SharedCount on another origin (127.0.0.1).
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';

type Api = typeof import('../../src/entries/share-count-widgets.js');
interface StrictPage {
  api: Api;
  jsonp: ShareCountElement;
  cors: ShareCountElement;
  violations: string[];
}

async function open(name: string): Promise<StrictPage> {
  localStorage.clear(); // the frames share this origin's storage: no answer cached by another page
  const frame = document.createElement('iframe');
  frame.src = `/__strict/${name}.html`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & { ShareCountWidgets: Api };
  const violations: string[] = [];
  win.document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
  const jsonp = win.document.getElementById('jsonp') as ShareCountElement;
  const cors = win.document.getElementById('cors') as ShareCountElement;
  await waitUntil(() => jsonp.state !== 'loading' && cors.state !== 'loading', `${name}: elements settled`, { timeout: 4000 });
  return { api: win.ShareCountWidgets, jsonp, cors, violations };
}

const fakeLog = async (): Promise<string[]> => (await fetch('/__fake-sharedcount/log')).json();

describe('strict pages', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it("CSP with a nonce on the widget's tag: JSONP carries the nonce and works", async () => {
    await fakeLog();
    const page = await open('csp-nonce');
    expect([page.jsonp.state, page.jsonp.count]).to.deep.equal(['ready', 177]);
    expect([page.cors.state, page.cors.count]).to.deep.equal(['ready', 177]);
    const log = await fakeLog();
    expect(
      log.some((url) => url.includes('callback=sc_')),
      'a JSONP request reached the server',
    ).to.equal(true);
    expect(page.violations).to.deep.equal([]);
  });

  it('CSP without a nonce: CORS still works, JSONP fails at once with a clear error', async () => {
    const started = performance.now();
    const page = await open('csp-no-nonce');
    expect(performance.now() - started, 'no silent hang until the timeout').to.be.below(4000);
    expect([page.cors.state, page.cors.count]).to.deep.equal(['ready', 177]);
    expect(page.jsonp.state).to.equal('error');
    expect(page.jsonp.error!.name).to.equal('NetworkError');
    expect(page.jsonp.error!.message).to.contain('Content-Security-Policy').and.to.contain('nonce');

    page.api.configure({ nonce: 'abc123' });
    const data = await page.api.fetchCounts('https://example.com/other', { transport: 'jsonp', cache: 'none' });
    expect(page.api.totalCount(data), 'configure({ nonce }) lets JSONP through').to.equal(177);
  });

  it("Trusted Types enforced, the widget's policy allowed: elements render and JSONP works", async () => {
    const page = await open('trusted-types');
    expect([page.jsonp.state, page.jsonp.count]).to.deep.equal(['ready', 177]);
    expect([page.cors.state, page.cors.count]).to.deep.equal(['ready', 177]);
    expect(page.violations).to.deep.equal([]);
  });

  it("Trusted Types enforced without the widget's policy: a clear error naming it, CORS unaffected", async () => {
    const page = await open('trusted-types-unlisted');
    expect(page.cors.state).to.equal('ready');
    expect(page.jsonp.state).to.equal('error');
    expect(page.jsonp.error!.message).to.contain('Trusted Types policy "share-count-widgets"');
  });
});
