/**
 * Share buttons on pages that lock scripts down: a real Content-Security-Policy header (nonce-only
 * scripts, `default-src 'self'` and the fake SharedCount, Trusted Types enforced, violations
 * reported to the server) from the test server (`/__strict-buttons/`, web-test-runner.config.mjs),
 * each page in a frame with only `dist/share-buttons.iife.js` on it. What went over the wire is
 * read three ways: the server's log of the page's requests, the fake SharedCount's log, and the
 * frame's own Resource Timing entries.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { ShareButtonClickDetail, ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';

type Api = typeof import('../../src/entries/share-buttons.iife.js');
type FrameWindow = Window & typeof globalThis & { ShareCountWidgets: Api; pageErrors: string[] };

interface StrictPage {
  win: FrameWindow;
  group: ShareButtonsElement;
  buttons: ShareButtonElement[];
}

const PAGE = 'https://example.com/';
const NETWORKS = ['facebook', 'x', 'pinterest', 'mastodon', 'email', 'copy'];

const serverLog = async (): Promise<string[]> => (await fetch('/__strict-buttons/log')).json();
const SCRIPT = 'GET /dist/share-buttons.iife.js';
/**
 * What the page asked of the test server beyond its script (which the browser may take from its
 * cache: the test server marks files cacheable for a year), CSP violation reports included.
 */
const pageRequests = async () => (await serverLog()).filter((line) => line !== SCRIPT);
const fakeLog = async (): Promise<string[]> => (await fetch('/__fake-sharedcount/log')).json();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Every resource the frame's document fetched, by URL: scripts, fetches, images, fonts alike. */
const resources = (win: Window) => win.performance.getEntriesByType('resource').map((entry) => entry.name);
const part = (button: ShareButtonElement, name: string) => button.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;

async function open(name: 'plain' | 'counts' | 'consent'): Promise<StrictPage> {
  localStorage.clear(); // the frames share this origin's storage: no answer cached by another test
  await serverLog();
  await fakeLog();
  const frame = document.createElement('iframe');
  frame.src = `/__strict-buttons/${name}.html`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as FrameWindow;
  expect(win.customElements.get('share-buttons'), `${name}: <share-buttons> defined`).to.be.a('function');
  const group = win.document.getElementById('group') as ShareButtonsElement;
  await group.updateComplete;
  const buttons = [...group.shadowRoot!.querySelectorAll<ShareButtonElement>('share-button')];
  await Promise.all(buttons.map((button) => button.updateComplete));
  return { win, group, buttons };
}

describe('share buttons on strict pages (nonce-only CSP, Trusted Types enforced)', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('without counts: the buttons render as links, a click fires share-button-click, nothing is thrown, and no request at all', async () => {
    const { win, buttons } = await open('plain');
    expect(buttons.map((b) => b.network)).to.deep.equal(NETWORKS);
    expect(
      buttons.map((b) => [b.network, part(b, 'button').localName, part(b, 'label').textContent]),
      'what the reader sees',
    ).to.deep.equal([
      ['facebook', 'a', 'Facebook'],
      ['x', 'a', 'X'],
      ['pinterest', 'a', 'Pinterest'],
      ['mastodon', 'a', 'Mastodon'],
      ['email', 'a', 'Email'],
      ['copy', 'button', 'Copy link'],
    ]);
    expect(buttons.every((b) => b.getBoundingClientRect().width > 0 && part(b, 'icon').getBoundingClientRect().width > 0)).to.equal(true);
    expect(getComputedStyle(part(buttons[0]!, 'button')).backgroundColor, 'styles applied under the CSP').to.equal('rgb(8, 102, 255)');
    const facebookHref = `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(PAGE)}`;
    expect(part(buttons[0]!, 'button').getAttribute('href')).to.equal(facebookHref);

    // A plain click: the event, then the share window (stubbed); nothing follows the link.
    const opened: string[] = [];
    win.open = ((url: string) => (opened.push(url), { opener: {} })) as unknown as typeof win.open;
    const clicks: ShareButtonClickDetail[] = [];
    win.document.addEventListener('share-button-click', (event) => clicks.push((event as CustomEvent<ShareButtonClickDetail>).detail));
    win.document.addEventListener('click', (event) => event.preventDefault());
    part(buttons[0]!, 'button').dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    expect(clicks).to.deep.equal([{ network: 'facebook', url: PAGE, href: facebookHref }]);
    expect(opened).to.deep.equal([facebookHref]);

    await pause(500); // anything late (a lazy icon, a beacon) and the CSP reports
    expect(win.pageErrors, 'nothing thrown').to.deep.equal([]);
    expect(await pageRequests(), 'no request to the server beyond the script, no CSP report').to.deep.equal([]);
    expect(await fakeLog(), 'no SharedCount request').to.deep.equal([]);
    expect(resources(win), 'everything the page fetched').to.deep.equal([`${location.origin}/dist/share-buttons.iife.js`]);
  });

  it('control: the logs see a request from such a page, and the CSP report of a blocked one', async () => {
    const { win } = await open('plain');
    await win.fetch('/__strict-buttons/probe').catch(() => {});
    await win.fetch('https://tracker.invalid/pixel').catch(() => {});
    await pause(500);
    const log = await pageRequests();
    expect(log[0]).to.equal('GET /__strict-buttons/probe');
    expect(log.slice(1).join('\n'), 'the blocked request, reported').to.contain('CSP report').and.to.contain('tracker.invalid');
    expect(resources(win)).to.include(`${location.origin}/__strict-buttons/probe`);
  });

  it('with counts: the counts show, and SharedCount is the only request (one for both counts)', async () => {
    const { win, buttons } = await open('counts');
    await waitUntil(() => buttons[0]!.shares !== null && buttons[2]!.shares !== null, 'counts arrived', { timeout: 4000 });
    await Promise.all(buttons.map((b) => b.updateComplete));
    expect(buttons.map((b) => part(b, 'count').textContent)).to.deep.equal(['168', '', '9', '', '', '']);
    expect(part(buttons[0]!, 'button').getAttribute('aria-label')).to.equal('Share on Facebook, 168 shares');
    await pause(300);
    expect(win.pageErrors).to.deep.equal([]);
    const fake = `http://127.0.0.1:${location.port}/__fake-sharedcount/?url=${encodeURIComponent(PAGE)}&apikey=demo-key`;
    expect(await fakeLog()).to.deep.equal([new URL(fake).pathname + new URL(fake).search]);
    expect(await pageRequests(), 'no CSP report, nothing else from the page').to.deep.equal([]);
    expect(resources(win)).to.deep.equal([`${location.origin}/dist/share-buttons.iife.js`, fake]);
  });

  it('with counts under data-consent="required": no request until grantConsent(), then only SharedCount', async () => {
    const { win, buttons } = await open('consent');
    await pause(600);
    expect(await fakeLog(), 'before consent').to.deep.equal([]);
    expect(resources(win), 'before consent').to.deep.equal([`${location.origin}/dist/share-buttons.iife.js`]);
    expect(buttons.map((b) => b.shares)).to.deep.equal([null, null, null, null, null, null]);
    expect(part(buttons[0]!, 'count').hidden, 'the count keeps its place').to.equal(false);

    win.ShareCountWidgets.grantConsent();
    await waitUntil(() => buttons[0]!.shares === 168 && buttons[2]!.shares === 9, 'counts after consent', { timeout: 4000 });
    await buttons[0]!.updateComplete;
    expect(part(buttons[0]!, 'count').textContent).to.equal('168');
    const fake = `http://127.0.0.1:${location.port}/__fake-sharedcount/?url=${encodeURIComponent(PAGE)}&apikey=demo-key`;
    expect(await fakeLog()).to.deep.equal([new URL(fake).pathname + new URL(fake).search]);
    expect(resources(win)).to.deep.equal([`${location.origin}/dist/share-buttons.iife.js`, fake]);
    await pause(300);
    expect(win.pageErrors).to.deep.equal([]);
    expect(await pageRequests()).to.deep.equal([]);
  });
});
