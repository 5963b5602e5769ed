/**
 * What storage may not turn against the reader: a row written by someone else, and a clear made in
 * another tab. Built `share-count.iife.js` in frames (each frame a tab of one site, all sharing its
 * `localStorage`), talking to the test server's fake SharedCount, whose log shows what went over the wire.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { API, fakeLog, pageKeepingStorage, type Page } from './support/frames.js';
import { settledAll } from './support/settle.js';

const SAMPLE = { Pinterest: 9, Facebook: { total_count: 168, share_count: 101 } };
const STORED = 'share-count-widgets:sharedcount';
const page = (path: string) => `https://example.com/${path}`;
const line = (path: string) => `/__fake-sharedcount/?url=${encodeURIComponent(page(path))}&apikey=demo-key`;
/** A tab of the site: a page with the counts file, over whatever storage holds now. */
const tab = () =>
  pageKeepingStorage(['/dist/share-count.iife.js', { 'data-sharedcount-key': 'demo-key', 'data-sharedcount-endpoint': API }]);
/** The stored rows `[key, time, answer]` (the list's first item is when a tab last cleared it). */
const rows = () => (JSON.parse(localStorage.getItem(STORED) ?? '[0]') as [string, number, unknown][]).slice(1);

/** What a reader of `tab` sees for `paths`, one `<share-count>` each, once they have settled. */
async function shown({ doc }: Page, ...paths: string[]): Promise<string[]> {
  doc.body.innerHTML = paths.map((path) => `<share-count url="${page(path)}" notation="standard"></share-count>`).join('');
  const elements = [...doc.querySelectorAll('share-count')] as ShareCountElement[];
  await settledAll(elements);
  return elements.map((el) => el.shadowRoot!.querySelector('[role=img]')!.textContent!);
}

describe('stored answers', () => {
  beforeEach(async () => {
    localStorage.clear();
    await fakeLog();
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('shows a tampered row as nothing: asks again, shows the real count and stores it instead', async () => {
    const row = (path: string, answer: unknown) => [`${API}\n${page(path)}`, Date.now(), answer];
    const tampered = { array: [1, 2, 3], text: { Pinterest: 'NaN' }, huge: { Pinterest: 1e308 }, error: { Error: 'x' } };
    localStorage.setItem(
      STORED,
      JSON.stringify([
        0,
        ...Object.entries(tampered).map(([path, answer]) => row(path, answer)),
        // Of the right shape, it cannot be told from a real answer (docs/DECISIONS.md).
        row('plausible', { Facebook: { total_count: 987654321 } }),
      ]),
    );
    const reader = await tab();
    expect(await shown(reader, ...Object.keys(tampered), 'plausible')).to.deep.equal(['177', '177', '177', '177', '987,654,321']);
    expect((await fakeLog()).sort()).to.deep.equal(Object.keys(tampered).map(line).sort());
    await waitUntil(() => rows().length === 5 && !localStorage.getItem(STORED)!.includes('NaN'), 'the real answers stored', {
      timeout: 3000,
    });
    for (const [key, , answer] of rows()) if (!key.endsWith('plausible')) expect(answer).to.deep.equal(SAMPLE);
    expect(reader.errors).to.deep.equal([]);
  });

  it('holds a clear made in another tab: nothing read before it is written back, its quota refusal is lifted', async () => {
    const tabA = await tab();
    const tabB = await tab();
    expect(await shown(tabB, 'read-before')).to.deep.equal(['177']);
    const { fetchCounts } = tabB.win.ShareCountWidgets;
    await fetchCounts(page('fake-quota')).catch(() => {});
    const refused = await fetchCounts(page('refused')).catch((error: { type?: string }) => error.type);
    expect(refused, 'the refusal holds in tab B').to.equal('quota_exceeded');
    expect(localStorage.getItem('share-count-widgets:quota'), 'tab B latched the quota where tabs share it').to.not.equal(null);
    await waitUntil(() => rows().length === 1, 'tab B stored what it read', { timeout: 3000 });

    tabA.win.ShareCountWidgets.clearCache();
    expect(rows()).to.deep.equal([]);
    // Tab B counts one more page after the clear: it may ask, and it stores that page alone.
    expect(await shown(tabB, 'read-after')).to.deep.equal(['177']);
    await waitUntil(() => rows().length === 1, 'tab B stored its new answer', { timeout: 3000 });
    expect(rows().map(([key]) => key)).to.deep.equal([`${API}\n${page('read-after')}`]);
    expect(localStorage.getItem('share-count-widgets:quota')).to.equal(null);
    // A page loaded now asks again for what was read before the clear.
    expect(await shown(await tab(), 'read-before')).to.deep.equal(['177']);
    expect(await fakeLog()).to.deep.equal([line('read-before'), line('fake-quota'), line('read-after'), line('read-before')]);
  });
});
