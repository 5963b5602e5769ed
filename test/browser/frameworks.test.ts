/**
 * The framework demo pages (demo/react.html, demo/vue.html) and the script-tag page
 * (demo/plain.html), each loaded in a frame as `npm start` serves it (Vite, under /__demo/ of the
 * test server: see web-test-runner.config.mjs), with the page's own MSW answering: what a reader
 * sees, what the page asked over the wire, and that the framework heard the elements' events.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ShareableeBadgeElement, ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { FAKE_PROXY } from '../fakes/shareablee.js';
import { FAKE_ENDPOINT, FAKE_KEY } from '../fakes/sharedcount.js';
import { cls, layoutShifts, openDemo, settled, wireLog } from './support/demo-frame.js';

const count = (url: string) => `GET ${FAKE_ENDPOINT}?url=${encodeURIComponent(url)}&apikey=${FAKE_KEY}`;

const all = <T extends Element>(doc: Document, selector: string) => [...doc.querySelectorAll<T>(selector)];
/** The Vue demo's ranking lists all three posts with their counts (not an empty list). */
const rankingFilled = (doc: Document) => {
  const items = all(doc, '#ranking li');
  return items.length === 3 && items.every((li) => /\d shares$/.test(li.textContent!));
};
/** The number a reader sees (the accessible name is a separate, visually hidden label). */
const shown = (el: Element) => el.shadowRoot!.querySelector('[role=img]')!.textContent;
const text = (doc: Document, selector: string) => doc.querySelector(selector)!.textContent!.trim();

/** Chromium's accessibility tree under `selector` in the demo frame, as JSON. */
async function accessibilityTree(path: string, selector: string): Promise<string> {
  return JSON.stringify(await executeServerCommand('frame-a11y-snapshot', { frame: `/__demo/${path}`, selector }));
}

describe('framework demo pages', () => {
  before(async function () {
    // The first page Vite serves waits for its dependency pre-bundling.
    this.timeout(60000);
    localStorage.clear();
    await (await fetch('/__demo/demo/react.ts')).text();
  });
  after(() => document.body.replaceChildren());

  describe('React 19 (demo/react.html)', () => {
    let doc: Document;
    before(async function () {
      this.timeout(30000);
      doc = await openDemo('demo/react.html', '.posts share-count');
    });

    it("renders the elements with React's props, and one request per post", async () => {
      const elements = await settled<ShareCountElement>(doc, '.posts share-count');
      expect(elements.map(shown)).to.deep.equal(['14K', '3.9K', '4.3K', '–']);
      expect(elements.map((el) => el.state)).to.deep.equal(['ready', 'ready', 'ready', 'error']);
      const tree = await accessibilityTree('demo/react.html', '.posts li:first-child share-count');
      expect(tree).to.contain('13,834 shares');
      expect(tree).not.to.contain('14K');
      expect(wireLog(doc).sort()).to.deep.equal(
        [
          'https://example.com/2026/11/election-night',
          'https://example.com/2026/11/recipes',
          'https://example.com/not-a-page',
          'https://example.com/popular',
        ].map(count),
      );
    });

    it('sets a function as the fetch property, not an attribute, and the elements use it', async () => {
      const [el] = await settled<ShareCountElement>(doc, '.posts share-count');
      expect(el!.fetch).to.be.a('function');
      expect(text(doc, '#requests')).to.equal("Requests made through the elements' fetch property: 4");
    });

    it('renders React state from share-count-load and share-count-error', async () => {
      await waitUntil(() => !text(doc, '#summary').startsWith('Counting'), 'summary rendered', { timeout: 5000 });
      expect(text(doc, '#summary')).to.equal('22,051 shares on all networks across 3 posts');
      expect(text(doc, '#failures-box summary')).to.equal('Posts not counted: 1');
      expect(all(doc, '#failures li').map((li) => li.textContent)).to.deep.equal([
        'Not counted: https://example.com/not-a-page (SharedCount: Not a valid URL. (https://example.com/not-a-page))',
      ]);
    });

    it('passes a new service as a property; the new counts come back through events, with no request', async () => {
      const select = doc.querySelector<HTMLSelectElement>('#network')!;
      select.value = 'facebook';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await waitUntil(() => /^[\d,]+ shares on Facebook/.test(text(doc, '#summary')), 'summary for Facebook', { timeout: 5000 });
      expect(text(doc, '#summary')).to.equal('20,085 shares on Facebook across 3 posts');
      const elements = all<ShareCountElement>(doc, '.posts share-count');
      expect(elements.map((el) => el.service)).to.deep.equal(['facebook', 'facebook', 'facebook', 'facebook']);
      expect(
        elements.some((el) => el.hasAttribute('service')),
        'set as a property',
      ).to.equal(false);
      expect(elements.map(shown)).to.deep.equal(['12K', '3.8K', '4.2K', '–']);
      expect(await accessibilityTree('demo/react.html', '.posts li:first-child share-count')).to.contain('12,004 Facebook shares');
      expect(wireLog(doc)).to.have.length(4);
    });

    it('switches to full numbers from a checkbox', async () => {
      doc.querySelector<HTMLInputElement>('#standard')!.click();
      const elements = all<ShareCountElement>(doc, '.posts share-count');
      await waitUntil(() => shown(elements[0]!) === '12,004', 'standard notation', { timeout: 5000 });
      expect(elements.map(shown)).to.deep.equal(['12,004', '3,839', '4,242', '–']);
      expect(wireLog(doc)).to.have.length(4);
    });
  });

  describe('Vue 3 (demo/vue.html)', () => {
    let doc: Document;
    before(async function () {
      this.timeout(30000);
      doc = await openDemo('demo/vue.html', '.posts share-count');
    });

    it("renders the elements with Vue's props, and the ranking Vue built from share-count-load", async () => {
      const elements = await settled<ShareCountElement>(doc, '.posts share-count');
      expect(elements.map(shown)).to.deep.equal(['4.3K', '14K', '3.9K']);
      await waitUntil(() => rankingFilled(doc), 'ranking rendered', {
        timeout: 5000,
      });
      expect(all(doc, '#ranking li').map((li) => li.textContent)).to.deep.equal([
        'The post everyone shared: 13,834 shares',
        'Recipes for a cold November: 4,292 shares',
        'Election night, as it happened: 3,925 shares',
      ]);
      expect(await accessibilityTree('demo/vue.html', '.posts li:nth-child(2) share-count')).to.contain('13,834 shares');
    });

    it('passes sparkline as a boolean property, and renders what shareablee-badge-load reported', async () => {
      const badge = doc.querySelector<ShareableeBadgeElement>('shareablee-badge')!;
      await waitUntil(() => badge.state === 'ready', 'badge ready', { timeout: 8000 });
      expect(badge.sparkline).to.equal(true);
      expect(badge.entityId).to.equal('42');
      expect(badge.shadowRoot!.querySelector('[part=sparkline] polyline')).to.exist;
      await waitUntil(() => text(doc, '#badge-summary').startsWith('Vue heard'), 'badge summary', { timeout: 5000 });
      expect(text(doc, '#badge-summary')).to.equal('Vue heard: The Daily Example has 1,234,567 total actions.');
    });

    it("asked once per URL, and once for the badge's metrics and time series", async () => {
      const sorted = wireLog(doc).sort();
      expect(sorted.filter((line) => line.startsWith(`GET ${FAKE_ENDPOINT}`))).to.deep.equal(
        ['https://example.com/2026/11/election-night', 'https://example.com/2026/11/recipes', 'https://example.com/popular'].map(count),
      );
      const shareablee = sorted.filter((line) => line.startsWith(`GET ${FAKE_PROXY}`));
      expect(shareablee).to.have.length(2);
      expect(shareablee[0]).to.equal(`GET ${FAKE_PROXY}user/42/facebook/metrics/`);
      expect(shareablee[1]).to.match(new RegExp(`^GET ${FAKE_PROXY}user/42/facebook/time_series/\\?.*fields=total_actions`));
      expect(wireLog(doc)).to.have.length(5);
    });

    it('switches to full numbers from a radio button, without a request', async () => {
      const full = all<HTMLInputElement>(doc, 'input[name=notation]').find((input) => input.value === 'standard')!;
      full.click();
      const elements = all<ShareCountElement>(doc, '.posts share-count');
      await waitUntil(() => shown(elements[1]!) === '13,834', 'standard notation', { timeout: 5000 });
      expect(elements.map(shown)).to.deep.equal(['4,292', '13,834', '3,925']);
      expect(elements.map((el) => el.notation)).to.deep.equal(['standard', 'standard', 'standard']);
      expect(wireLog(doc)).to.have.length(5);
    });
  });

  describe('no layout shift while the counts arrive', () => {
    /** Each framework page, and what it shows once every count and everything built from them is on screen. */
    const PAGES = {
      'demo/react.html': async (doc: Document) => {
        await settled(doc, '.posts share-count');
        await waitUntil(() => !text(doc, '#summary').startsWith('Counting'), 'summary rendered', { timeout: 5000 });
      },
      'demo/vue.html': async (doc: Document) => {
        await settled(doc, '.posts share-count, shareablee-badge');
        await waitUntil(() => text(doc, '#badge-summary').startsWith('Vue heard'), 'badge summary', { timeout: 5000 });
        await waitUntil(() => rankingFilled(doc), 'ranking filled', {
          timeout: 5000,
        });
      },
    };
    for (const [path, shown] of Object.entries(PAGES)) {
      for (const size of [
        { width: 800, height: 600 },
        { width: 390, height: 844 },
      ])
        it(`${path} at ${size.width} px: CLS 0 from the first paint until everything is shown`, async function () {
          this.timeout(30000);
          const doc = await openDemo(path, '.posts share-count', size);
          await shown(doc);
          // Two frames, so the last change is laid out and reported.
          const win = doc.defaultView!;
          await new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(resolve)));
          expect(win.PerformanceObserver.supportedEntryTypes, 'the browser reports layout shifts').to.include('layout-shift');
          const shifts = await layoutShifts(doc);
          expect(cls(shifts), JSON.stringify(shifts, null, 1)).to.equal(0);
        });
    }
  });

  describe('one script tag (demo/plain.html)', () => {
    let doc: Document;
    let win: Window & { ShareCountWidgets?: typeof import('../../src/entries/share-count-widgets.js'); jQuery?: JQueryStatic };
    before(async function () {
      this.timeout(30000);
      localStorage.clear();
      doc = await openDemo('demo/plain.html', 'share-count');
      win = doc.defaultView! as typeof win;
    });

    it('runs only the built files: no module of the source is loaded', () => {
      const loaded = win.performance.getEntriesByType('resource').map((entry) => entry.name);
      expect(loaded.some((url) => url.includes('/dist/share-count-widgets.iife.js'))).to.equal(true);
      expect(loaded.filter((url) => new URL(url).pathname.includes('/src/'))).to.deep.equal([]);
      expect(win.customElements.get('share-count')).to.equal(win.ShareCountWidgets!.ShareCountElement);
      expect(win.jQuery!.sharedCount, "the IIFE installed the plugin on the page's jQuery").to.be.a('function');
    });

    it("shows the custom elements, configured by the script tag's data attributes", async () => {
      const elements = await settled<ShareCountElement>(doc, '.examples share-count');
      expect(elements.map(shown)).to.deep.equal(['14K', '12,004']);
      expect(await accessibilityTree('demo/plain.html', '.examples share-count[service=facebook]')).to.contain('12,004 Facebook shares');
      const badge = doc.querySelector<ShareableeBadgeElement>('shareablee-badge')!;
      await waitUntil(() => badge.state === 'ready', 'badge ready', { timeout: 5000 });
      expect(badge.shadowRoot!.querySelector('[part=name]')!.textContent).to.equal('The Daily Example');
    });

    it("fills the jQuery examples and answers $.sharedCount(url, fn) and the global's fetchCounts", async () => {
      const spans = all<HTMLElement>(doc, '.share-count');
      await waitUntil(() => spans.every((span) => span.dataset['sharedcountState'] === 'ready'), 'spans filled', { timeout: 5000 });
      expect(spans.map((span) => span.textContent)).to.deep.equal(['13,834', '13.834']);
      await waitUntil(() => text(doc, '#plugin-result') !== '…' && text(doc, '#global-result') !== '…', 'results shown', { timeout: 5000 });
      expect(text(doc, '#plugin-result')).to.equal('Facebook 168, Pinterest 9');
      expect(text(doc, '#global-result')).to.equal('13,834 shares in total');
    });

    it('made one request per URL for elements, plugin and global alike, after consent', () => {
      expect(wireLog(doc).sort()).to.deep.equal(
        [count('https://example.com/'), count('https://example.com/popular'), `GET ${FAKE_PROXY}user/42/facebook/metrics/`].sort(),
      );
    });
  });
});
