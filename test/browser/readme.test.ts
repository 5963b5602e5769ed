/**
 * The README's jQuery example, copied into a page as a publisher would: its markup and scripts as
 * written, with the built `dist/jquery.sharedcount.js` and jQuery where the example says
 * `https://your.cdn/`, and the fake SharedCount's key for `YOUR_KEY`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { countsFor, FAKE_ENDPOINT, FAKE_KEY } from '../fakes/sharedcount.js';
import { loadScript, remoteUrls, startMocks } from './support/worker.js';

const FILES: Record<string, string> = {
  'https://your.cdn/jquery.js': '/node_modules/jquery/dist/jquery.js',
  'https://your.cdn/jquery.sharedcount.js': '/dist/jquery.sharedcount.js',
};

async function readmeBlock(heading: string, lang: string): Promise<string> {
  const readme = await (await fetch('/README.md')).text();
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(readme.indexOf(heading)));
  if (!match) throw new Error(`no ${lang} block under ${heading}`);
  return match[1]!;
}

describe('README: the jQuery plugin example', () => {
  it('fills the example\'s own <span class="shares"> with the compact Facebook count', async () => {
    await startMocks();
    const example = new DOMParser().parseFromString(await readmeBlock('### 2. jQuery plugin', 'html'), 'text/html').body;
    const scripts = [...example.querySelectorAll('script')];
    scripts.forEach((script) => script.remove());
    document.body.replaceChildren(...example.childNodes);
    expect(document.querySelectorAll('.shares'), 'the span is markup, not a comment').to.have.length(1);
    for (const script of scripts) {
      if (script.src) {
        const attributes = Object.fromEntries(
          [...script.attributes].filter(({ name }) => name !== 'src').map(({ name, value }) => [name, value]),
        );
        if (attributes['data-sharedcount-key'] === 'YOUR_KEY') attributes['data-sharedcount-key'] = FAKE_KEY;
        expect(FILES, script.getAttribute('src')!).to.have.property(script.getAttribute('src')!);
        await loadScript(FILES[script.getAttribute('src')!]!, attributes);
      } else {
        document.body.append(Object.assign(document.createElement('script'), { textContent: script.textContent }));
      }
    }
    const span = document.querySelector<HTMLElement>('.shares')!;
    await waitUntil(() => span.dataset['sharedcountState'] === 'ready', 'the span is filled', { timeout: 5000 });
    const facebook = (countsFor('https://example.com/post') as { Facebook: { total_count: number } }).Facebook.total_count;
    const compact = new Intl.NumberFormat('en-US', { notation: 'compact' }).format(facebook);
    expect(document.querySelector('p')!.textContent).to.equal(`Shared ${compact} times on Facebook.`);
    expect(remoteUrls()).to.include(`${FAKE_ENDPOINT}?url=${encodeURIComponent('https://example.com/post')}&apikey=${FAKE_KEY}`);
  });
});
