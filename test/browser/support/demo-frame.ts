/**
 * Demo pages as `npm start` serves them (Vite, under /__demo/ of the test server: see
 * web-test-runner.config.mjs), each in a frame of the test page, and what they show.
 */
import { expect, waitUntil } from '@open-wc/testing';

/** Loads a demo page in an 800×600 frame and resolves with its document once `selector` is in it (the page has rendered). */
export async function openDemo(path: string, selector: string): Promise<Document> {
  const frame = Object.assign(document.createElement('iframe'), { src: `/__demo/${path}`, title: path });
  frame.style.cssText = 'position: fixed; inset: 0 auto auto 0; width: 800px; height: 600px; border: 0';
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
