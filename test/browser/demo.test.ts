/** The demo page (`npm start`) runs: its markup from index.html, its script from demo/main.ts, MSW answering. */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ShareableeBadgeElement, ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { wireLog } from './support/demo-frame.js';
import { settledAll } from './support/settle.js';

/** Share of pixels in a PNG that differ clearly from its top-left (background) pixel. */
async function ink(png: string): Promise<number> {
  const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob());
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    const distance = Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!);
    if (distance > 120) painted++;
  }
  return painted / (data.length / 4);
}

const elements = (selector: string) => [...document.querySelectorAll<ShareCountElement>(selector)];

describe('demo page', () => {
  before(async () => {
    localStorage.clear();
    const html = await (await fetch('/index.html')).text();
    const page = new DOMParser().parseFromString(html, 'text/html');
    page.querySelectorAll('script').forEach((script) => script.remove());
    document.body.innerHTML = page.body.innerHTML;
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' }));
    await import('../../demo/main.js');
  });

  it('shows the <share-count> examples: services, notations, locales, errors', async () => {
    const shown = elements('.examples share-count');
    await settledAll(shown);
    const text = shown.map((el) => el.shadowRoot!.querySelector('[role=img]')!.textContent);
    expect(text).to.deep.equal(['14K', '13,834', '12K', '900', '1.5K', '13.834', '1.4万', '–', '–']);
    expect(shown.map((el) => el.state)).to.deep.equal([...Array(8).fill('ready'), 'error']);
  });

  it('paints the counts: each one is visible in a screenshot, not just present in the DOM', async () => {
    for (const el of elements('.examples share-count').slice(0, 7)) {
      el.scrollIntoView({ block: 'center' });
      const box = el.getBoundingClientRect();
      expect(box.width * box.height, el.outerHTML).to.be.above(50);
      // Puppeteer clips in document coordinates, not viewport ones.
      const clip = { x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height };
      const png = await executeServerCommand<string, { clip: typeof clip }>('screenshot', { clip });
      expect(await ink(png), `ink in ${el.outerHTML}`).to.be.above(0.04);
    }
    window.scrollTo(0, 0);
    await executeServerCommand('screenshot', { path: '.test-results/demo.png' });
  });

  it('shows the Shareablee badges: metrics, a sparkline, hostile text as text, an error', async () => {
    const badges = [...document.querySelectorAll<ShareableeBadgeElement>('.badges shareablee-badge')];
    await waitUntil(() => badges.every((el) => el.state !== 'loading'), 'badges settled', { timeout: 5000 });
    const text = (el: ShareableeBadgeElement, part: string) => el.shadowRoot!.querySelector(`[part=${part}]`)?.textContent?.trim();
    expect(badges.map((el) => el.state)).to.deep.equal(['ready', 'ready', 'ready', 'ready', 'error']);
    expect(text(badges[0]!, 'name')).to.equal('The Daily Example');
    expect(badges[1]!.shadowRoot!.querySelector('[part=sparkline] polyline')).to.exist;
    expect(text(badges[3]!, 'name')).to.contain('<img');
    await expect(document.querySelector('.badges')).to.be.accessible();
  });

  it('fetches the lazy list only once it is scrolled near', async () => {
    const lazy = elements('.lazy-list share-count');
    expect(
      wireLog().some((line) => line.includes('lazy-')),
      'nothing asked before scrolling',
    ).to.equal(false);
    expect(lazy.every((el) => el.state === 'loading')).to.equal(true);
    lazy[2]!.scrollIntoView();
    await settledAll(lazy, { until: (el) => el.state === 'ready' });
    expect(wireLog().filter((line) => line.includes('lazy-'))).to.have.length(3);
    window.scrollTo(0, 0);
  });

  it('fills the jQuery examples, including the error cases', async () => {
    const counts = () => [...document.querySelectorAll<HTMLElement>('.share-count')];
    await waitUntil(() => counts().every((el) => el.dataset['sharedcountState'] !== 'loading'), 'counts loaded', { timeout: 5000 });
    expect(counts().map((el) => el.textContent)).to.deep.equal(['13,834', '12,004', '13.834', '13,834', '–', '–']);
    expect(counts()[5]!.dataset['sharedcountState']).to.equal('error');
    expect(counts()[5]!.title).to.contain('Not a valid URL');
  });

  it('answers $.sharedCount(url, fn) from the form, and the quota buttons', async () => {
    document.querySelector<HTMLButtonElement>('#lookup button')!.click();
    const result = document.getElementById('lookup-result')!;
    await waitUntil(() => result.textContent!.includes('total_count'), 'lookup answered', { timeout: 5000 });
    document.getElementById('over-quota-button')!.click();
    const quota = document.getElementById('quota-result')!;
    await waitUntil(() => quota.textContent!.includes('no request'), 'quota latch shown', { timeout: 5000 });
    expect(quota.textContent).to.contain('SharedCountError (quota_exceeded)');
    expect(
      wireLog().filter((line) => line.includes('apikey=over-quota')),
      'the second call stayed local',
    ).to.have.length(1);
  });
});
