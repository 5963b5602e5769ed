/** AnswerCache: two instances on one storage key stand for two tabs of one site. */
import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/wire/cache.js';

const KEY = 'test:answers';
const HOUR = 3_600_000;
const stored = () =>
  (JSON.parse(localStorage.getItem(KEY) ?? '[]') as [string, number, string][]).map(([key, at, value]) => [key, at, value]);

describe('AnswerCache across tabs', () => {
  beforeEach(() => localStorage.clear());

  it("keeps another tab's newer answer for a key when this tab writes", () => {
    const now = Date.now();
    const tabA = new AnswerCache<string>(KEY, HOUR);
    const tabB = new AnswerCache<string>(KEY, HOUR);
    tabA.set('x', 'old', true, now - 1000);
    tabB.set('x', 'new', true, now - 500);
    tabA.set('y', 'other', true, now);
    expect(stored()).to.deep.equal([
      ['x', now - 500, 'new'],
      ['y', now, 'other'],
    ]);
  });
});
