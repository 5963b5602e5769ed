import { describe, expect, it } from 'vitest';
import { formatCount, pickCount, totalCount, ValidationError } from '../../src/entries/share-count-widgets.js';
import { wrongCount } from '../../src/sharedcount/counts.js';
import { localeFor } from '../../src/wire/format.js';
import { SAMPLE } from '../fakes/sharedcount.js';

describe('totalCount', () => {
  it('sums every numeric top-level count and Facebook.total_count', () => {
    expect(totalCount(SAMPLE)).toBe(9 + 168);
    expect(totalCount({ Pinterest: 1, LinkedIn: 2, StumbleUpon: 3, Future: 4, Facebook: { total_count: 10, share_count: 99 } })).toBe(20);
  });

  it('counts null, missing, negative, non-finite and non-numeric values as nothing', () => {
    expect(totalCount({})).toBe(0);
    expect(totalCount({ Facebook: null, Pinterest: null })).toBe(0);
    expect(
      totalCount({ Pinterest: '12' as unknown as number, LinkedIn: -5, X: Number.NaN, Y: Infinity, Facebook: { total_count: null } }),
    ).toBe(0);
  });
});

describe('counts are safe integers ≥ 0', () => {
  const MAX = Number.MAX_SAFE_INTEGER;

  it('names any other known count as wrong, which makes the answer a ResponseError', () => {
    expect(wrongCount({ Pinterest: 1e308 })).toBe('Pinterest: 1e+308');
    expect(wrongCount({ Facebook: { total_count: MAX + 1 } })).toBe('Facebook.total_count: 9007199254740992');
    expect(wrongCount({ LinkedIn: 1.5 })).toBe('LinkedIn: 1.5');
    expect(wrongCount({ Pinterest: MAX, LinkedIn: 0, Facebook: { total_count: MAX, share_count: null } })).toBeUndefined();
  });

  it('sums valid counts to a number that always formats, and leaves the others out', () => {
    const total = totalCount({ Pinterest: MAX, LinkedIn: MAX, Future: MAX, Facebook: { total_count: MAX } });
    expect(total).toBe(4 * MAX);
    expect(formatCount(total, 'standard', 'en-US')).toBe('36,028,797,018,963,964');
    expect(totalCount({ Pinterest: 1e308, Future: 1e308, LinkedIn: 7 })).toBe(7);
    expect(() => pickCount({ Pinterest: 1e308 }, 'pinterest')).toThrow(ValidationError);
  });
});

describe('pickCount', () => {
  it("reads 'total', a network case-insensitively, and Facebook's fields", () => {
    expect(pickCount(SAMPLE)).toBe(177);
    expect(pickCount(SAMPLE, 'pinterest')).toBe(9);
    expect(pickCount(SAMPLE, 'FaceBook')).toBe(168);
    expect(pickCount(SAMPLE, 'facebook', 'share_count')).toBe(101);
  });

  it('gives null for a network that failed or that the answer lacks, ValidationError for what is not a count', () => {
    expect(pickCount({ LinkedIn: null }, 'linkedin')).toBeNull();
    expect(pickCount({ Facebook: { total_count: null } }, 'facebook')).toBeNull();
    // SharedCount drops networks without notice: gone is not an error.
    expect(pickCount(SAMPLE, 'linkedin')).toBeNull();
    expect(pickCount(SAMPLE, 'facebook', 'likes')).toBeNull();
    expect(pickCount({ Facebook: null }, 'facebook', 'share_count')).toBeNull();
    expect(() => pickCount({ Pinterest: '9' as unknown as number }, 'pinterest')).toThrow(ValidationError);
    expect(() => pickCount(SAMPLE, 5 as unknown as string)).toThrow(ValidationError);
    expect(() => pickCount(null as unknown as typeof SAMPLE)).toThrow(ValidationError);
  });
});

describe('formatCount', () => {
  it('writes compact and standard notation in the given locale', () => {
    expect(formatCount(1234, 'compact', 'en-US')).toBe('1.2K');
    expect(formatCount(1234, 'standard', 'en-US')).toBe('1,234');
    expect(formatCount(1234567, 'standard', 'de')).toBe('1.234.567');
    expect(formatCount(1234, 'standard', 'fr')).toBe('1\u202f234');
    expect(formatCount(0)).toBe('0');
  });

  it('refuses what is not a count, and unknown notations, as ValidationError', () => {
    for (const bad of [Number.NaN, Infinity, '12', null]) expect(() => formatCount(bad as number)).toThrow(ValidationError);
    expect(() => formatCount(1, 'scientific' as 'compact')).toThrow(ValidationError);
  });

  it('takes the locale from the option, else the nearest lang, ignoring invalid tags', () => {
    document.body.innerHTML = '<section lang="de"><p lang="not a tag!"><span id="n"></span></p></section>';
    const span = document.getElementById('n')!;
    expect(localeFor(span, 'fr-CA')).toBe('fr-CA');
    expect(localeFor(span)).toBe('de');
    expect(localeFor(span, 'xx yy')).toBe('de');
    expect(localeFor(undefined)).toBeUndefined();
  });
});
