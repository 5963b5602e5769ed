// @vitest-environment node
/**
 * jquery.sharedcount.bulk.js borrows from jquery.sharedcount.js by position (src/jquery/kit.ts
 * builds the list, src/jquery/kit-import.ts takes it apart, by names written twice): a name out of
 * place would type-check and hand one export in another's place. The two lists must be the same.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = (file: string) => readFileSync(`src/jquery/${file}`, 'utf8');
const names = (list: string | undefined) =>
  (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

describe('the kit the bulk file borrows', () => {
  it('is taken apart in the order it is built, under the key it is left at', () => {
    const built = names(/export const KIT = \[([^\]]*)\]/.exec(source('kit.ts'))?.[1]);
    const taken = names(/export const \[([^\]]*)\] = kit;/.exec(source('kit-import.ts'))?.[1]);
    expect(built.length).toBeGreaterThan(10);
    expect(taken).toEqual(built);
    const keys = [source('kit.ts'), source('kit-import.ts')].map((text) => /Symbol\.for\('([^']+)'\)/.exec(text)?.[1]);
    expect(keys).toEqual(['share-count-widgets.kit', 'share-count-widgets.kit']);
  });
});
