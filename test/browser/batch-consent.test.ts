/**
 * `batch: true` under `consent: 'required'`: the counts asked for before consent wait together,
 * and go out as one batch once it is given. A file of its own: consent, once granted, stays
 * granted for the page.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { configure, grantConsent, type ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { countsFor } from '../fakes/sharedcount.js';
import { nextTick, remoteUrls, reset, startMocks, worker } from './support/mocks.js';

const PROXY = 'https://counts.publisher.test/sharedcount/';
const e = encodeURIComponent;

describe('batch under consent', () => {
  before(startMocks);
  beforeEach(reset);

  it('sends nothing before grantConsent(), then one batch for every element', async () => {
    worker.use(
      http.get(`${PROXY}batch`, ({ request }) => {
        const urls = new URL(request.url).searchParams.getAll('url');
        return HttpResponse.json(Object.fromEntries(urls.map((url) => [url, countsFor(url)])), {
          headers: { 'Access-Control-Allow-Origin': '*' },
        });
      }),
    );
    configure({ consent: 'required', sharedcount: { apiKey: '', endpoint: PROXY, batch: true } });
    const holder = document.createElement('div');
    holder.innerHTML = '<share-count url="https://example.com/a"></share-count><share-count url="https://example.com/b"></share-count>';
    document.body.append(holder);
    const elements = [...holder.querySelectorAll<ShareCountElement>('share-count')];
    await nextTick(300);
    expect(remoteUrls(), 'no request before consent').to.deep.equal([]);
    expect(elements.map((el) => el.state)).to.deep.equal(['loading', 'loading']);

    grantConsent();
    await waitUntil(() => elements.every((el) => el.state === 'ready'), 'counts after consent');
    expect(remoteUrls()).to.deep.equal([`${PROXY}batch?url=${e('https://example.com/a')}&url=${e('https://example.com/b')}`]);
    holder.remove();
  });
});
