/**
 * `<share-buttons>` on a publisher's page, as a reader sees it: axe-core finds nothing in the light
 * or the dark colour scheme once the counts are shown; nothing sticks out of a phone's screen; a
 * right-to-left page puts the first network on the right; and the counts arriving move nothing.
 * MSW answers SharedCount (support/worker.ts). share-button.test.ts covers links, clicks and words.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { AxeResults, Result } from 'axe-core';
// Imported for its side effect: the types alone would let the compiler drop it, and the tags with it.
import '../../src/entries/buttons.js';
import type { ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import { FAKE_ENDPOINT, sharedCountHandlers } from '../fakes/sharedcount.js';
import { contrast } from './support/contrast.js';
import { remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';

const ALL = 'facebook x linkedin pinterest reddit bluesky threads mastodon telegram whatsapp email copy';
/** The fake's fixed answer for this page: Facebook 12,004 ("12K"), Pinterest 1,520 ("1.5K"). */
const POPULAR = 'https://example.com/popular';
const e = encodeURIComponent;

const buttonsOf = (group: ShareButtonsElement) => [...group.shadowRoot!.querySelectorAll<ShareButtonElement>('share-button')];
const part = (button: ShareButtonElement, name: string) => button.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;
const frames = (n = 2) =>
  new Promise<void>((resolve) => {
    const step = () => (n-- > 0 ? requestAnimationFrame(step) : resolve());
    step();
  });

/** Waits until every button with a count shows it, and has rendered it. */
async function countsShown(buttons: ShareButtonElement[]): Promise<void> {
  const counted = buttons.filter((b) => b.count && (b.network === 'facebook' || b.network === 'pinterest'));
  expect(counted, 'buttons with a count').not.to.be.empty;
  await waitUntil(() => counted.every((b) => b.shares !== null), 'counts arrived', { timeout: 5000 });
  await Promise.all(buttons.map((b) => b.updateComplete));
}

/** A group of every network with its counts, and the native button (Web Share stubbed where the browser has none). */
async function everyButton(): Promise<{ holder: HTMLElement; group: ShareButtonsElement; buttons: ShareButtonElement[] }> {
  const holder = await fixture<HTMLElement>(html`<main>
    <h1>Share this page</h1>
    <share-buttons counts networks=${ALL} url=${POPULAR}></share-buttons>
    <share-button network="native" url=${POPULAR}></share-button>
  </main>`);
  const group = holder.querySelector<ShareButtonsElement>('share-buttons')!;
  await group.updateComplete;
  const buttons = [...buttonsOf(group), holder.querySelector<ShareButtonElement>('share-button')!];
  await countsShown(buttons);
  return { holder, group, buttons };
}

type AxeWindow = Window & { axe?: { run(context: Element, options: object): Promise<AxeResults> } };

async function audit(root: Element): Promise<Result[]> {
  const win = window as AxeWindow;
  if (!win.axe) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), {
        src: '/node_modules/axe-core/axe.min.js',
        onload: resolve,
        onerror: reject,
      });
      document.head.append(script);
    });
  }
  const { violations } = await win.axe!.run(root, { resultTypes: ['violations'] });
  return violations;
}

const report = (violations: Result[]) =>
  violations
    .map(
      ({ id, impact, help, nodes }) =>
        `${id} (${impact}): ${help}\n${nodes.map((node) => `  ${JSON.stringify(node.target)}\n    ${node.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n')}`,
    )
    .join('\n');

describe('share buttons on a page', () => {
  const pageErrors = watchPageErrors();
  let hadShare = false;
  before(async () => {
    await startMocks();
    hadShare = 'share' in navigator;
    // Headless Chromium on Linux has no Web Share: a stub, so that the native button is there to audit.
    if (!hadShare) Object.defineProperty(navigator, 'share', { configurable: true, value: async () => {} });
  });
  after(() => {
    if (!hadShare) delete (navigator as { share?: unknown }).share;
  });
  beforeEach(reset);
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
    expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]);
  });

  describe('accessibility (axe-core, colour contrast included)', () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`every network with its counts, and the native button, ${colorScheme}: no violations`, async function () {
        this.timeout(20000);
        await emulateMedia({ colorScheme });
        expect(matchMedia(`(prefers-color-scheme: ${colorScheme})`).matches).to.equal(true);
        const { holder, buttons } = await everyButton();
        expect(buttons.map((b) => b.network)).to.deep.equal([...ALL.split(' '), 'native']);
        expect(
          buttons.every((b) => !b.hidden && b.getBoundingClientRect().width > 0),
          'every button shown',
        ).to.equal(true);
        expect(buttons.slice(0, 4).map((b) => part(b, 'count').textContent)).to.deep.equal(['12K', '', '', '1.5K']);
        const violations = await audit(holder);
        expect(violations.length, `${colorScheme}:\n${report(violations)}`).to.equal(0);
        expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=${e(POPULAR)}&apikey=demo-key`]);
      });
    }

    for (const colorScheme of ['light', 'dark'] as const) {
      it(`the Mastodon dialog, showing its error, ${colorScheme}, on a page that sets no color-scheme: no violations`, async function () {
        this.timeout(20000);
        await emulateMedia({ colorScheme });
        const holder = await fixture<HTMLElement>(html`<main><share-button network="mastodon" url=${POPULAR}></share-button></main>`);
        const el = holder.querySelector<ShareButtonElement>('share-button')!;
        await el.updateComplete;
        part(el, 'button').click();
        const dialog = el.shadowRoot!.querySelector('dialog')!;
        expect(dialog.open).to.equal(true);
        dialog.querySelector('input')!.value = 'not a server';
        dialog.querySelector<HTMLButtonElement>('button[value=share]')!.click();
        const error = dialog.querySelector('[role=alert]')!;
        expect(error.textContent).to.equal('Enter the name of your server only, such as mastodon.social');
        const colours = {
          error: getComputedStyle(error).color,
          background: getComputedStyle(dialog).backgroundColor,
          text: getComputedStyle(dialog).color,
        };
        const violations = await audit(holder);
        dialog.close();
        expect(violations.length, `${colorScheme} ${JSON.stringify(colours)}:\n${report(violations)}`).to.equal(0);
      });
    }
  });

  describe("the page's colour scheme, not the system's", () => {
    it('draws the focus ring and the dialog error at 3:1 at least on the page, whatever the system says', async () => {
      const holder = await fixture<HTMLElement>(
        html`<main style="background: Canvas"><share-button network="mastodon" url=${POPULAR}></share-button></main>`,
      );
      const el = holder.querySelector<ShareButtonElement>('share-button')!;
      await el.updateComplete;
      const button = part(el, 'button');
      // The system's scheme, the page's `color-scheme` (none: a light page), the focus ring expected.
      for (const [system, page, ring] of [
        ['light', '', 'rgb(26, 95, 208)'],
        ['dark', '', 'rgb(26, 95, 208)'],
        ['dark', 'light dark', 'rgb(138, 180, 248)'],
        ['light', 'dark', 'rgb(138, 180, 248)'],
      ] as const) {
        await emulateMedia({ colorScheme: system });
        holder.style.colorScheme = page;
        const what = `${system}/${page || 'none'}`;
        button.focus();
        expect(button.matches(':focus-visible'), what).to.equal(true);
        const background = getComputedStyle(holder).backgroundColor;
        const outline = getComputedStyle(button).outlineColor;
        expect(outline, what).to.equal(ring);
        expect(contrast(outline, background), `${what}: the ring on ${background}`).to.be.at.least(3);
        button.click();
        const dialog = el.shadowRoot!.querySelector('dialog')!;
        dialog.querySelector('input')!.value = 'not a server';
        dialog.querySelector<HTMLButtonElement>('button[value=share]')!.click();
        const [error, paper] = [getComputedStyle(dialog.querySelector('[role=alert]')!).color, getComputedStyle(dialog).backgroundColor];
        dialog.close();
        expect(contrast(paper, background), `${what}: the dialog is of the page's scheme`).to.be.below(1.5);
        expect(contrast(error, paper), `${what}: the error ${error} on ${paper}`).to.be.at.least(3);
      }
    });
  });

  describe('phone widths', () => {
    after(() => setViewport({ width: 800, height: 600 }));

    for (const width of [320, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        it(`${width} px, ${colorScheme}: the group wraps, every button on screen, nothing wider than the screen`, async function () {
          this.timeout(20000);
          await setViewport({ width, height: 844 });
          await emulateMedia({ colorScheme });
          const { buttons } = await everyButton();
          await frames();
          expect(innerWidth).to.equal(width);
          const rows = new Set(buttons.slice(0, -1).map((b) => Math.round(b.getBoundingClientRect().top)));
          expect(rows.size, 'the group wraps onto several rows').to.be.above(1);
          const outside = buttons
            .flatMap((b) => [b, part(b, 'button')].map((el) => ({ network: b.network, rect: el.getBoundingClientRect() })))
            .filter(({ rect }) => rect.left < 0 || rect.right > innerWidth + 0.5)
            .map(({ network, rect }) => `${network}: ${rect.left.toFixed(1)}–${rect.right.toFixed(1)}`);
          expect(outside, `outside 0–${innerWidth}`).to.deep.equal([]);
          const clipped = buttons.filter((b) => part(b, 'button').scrollWidth > part(b, 'button').clientWidth).map((b) => b.network);
          expect(clipped, 'no button cuts its own content').to.deep.equal([]);
          expect(document.documentElement.scrollWidth, 'no horizontal scroll').to.be.at.most(innerWidth);
        });
      }
    }

    it('320 px: the Mastodon dialog fits the screen', async () => {
      await setViewport({ width: 320, height: 640 });
      const holder = await fixture<HTMLElement>(html`<div><share-button network="mastodon" url=${POPULAR}></share-button></div>`);
      const el = holder.querySelector<ShareButtonElement>('share-button')!;
      await el.updateComplete;
      part(el, 'button').click();
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      await frames();
      const boxes = [dialog, ...dialog.querySelectorAll('input, button')].map((node) => {
        const rect = node.getBoundingClientRect();
        return `${node.localName}: ${rect.left.toFixed(1)}–${rect.right.toFixed(1)}`;
      });
      const inside = [dialog, ...dialog.querySelectorAll('input, button')].every((node) => {
        const rect = node.getBoundingClientRect();
        return rect.left >= 0 && rect.right <= innerWidth + 0.5;
      });
      dialog.close();
      expect(inside, boxes.join(', ')).to.equal(true);
    });
  });

  describe('right to left', () => {
    it('in a dir="rtl" container the first network is rightmost, the last leftmost, each icon on the right of its name', async () => {
      const holder = await fixture<HTMLElement>(html`<div dir="rtl" lang="ar" style="width: 700px">
        <share-buttons networks="facebook x linkedin email"></share-buttons>
      </div>`);
      const group = holder.querySelector<ShareButtonsElement>('share-buttons')!;
      await group.updateComplete;
      const buttons = buttonsOf(group);
      await Promise.all(buttons.map((b) => b.updateComplete));
      const rects = buttons.map((b) => b.getBoundingClientRect());
      const first = rects[0]!;
      const last = rects.at(-1)!;
      const order = rects.map((rect) => Math.round(rect.left));
      expect(first.right, `lefts in network order: ${order.join(', ')}`).to.be.above(last.right);
      expect(
        [...order].sort((a, b) => b - a),
        'right to left, in network order',
      ).to.deep.equal(order);
      expect(first.right, 'the first starts at the right edge').to.be.closeTo(holder.getBoundingClientRect().right, 1);
      const icon = part(buttons[0]!, 'icon').getBoundingClientRect();
      const label = part(buttons[0]!, 'label').getBoundingClientRect();
      expect(icon.left, 'icon right of "Facebook"').to.be.above(label.right - 0.5);
    });
  });

  describe('layout shift while the counts load', () => {
    interface Shift {
      value: number;
      hadRecentInput: boolean;
      startTime: number;
      sources: { node: Node | null }[];
    }

    /**
     * The buttons in running text, SharedCount answering after 300 ms: the widths of the buttons
     * with a count before and after it arrives, and every layout shift Chromium reported meanwhile.
     */
    async function measure(extraStyle = '') {
      // Chromium marks shifts within 500 ms of input, a viewport change included, as `hadRecentInput`
      // (not counted): the tests before this one resized the viewport and switched colour schemes.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      worker.use(...sharedCountHandlers(FAKE_ENDPOINT, 300));
      const shifts: Shift[] = [];
      const observer = new PerformanceObserver((list) => shifts.push(...(list.getEntries() as unknown as Shift[])));
      observer.observe({ type: 'layout-shift' });
      const style = document.head.appendChild(Object.assign(document.createElement('style'), { textContent: extraStyle }));
      const holder = await fixture<HTMLElement>(html`<article style="width: 720px; font: 16px/1.5 Georgia, serif">
        <share-buttons counts url=${POPULAR} networks="facebook pinterest x linkedin email"></share-buttons>
        <p>
          Readers who liked the piece can pin it
          <share-button network="pinterest" count url=${POPULAR}></share-button> and the sentence carries on after the button, long
          enough to wrap onto the next line of the article at this width.
        </p>
      </article>`);
      const group = holder.querySelector<ShareButtonsElement>('share-buttons')!;
      await group.updateComplete;
      const buttons = [...buttonsOf(group), holder.querySelector<ShareButtonElement>('p share-button')!];
      await Promise.all(buttons.map((b) => b.updateComplete));
      await frames();
      const counted = buttons.filter((b) => b.count && b.network !== 'x' && b.network !== 'linkedin' && b.network !== 'email');
      const loading = counted.map((b) => [b.shares, part(b, 'count').textContent]);
      const widthsBefore = counted.map((b) => b.getBoundingClientRect().width);
      const leftsBefore = buttons.map((b) => b.getBoundingClientRect().left);
      const before = Math.round(performance.now());
      await countsShown(buttons);
      await frames(3);
      const widthsAfter = counted.map((b) => b.getBoundingClientRect().width);
      const leftsAfter = buttons.map((b) => b.getBoundingClientRect().left);
      shifts.push(...(observer.takeRecords() as unknown as Shift[]));
      observer.disconnect();
      style.remove();
      const shown = counted.map((b) => part(b, 'count').textContent);
      const cls = shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0);
      const moved = shifts.map((shift) => ({
        value: shift.value,
        hadRecentInput: shift.hadRecentInput,
        at: Math.round(shift.startTime),
        sources: shift.sources.map(
          ({ node }) => (node as Element | null)?.getAttribute?.('network') ?? node?.nodeName ?? '(in a shadow root)',
        ),
      }));
      return { before, loading, widthsBefore, widthsAfter, leftsBefore, leftsAfter, shown, cls, moved };
    }

    it('CLS 0 and the same width before and after the count arrives: the count keeps its width while it loads', async function () {
      this.timeout(15000);
      expect(PerformanceObserver.supportedEntryTypes, 'this browser reports layout shifts').to.include('layout-shift');
      const m = await measure();
      expect(m.loading, 'measured while loading').to.deep.equal([
        [null, ''],
        [null, ''],
        [null, ''],
      ]);
      expect(m.shown, 'every count on screen').to.deep.equal(['12K', '1.5K', '1.5K']);
      const detail = JSON.stringify(m);
      expect(m.widthsAfter, `widths of facebook, pinterest, inline pinterest (px): ${detail}`).to.deep.equal(m.widthsBefore);
      expect(m.leftsAfter, `nothing moved: ${detail}`).to.deep.equal(m.leftsBefore);
      expect(m.cls, detail).to.equal(0);
    });

    it('control: with no width kept for the count, the same page shifts when the counts arrive', async function () {
      this.timeout(15000);
      const m = await measure('share-buttons::part(count), share-button::part(count) { min-width: 0; }');
      expect(m.shown).to.deep.equal(['12K', '1.5K', '1.5K']);
      expect(m.cls, JSON.stringify(m)).to.be.above(0);
    });
  });
});
