/**
 * `<share-button>` and `<share-buttons>` in Chromium: the exact share links, what a click does,
 * copy and native sharing, the Mastodon dialog by keyboard, the counts (one request with a
 * `<share-count>` of the same page), words and events. MSW answers SharedCount.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import { delay, http } from 'msw';
// Imported for its side effect too: the types alone would let the compiler drop it, and the tags with it.
import '../../src/entries/buttons.js';
import type { ShareButtonClickDetail, ShareButtonElement, ShareButtonsElement } from '../../src/entries/buttons.js';
import { configure, type ShareCountElement } from '../../src/entries/share-count-widgets.js';
import { answer, FAKE_ENDPOINT } from '../fakes/sharedcount.js';
import { remoteUrls, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { settled } from './support/settle.js';

const PAGE = 'https://example.com/a b/ü?x=1&y=2#top';
const TEXT = `Quotes "q" & 'a' 🎉`;
const e = encodeURIComponent;

/** The SPEC's table, written out for PAGE and TEXT. */
const EXPECTED: Record<string, string> = {
  facebook: `https://www.facebook.com/sharer/sharer.php?u=${e(PAGE)}`,
  x: `https://x.com/intent/tweet?text=${e(TEXT)}&url=${e(PAGE)}&via=${e('news_desk')}&hashtags=${e('media,web')}`,
  linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${e(PAGE)}`,
  pinterest: `https://www.pinterest.com/pin/create/button/?url=${e(PAGE)}&description=${e(TEXT)}&media=${e('https://example.com/cover.jpg')}`,
  reddit: `https://www.reddit.com/submit?url=${e(PAGE)}&title=${e(TEXT)}`,
  bluesky: `https://bsky.app/intent/compose?text=${e(`${TEXT} ${PAGE}`)}`,
  threads: `https://www.threads.com/intent/post?text=${e(TEXT)}&url=${e(PAGE)}`,
  mastodon: `https://mastodon.social/share?text=${e(`${TEXT} ${PAGE}`)}`,
  telegram: `https://t.me/share/url?url=${e(PAGE)}&text=${e(TEXT)}`,
  whatsapp: `https://wa.me/?text=${e(`${TEXT} ${PAGE}`)}`,
  email: `mailto:?subject=${e(TEXT)}&body=${e(PAGE)}`,
};

const link = (el: ShareButtonElement) => el.shadowRoot!.querySelector<HTMLAnchorElement | HTMLButtonElement>('[part=button]')!;

async function button(network: string, attributes = ''): Promise<ShareButtonElement> {
  const holder = await fixture<HTMLDivElement>(`<div><share-button network="${network}" ${attributes}></share-button></div>`);
  const el = holder.querySelector<ShareButtonElement>('share-button')!;
  await el.updateComplete;
  return el;
}

/**
 * Clicks `target` with `init` and says whether the element prevented the default; then prevents it
 * anyway, so that the test page never follows a link into a new tab (which would leave it in the
 * background, its timers throttled).
 */
function click(target: Element, init: MouseEventInit = {}): boolean {
  let prevented = false;
  const last = (event: Event) => {
    prevented = event.defaultPrevented;
    event.preventDefault();
  };
  document.addEventListener('click', last, { once: true });
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, ...init }));
  document.removeEventListener('click', last);
  return prevented;
}

/** window.open, recorded instead of opening anything. */
function stubOpen(result: Window | null = { opener: {} } as unknown as Window) {
  const calls: [string, string, string][] = [];
  const original = window.open;
  window.open = ((url: string, target: string, features: string) => (calls.push([url, target, features]), result)) as typeof window.open;
  return { calls, restore: () => (window.open = original) };
}

describe('<share-button>', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  it('links every network to the exact share URL of the table, as a real link', async () => {
    for (const [network, href] of Object.entries(EXPECTED)) {
      const el = await button(
        network,
        `url="${PAGE}" text="${TEXT.replaceAll('"', '&quot;')}" media="https://example.com/cover.jpg" via="news_desk" hashtags="media,web" mastodon-server="mastodon.social"`,
      );
      const a = link(el) as HTMLAnchorElement;
      expect(a.tagName, network).to.equal('A');
      expect([network, a.getAttribute('href')]).to.deep.equal([network, href]);
      expect(el.href).to.equal(href);
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(a.getAttribute('target'), network).to.equal(network === 'email' ? null : '_blank');
    }
    expect(remoteUrls(), 'no request for buttons without counts').to.deep.equal([]);
  });

  it('takes the canonical URL, og:title and og:image when url, text and media are absent', async () => {
    const added = [
      Object.assign(document.createElement('link'), { rel: 'canonical', href: 'https://example.com/canonical' }),
      Object.assign(document.createElement('meta'), { content: 'The headline' }),
      Object.assign(document.createElement('meta'), { content: 'https://example.com/og.jpg' }),
    ];
    added[1]!.setAttribute('property', 'og:title');
    added[2]!.setAttribute('property', 'og:image');
    document.head.append(...added);
    try {
      const el = await button('pinterest');
      expect(el.href).to.equal(
        `https://www.pinterest.com/pin/create/button/?url=${e('https://example.com/canonical')}&description=${e('The headline')}&media=${e('https://example.com/og.jpg')}`,
      );
    } finally {
      added.forEach((node) => node.remove());
    }
  });

  it('opens a plain click in a window sized for the network, centred, and leaves a modified click to the browser', async () => {
    const el = await button('facebook', `url="${PAGE}"`);
    const open = stubOpen();
    try {
      const clicked = oneEvent(el, 'share-button-click');
      const prevented = click(link(el));
      const { detail } = (await clicked) as CustomEvent<ShareButtonClickDetail>;
      expect(detail).to.deep.equal({ network: 'facebook', url: PAGE, href: EXPECTED['facebook'] });
      expect(open.calls).to.have.length(1);
      const [url, target, features] = open.calls[0]!;
      expect([url, target]).to.deep.equal([EXPECTED['facebook'], '_blank']);
      expect(features).to.match(/^popup,width=600,height=500,left=-?\d+,top=-?\d+$/);
      const left = Number(/left=(-?\d+)/.exec(features)![1]);
      expect(left).to.equal(Math.round(screenX + (outerWidth - 600) / 2));
      expect(prevented, 'the window opened: the link does not also navigate').to.equal(true);

      expect(click(link(el), { ctrlKey: true }), 'ctrl+click is the browser’s').to.equal(false);
      expect(click(link(el), { button: 1 }), 'so is a middle click').to.equal(false);
      expect(open.calls).to.have.length(1);
    } finally {
      open.restore();
    }
  });

  it('leaves a plain click on a touch screen to the link, which opens a tab', async () => {
    const el = await button('whatsapp', `url="${PAGE}"`);
    const open = stubOpen();
    const matchMedia = window.matchMedia;
    window.matchMedia = ((query: string) => ({ matches: query === '(pointer: coarse)' })) as typeof window.matchMedia;
    try {
      const clicked = oneEvent(el, 'share-button-click');
      expect(click(link(el)), 'the link opens its tab').to.equal(false);
      expect(((await clicked) as CustomEvent<ShareButtonClickDetail>).detail.href).to.equal(link(el).getAttribute('href'));
      expect(open.calls).to.deep.equal([]);
    } finally {
      window.matchMedia = matchMedia;
      open.restore();
    }
  });

  it('lets the link open a tab when the window is blocked, and stops everything on preventDefault()', async () => {
    const el = await button('x', `url="${PAGE}"`);
    const blocked = stubOpen(null);
    try {
      expect(click(link(el)), 'blocked: the link opens a tab itself').to.equal(false);
      expect(blocked.calls).to.have.length(1);
    } finally {
      blocked.restore();
    }
    const open = stubOpen();
    const stop = (event: Event) => event.preventDefault();
    document.addEventListener('share-button-click', stop);
    try {
      expect(click(link(el))).to.equal(true);
      expect(open.calls).to.have.length(0);
    } finally {
      document.removeEventListener('share-button-click', stop);
      open.restore();
    }
  });

  it('copies the exact URL and says "Link copied", visibly and to screen readers', async () => {
    const el = await button('copy', `url="${PAGE}"`);
    const copied: string[] = [];
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
    try {
      expect(link(el).tagName).to.equal('BUTTON');
      expect(link(el).getAttribute('aria-label')).to.equal('Copy link');
      link(el).click();
      await waitUntil(() => el.shadowRoot!.querySelector('[role=status]')!.textContent === 'Link copied');
      expect(copied).to.deep.equal([PAGE]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Link copied');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
    }
  });

  it('shares natively with { url, title, text }, and is absent without Web Share', async () => {
    const shared: ShareData[] = [];
    const had = 'share' in navigator;
    Object.defineProperty(navigator, 'share', { configurable: true, value: async (data: ShareData) => void shared.push(data) });
    try {
      const el = await button('native', `url="${PAGE}" text="Read this"`);
      expect(el.hidden).to.equal(false);
      link(el).click();
      expect(shared).to.deep.equal([{ url: PAGE, title: 'Read this', text: 'Read this' }]);
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
    if (!had) {
      const el = await button('native', `url="${PAGE}"`);
      expect(el.hidden, 'no Web Share here').to.equal(true);
      expect(getComputedStyle(el).display).to.equal('none');
    }
  });

  describe('Mastodon', () => {
    it('asks for the server in a dialog, by keyboard only, remembers it, and refuses what is not a host name', async () => {
      const el = await button('mastodon', `url="${PAGE}" text="Hi"`);
      const a = link(el) as HTMLAnchorElement;
      expect(a.hasAttribute('href'), 'no server yet: no href').to.equal(false);
      expect(a.getAttribute('role')).to.equal('button');
      const open = stubOpen();
      try {
        a.focus();
        await sendKeys({ press: 'Enter' });
        const dialog = el.shadowRoot!.querySelector('dialog')!;
        expect(dialog.open).to.equal(true);
        const input = dialog.querySelector('input')!;
        expect(el.shadowRoot!.activeElement, 'focus in the field').to.equal(input);
        for (const bad of ['javascript:alert(1)', 'evil.example/x?', 'a b.example', '']) {
          input.value = '';
          if (bad) await sendKeys({ type: bad });
          await sendKeys({ press: 'Enter' });
          expect([bad, dialog.open], 'still asking').to.deep.equal([bad, true]);
          expect(dialog.querySelector('[role=alert]')!.textContent).to.equal('Enter the name of your server only, such as mastodon.social');
          expect(input.getAttribute('aria-invalid')).to.equal('true');
        }
        expect(open.calls).to.deep.equal([]);
        input.value = '';
        await sendKeys({ type: 'Mastodon.Social' });
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => open.calls.length === 1);
        expect(dialog.open).to.equal(false);
        expect(open.calls[0]![0]).to.equal(`https://mastodon.social/share?text=${e(`Hi ${PAGE}`)}`);
        expect(localStorage.getItem('share-count-widgets:mastodon')).to.equal('"mastodon.social"');
        await el.updateComplete;
        expect(a.getAttribute('href'), 'remembered: now a link').to.equal(`https://mastodon.social/share?text=${e(`Hi ${PAGE}`)}`);
        expect(el.shadowRoot!.activeElement, 'focus back on the button').to.equal(a);
      } finally {
        open.restore();
      }
    });

    it('asks again after the button changed to another network and back', async () => {
      const el = await button('mastodon', `url="${PAGE}"`);
      link(el).click();
      const first = el.shadowRoot!.querySelector('dialog')!;
      expect(first.open).to.equal(true);
      first.close();
      el.network = 'copy';
      await el.updateComplete;
      el.network = 'mastodon';
      await el.updateComplete;
      link(el).click();
      const dialog = el.shadowRoot!.querySelector('dialog');
      expect(dialog?.open, 'a dialog in the button, open').to.equal(true);
      dialog!.close();
    });

    it('cancels with Escape, focus back on the button; clearCache() forgets the server', async () => {
      localStorage.setItem('share-count-widgets:mastodon', '"example.social"');
      const remembered = await button('mastodon', `url="${PAGE}"`);
      expect(link(remembered).getAttribute('href')).to.match(/^https:\/\/example\.social\/share\?text=/);
      const { clearCache } = await import('../../src/entries/buttons.js');
      clearCache();
      const el = await button('mastodon', `url="${PAGE}"`);
      expect(link(el).hasAttribute('href')).to.equal(false);
      link(el).focus();
      await sendKeys({ press: 'Space' });
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      expect(dialog.open).to.equal(true);
      await sendKeys({ press: 'Escape' });
      expect(dialog.open).to.equal(false);
      expect(el.shadowRoot!.activeElement).to.equal(link(el));
    });

    it('never makes an href of a server attribute that is not a host name', async () => {
      for (const server of ['javascript:alert(1)', 'evil.example/x?', 'a b.example', 'http://x.example', '//x.example', '127.0.0.1']) {
        const el = await button('mastodon', `url="${PAGE}" mastodon-server="${server}"`);
        expect([server, link(el).hasAttribute('href'), el.href]).to.deep.equal([server, false, '']);
      }
    });
  });

  describe('counts', () => {
    it('shows Facebook and Pinterest counts, one request with a <share-count> of the same page, counts in the names', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div>
        <share-buttons counts networks="facebook pinterest x" url="https://example.com/popular"></share-buttons>
        <share-count url="https://example.com/popular"></share-count>
      </div>`);
      const group = holder.querySelector<ShareButtonsElement>('share-buttons')!;
      await settled(holder.querySelector<ShareCountElement>('share-count')!);
      await group.updateComplete;
      const buttons = [...group.shadowRoot!.querySelectorAll<ShareButtonElement>('share-button')];
      expect(buttons.map((b) => b.network)).to.deep.equal(['facebook', 'pinterest', 'x']);
      await waitUntil(() => buttons[0]!.shares !== null && buttons[1]!.shares !== null);
      await Promise.all(buttons.map((b) => b.updateComplete));
      const counts = buttons.map((b) => b.shadowRoot!.querySelector('[part=count]')!);
      expect(counts.map((c) => [c.textContent, (c as HTMLElement).hidden])).to.deep.equal([
        ['12K', false],
        ['1.5K', false],
        ['', true],
      ]);
      expect(buttons.map((b) => link(b).getAttribute('aria-label'))).to.deep.equal([
        'Share on Facebook, 12K shares',
        'Save on Pinterest, 1.5K shares',
        'Post on X',
      ]);
      buttons[0]!.id = 'fb';
      const tree = JSON.stringify(await a11ySnapshot({ selector: 'share-buttons' }));
      expect(tree).to.contain('Share on Facebook, 12K shares');
      // In full when the count is shown in full.
      buttons[0]!.notation = 'standard';
      await buttons[0]!.updateComplete;
      expect(link(buttons[0]!).getAttribute('aria-label')).to.equal('Share on Facebook, 12,004 shares');
      expect(buttons[0]!.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('12,004');
      expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=${e('https://example.com/popular')}&apikey=demo-key`]);
    });

    it('asks nothing until consent, then one request', async () => {
      configure({ consent: 'required' });
      const el = await button('facebook', 'count url="https://example.com/popular"');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(remoteUrls()).to.deep.equal([]);
      const { grantConsent } = await import('../../src/entries/buttons.js');
      grantConsent();
      await waitUntil(() => el.shares === 12004);
      expect(remoteUrls()).to.have.length(1);
    });

    it('asks again on configure() while its count loads only for a change to what it asks', async () => {
      worker.use(
        http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(200), answer(request, 200, { Facebook: { total_count: 7 } }))),
      );
      const el = await button('facebook', 'count url="https://example.com/popular"');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(remoteUrls()).to.have.length(1);
      try {
        configure({ sharedcount: { timeout: 8768 } });
        configure({ labels: { de: { other: '# Mal' } } });
        await waitUntil(() => el.shares === 7);
        expect(remoteUrls(), 'none asked again').to.have.length(1);
      } finally {
        configure({ sharedcount: { timeout: 10_000 } });
      }
    });

    it('takes words from configure({ labels }), for the name and the count', async () => {
      configure({
        labels: { de: { other: '# Mal geteilt', one: '# Mal geteilt', facebook: 'Auf Facebook teilen', copy: 'Link kopieren' } },
      });
      const holder = await fixture<HTMLDivElement>(html`<div lang="de">
        <share-button network="facebook" count url="https://example.com/popular"></share-button>
        <share-button network="copy"></share-button>
      </div>`);
      const [facebook, copy] = holder.querySelectorAll<ShareButtonElement>('share-button');
      await waitUntil(() => facebook!.shares === 12004);
      await facebook!.updateComplete;
      expect(link(facebook!).getAttribute('aria-label')).to.equal('Auf Facebook teilen, 12.004 Mal geteilt');
      expect(facebook!.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('12.004');
      expect(link(copy!).getAttribute('aria-label')).to.equal('Link kopieren');
    });
  });

  it('renders the group in order, with the default networks when none are given, passing attributes and properties down', async () => {
    const group = await fixture<ShareButtonsElement>(html`<share-buttons url=${PAGE} display="icon"></share-buttons>`);
    await group.updateComplete;
    const buttons = [...group.shadowRoot!.querySelectorAll<ShareButtonElement>('share-button')];
    expect(buttons.map((b) => b.getAttribute('network'))).to.deep.equal([
      'facebook',
      'x',
      'linkedin',
      'bluesky',
      'whatsapp',
      'email',
      'copy',
    ]);
    expect(buttons.every((b) => b.url === PAGE && b.getAttribute('display') === 'icon')).to.equal(true);
    // A framework sets properties, not attributes: they reach the buttons too.
    group.hideBelow = 5;
    group.mastodonServer = 'mastodon.social';
    await group.updateComplete;
    expect(buttons.every((b) => b.hideBelow === 5 && b.mastodonServer === 'mastodon.social')).to.equal(true);
    group.setAttribute('networks', 'reddit telegram');
    await group.updateComplete;
    expect([...group.shadowRoot!.querySelectorAll('share-button')].map((b) => b.getAttribute('network'))).to.deep.equal([
      'reddit',
      'telegram',
    ]);
  });
});
