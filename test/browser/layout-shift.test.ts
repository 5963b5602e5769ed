/**
 * No layout shift from our elements: an article of running text with 20 counts, the script tag at
 * the end of `<body>`, at a desktop and a phone width. The counts arrive after the first paint;
 * the width each element keeps while it loads is the width its count takes. A control shows that
 * the measurement sees a shift when the width is not kept.
 */
import { expect } from '@open-wc/testing';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { settledAll } from './support/settle.js';

interface Shift {
  value: number;
  hadRecentInput: boolean;
}

async function cumulativeShift(file: string, width: number, query = ''): Promise<{ cls: number; shown: string[] }> {
  localStorage.clear(); // no answer from another test: every count arrives over the wire
  const frame = document.createElement('iframe');
  Object.assign(frame.style, { width: `${width}px`, height: '900px', border: '0' });
  frame.src = `/__article/${file}.html${query}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  expect(win.PerformanceObserver.supportedEntryTypes, 'this browser reports layout shifts').to.include('layout-shift');
  const elements = [...win.document.querySelectorAll('share-count')] as ShareCountElement[];
  await settledAll(elements, { until: (el) => el.state === 'ready', timeout: 8000 });
  await new Promise((resolve) => win.requestAnimationFrame(() => win.setTimeout(resolve, 100)));
  const shifts = await new Promise<Shift[]>((resolve) => {
    new win.PerformanceObserver((list, observer) => {
      observer.disconnect();
      resolve(list.getEntries() as unknown as Shift[]);
    }).observe({ type: 'layout-shift', buffered: true });
    win.setTimeout(() => resolve([]), 500); // no entry at all: nothing shifted
  });
  const shown = elements.map((el) => el.shadowRoot!.querySelector('[role=img]')!.textContent!);
  frame.remove();
  return { cls: shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0), shown };
}

describe('layout shift in an article', () => {
  for (const file of ['share-count.iife.js', 'share-count-widgets.iife.js']) {
    for (const width of [1280, 390]) {
      it(`${file} at ${width} px: CLS 0.00 while 20 counts arrive`, async () => {
        const { cls, shown } = await cumulativeShift(file, width);
        expect(shown, 'every count on screen').to.deep.equal(Array(20).fill('177'));
        expect(cls).to.equal(0);
      });
    }
  }

  it('control: with no width kept by the element, the same page shifts when the counts arrive', async () => {
    const { cls, shown } = await cumulativeShift('share-count.iife.js', 390, '?width=0');
    expect(shown).to.deep.equal(Array(20).fill('177'));
    expect(cls, '"…" is narrower than "177"').to.be.above(0);
  });
});
