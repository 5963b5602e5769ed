/**
 * consent: 'required' holds back every request the package makes (elements, jQuery plugin,
 * fetchCounts, jsonp) until grantConsent(). A file of its own: consent, once granted, stays
 * granted for the page, as the publisher's consent tool expects.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { configure, fetchCounts, grantConsent, jsonp, type ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../../src/jquery/full.js';
import { loadScript, remoteUrls, reset, startMocks, worker } from './support/mocks.js';

describe('consent: required', () => {
  before(startMocks);
  beforeEach(reset);

  it('sends nothing from any way in until grantConsent(), then everything', async () => {
    configure({ consent: 'required' });
    worker.use(
      http.get(
        'https://jsonp.test/x',
        ({ request }) =>
          new HttpResponse(`${new URL(request.url).searchParams.get('callback')}({"ok":true})`, {
            headers: { 'Content-Type': 'text/javascript' },
          }),
      ),
    );
    await loadScript('/node_modules/jquery/dist/jquery.js');
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    installJQueryPlugin($);

    const list = await fixture<HTMLElement>(html`<div>
      <share-count url="https://example.com/popular"></share-count>
      <share-count url="https://example.com/" service="facebook"></share-count>
    </div>`);
    const elements = [...list.querySelectorAll<ShareCountElement>('share-count')];
    // Time limits shorter than the wait below: a clock started before consent would have run out.
    const pending = [
      fetchCounts('https://example.com/a', { timeout: 800 }),
      new Promise((resolve, reject) => void $.sharedCount('https://example.com/b', { timeout: 800 }).then(resolve, reject)),
      jsonp('https://jsonp.test/x', { timeout: 800 }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(remoteUrls(), 'no request before consent').to.deep.equal([]);
    expect(
      elements.map((el) => el.state),
      'a neutral placeholder meanwhile',
    ).to.deep.equal(['loading', 'loading']);
    expect(elements[0]!.shadowRoot!.querySelector('[role=img]')!.textContent).to.equal('…');

    grantConsent();
    const results = await Promise.all(pending);
    expect(results[2]).to.deep.equal({ ok: true });
    await waitUntil(() => elements.every((el) => el.state === 'ready'), 'elements loaded after consent');
    expect(remoteUrls()).to.have.length(5);
    $.noConflict(true);
  });
});
