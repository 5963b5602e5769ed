/**
 * Every script of dist/ is ASCII: a page in another encoding whose server sends the file without a
 * charset (nginx's default) reads it in the page's encoding, and '–' would show as 'â€“'.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('dist/', () => {
  it('holds scripts of ASCII only', () => {
    if (!existsSync('dist/share-count.iife.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const files = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    const beyond = files.flatMap((file) =>
      [...readFileSync(`dist/${file}`, 'utf8').matchAll(/.{0,20}[^\0-\x7f].{0,20}/gu)].map(([text]) => `${file}: ${text}`),
    );
    expect(beyond).toEqual([]);
  });
});

describe('minifyStyles()', () => {
  it('writes a character past ASCII in a css`` template as a CSS escape', async () => {
    const { minifyStyles } = await import('../../vite.config.js');
    const transform = minifyStyles().transform as (code: string, id: string) => { code: string } | null;
    const out = transform('export const s = css`a::after { content: "\u2013\u2026"; }`;', '/x/src/a.styles.ts')!.code;
    expect(out).toBe('export const s = css`a::after{content:"\\\\2013 \\\\2026 "}`;');
    // As the module reads it: a backslash, then the code point, in the CSS.
    expect(new Function('css', `${out.replace('export ', '')} return s;`)((s: TemplateStringsArray) => s[0])).toBe(
      'a::after{content:"\\2013 \\2026 "}',
    );
  });
});

describe('minifyStyles(), selectors and numbers', () => {
  it('drops the quotes of attribute values that are identifiers, and the zero before a decimal point', async () => {
    const { minifyStyles } = await import('../../vite.config.js');
    const transform = minifyStyles().transform as (code: string, id: string) => { code: string } | null;
    const css = ":host([state='loading']) [part=\"count\"] { opacity: 0.6; gap: 10.5px 0.5em } [x='a b'] { content: '0.5' }";
    expect(transform(`css\`${css}\``, '/x/src/a.styles.ts')!.code).toBe(
      "css`:host([state=loading]) [part=count]{opacity:.6;gap:10.5px .5em}[x='a b']{content:'0.5'}`",
    );
  });
});

describe('staticCss()', () => {
  it("makes a css`` template without values unsafeCSS(`…`), and leaves one with values to Lit's tag", async () => {
    const { staticCss } = await import('../../vite.config.js');
    const transform = staticCss().transform as (code: string, id: string) => { code: { toString(): string } } | null;
    const out = transform('const a = css`:host{display:block}`;\nconst b = css`p{color:${c}}`;', '/x/src/a.ts')!.code.toString();
    expect(out).toBe(
      "const a = /* @__PURE__ */ __staticCSS(`:host{display:block}`);\nconst b = css`p{color:${c}}`;\nimport { unsafeCSS as __staticCSS } from '@lit/reactive-element';\n",
    );
    expect(transform('const b = css`p{color:${c}}`;', '/x/src/a.ts')).toBe(null);
  });
});
