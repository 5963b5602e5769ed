/**
 * Server rendering (share-count-widgets/ssr): the HTML Node writes, as Chromium shows it without
 * scripts, and as the elements take it over when their script runs. The HTML comes from
 * dist/ssr.js run by Node in the test server (web-test-runner.config.mjs, `/__ssr/`).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/entries/buttons.js';
import type { ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import type { ShareCountElement, ShareCountLoadDetail } from '../../src/entries/share-count-widgets.js';
import { http } from 'msw';
import { answer, FAKE_ENDPOINT } from '../fakes/sharedcount.js';
import { configure } from '../../src/entries/share-count-widgets.js';
import { nextTick, remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { settledAll } from './support/settle.js';

/** The HTML Node renders for `input` (`at` below 0: that many ms ago). */
async function rendered(kind: 'count' | 'buttons', input: Record<string, unknown>): Promise<string> {
  const response = await fetch(`/__ssr/render?${new URLSearchParams({ kind, input: JSON.stringify(input) })}`);
  if (!response.ok) throw new Error(`render failed: ${response.status} ${await response.text()}`);
  return response.text();
}

/** The HTML parsed as a page's parser does (declarative shadow roots attached), not in the document yet. */
function parsed(html: string): HTMLDivElement {
  const box = document.createElement('div');
  box.setHTMLUnsafe(html);
  return box;
}

const HOUR = 3600_000;
const PAGE = 'https://example.com/popular';
/** Not the fake's answer for PAGE: what is shown tells whose answer it is. */
const SERVED = { Pinterest: 7, Facebook: { total_count: 1200 } };

interface Reader {
  cls: number;
  shifts: number;
  shown: string[];
  buttons: string[];
  hrefs: (string | null)[];
  names: string[];
  requests: number;
  elsewhere: string[];
  axe?: string[];
}

describe('server rendering', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  describe('a page Node rendered, in Chromium with scripts off', () => {
    it('shows the exact counts, the share links and the accessible names, with 0 axe violations and no request', async () => {
      const page = (await executeServerCommand('reader-page', {
        path: '/__ssr/article.html?script=none',
        width: 1280,
        height: 800,
        scripts: false,
        axe: true,
      })) as Reader;
      // FAKE_COUNTS: Pinterest 9 + Facebook 168.
      expect(page.shown).to.have.length(20);
      expect(new Set(page.shown)).to.deep.equal(new Set(['177']));
      expect(page.buttons, 'Facebook, Pinterest').to.deep.equal(['168', '9']);
      const url = encodeURIComponent('https://example.com/late/ssr-0');
      const text = encodeURIComponent('The harbour, one year on');
      expect(page.hrefs).to.deep.equal([
        `https://www.facebook.com/sharer/sharer.php?u=${url}`,
        `https://www.pinterest.com/pin/create/button/?url=${url}&description=${text}`,
        `https://x.com/intent/tweet?text=${text}&url=${url}`,
        `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
        `mailto:?subject=${text}&body=${url}`,
        null, // copy: a button, which needs the script
      ]);
      expect(page.names.filter((name) => name.startsWith('image:')))
        .to.have.length(20)
        .and.include('image: 177 shares');
      expect(page.names).to.include.members([
        'link: Share on Facebook, 168 shares',
        'link: Save on Pinterest, 9 shares',
        'link: Post on X',
        'link: Share on LinkedIn',
        'link: Send by email',
      ]);
      expect(page.names.join('\n'), 'copy needs the script: not there without one').not.to.contain('Copy link');
      expect(page.axe).to.deep.equal([]);
      expect(page.requests).to.equal(0);
      expect(page.elsewhere, 'nothing from any third party').to.deep.equal([]);
    });
  });

  describe('hydration: the script takes over what the server rendered', () => {
    it('keeps the nodes, makes no request while the answer is fresh, and fires one share-count-load', async () => {
      const box = parsed(await rendered('count', { url: PAGE, counts: SERVED, at: -60_000, locale: 'en-US' }));
      const el = box.querySelector('share-count') as ShareCountElement;
      const node = el.shadowRoot!.querySelector('span')!;
      const text = node.firstChild;
      expect([node.textContent, node.getAttribute('aria-label')]).to.deep.equal(['1.2K', '1,207 shares']);
      const loads: ShareCountLoadDetail[] = [];
      box.addEventListener('share-count-load', (event) => loads.push((event as CustomEvent<ShareCountLoadDetail>).detail));
      document.body.append(box);
      try {
        await el.updateComplete;
        await nextTick(200);
        expect(el.shadowRoot!.querySelector('span'), 'the same node').to.equal(node);
        expect(node.firstChild, 'the same text node').to.equal(text);
        expect(el.shadowRoot!.querySelectorAll('span')).to.have.length(1);
        expect([node.textContent, node.getAttribute('aria-label')]).to.deep.equal(['1.2K', '1,207 shares']);
        expect(el.state).to.equal('ready');
        expect(el.count).to.equal(1207);
        expect(el.data).to.deep.equal(SERVED);
        expect(loads).to.deep.equal([{ url: PAGE, count: 1207, data: SERVED }]);
        expect(remoteUrls(), 'no request').to.deep.equal([]);
      } finally {
        box.remove();
      }
    });

    it('takes over what Lit SSR rendered (share-count-widgets/ssr/lit): the count at once, no request while fresh', async () => {
      const response = await fetch(
        `/__ssr/lit?${new URLSearchParams({ input: JSON.stringify({ url: PAGE, counts: SERVED, age: 60_000 }) })}`,
      );
      const html = await response.text();
      expect(html, "Lit's markers").to.contain('<!--lit-part');
      const box = parsed(html);
      const el = box.querySelector('share-count') as ShareCountElement;
      const group = box.querySelector('share-buttons') as ShareButtonsElement;
      const node = el.shadowRoot!.querySelector('span')!;
      const facebook = () => group.shadowRoot!.querySelector('share-button[network="facebook"]')!.shadowRoot!;
      expect([node.textContent, node.getAttribute('aria-label')], 'before any script').to.deep.equal(['1.2K', '1,207 shares']);
      expect(facebook().querySelector('[part="count"]')!.textContent).to.equal('1.2K');
      document.body.append(box);
      try {
        await el.updateComplete;
        await nextTick(200);
        expect(el.shadowRoot!.querySelector('span'), 'the same node').to.equal(node);
        expect([el.state, el.count]).to.deep.equal(['ready', 1207]);
        expect(facebook().querySelector('[part="count"]')!.textContent).to.equal('1.2K');
        expect(facebook().querySelector('[part="button"]')!.getAttribute('aria-label')).to.equal('Share on Facebook, 1.2K shares');
        expect(remoteUrls(), 'no request').to.deep.equal([]);
      } finally {
        box.remove();
      }
    });

    it('shows a fresh answer on a page whose script has no key yet, and asks nothing', async () => {
      configure({ sharedcount: { apiKey: '' } });
      const box = parsed(await rendered('count', { url: PAGE, counts: SERVED, at: -60_000, locale: 'en-US' }));
      const el = box.querySelector('share-count') as ShareCountElement;
      const errors: unknown[] = [];
      box.addEventListener('share-count-error', (event) => errors.push(event));
      document.body.append(box);
      try {
        await el.updateComplete;
        await nextTick(200);
        expect([el.state, el.count, el.shadowRoot!.querySelector('span')!.textContent]).to.deep.equal(['ready', 1207, '1.2K']);
        expect(errors).to.deep.equal([]);
        expect(remoteUrls()).to.deep.equal([]);
      } finally {
        box.remove();
      }
    });

    it('asks once when the answer is stale, showing the served count until the new one is there', async () => {
      const box = parsed(await rendered('count', { url: PAGE, counts: SERVED, at: -2 * HOUR, locale: 'en-US' }));
      const el = box.querySelector('share-count') as ShareCountElement;
      const node = el.shadowRoot!.querySelector('span')!;
      const shown: string[] = [];
      new MutationObserver(() => shown.push(node.textContent!)).observe(node, { childList: true, characterData: true, subtree: true });
      const loads: number[] = [];
      box.addEventListener('share-count-load', (event) => loads.push((event as CustomEvent<ShareCountLoadDetail>).detail.count!));
      document.body.append(box);
      try {
        await settledAll([el], { until: (shown) => shown.count === 13834, timeout: 3000 });
        expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=${encodeURIComponent(PAGE)}&apikey=demo-key`]);
        expect(el.shadowRoot!.querySelector('span')).to.equal(node);
        expect(shown, 'never the ellipsis of a loading count').to.deep.equal(['14K']);
        expect(loads).to.deep.equal([1207, 13834]);
      } finally {
        box.remove();
      }
    });

    it('takes over server-rendered share buttons: the same nodes, the count at once, no request while fresh', async () => {
      const input = { url: PAGE, text: 'Popular', networks: 'facebook pinterest x', counts: SERVED, at: -60_000, locale: 'en-US' };
      const box = parsed(await rendered('buttons', input));
      const group = box.querySelector('share-buttons') as ShareButtonsElement;
      const before = [...group.shadowRoot!.querySelectorAll('share-button')].map(
        (button) => [button, button.shadowRoot!.querySelector('a')!, button.shadowRoot!.querySelector('[part=count]')!] as const,
      );
      expect(before.map(([, , count]) => count.textContent)).to.deep.equal(['1.2K', '7', '']);
      document.body.append(box);
      try {
        await group.updateComplete;
        const buttons = [...group.shadowRoot!.querySelectorAll('share-button')] as ShareButtonElement[];
        await Promise.all(buttons.map((button) => button.updateComplete));
        await nextTick(200);
        expect(buttons).to.deep.equal(before.map(([button]) => button));
        buttons.forEach((button, i) => {
          expect(button.shadowRoot!.querySelector('a'), `${button.network}: the same link`).to.equal(before[i]![1]);
          expect(button.shadowRoot!.querySelector('[part=count]')).to.equal(before[i]![2]);
          expect(button.shadowRoot!.querySelectorAll('a')).to.have.length(1);
        });
        expect(buttons.map((button) => button.shares)).to.deep.equal([1200, 7, null]);
        expect(buttons.map((button) => button.shadowRoot!.querySelector('a')!.getAttribute('aria-label'))).to.deep.equal([
          'Share on Facebook, 1.2K shares',
          'Save on Pinterest, 7 shares',
          'Post on X',
        ]);
        expect(remoteUrls(), 'no request').to.deep.equal([]);
      } finally {
        box.remove();
      }
    });

    it('asks once for stale server-rendered buttons, and the buttons show the new counts', async () => {
      const input = { url: PAGE, text: 'Popular', networks: 'facebook pinterest', counts: SERVED, at: -2 * HOUR, locale: 'en-US' };
      const box = parsed(await rendered('buttons', input));
      const group = box.querySelector('share-buttons') as ShareButtonsElement;
      document.body.append(box);
      try {
        const buttons = () => [...group.shadowRoot!.querySelectorAll('share-button')] as ShareButtonElement[];
        await waitUntil(() => buttons()[0]?.shares === 12004, 'the refreshed count', { timeout: 3000 });
        expect(buttons().map((button) => button.shares)).to.deep.equal([12004, 1520]);
        expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=${encodeURIComponent(PAGE)}&apikey=demo-key`]);
      } finally {
        box.remove();
      }
    });
  });

  describe('the same string from the server and the browser', () => {
    /** A shadow root's HTML as the browser renders it, or as Node wrote it less its <style>. */
    const nodesOf = (root: ShadowRoot) => root.innerHTML.replace(/<style[^>]*>[^<]*<\/style>/g, '');
    /** Answers `data` for every URL; each case counts a page of its own, so that nothing comes from the cache. */
    const answering = (data: object) => worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, 200, data)));
    const attributes = (input: Record<string, unknown>) =>
      Object.entries(input)
        .filter(([name, value]) => !['counts', 'at'].includes(name) && value !== undefined)
        .map(([name, value]) => [name.replace(/[A-Z]/g, (upper) => `-${upper.toLowerCase()}`), String(value)] as const);

    /** Each case: its name, the options, the answer, and the text a reader sees. */
    const COUNTS: [string, Record<string, unknown>, object, string][] = [
      ['English, compact', { locale: 'en-US' }, { Pinterest: 1234 }, '1.2K'],
      ['German, standard', { locale: 'de', notation: 'standard' }, { Facebook: { total_count: 1234567 } }, '1.234.567'],
      ['French, compact millions', { locale: 'fr', service: 'facebook' }, { Facebook: { total_count: 1500000 } }, '1,5\u00a0M'],
      ['Japanese, compact', { locale: 'ja' }, { Pinterest: 12345 }, '1.2万'],
      ['Arabic (Egypt), standard', { locale: 'ar-EG', notation: 'standard' }, { Pinterest: 1234 }, '\u0661\u066c\u0662\u0663\u0664'],
      ['Hindi, compact', { locale: 'hi-IN' }, { Pinterest: 123456 }, '1.2\u00a0लाख'],
      ['Polish, one', { locale: 'pl', service: 'pinterest' }, { Pinterest: 1 }, '1'],
      ["the publisher's words", { locale: 'de', label: '# Mal geteilt' }, { Pinterest: 21 }, '21'],
      ['a Facebook field', { locale: 'en-US', service: 'facebook', field: 'comment_count' }, { Facebook: { comment_count: 53 } }, '53'],
      ['under hide-below', { locale: 'en-US', hideBelow: 10 }, { Pinterest: 3 }, ''],
      ['at hide-below', { locale: 'en-US', hideBelow: 10 }, { Pinterest: 10 }, '10'],
      ['a network missing from the answer', { locale: 'en-US', service: 'linkedin' }, { Pinterest: 3 }, '–'],
      ['a network that failed', { locale: 'en-US', service: 'facebook' }, { Facebook: null, Pinterest: 3 }, '–'],
      ['error: not a notation', { locale: 'en-US', notation: 'short' }, { Pinterest: 3 }, '–'],
      ['error: not a count', { locale: 'en-US' }, { Pinterest: -5 }, '–'],
      ["error: SharedCount's refusal", { locale: 'en-US' }, { Error: 'Domain not allowed', Type: 'domain_not_allowed' }, '–'],
    ];

    for (const [name, options, data, text] of COUNTS) {
      it(`<share-count>: ${name}`, async () => {
        const input = { url: `https://example.com/same/${encodeURIComponent(name)}`, counts: data, ...options };
        const server = parsed(await rendered('count', input)).querySelector('share-count')!;
        answering(data);
        const live = document.createElement('share-count') as ShareCountElement;
        for (const [attribute, value] of attributes(input)) live.setAttribute(attribute, value);
        document.body.append(live);
        try {
          await settledAll([live], { until: (el) => el.getAttribute('state') === server.getAttribute('state'), timeout: 2000 });
          // What a reader sees, from Node; then the browser's element, node for node the same.
          expect(server.shadowRoot!.querySelector('span')!.textContent).to.equal(text);
          expect(nodesOf(live.shadowRoot!)).to.equal(nodesOf(server.shadowRoot!));
          expect(live.getAttribute('state')).to.equal(server.getAttribute('state'));
        } finally {
          live.remove();
        }
      });
    }

    /** Each case: its name, the options, the answer, and the accessible names of the buttons shown. */
    const BUTTONS: [string, Record<string, unknown>, object, string[]][] = [
      [
        'English, with a network that has no count',
        { locale: 'en-US', networks: 'facebook pinterest x' },
        { Facebook: { total_count: 12004 } },
        ['Share on Facebook, 12K shares', 'Save on Pinterest', 'Post on X'],
      ],
      [
        'German, standard',
        { locale: 'de', notation: 'standard', networks: 'facebook pinterest' },
        { Facebook: { total_count: 12004 }, Pinterest: 1520 },
        ['Share on Facebook, 12.004 shares', 'Save on Pinterest, 1.520 shares'],
      ],
      [
        'Japanese',
        { locale: 'ja', networks: 'pinterest reddit' },
        { Pinterest: 15200 },
        ['Save on Pinterest, 1.5万 shares', 'Share on Reddit'],
      ],
      [
        'under hide-below',
        { locale: 'en-US', hideBelow: 100, networks: 'facebook pinterest' },
        { Facebook: { total_count: 99 }, Pinterest: 100 },
        ['Share on Facebook', 'Save on Pinterest, 100 shares'],
      ],
      [
        'icons only',
        { locale: 'en-US', display: 'icon', networks: 'facebook linkedin' },
        { Facebook: { total_count: 5 } },
        ['Share on Facebook, 5 shares', 'Share on LinkedIn'],
      ],
      [
        'Mastodon without a server, copy, and a network there is none of',
        { locale: 'en-US', networks: 'mastodon copy myspace email' },
        { Pinterest: 1 },
        ['Share on Mastodon', 'Copy link', 'Send by email'],
      ],
      [
        'Mastodon with a server',
        { locale: 'en-US', networks: 'mastodon threads', mastodonServer: 'mastodon.social' },
        {},
        ['Share on Mastodon', 'Post on Threads'],
      ],
    ];

    for (const [name, options, data, heard] of BUTTONS) {
      it(`<share-buttons counts>: ${name}`, async () => {
        const input = { url: `https://example.com/same/${encodeURIComponent(name)}`, text: 'Same & <same>', counts: data, ...options };
        const server = parsed(await rendered('buttons', input)).querySelector('share-buttons')!;
        answering(data);
        const live = document.createElement('share-buttons') as ShareButtonsElement;
        for (const [attribute, value] of attributes(input)) live.setAttribute(attribute, value);
        live.setAttribute('counts', '');
        document.body.append(live);
        try {
          const served = [...server.shadowRoot!.querySelectorAll('share-button')];
          const shown = () => [...live.shadowRoot!.querySelectorAll('share-button')] as ShareButtonElement[];
          const counted = served.some((button) => button.shadowRoot!.querySelector('[part=count]:not([hidden])'));
          // What a reader hears, from Node.
          expect(
            served
              .filter((button) => !button.hidden)
              .map((button) => button.shadowRoot!.querySelector('[part=button]')!.getAttribute('aria-label')),
          ).to.deep.equal(heard);
          // The browser's buttons, once there, and their count once it came: one request for the page, or none.
          await waitUntil(() => shown().length === served.length && (!counted || shown().some((button) => button.shares !== null)), name, {
            timeout: 3000,
          });
          await Promise.all(shown().map((button) => button.updateComplete));
          expect(remoteUrls()).to.deep.equal(counted ? [`${FAKE_ENDPOINT}?url=${encodeURIComponent(input.url)}&apikey=demo-key`] : []);
          expect(shown().map((button) => button.getAttribute('network'))).to.deep.equal(
            served.map((button) => button.getAttribute('network')),
          );
          shown().forEach((button, i) => {
            const twin = served[i]!;
            expect(button.hidden, `${button.network}: hidden`).to.equal(twin.hidden);
            if (!button.hidden) expect(nodesOf(button.shadowRoot!), button.network).to.equal(nodesOf(twin.shadowRoot!));
          });
        } finally {
          live.remove();
        }
      });
    }
  });

  describe('the whole page, with its script', () => {
    /** An answer the fake SharedCount does not give (it gives 177 = 168 + 9): what is shown says whose it is. */
    const served = encodeURIComponent(JSON.stringify({ Pinterest: 1, Facebook: { total_count: 2 } }));
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      it(`shifts nothing at ${width} px with no CSS of ours, and makes no request while the answers are fresh`, async () => {
        const page = (await executeServerCommand('reader-page', { path: `/__ssr/article.html?served=${served}`, width, height })) as Reader;
        expect(page.cls).to.equal(0);
        expect(page.shifts).to.equal(0);
        // The server's counts, still, once every element upgraded: nothing asked, nothing overwrote them.
        expect(page.shown).to.deep.equal(Array<string>(20).fill('3'));
        expect(page.buttons).to.deep.equal(['2', '1']);
        expect(page.requests).to.equal(0);
        expect(page.elsewhere, 'nothing from any third party').to.deep.equal([]);
      });
    }

    it('makes one request per stale answer, none for the buttons whose page a count asked for, and shows the new counts', async () => {
      const page = (await executeServerCommand('reader-page', {
        path: `/__ssr/article.html?served=${served}&age=${2 * HOUR}`,
        width: 1280,
        height: 800,
        // Every count, and the buttons', refreshed: the fake's answer on screen.
        until: `[...document.querySelectorAll('share-count')].every((el) => el.shadowRoot.querySelector('[role=img]').textContent === '177')
          && document.querySelector('share-buttons').shadowRoot.querySelector('share-button[network=facebook]').shadowRoot.querySelector('[part=count]').textContent === '168'`,
      })) as Reader;
      // 20 counts of 20 pages; the buttons' page is one of them, and its lookup is shared.
      expect(page.requests).to.equal(20);
      expect(page.shown).to.deep.equal(Array<string>(20).fill('177'));
      expect(page.buttons).to.deep.equal(['168', '9']);
      expect(page.cls).to.equal(0);
    });
  });
});
