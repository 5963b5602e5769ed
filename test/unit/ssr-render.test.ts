// @vitest-environment node
/**
 * share-count-widgets/ssr in Node, with no DOM: what it writes for counts, errors and hostile
 * input. What the browser makes of that HTML is test/browser/ssr.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configure, renderShareButtons, renderShareCount } from '../../src/ssr/index.js';
import { SharedCountError, ValidationError } from '../../src/wire/errors.js';

const URL_ = 'https://example.com/post';
/** The nodes of the (first) shadow root, less its <style>. */
const nodes = (html: string) => /<template shadowrootmode="open"><style[^>]*>[^<]*<\/style>(.*)<\/template>/s.exec(html)?.[1];
const host = (html: string) => /^<[\w-]+([^>]*)>/.exec(html)?.[1];

describe('renderShareCount', () => {
  it('has no DOM to lean on here', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(typeof (globalThis as { HTMLElement?: unknown }).HTMLElement).toBe('undefined');
  });

  it('writes the count, its name and its state, and the answer the element adopts', () => {
    const html = renderShareCount({ url: URL_, counts: { Pinterest: 1234 }, locale: 'en-US', at: 1_796_000_000_000 });
    expect(host(html)).toBe(
      ' url="https://example.com/post" locale="en-US" state="ready" answer="{&quot;Pinterest&quot;:1234}" answer-at="1796000000000"',
    );
    expect(nodes(html)).toBe('<span part="count" role="img" aria-label="1,234 shares">1.2K</span>');
    expect(html).toMatch(/^<share-count [^>]*><template shadowrootmode="open"><style>[^<]*:where\(share-count/);
    expect(html.endsWith('</template></share-count>')).toBe(true);
  });

  it('puts the nonce on its <style>, for a page whose policy allows no inline style', () => {
    expect(renderShareCount({ url: URL_, counts: {}, nonce: 'r4nd"m' })).toContain('<style nonce="r4nd&quot;m">');
  });

  it('renders loading without counts, and the browser asks', () => {
    const html = renderShareCount({ url: URL_, locale: 'en' });
    expect(host(html)).toBe(' url="https://example.com/post" locale="en" state="loading"');
    expect(nodes(html)).toBe('<span part="count" role="img" aria-label="Loading share count">…</span>');
  });

  it('renders errors as the element does, and writes no message that is not ours', () => {
    const ours = renderShareCount({
      url: URL_,
      counts: new SharedCountError('SharedCount: Free quota exceeded', { type: 'quota_exceeded' }),
    });
    expect(nodes(ours)).toBe(
      '<span part="error" role="img" aria-label="Share count unavailable: SharedCount: Free quota exceeded" title="SharedCount: Free quota exceeded">–</span>',
    );
    // A server's own error may say anything (a path, a key): the page gets the element's words.
    const theirs = renderShareCount({ url: URL_, counts: new Error('ECONNREFUSED 10.0.0.7:6379 key=s3cret') });
    expect(theirs).not.toContain('s3cret');
    expect(theirs).not.toContain('answer=');
    expect(nodes(theirs)).toContain('title="The share count could not be shown (https://example.com/post)"');
    const badUrl = renderShareCount({ url: 'javascript:alert(1)', counts: {} });
    expect(host(badUrl)).toContain('state="error"');
    expect(nodes(badUrl)).toContain('Not an absolute http(s) URL of a page');
  });

  it('escapes whatever the answer and the options hold: nothing becomes markup', () => {
    const hostile = '"><script>alert(1)</script><x y="';
    const html = renderShareCount({
      url: `${URL_}?q=${encodeURIComponent(hostile)}`,
      counts: { [hostile]: 3, Pinterest: 2 },
      label: `${hostile} #`,
      locale: 'en',
      attributes: { class: hostile, 'data-x': 1, hidden: false, inert: true },
    });
    expect(html).not.toMatch(/<script|<x /);
    expect(html).toContain('class="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x y=&quot;"');
    expect(html).toContain(' data-x="1" inert=""');
    expect(host(html)).not.toContain(' hidden');
    // Every count of the answer adds up in the total, an unknown network's too.
    expect(nodes(html)).toBe(
      '<span part="count" role="img" aria-label="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;x y=&quot; 5">5</span>',
    );
  });

  it("uses a region's own words where Node's Intl resolves the region away, as browsers keep it", () => {
    // Only Portuguese words are configured (this file's other tests are in English).
    configure({ labels: { 'pt-BR': { one: '# compartilhamento', other: '# compartilhamentos' }, pt: { other: '# partilhas' } } });
    expect(nodes(renderShareCount({ url: URL_, counts: { Pinterest: 2 }, locale: 'pt-BR' }))).toContain('aria-label="2 compartilhamentos"');
    expect(nodes(renderShareCount({ url: URL_, counts: { Pinterest: 2 }, locale: 'pt-PT' }))).toContain('aria-label="2 partilhas"');
    expect(renderShareButtons({ url: URL_, text: '', networks: 'pinterest', counts: { Pinterest: 1 }, locale: 'pt-BR' })).toContain(
      'aria-label="Save on Pinterest, 1 compartilhamento"',
    );
  });

  it('refuses with a TypeError what is not options, a time or an attribute name', () => {
    expect(() => renderShareCount(undefined as never)).toThrow(TypeError);
    expect(() => renderShareCount({ url: URL_, counts: {}, at: Number.NaN })).toThrow(/at must be a time/);
    expect(() => renderShareCount({ url: URL_, counts: {}, attributes: { 'on click': 'x' } })).toThrow(/Not an attribute name/);
  });
});

describe('what a caller gets wrong, refused at once', () => {
  it('a promise not awaited, or a proxy answer not spread: a TypeError, not its numbers as counts', () => {
    const served = { counts: { Pinterest: 3 }, at: 1_796_000_000_000 };
    expect(() => renderShareCount({ url: URL_, counts: served as never })).toThrow(/spread a proxy's/);
    expect(() => renderShareButtons({ url: URL_, counts: Promise.resolve({}) as never })).toThrow(/await it/);
    expect(nodes(renderShareCount({ url: URL_, ...served, locale: 'en' }))).toContain('>3</span>');
  });

  it('an attribute the renderer writes itself, given again in attributes: a TypeError, not two', () => {
    expect(() => renderShareCount({ url: URL_, counts: {}, attributes: { state: 'ready' } })).toThrow(/writes state itself/);
    expect(() => renderShareCount({ url: URL_, counts: {}, attributes: { URL: URL_ } })).toThrow(/writes URL itself/);
    // Without counts the renderer writes no answer: the caller's is written, once.
    expect(renderShareButtons({ url: URL_, attributes: { answer: '{}' } }).match(/ answer="[^"]*"/g)).toEqual([' answer="{}"']);
  });

  it('networks that are not one name each: a TypeError, as the browser would read other buttons', () => {
    for (const networks of [[''], ['facebook x'], [null]]) {
      expect(() => renderShareButtons({ url: URL_, networks: networks as string[] }), JSON.stringify(networks)).toThrow(/one each/);
    }
  });

  it('a notation that is not one, for the buttons: our ValidationError', () => {
    expect(() => renderShareButtons({ url: URL_, notation: 'short' as never })).toThrow(ValidationError);
  });

  it('half an emoji in the words shared is written as U+FFFD, in the links and the attributes alike', () => {
    const html = renderShareButtons({ url: URL_, text: 'Harbour \uD83D', networks: 'x', locale: 'en' });
    expect(html).toContain('text="Harbour \uFFFD"');
    expect(html).toContain('href="https://x.com/intent/tweet?text=Harbour%20%EF%BF%BD&amp;url=');
  });
});

describe('renderShareButtons', () => {
  it('writes links that work without a script, with the counts and their names', () => {
    const html = renderShareButtons({
      url: URL_,
      text: 'A & B',
      networks: ['facebook', 'email', 'native'],
      counts: { Facebook: { total_count: 12004 } },
      locale: 'en-US',
      at: 1_796_000_000_000,
    });
    expect(host(html)).toBe(
      ' networks="facebook email native" counts="" url="https://example.com/post" text="A &amp; B" locale="en-US" answer="{&quot;Facebook&quot;:{&quot;total_count&quot;:12004}}" answer-at="1796000000000"',
    );
    expect(html).toContain(
      '<a part="button" rel="noopener noreferrer" href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com%2Fpost" target="_blank" aria-label="Share on Facebook, 12K shares">',
    );
    expect(html).toContain('<span part="label">Facebook</span> <span part="count">12K</span></a>');
    expect(html).toContain('href="mailto:?subject=A%20%26%20B&amp;body=https%3A%2F%2Fexample.com%2Fpost" aria-label="Send by email"');
    // The system's share sheet needs a script to tell it is there.
    expect(html).toContain(
      '<share-button exportparts="button,icon,label,count" network="native" display="both" notation="compact" hidden="">',
    );
  });

  it('renders links without counts when it has none, and no answer to adopt', () => {
    const html = renderShareButtons({ url: URL_, text: 'T', networks: 'facebook' });
    expect(host(html)).toBe(' networks="facebook" url="https://example.com/post" text="T"');
    expect(html).toContain('<span part="count" hidden=""></span>');
  });
});

describe('the built file, dist/ssr.js', () => {
  it('renders in a plain Node process, importing nothing of the browser', () => {
    if (!existsSync('dist/ssr.js')) throw new Error('dist/ is missing: npm test builds it; run npm run build first');
    const script = `
      const { renderShareCount } = await import('./dist/ssr.js');
      console.log(renderShareCount({ url: 'https://example.com/', counts: { Pinterest: 5 }, locale: 'de' }).includes('aria-label="5 shares">5</span>'));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true');
  });
});
