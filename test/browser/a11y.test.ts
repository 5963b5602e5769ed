/**
 * axe-core over every demo page, once it shows its counts: each page loaded in a frame as
 * `npm start` serves it (Vite, under /__demo/ of the test server: see web-test-runner.config.mjs),
 * in the light and the dark colour scheme. Zero violations, listed in full when there are some.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { AxeResults, Result } from 'axe-core';
import { openDemo, settled } from './support/demo-frame.js';

type AxeWindow = Window & { axe?: { run(context: Document, options: object): Promise<AxeResults> } };

async function audit(doc: Document): Promise<Result[]> {
  const win = doc.defaultView as AxeWindow;
  if (!win.axe) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(doc.createElement('script'), {
        src: '/node_modules/axe-core/axe.min.js',
        onload: resolve,
        onerror: reject,
      });
      doc.head.append(script);
    });
  }
  const { violations } = await win.axe!.run(doc, { resultTypes: ['violations'] });
  return violations;
}

const report = (violations: Result[]) =>
  violations
    .map(
      ({ id, impact, help, nodes }) =>
        `${id} (${impact}): ${help}\n${nodes.map((node) => `  ${node.target.join(' ')}\n    ${node.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n')}`,
    )
    .join('\n');

/** Each page, what shows that its script has rendered, and how to bring it to the state worth auditing: every count shown. */
const PAGES: { path: string; rendered: string; ready: (doc: Document) => Promise<unknown> }[] = [
  {
    path: 'index.html',
    rendered: 'share-count',
    async ready(doc) {
      await settled(doc, '.examples share-count, .badges shareablee-badge, .share-count');
      // The lazy list asks only once scrolled near.
      doc.querySelector('.lazy-list')!.scrollIntoView();
      await settled(doc, '.lazy-list share-count');
    },
  },
  {
    path: 'demo/dashboard.html',
    rendered: '#bulk-form',
    async ready(doc) {
      // Static markup: the form is there before the page's script listens. Until it does, a click
      // must not submit the form natively, and is tried again.
      const status = doc.querySelector('#bulk-status')!;
      doc.querySelector('#bulk-form')!.addEventListener('submit', (event) => event.preventDefault());
      await waitUntil(() => (doc.querySelector<HTMLButtonElement>('#bulk-form button')!.click(), status.textContent), 'bulk started', {
        timeout: 8000,
        interval: 200,
      });
      await waitUntil(() => status.textContent!.startsWith('Done'), 'bulk done', { timeout: 8000 });
      await waitUntil(() => doc.querySelector('#quota-status')!.textContent, 'quota shown', { timeout: 5000 });
    },
  },
  { path: 'demo/react.html', rendered: 'share-count', ready: (doc) => settled(doc, 'share-count') },
  { path: 'demo/vue.html', rendered: 'share-count', ready: (doc) => settled(doc, 'share-count, shareablee-badge') },
  { path: 'demo/plain.html', rendered: 'share-count', ready: (doc) => settled(doc, 'share-count, shareablee-badge, .share-count') },
];

describe('accessibility of the demo pages (axe-core)', () => {
  before(async function () {
    // The first page Vite serves waits for its dependency pre-bundling.
    this.timeout(60000);
    await (await fetch('/__demo/index.html')).text();
  });
  afterEach(() => emulateMedia({ colorScheme: 'light' }));
  after(() => document.body.replaceChildren());

  for (const { path, rendered, ready } of PAGES) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${path}, ${colorScheme}: no violations once the counts are shown`, async function () {
        this.timeout(30000);
        localStorage.clear();
        await emulateMedia({ colorScheme });
        const doc = await openDemo(path, rendered);
        await ready(doc);
        const violations = await audit(doc);
        expect(violations.length, `${path} (${colorScheme}):\n${report(violations)}`).to.equal(0);
      });
    }
  }
});
