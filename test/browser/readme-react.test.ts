/**
 * The README's React 19 example ("Server rendering"): the HTML its server.jsx renders in Node
 * (`renderToString`, with the count from the proxy's `counts()` against the fake SharedCount),
 * put in the page as a parser would put it there (declarative shadow roots attached), then its
 * client.jsx, bundled with React's development build, hydrating it. Served by the test server:
 * web-test-runner.config.mjs, `/__readme-react/`. Nothing of the package is imported here: the
 * elements come from client.jsx, as on a publisher's page.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { nextTick, remoteUrls, requests, startMocks, watchPageErrors } from './support/worker.js';

const PAGE = 'https://www.example.com/harbour';

/** What went to the fake SharedCount since the last call, as the test server logged it. */
// Same origin, not support/frames.ts's: MSW runs in this page, and would count a request to the fake's own address.
const fakeLog = async () => (await (await fetch('/__fake-sharedcount/log')).json()) as string[];

/** Every console.error and console.warn while `run` runs (React reports hydration mismatches there). */
async function consoleDuring(run: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const { error, warn } = console;
  console.error = (...args: unknown[]) => logged.push(`error: ${args.map(String).join(' ')}`);
  console.warn = (...args: unknown[]) => logged.push(`warn: ${args.map(String).join(' ')}`);
  try {
    await run();
  } finally {
    Object.assign(console, { error, warn });
  }
  return logged;
}

/** A `<div id="root">` holding the server's HTML, parsed as the page's parser does, in the page. */
async function serverRendered(): Promise<HTMLDivElement> {
  const html = await (await fetch('/__readme-react/root.html')).text();
  const root = document.createElement('div');
  root.setHTMLUnsafe(html);
  document.body.replaceChildren(root);
  root.id = 'root';
  return root;
}

/** React's hydration is done with a node once React has attached its fiber to it. */
const hydrated = (node: Node) => Object.keys(node).some((key) => key.startsWith('__reactFiber$'));

describe('README: React 19, renderToString on the server, hydrateRoot in the browser', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(async () => {
    requests.length = 0;
    await fakeLog();
  });
  after(() => document.body.replaceChildren());

  it('hydrates without a warning, keeps the server’s nodes, and asks for nothing while the count is fresh', async () => {
    const root = await serverRendered();
    expect(await fakeLog(), 'the server asked SharedCount (through the proxy) once').to.deep.equal([
      `/__fake-sharedcount/?url=${encodeURIComponent(PAGE)}&apikey=demo-key`,
    ]);
    const box = root.querySelector('p > span')!;
    const el = box.querySelector('share-count')!;
    const shown = el.shadowRoot!.querySelector('span')!;
    // The fake's answer: Pinterest 9 + Facebook 168.
    expect([shown.textContent, shown.getAttribute('aria-label')]).to.deep.equal(['177', '177 shares']);
    expect(el.getAttribute('url')).to.equal(PAGE);
    expect(customElements.get('share-count'), 'nothing defines the element before client.jsx').to.equal(undefined);

    const logged = await consoleDuring(async () => {
      await import(/* @vite-ignore */ `${location.origin}/__readme-react/client.js`);
      await waitUntil(() => hydrated(box), 'React hydrated the span', { timeout: 5000 });
      await waitUntil(() => el.getAttribute('state') === 'ready' && customElements.get('share-count'), 'the element upgraded');
      await nextTick(300);
    });
    expect(logged, 'hydration warnings').to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);

    expect(hydrated(root.querySelector('article')!)).to.equal(true);
    expect(el).to.be.instanceOf(customElements.get('share-count')!);
    expect(root.querySelector('p > span'), 'the same span').to.equal(box);
    expect(box.querySelector('share-count'), 'the same element').to.equal(el);
    expect(el.shadowRoot!.querySelector('span'), 'the same count node').to.equal(shown);
    expect((el as unknown as { count: number }).count).to.equal(177);
    expect([shown.textContent, shown.getAttribute('aria-label')]).to.deep.equal(['177', '177 shares']);
    expect(root.querySelector('p')!.textContent).to.equal('Shared  times.');
    expect(remoteUrls(), 'no request from the page').to.deep.equal([]);
    expect(await fakeLog(), 'nor from the server').to.deep.equal([]);
  });

  it('control: without suppressHydrationWarning, React reports the mismatch (what the test above would see)', async () => {
    const root = await serverRendered();
    const box = root.querySelector('p > span')!;
    const logged = await consoleDuring(async () => {
      await import(/* @vite-ignore */ `${location.origin}/__readme-react/client.js?without=suppressHydrationWarning`);
      await waitUntil(() => hydrated(box), 'React hydrated the span', { timeout: 5000 });
      await nextTick(300);
    });
    expect(logged.join('\n')).to.match(/^error: A tree hydrated but some attributes of the server rendered HTML didn't match/m);
    expect(logged.join('\n')).to.contain('dangerouslySetInnerHTML');
  });
});
