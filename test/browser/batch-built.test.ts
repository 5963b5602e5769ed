/**
 * `data-sharedcount-batch` on the tag of the built counts file: the page's counts in one request.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { totalCount } from '../../src/sharedcount/counts.js';
import type { SharedCountData } from '../../src/sharedcount/types.js';
import { countsFor } from '../fakes/sharedcount.js';
import { loadScript, remoteUrls, startMocks, worker } from './support/worker.js';

const PROXY = 'https://counts.publisher.test/sharedcount/';
const e = encodeURIComponent;

describe('dist/share-count.iife.js with data-sharedcount-batch', () => {
  before(startMocks);

  it('asks for every count of the page in one request', async () => {
    worker.use(
      http.get(`${PROXY}batch`, ({ request }) => {
        const urls = new URL(request.url).searchParams.getAll('url');
        return HttpResponse.json(Object.fromEntries(urls.map((url) => [url, countsFor(url)])), {
          headers: { 'Access-Control-Allow-Origin': '*' },
        });
      }),
    );
    localStorage.clear();
    const holder = document.createElement('div');
    holder.innerHTML = ['a', 'b', 'c'].map((path) => `<share-count url="https://example.com/${path}"></share-count>`).join('');
    document.body.append(holder);
    await loadScript('/dist/share-count.iife.js', { 'data-sharedcount-endpoint': PROXY, 'data-sharedcount-batch': '' });
    const elements = [...holder.querySelectorAll('share-count')];
    // What each shows, the page's own count from the one answer: on screen, not just `ready`.
    const shown = () => elements.map((el) => el.shadowRoot?.querySelector('[role=img]')?.textContent);
    const expected = ['a', 'b', 'c'].map((path) =>
      new Intl.NumberFormat('en', { notation: 'compact' }).format(totalCount(countsFor(`https://example.com/${path}`) as SharedCountData)),
    );
    await waitUntil(() => shown().join() === expected.join(), 'counts shown', { timeout: 5000 });
    expect(remoteUrls()).to.deep.equal([
      `${PROXY}batch?${['a', 'b', 'c'].map((path) => `url=${e(`https://example.com/${path}`)}`).join('&')}`,
    ]);
  });
});
