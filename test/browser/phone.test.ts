/**
 * Every demo page on a phone: a 390×844 viewport (an iPhone 12 to 15), each page loaded in a frame
 * of that size as `npm start` serves it, once it shows its counts. Nothing may make the document
 * wider than the screen: a table scrolls in its own box, a badge wraps.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { openDemo, settled } from './support/demo-frame.js';

const PHONE = { width: 390, height: 844 };

/** A bad line of 5,000 characters and a long valid URL among ordinary ones: what a publisher may paste. */
const PASTED = [
  'https://example.com/',
  'https://example.com/popular',
  `https://example.com/${'very-long-slug-'.repeat(12)}end`,
  `not a url ${'x'.repeat(4990)}`,
  'https://example.com/2026/11/election-night',
];

async function runDashboard(doc: Document): Promise<void> {
  const status = doc.querySelector('#bulk-status')!;
  // The form is static markup: until the page's script listens, a click must not submit it natively.
  doc.querySelector('#bulk-form')!.addEventListener('submit', (event) => event.preventDefault());
  doc.querySelector<HTMLTextAreaElement>('#bulk-urls')!.value = PASTED.join('\n');
  await waitUntil(
    () => (doc.querySelector<HTMLButtonElement>('#bulk-form button[type=submit]')!.click(), status.textContent?.startsWith('Sending')),
    'bulk started',
    {
      timeout: 8000,
      interval: 200,
    },
  );
  await waitUntil(() => status.textContent!.startsWith('Done'), 'bulk done', { timeout: 8000 });
}

function tableInReach(doc: Document): void {
  const win = doc.defaultView!;
  const box = doc.querySelector<HTMLElement>('.table-scroll')!;
  expect(box.scrollWidth, 'wider than the screen, so it scrolls').to.be.above(box.clientWidth);
  const page = doc.querySelector<HTMLElement>('#bulk-table tbody th')!;
  expect(page.textContent).to.equal('https://example.com/');
  expect(page.getBoundingClientRect().width, 'the page column is not squeezed to a few characters').to.be.at.least(100);
  box.scrollLeft = box.scrollWidth;
  const total = doc.querySelector('[data-column="total"]')!.getBoundingClientRect();
  expect(total.right, 'Total on screen once scrolled').to.be.at.most(win.innerWidth);
  expect(total.left).to.be.at.least(0);
  expect(page.getBoundingClientRect().left, 'the page column stays in view').to.be.closeTo(box.getBoundingClientRect().left, 1);
}

function badgeWraps(doc: Document): void {
  const win = doc.defaultView!;
  const badge = doc.querySelector('shareablee-badge')!;
  const value = badge.shadowRoot!.querySelector('[part=value]')!;
  expect(value.querySelector('[aria-hidden="true"]')!.textContent).to.equal('1.2M');
  for (const part of ['name', 'value']) {
    const rect = badge.shadowRoot!.querySelector(`[part=${part}]`)!.getBoundingClientRect();
    expect(rect.right, `${part} on screen`).to.be.at.most(win.innerWidth);
  }
  expect(badge.getBoundingClientRect().right, "within the page's margins").to.be.at.most(
    doc.querySelector('main')!.getBoundingClientRect().right + 0.5,
  );
}

const PAGES: {
  path: string;
  rendered: string;
  ready: (doc: Document) => Promise<unknown>;
  more?: { name: string; check: (doc: Document) => void };
}[] = [
  {
    path: 'index.html',
    rendered: 'share-count',
    ready: (doc) => settled(doc, '.examples share-count, .badges shareablee-badge, .share-count'),
  },
  {
    path: 'demo/dashboard.html',
    rendered: '#bulk-form',
    ready: runDashboard,
    more: { name: 'the table scrolls in its own box, and Total is in reach', check: tableInReach },
  },
  { path: 'demo/react.html', rendered: '.posts share-count', ready: (doc) => settled(doc, '.posts share-count') },
  { path: 'demo/vue.html', rendered: '.posts share-count', ready: (doc) => settled(doc, 'share-count, shareablee-badge') },
  {
    path: 'demo/plain.html',
    rendered: 'share-count',
    ready: (doc) => settled(doc, 'share-count, shareablee-badge, .share-count'),
    more: { name: 'the Shareablee badge wraps and shows its whole value', check: badgeWraps },
  },
];

/** The document's width beyond the screen's, in CSS pixels, and what sticks out. */
function overflow(doc: Document) {
  const win = doc.defaultView!;
  const wider = [...doc.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > win.innerWidth + 0.5)
    .map((el) => `${el.localName}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className}` : ''}`);
  return { scrollWidth: doc.documentElement.scrollWidth, innerWidth: win.innerWidth, wider: wider.slice(0, 10) };
}

describe('demo pages at 390 × 844', () => {
  before(async function () {
    // The first page Vite serves waits for its dependency pre-bundling.
    this.timeout(60000);
    await setViewport(PHONE);
    await (await fetch('/__demo/index.html')).text();
  });
  after(async () => {
    document.body.replaceChildren();
    await setViewport({ width: 800, height: 600 });
  });

  for (const { path, rendered, ready, more } of PAGES) {
    describe(path, () => {
      let doc: Document;
      before(async function () {
        this.timeout(30000);
        localStorage.clear();
        doc = await openDemo(path, rendered, PHONE);
        await ready(doc);
      });

      it('the document is no wider than the screen', () => {
        const measured = overflow(doc);
        expect(measured.innerWidth).to.equal(390);
        expect(measured.scrollWidth, JSON.stringify(measured)).to.be.at.most(measured.innerWidth);
      });

      if (more) it(more.name, () => more.check(doc));
    });
  }
});
