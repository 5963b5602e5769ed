/**
 * The package's ES entry points as built in dist/, on a page with nothing else of ours: the files
 * a bundler resolves `share-count-widgets/define` and `share-count-widgets/jquery` to.
 */
import { expect } from '@open-wc/testing';
import jQuery from 'jquery';
import { FAKE_ENDPOINT, SAMPLE } from '../fakes/sharedcount.js';
import { afterIdle, loadedShareCount, remoteUrls, requests, startMocks, worker } from './support/worker.js';

/** A built file, typed as the source it is built from (the path keeps the bundler of this test out). */
const load = <T>(path: string) => import(/* @vite-ignore */ path) as Promise<T>;

beforeEach(async () => {
  await startMocks();
  worker.resetHandlers();
  requests.length = 0;
  localStorage.clear();
});

describe('dist/define.js', () => {
  it('defines every element and exports their classes, configure, grantConsent and clearCache', async () => {
    const api = await load<typeof import('../../src/entries/define.js')>('/dist/define.js');
    expect(Object.keys(api).sort()).to.deep.equal([
      'ShareButtonElement',
      'ShareButtonsElement',
      'ShareCountElement',
      'ShareableeBadgeElement',
      'clearCache',
      'configure',
      'grantConsent',
    ]);
    expect(customElements.get('share-count')).to.equal(api.ShareCountElement);
    expect(customElements.get('shareablee-badge')).to.equal(api.ShareableeBadgeElement);
    expect(customElements.get('share-button')).to.equal(api.ShareButtonElement);
    expect(customElements.get('share-buttons')).to.equal(api.ShareButtonsElement);
  });

  it('renders a count with the key set through its configure(), and clearCache() empties what it stored', async () => {
    const { configure, clearCache } = await load<typeof import('../../src/entries/define.js')>('/dist/define.js');
    configure({ sharedcount: { apiKey: 'demo-key' } });
    const el = await loadedShareCount('https://example.com/');
    expect(el.count).to.equal(SAMPLE.Facebook.total_count + SAMPLE.Pinterest);
    expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=https%3A%2F%2Fexample.com%2F&apikey=demo-key`]);
    el.remove();
    await afterIdle();
    expect(localStorage.getItem('share-count-widgets:sharedcount'), 'the answer is stored').to.contain('https://example.com/');
    clearCache();
    expect(localStorage.getItem('share-count-widgets:sharedcount'), 'only when it was cleared').to.match(/^\[\d+\]$/);
  });
});

describe('dist/jquery.sharedcount.module.js', () => {
  it('installs $.sharedCount and $.fn.sharedCount on the jQuery that `import "jquery"` gives', async () => {
    const api = await load<typeof import('../../src/entries/jquery.js')>('/dist/jquery.sharedcount.module.js');
    expect(api.installJQueryPlugin).to.be.a('function');
    expect(jQuery.fn.sharedCount).to.be.a('function');
    const data = await new Promise(
      (resolve, reject) => void jQuery.sharedCount('https://example.com/', { apiKey: 'demo-key', cache: 'none' }).then(resolve, reject),
    );
    expect(data).to.deep.equal(SAMPLE);
  });
});
