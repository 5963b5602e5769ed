/**
 * Demo pages as `npm start` serves them (Vite, under /__demo/ of the test server: see
 * web-test-runner.config.mjs), each in a frame of the test page, and what they show.
 */
import { expect, waitUntil } from '@open-wc/testing';

/** Loads a demo page in a frame (800×600 unless told) and resolves with its document once `selector` is in it (the page has rendered). */
export async function openDemo(path: string, selector: string, { width = 800, height = 600 } = {}): Promise<Document> {
  const frame = Object.assign(document.createElement('iframe'), { src: `/__demo/${path}`, title: path });
  frame.style.cssText = `position: fixed; inset: 0 auto auto 0; width: ${width}px; height: ${height}px; border: 0`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.replaceChildren(frame);
  await loaded;
  const doc = frame.contentDocument!;
  await waitUntil(() => doc.querySelector(selector), `${path} rendered ${selector}`, { timeout: 20000 });
  return doc;
}

/**
 * Waits until everything matching `selector` shows a count or an error: the elements reflect
 * `state`, the jQuery plugin sets `data-sharedcount-state`.
 */
export async function settled<T extends HTMLElement = HTMLElement>(doc: Document, selector: string): Promise<T[]> {
  const elements = [...doc.querySelectorAll<T>(selector)];
  expect(elements, selector).not.to.be.empty;
  const done = (el: HTMLElement) => ['ready', 'error'].includes(el.getAttribute('state') ?? el.dataset['sharedcountState'] ?? '');
  await waitUntil(() => elements.every(done), `${selector} settled`, { timeout: 8000 });
  return elements;
}

/** What a demo page listed in its `#wire-log`: every request that left the page, as `METHOD url`. */
export const wireLog = (doc: Document = document) => [...doc.querySelectorAll('#wire-log li')].map((li) => li.textContent ?? '');

/** One layout shift as Chromium reported it, with the elements that moved (tag, id and class, for a failure message). */
export interface Shift {
  value: number;
  hadRecentInput: boolean;
  sources: string[];
}

const describeNode = (node: Node | null) => {
  // The frame's nodes are of another realm: `instanceof Element` would be false for all of them.
  if (node?.nodeType !== Node.ELEMENT_NODE) return node?.nodeName ?? '(gone)';
  const inside = ((node as Element).getRootNode() as Partial<ShadowRoot>).host;
  const name = (el: Element) => `${el.localName}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
  return inside ? `${name(inside)} >>> ${name(node as Element)}` : name(node as Element);
};

/**
 * Every layout shift the frame's document had since it started loading: a `layout-shift`
 * PerformanceObserver with `buffered: true` delivers those that happened before it was created.
 */
export function layoutShifts(doc: Document): Promise<Shift[]> {
  const win = doc.defaultView!;
  type LayoutShift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null }[] };
  return new Promise((resolve) => {
    const seen: LayoutShift[] = [];
    const observer = new win.PerformanceObserver((list) => seen.push(...(list.getEntries() as LayoutShift[])));
    observer.observe({ type: 'layout-shift', buffered: true });
    // The buffered entries arrive in the observer's first callback, a task later.
    setTimeout(() => {
      seen.push(...(observer.takeRecords() as LayoutShift[]));
      observer.disconnect();
      resolve(
        seen.map(({ value, hadRecentInput, sources }) => ({
          value,
          hadRecentInput,
          sources: sources.map(({ node }) => describeNode(node)),
        })),
      );
    }, 300);
  });
}

/** Cumulative layout shift: the sum of the shifts no input caused (what the metric counts). */
export const cls = (shifts: Shift[]) => shifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0);
