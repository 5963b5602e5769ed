/**
 * `dist/share-buttons.iife.js` as publishers include it: alone on a page with nothing else of ours
 * (this file imports none of the source), configured by its own script tag. Its global holds what
 * `dist/share-count.iife.js`'s holds, plus the two button classes; MSW answers SharedCount.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import { FAKE_ENDPOINT } from '../fakes/sharedcount.js';
import { loadScript, remoteUrls, requests, startMocks, worker } from './support/worker.js';

type Api = typeof import('../../src/entries/share-buttons.iife.js');

/** The names `file` puts on `window.ShareCountWidgets`, read from a page of its own (a frame). */
async function globalNames(file: string): Promise<string[]> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><script src="/dist/${file}"></script>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const api = (frame.contentWindow as Window & { ShareCountWidgets?: object }).ShareCountWidgets;
  frame.remove();
  // An object of the file's exports; chai is given only plain values: inspecting the
  // classes on it for a failure message does not finish.
  expect(typeof api, `${file} sets window.ShareCountWidgets`).to.equal('object');
  return Object.keys(api!).sort();
}

describe('dist/share-buttons.iife.js alone on a page', () => {
  let api: Api;
  before(async () => {
    await startMocks();
    expect(typeof customElements.get('share-button'), 'nothing defined before the script').to.equal('undefined');
    await loadScript('/dist/share-buttons.iife.js', { 'data-sharedcount-key': 'demo-key' });
    api = (window as unknown as { ShareCountWidgets: Api }).ShareCountWidgets;
  });
  beforeEach(() => {
    worker.resetHandlers();
    requests.length = 0;
    localStorage.clear();
  });
  after(() => document.body.replaceChildren());

  it("exposes share-count.iife.js's names plus ShareButtonElement and ShareButtonsElement, and defines the three tags", async () => {
    const counts = await globalNames('share-count.iife.js');
    expect(counts, 'share-count.iife.js exports something').to.include('ShareCountElement');
    expect(Object.keys(api).sort()).to.deep.equal([...counts, 'ShareButtonElement', 'ShareButtonsElement'].sort());
    const defined = (['share-button', 'share-buttons', 'share-count'] as const).map((tag) => [tag, typeof customElements.get(tag)]);
    expect(defined).to.deep.equal([
      ['share-button', 'function'],
      ['share-buttons', 'function'],
      ['share-count', 'function'],
    ]);
    expect(customElements.get('share-button') === api.ShareButtonElement, 'share-button is ShareButtonElement').to.equal(true);
    expect(customElements.get('share-buttons') === api.ShareButtonsElement, 'share-buttons is ShareButtonsElement').to.equal(true);
    expect(customElements.get('share-count') === api.ShareCountElement, 'share-count is ShareCountElement').to.equal(true);
  });

  it('<share-buttons counts networks="facebook"> shows the count, from one request with the tag\'s key', async () => {
    const group = document.createElement('share-buttons') as ShareButtonsElement;
    group.setAttribute('counts', '');
    group.setAttribute('networks', 'facebook');
    group.setAttribute('url', 'https://example.com/');
    document.body.append(group);
    await group.updateComplete;
    const button = group.shadowRoot!.querySelector('share-button') as ShareButtonElement;
    await waitUntil(() => button.shares !== null, 'count arrived', { timeout: 5000 });
    await button.updateComplete;
    const link = button.shadowRoot!.querySelector('[part=button]')!;
    expect(button.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('168');
    expect(link.getAttribute('aria-label')).to.equal('Share on Facebook, 168 shares');
    expect(link.getAttribute('href')).to.equal('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com%2F');
    expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=https%3A%2F%2Fexample.com%2F&apikey=demo-key`]);
  });
});
