/**
 * No layout shift from our elements: an article of running text with 20 counts, the script tag at
 * the end of `<body>`, at a desktop and a phone width. The counts arrive after the first paint;
 * the width each element keeps while it loads is the width its count takes.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareCountElement } from '../../src/entries/share-count-widgets.js';

interface Shift {
  value: number;
  hadRecentInput: boolean;
}

async function cumulativeShift(file: string, width: number): Promise<{ cls: number; ready: number; lines: number }> {
  localStorage.clear(); // no answer from another test: every count arrives over the wire
  const frame = document.createElement('iframe');
  Object.assign(frame.style, { width: `${width}px`, height: '900px', border: '0' });
  frame.src = `/__article/${file}.html`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  const elements = [...win.document.querySelectorAll('share-count')] as ShareCountElement[];
  await waitUntil(() => elements.every((el) => el.state === 'ready'), `${file}: all 20 counts shown`, { timeout: 8000 });
  await new Promise((resolve) => win.requestAnimationFrame(() => win.setTimeout(resolve, 100)));
  const shifts = await new Promise<Shift[]>((resolve) => {
    new win.PerformanceObserver((list, observer) => {
      observer.disconnect();
      resolve(list.getEntries() as unknown as Shift[]);
    }).observe({ type: 'layout-shift', buffered: true });
    win.setTimeout(() => resolve([]), 500); // no entry at all: nothing shifted
  });
  const lines = win.document.querySelector('p')!.getClientRects().length;
  frame.remove();
  return {
    cls: shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0),
    ready: elements.filter((el) => el.count === 177).length,
    lines,
  };
}

describe('layout shift in an article', () => {
  for (const file of ['share-count.iife.js', 'share-count-widgets.iife.js']) {
    for (const width of [1280, 390]) {
      it(`${file} at ${width} px: CLS 0.00 while 20 counts arrive`, async () => {
        const { cls, ready } = await cumulativeShift(file, width);
        expect(ready).to.equal(20);
        expect(cls).to.equal(0);
      });
    }
  }
});
