import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  bulkCounts,
  bulkPartial,
  fetchCounts,
  SharedCountError,
  TimeoutError,
  ValidationError,
  type BulkProgress,
  type BulkResult,
} from '../../src/entries/share-count-widgets.js';
import { installJQueryPluginWithBulk as installJQueryPlugin } from '../../src/jquery/full.js';
import { bulkHandlers, countsFor, PLAN_HOSTS, QUOTA_AFTER_ONE_BATCH_KEY } from '../fakes/sharedcount.js';
import { loadScript, rejectionOf, remoteUrls, reset, startMocks, worker } from './support/mocks.js';

const BULK = 'https://plus.sharedcount.com/bulk';
const ANY_BULK = /^https:\/\/\w+\.sharedcount\.com\/bulk/;
const FAST = { pollInterval: 5 };
const urls = (n: number, prefix = 'post') => Array.from({ length: n }, (_, i) => `https://example.com/${prefix}-${i}`);

/** Bodies of the POSTs, read on their way to the fake. */
function recordPosts(types: string[] = []): string[] {
  const bodies: string[] = [];
  worker.use(
    http.post(ANY_BULK, async ({ request }) => {
      types.push(request.headers.get('content-type') ?? '');
      bodies.push(await request.clone().text());
    }),
  );
  return bodies;
}
const posts = () => remoteUrls().filter((url) => !url.includes('bulk_id'));
const polls = () => remoteUrls().filter((url) => url.includes('bulk_id'));

describe('bulkCounts', () => {
  before(startMocks);
  beforeEach(reset);

  it("POSTs text/plain to the plan's host, one URL per line with a trailing line break, then polls", async () => {
    const types: string[] = [];
    const bodies = recordPosts(types);
    const list = urls(5);
    const result = await bulkCounts(list, FAST);
    expect(bodies).to.deep.equal([`${list.join('\n')}\n`]);
    expect(types).to.deep.equal(['text/plain']);
    expect(posts()).to.deep.equal([`${BULK}?apikey=demo-key`]);
    expect(polls()[0]).to.equal(`${BULK}?apikey=demo-key&bulk_id=bulk-1`);
    expect([...result.data.keys()]).to.deep.equal(list);
    expect(result.data.get(list[0]!)).to.deep.equal(countsFor(list[0]!));
    expect(result).to.deep.include({ dropped: [], invalid: [], duplicates: [], pending: [] });
  });

  it('splits by plan and sends batches one after another', async () => {
    worker.use(...PLAN_HOSTS.flatMap((host) => bulkHandlers(host, 10_000)));
    const bodies = recordPosts();
    const list = urls(1200);
    const business = await bulkCounts(list, { ...FAST, plan: 'business' });
    expect(bodies.map((body) => body.split('\n').length - 1)).to.deep.equal([1000, 200]);
    expect(business.data.size).to.equal(1200);
    expect(posts().every((url) => url.startsWith('https://business.sharedcount.com/bulk?'))).to.equal(true);
    bodies.length = 0;
    await bulkCounts(list, { ...FAST, plan: 'plus' });
    expect(bodies.map((body) => body.split('\n').length - 1)).to.deep.equal([500, 500, 200]);
    bodies.length = 0;
    await bulkCounts(list, { ...FAST, plan: 'dedicated', batchSize: 700 });
    expect(bodies.map((body) => body.split('\n').length - 1)).to.deep.equal([700, 500]);
  });

  it('reports duplicates, invalid URLs and what the server silently dropped', async () => {
    const bodies = recordPosts();
    const result = await bulkCounts(
      [
        'https://example.com/a',
        'https://example.com/a',
        '/relative',
        'ftp://x/',
        'https://example.com/x\nhttps://evil.example/',
        'https://example.com/drop-me',
        'https://example.com/b',
      ],
      FAST,
    );
    expect(bodies, 'a line break inside a URL never splits it in two').to.deep.equal([
      'https://example.com/a\nhttps://example.com/drop-me\nhttps://example.com/b\n',
    ]);
    expect([...result.data.keys()]).to.deep.equal(['https://example.com/a', 'https://example.com/b']);
    expect(result).to.deep.include({
      duplicates: ['https://example.com/a'],
      invalid: ['/relative', 'ftp://x/', 'https://example.com/x\nhttps://evil.example/'],
      dropped: ['https://example.com/drop-me'],
    });
  });

  it('with force, merges the partial data of every poll and reports progress', async () => {
    const progress: BulkProgress[] = [];
    const result = await bulkCounts(urls(5), { ...FAST, force: true, onProgress: (p) => progress.push(p) });
    expect(polls().every((url) => url.endsWith('&force=1'))).to.equal(true);
    expect(polls()).to.have.length(3);
    expect(progress.map((p) => p.completed)).to.deep.equal([2, 4, 5, 5]);
    expect(progress.every((p) => p.total === 5)).to.equal(true);
    expect(result.data.size).to.equal(5);
  });

  it('keeps data once seen, even when a later poll returns none', async () => {
    let poll = 0;
    worker.use(
      http.get(BULK, () => {
        poll++;
        return poll === 1
          ? HttpResponse.json({ data: { 'https://example.com/a': { Pinterest: 1 } }, _meta: { completed: false, urls_completed: 1 } })
          : HttpResponse.json({ data: {}, _meta: { completed: true, urls_completed: 2 } });
      }),
    );
    const result = await bulkCounts(['https://example.com/a', 'https://example.com/b'], { ...FAST, force: true });
    expect([...result.data.entries()]).to.deep.equal([['https://example.com/a', { Pinterest: 1 }]]);
    expect(result.dropped, 'the server never answered b').to.deep.equal(['https://example.com/b']);
  });

  it('retries a failed poll after a longer wait, and goes on', async () => {
    let failed = false;
    const times: number[] = [];
    worker.use(
      http.get(BULK, () => {
        times.push(performance.now());
        return failed ? undefined : ((failed = true), new HttpResponse(null, { status: 503 }));
      }),
    );
    const result = await bulkCounts(urls(2), { pollInterval: 60 });
    expect(result.data.size).to.equal(2);
    expect(times).to.have.length(2);
    expect(times[1]! - times[0]!, 'twice the interval after a failure').to.be.at.least(110);
  });

  it('uses what is left of its time for the last wait, rather than giving up early', async () => {
    // After a failed poll at ~200 ms the next wait doubles to 400 ms, past the 500 ms deadline:
    // the job waits what is left (~300 ms) and polls once more, instead of giving up at once.
    let failed = false;
    worker.use(http.get(BULK, () => (failed ? undefined : ((failed = true), new HttpResponse(null, { status: 503 })))));
    const result = await bulkCounts(urls(2), { pollInterval: 200, timeout: 500 });
    expect(result.data.size).to.equal(2);
  });

  it('a throwing onProgress reaches the page but does not stop the job', async () => {
    const thrown = new Promise<string>((resolve) => {
      const original = window.onerror;
      window.onerror = (message) => ((window.onerror = original), resolve(String(message)), true);
    });
    let calls = 0;
    const result = await bulkCounts(urls(2), {
      ...FAST,
      onProgress: () => {
        if (calls++ === 0) throw new Error('dashboard bug');
      },
    });
    expect(calls, 'progress went on being reported').to.be.above(1);
    expect(result.data.size).to.equal(2);
    expect(await thrown).to.contain('dashboard bug');
  });

  describe('bad input', () => {
    it('an empty list, or only invalid URLs: a result and no request', async () => {
      expect(await bulkCounts([], FAST)).to.deep.equal({ data: new Map(), dropped: [], invalid: [], duplicates: [], pending: [] });
      const invalid = await bulkCounts(['nope', '', 'javascript:x'], FAST);
      expect(invalid.invalid).to.deep.equal(['nope', '', 'javascript:x']);
      expect(remoteUrls()).to.deep.equal([]);
    });

    it('bad options and arguments are ValidationError before any request', async () => {
      for (const [list, options] of [
        ['https://example.com/' as unknown as string[], {}],
        [urls(1), { plan: 'gold' }],
        [urls(1), { pollInterval: 0 }],
        [urls(1), { batchSize: 0.5 }],
        [urls(1), { timeout: -1 }],
        [urls(1), { endpoint: 'ftp://x/' }],
      ] as const) {
        expect(await rejectionOf(bulkCounts(list, options as never)), JSON.stringify(options)).to.be.instanceOf(ValidationError);
      }
      expect(remoteUrls()).to.deep.equal([]);
    });

    it('a job that never completes: TimeoutError carrying what arrived', async () => {
      const error = await rejectionOf(
        bulkCounts([...urls(3), 'https://example.com/stuck'], { pollInterval: 10, timeout: 300, force: true }),
      );
      expect(error).to.be.instanceOf(TimeoutError);
      const partial = bulkPartial(error)!;
      expect([...partial.data.keys()]).to.deep.equal(urls(3));
    });

    it('quota exceeded mid-way: stops, with the batches it had and what it never sent', async () => {
      const list = urls(6);
      const error = await rejectionOf(bulkCounts(list, { ...FAST, apiKey: QUOTA_AFTER_ONE_BATCH_KEY, batchSize: 2 }));
      expect(error).to.be.instanceOf(SharedCountError);
      expect(error).to.include({ type: 'quota_exceeded', status: 403 });
      const partial = bulkPartial(error)!;
      expect([...partial.data.keys()]).to.deep.equal(list.slice(0, 2));
      expect(partial.pending).to.deep.equal(list.slice(2));
      expect(posts(), 'no third batch').to.have.length(2);

      const again = await rejectionOf(bulkCounts(list, { ...FAST, apiKey: QUOTA_AFTER_ONE_BATCH_KEY }));
      expect(again, 'the latch holds the key until the next UTC day').to.include({ type: 'quota_exceeded', status: undefined });
      expect(posts()).to.have.length(2);
      // One daily quota per key: single lookups on the v1.1 endpoint are latched too, with no request.
      const before = remoteUrls().length;
      const single = await rejectionOf(fetchCounts('https://example.com/after-bulk', { apiKey: QUOTA_AFTER_ONE_BATCH_KEY }));
      expect(single).to.include({ type: 'quota_exceeded', status: undefined });
      expect(remoteUrls()).to.have.length(before);
    });

    it('an abort stops polling at once', async () => {
      const controller = new AbortController();
      const pending = bulkCounts([...urls(2), 'https://example.com/stuck'], { pollInterval: 20, signal: controller.signal });
      setTimeout(() => controller.abort(), 70);
      expect((await rejectionOf(pending)).name).to.equal('AbortError');
      // A poll already on its way when the signal fired may still reach the mock a moment later.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const count = polls().length;
      // Polling every 20 ms, a job still running would poll about ten more times.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polls()).to.have.length(count);
    });
  });
});

describe('$.sharedCount.bulk', () => {
  before(startMocks);
  beforeEach(reset);

  it('returns a jQuery promise that reports progress through .progress()', async () => {
    await loadScript('/node_modules/jquery/dist/jquery.js');
    const $ = (window as unknown as { jQuery: JQueryStatic }).jQuery;
    installJQueryPlugin($);
    const seen: number[] = [];
    const result = await new Promise<BulkResult>(
      (resolve, reject) =>
        void $.sharedCount
          .bulk(urls(4), FAST)
          .progress((p: BulkProgress) => seen.push(p.completed))
          .then(resolve, reject),
    );
    expect(result.data.size).to.equal(4);
    expect(seen.at(-1)).to.equal(4);
    expect(seen.length).to.be.above(1);
    $.noConflict(true);
  });
});
