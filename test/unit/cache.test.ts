/** AnswerCache: two instances on one storage key stand for two tabs of one site. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnswerCache } from '../../src/wire/cache.js';

const KEY = 'test:answers';
const HOUR = 3_600_000;
/** Serves every stored value: these tests are about merging and writing, not checking. */
const all = () => true;
/** The stored rows; the list's first item is when a tab last cleared it (0: not within the hour). */
const stored = () =>
  (JSON.parse(localStorage.getItem(KEY) ?? '[0]') as [string, number, string][]).slice(1).map(([key, at, value]) => [key, at, value]);

/** Writes at once: the tests of merging are about what is written, not when. */
const now$ = (flush: () => void) => flush();

describe('AnswerCache across tabs', () => {
  beforeEach(() => localStorage.clear());

  it("keeps another tab's newer answer for a key when this tab writes", () => {
    const now = Date.now();
    const tabA = createAnswerCache<string>(KEY, HOUR, all, 100, 500, now$);
    const tabB = createAnswerCache<string>(KEY, HOUR, all, 100, 500, now$);
    tabA.set('x', 'old', true, now - 1000);
    tabB.set('x', 'new', true, now - 500);
    tabA.set('y', 'other', true, now);
    expect(stored()).to.deep.equal([
      ['x', now - 500, 'new'],
      ['y', now, 'other'],
    ]);
  });
});

describe('AnswerCache and a clear in another tab', () => {
  beforeEach(() => localStorage.clear());

  it('writes back nothing kept before the clear, and forgets it too', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.now();
    const tabA = createAnswerCache<string>(KEY, HOUR, all, 100, 500, now$);
    const tabB = createAnswerCache<string>(KEY, HOUR, all, 100, 500, now$);
    tabB.set('x', 'read before', true, now - 1000);
    tabB.set('y', 'memory only', false, now - 1000);
    tabA.clear();
    vi.setSystemTime(now + 1);
    tabB.set('z', 'read after', true);
    expect(stored()).to.deep.equal([['z', now + 1, 'read after']]);
    expect([tabB.get('x'), tabB.get('y')]).to.deep.equal([undefined, undefined]);
    expect(createAnswerCache<string>(KEY, HOUR, all).get('z'), 'a page loaded now sees what came after').to.equal('read after');
    vi.useRealTimers();
  });
});

describe('AnswerCache rows storage cannot take', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('skips an oversized row or one JSON cannot write; the rest stay', () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, text: string) => {
        if (text.length > 1000) throw new DOMException('full', 'QuotaExceededError');
        items.set(key, text);
      },
      removeItem: (key: string) => items.delete(key),
    });
    const cache = createAnswerCache<unknown>(KEY, HOUR, all, 100, 500, now$);
    const now = Date.now();
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, key, true, now);
    cache.set('big', 'x'.repeat(2000), true, now);
    cache.set('bigint', 1n, true, now);
    const rows = (JSON.parse(items.get(KEY)!) as [string][]).slice(1);
    expect(rows.map(([key]) => key)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    expect(cache.get('big'), 'memory still serves this page').to.have.length(2000);
    expect(cache.get('bigint')).to.equal(1n);
  });
});

describe('AnswerCache writes', () => {
  beforeEach(() => localStorage.clear());

  it('writes once for many answers, when the scheduled moment comes, and never an expired one', () => {
    const later: (() => void)[] = [];
    const cache = createAnswerCache<number>(KEY, HOUR, all, 100, 500, (flush) => later.push(flush));
    const writes = vi.spyOn(localStorage, 'setItem');
    const now = Date.now();
    for (let i = 0; i < 100; i++) cache.set(`u${i}`, i, true, now);
    cache.set('memory-only', -1, false, now);
    expect([later.length, writes.mock.calls.length], 'one flush scheduled, nothing written yet').to.deep.equal([1, 0]);
    expect(cache.get('u7', now), 'served from memory meanwhile').to.equal(7);
    later.shift()!();
    expect(writes.mock.calls.length, 'one write for 100 answers').to.equal(1);
    // Least recently used first: u7, just read, is the last.
    expect(stored().map(([key]) => key)).to.deep.equal([
      ...Array.from({ length: 100 }, (_, i) => `u${i}`).filter((key) => key !== 'u7'),
      'u7',
    ]);
    cache.set('u100', 100, true, now);
    expect(later).to.have.length(1);
    cache.flush(now + HOUR);
    expect(stored(), 'an hour later, every answer has expired: none is written').to.deep.equal([]);
    expect(cache.get('u100', now + HOUR), 'nor served').to.equal(undefined);
    writes.mockRestore();
  });

  it('writes nothing that clear() removed before the flush', () => {
    const later: (() => void)[] = [];
    const cache = createAnswerCache<number>(KEY, HOUR, all, 100, 500, (flush) => later.push(flush));
    cache.set('x', 1, true);
    cache.clear();
    later.shift()!();
    expect(localStorage.getItem(KEY), 'only when it was cleared').to.match(/^\[\d+\]$/);
  });
});
