// @vitest-environment node
/**
 * share-count-widgets/ssr/lit: Lit SSR (`@lit-labs/ssr`) renders <share-count> and <share-buttons>
 * through our renderers as renderShareCount/renderShareButtons write them. Lit adds what it always
 * adds (`<!--lit-part-->`/`<!--lit-node-->` markers, the legacy `shadowroot="open"` beside
 * `shadowrootmode`, and the spaces left between the template's own attributes), which `lit()` takes out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LitElementRenderer, render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html, type TemplateResult } from 'lit';
import { describe, expect, it } from 'vitest';
import { renderShareButtons, renderShareCount } from '../../src/ssr/index.js';
import { ShareButtonsRenderer, ShareCountRenderer } from '../../src/ssr/lit.js';
import { SharedCountError } from '../../src/wire/errors.js';

const URL_ = 'https://example.com/post';
const AT = 1_796_000_000_000;
const DATA = { Pinterest: 1234, Facebook: { total_count: 12004 } };
const elementRenderers = [ShareCountRenderer, ShareButtonsRenderer, LitElementRenderer];

/** What Lit SSR writes for `template`, with Lit's own additions taken out. */
function lit(template: TemplateResult): string {
  return collectResultSync(render(template, { elementRenderers }))
    .replace(/<!--\/?lit-part[^>]*-->|<!--lit-node \d+-->/g, '')
    .replace(/<template shadowroot="open" shadowrootmode="open">/g, '<template shadowrootmode="open">')
    .replace(/<(share-count|share-buttons)\s+/g, '<$1 ');
}

describe('ShareCountRenderer', () => {
  it('writes what renderShareCount writes, from the attributes the element reads in the browser', () => {
    const out = lit(
      html`<share-count url=${URL_} class="big" answer=${JSON.stringify(DATA)} answer-at=${AT} locale="en-US"></share-count>`,
    );
    const expected = renderShareCount({ url: URL_, counts: DATA, at: AT, locale: 'en-US', attributes: { class: 'big' } });
    expect(out).toBe(expected);
    expect(out).toContain('aria-label="13,238 shares">13K</span>');
  });

  it('takes the answer as a property too, and the options as properties', () => {
    const out = lit(
      html`<share-count .url=${URL_} .answer=${DATA} .answerAt=${AT} .service=${'pinterest'} .hideBelow=${10} locale="de"></share-count>`,
    );
    expect(out).toBe(renderShareCount({ url: URL_, counts: DATA, at: AT, locale: 'de', service: 'pinterest', hideBelow: 10 }));
    expect(out).toContain('aria-label="1.234 Pinterest shares">1234</span>');
  });

  it('renders an error as renderShareCount does: one given, a URL that is not one, an answer that is not JSON', () => {
    const quota = new SharedCountError('SharedCount: Free quota exceeded', { type: 'quota_exceeded' });
    const out = lit(html`<share-count url=${URL_} .answer=${quota} locale="en"></share-count>`);
    expect(out).toBe(renderShareCount({ url: URL_, counts: quota, locale: 'en' }));
    expect(out).toContain('state="error"');
    expect(out).toContain('title="SharedCount: Free quota exceeded">–</span>');
    expect(out).not.toContain('answer=');

    const badUrl = lit(html`<share-count url="javascript:alert(1)" answer="{}"></share-count>`);
    expect(badUrl).toBe(renderShareCount({ url: 'javascript:alert(1)', counts: {} }));
    expect(badUrl).toContain('Not an absolute http(s) URL of a page');

    const notJson = lit(html`<share-count url=${URL_} answer="{oops"></share-count>`);
    expect(notJson).toContain('state="error"');
    expect(notJson).toContain('title="The share count could not be shown (https://example.com/post)"');
  });

  it('renders a network that failed (null) or that the answer lacks as renderShareCount does', () => {
    const failed = { Pinterest: null, Facebook: { total_count: 3 } };
    const out = lit(
      html`<share-count url=${URL_} service="pinterest" answer=${JSON.stringify(failed)} answer-at=${AT} locale="en"></share-count>`,
    );
    expect(out).toBe(renderShareCount({ url: URL_, service: 'pinterest', counts: failed, at: AT, locale: 'en' }));
    expect(out).toContain('title="No Pinterest count">–</span>');

    const missing = lit(
      html`<share-count url=${URL_} service="linkedin" answer=${JSON.stringify(DATA)} answer-at=${AT} locale="en"></share-count>`,
    );
    expect(missing).toBe(renderShareCount({ url: URL_, service: 'linkedin', counts: DATA, at: AT, locale: 'en' }));
  });

  it('renders loading without an answer (the browser asks), and keeps the attributes it does not read', () => {
    const out = lit(html`<share-count url=${URL_} lazy data-x="1" state="ready" answer=${''} locale="en"></share-count>`);
    expect(out).toBe(renderShareCount({ url: URL_, locale: 'en', attributes: { lazy: '', 'data-x': '1' } }));
    expect(out).toContain('state="loading"');
  });
});

describe('ShareButtonsRenderer', () => {
  it('writes what renderShareButtons writes, counts with `counts` and an answer', () => {
    const out = lit(html`<share-buttons url=${URL_} networks="facebook pinterest email native" counts text="A & B"
      answer=${JSON.stringify(DATA)} answer-at=${AT} locale="en-US"></share-buttons>`);
    const expected = renderShareButtons({
      url: URL_,
      networks: 'facebook pinterest email native',
      showCounts: true,
      text: 'A & B',
      counts: DATA,
      at: AT,
      locale: 'en-US',
    });
    expect(out).toBe(expected);
    expect(out).toContain('aria-label="Share on Facebook, 12K shares"');
  });

  it('shows no counts without `counts`, as the element in the browser, and writes no answer', () => {
    const out = lit(html`<share-buttons url=${URL_} networks="facebook" .answer=${DATA} locale="en"></share-buttons>`);
    expect(out).toBe(renderShareButtons({ url: URL_, networks: 'facebook', counts: DATA, showCounts: false, locale: 'en' }));
    expect(out).not.toContain('answer=');
    expect(out).toContain('<span part="count" hidden=""></span>');
  });
});

describe('Lit SSR without our renderers', () => {
  it('has nothing for our elements: LitElementRenderer takes LitElements only, and ours are ReactiveElements', async () => {
    const { ShareCountElement } = await import('../../src/elements/share-count/share-count.js');
    expect(LitElementRenderer.matchesClass(ShareCountElement)).toBeFalsy();
    const out = collectResultSync(render(html`<share-count url=${URL_} answer="{}"></share-count>`));
    expect(out).not.toContain('<template');
  });

  it('registers stand-ins for the tags, which Lit SSR needs defined, leaving a defined tag alone', () => {
    expect(customElements.get('share-count')).toBeDefined();
    expect(customElements.get('share-buttons')).toBeDefined();
  });
});

describe('the built files', () => {
  it('dist/ssr-lit.js renders through Lit SSR in a plain Node process, sharing configure() with dist/ssr.js', () => {
    if (!existsSync('dist/ssr-lit.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const script = `
      const { render, LitElementRenderer } = await import('@lit-labs/ssr');
      const { collectResultSync } = await import('@lit-labs/ssr/lib/render-result.js');
      const { html } = await import('lit');
      const { configure } = await import('./dist/ssr.js');
      const { ShareCountRenderer } = await import('./dist/ssr-lit.js');
      configure({ labels: { de: { other: '# Mal geteilt' } } });
      const out = collectResultSync(render(html\`<share-count url="https://example.com/" answer='{"Pinterest":5}' locale="de"></share-count>\`,
        { elementRenderers: [ShareCountRenderer, LitElementRenderer] }));
      console.log(out.includes('aria-label="5 Mal geteilt">5</span>'));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true');
  });

  it('dist/ssr.js does not load @lit-labs/ssr', () => {
    expect(readFileSync('dist/ssr.js', 'utf8')).not.toContain('@lit-labs');
  });
});
