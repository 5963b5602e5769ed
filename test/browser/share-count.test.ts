import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import { delay, http, HttpResponse } from 'msw';
import {
  clearCache,
  configure,
  ShareCountElement,
  type ShareCountErrorDetail,
  type ShareCountLoadDetail,
} from '../../src/entries/share-count-widgets.js';
import { answer, FAKE_ENDPOINT, OVER_QUOTA_KEY } from '../fakes/sharedcount.js';
import { nextTick, remoteUrls, requests, reset, startMocks, watchPageErrors, worker } from './support/mocks.js';
import { contrast } from './support/contrast.js';
import { mount as mountElement, settled } from './support/settle.js';

const mount = (template: Parameters<typeof mountElement>[0]) => mountElement<ShareCountElement>(template);

const POPULAR = 'https://example.com/popular';

const shown = (el: ShareCountElement) => el.shadowRoot!.querySelector('[role=img]')!.textContent;
const label = (el: ShareCountElement) => el.shadowRoot!.querySelector('[role=img]')!.getAttribute('aria-label');

describe('<share-count>', () => {
  const pageErrors = watchPageErrors();
  before(startMocks);
  beforeEach(reset);
  afterEach(() => expect(pageErrors, 'nothing reached window.onerror').to.deep.equal([]));

  describe('counts', () => {
    it('shows the total, compact, with the full number as its accessible name', async () => {
      const el = await mount(html`<share-count id="a11y-name" url=${POPULAR}></share-count>`);
      // What a screen reader gets, from Chromium's accessibility tree: the full number, not "14K".
      const tree = JSON.stringify(await a11ySnapshot({ selector: '#a11y-name' }));
      expect(tree).to.contain('13,834 shares');
      expect(tree).not.to.contain('14K');
      expect(el.state).to.equal('ready');
      expect(el.getAttribute('state')).to.equal('ready');
      expect(el.count).to.equal(13834);
      expect(shown(el)).to.equal('14K');
      expect(label(el)).to.equal('13,834 shares');
      expect(el.data).to.have.property('Pinterest', 1520);
      expect(remoteUrls()).to.deep.equal([`${FAKE_ENDPOINT}?url=${encodeURIComponent(POPULAR)}&apikey=demo-key`]);
    });

    it('shows one network, case-insensitively, and Facebook fields, naming the service', async () => {
      const cases: [string, string | undefined, string, string][] = [
        ['facebook', undefined, '12K', '12,004 Facebook shares'],
        ['FACEBOOK', 'comment_count', '900', '900 Facebook comments'],
        ['Pinterest', undefined, '1.5K', '1,520 Pinterest shares'],
        ['linkedin', undefined, '310', '310 LinkedIn shares'],
      ];
      for (const [service, field, text, name] of cases) {
        const el = await mount(html`<share-count url=${POPULAR} service=${service} field=${field ?? 'total_count'}></share-count>`);
        expect([shown(el), label(el)], service).to.deep.equal([text, name]);
      }
      expect(remoteUrls(), 'one request for the URL').to.have.length(1);
    });

    it("names Facebook fields whatever the case of the answer's key", async () => {
      worker.use(http.get(FAKE_ENDPOINT, ({ request }) => answer(request, 200, { facebook: { comment_count: 3 } })));
      const el = await mount(html`<share-count url=${POPULAR} service="Facebook" field="comment_count"></share-count>`);
      expect(label(el)).to.equal('3 facebook comments');
    });

    it('ignores null networks in the total, and shows a dash for a network that failed', async () => {
      const total = await mount(html`<share-count url="https://example.com/failing-network"></share-count>`);
      expect(total.count).to.equal(4);
      const failed = await mount(html`<share-count url="https://example.com/failing-network" service="linkedin"></share-count>`);
      expect(failed.state).to.equal('ready');
      expect(failed.count).to.equal(null);
      expect(shown(failed)).to.equal('–');
      expect(failed.shadowRoot!.querySelector('[part=count]')!.getAttribute('title')).to.equal('No LinkedIn count');
    });

    it('formats standard and compact numbers for the locale attribute, else the nearest lang', async () => {
      const de = await mount(html`<share-count url=${POPULAR} notation="standard" locale="de"></share-count>`);
      expect(shown(de)).to.equal('13.834');
      expect(label(de)).to.equal('13.834 shares');
      const wrapper = await fixture<HTMLElement>(html`<p lang="fr"><share-count url=${POPULAR} notation="standard"></share-count></p>`);
      const fr = await settled(wrapper.querySelector('share-count')!);
      expect(shown(fr)).to.equal('13\u202f834');
      const outer = await fixture<HTMLElement>(html`<section lang="de"><div></div></section>`);
      const root = outer.querySelector('div')!.attachShadow({ mode: 'open' });
      root.innerHTML = `<share-count url="${POPULAR}" notation="standard"></share-count>`;
      expect(shown(await settled(root.querySelector('share-count')!)), 'lang found across a shadow root').to.equal('13.834');
      const ja = await mount(html`<share-count url=${POPULAR} locale="ja"></share-count>`);
      expect(shown(ja)).to.equal('1.4万');
      const browser = await mount(html`<share-count url=${POPULAR} notation="standard"></share-count>`);
      expect(shown(browser), 'the pinned browser locale, en-US').to.equal('13,834');
    });
  });

  describe('updates', () => {
    it('re-renders on url and service changes; a service change costs no request', async () => {
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      el.service = 'pinterest';
      await el.updateComplete;
      expect(shown(el)).to.equal('1.5K');
      expect(remoteUrls()).to.have.length(1);
      el.setAttribute('url', 'https://example.com/');
      await settled(el);
      expect(el.count).to.equal(9);
      expect(remoteUrls()).to.have.length(2);
    });

    it('aborts a superseded request: its late answer never shows', async () => {
      const signals: AbortSignal[] = [];
      const seam: typeof fetch = (input, init) => {
        signals.push(init!.signal!);
        const slow = String(input).includes('slow');
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve(Response.json({ Pinterest: slow ? 111 : 20 })), slow ? 300 : 10);
          init!.signal!.addEventListener('abort', () => (clearTimeout(timer), reject(init!.signal!.reason)));
        });
      };
      const el = await fixture<ShareCountElement>(html`<share-count url="https://example.com/slow" .fetch=${seam}></share-count>`);
      const loads: string[] = [];
      el.addEventListener('share-count-load', (event) => loads.push(event.detail.url));
      el.url = 'https://example.com/';
      await settled(el);
      expect(
        signals.map((signal) => signal.aborted),
        'the first request was aborted',
      ).to.deep.equal([true, false]);
      expect(shown(el)).to.equal('20');
      await nextTick(400);
      expect(shown(el), 'still the second URL').to.equal('20');
      expect(loads).to.deep.equal(['https://example.com/']);
    });

    it('drops its request quietly when removed, and loads again when put back', async () => {
      worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(150), answer(request, 200, { Pinterest: 3 }))));
      const holder = await fixture<HTMLDivElement>(html`<div><share-count url="https://example.com/moved"></share-count></div>`);
      const el = holder.querySelector('share-count')!;
      const events: string[] = [];
      el.addEventListener('share-count-load', () => events.push('load'));
      el.addEventListener('share-count-error', () => events.push('error'));
      await el.updateComplete;
      el.remove();
      await nextTick(300);
      expect(events, 'no error for an abort of its own').to.deep.equal([]);
      expect(el.state).to.equal('loading');
      holder.append(el);
      await settled(el);
      expect([el.state, el.count, events]).to.deep.equal(['ready', 3, ['load']]);
    });

    it('keeps what it shows when moved, and when configure() changes defaults', async () => {
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      const events: string[] = [];
      el.addEventListener('share-count-load', () => events.push('load'));
      document.body.append(el);
      configure({ sharedcount: { timeout: 9000 } });
      await nextTick(50);
      expect([el.state, events, remoteUrls().length]).to.deep.equal(['ready', [], 1]);
      el.remove();
    });

    it('fires no second event when a change leaves the outcome as it was', async () => {
      const el = await mount(html`<share-count url=${POPULAR} service="myspace"></share-count>`);
      const events: string[] = [];
      el.addEventListener('share-count-error', () => events.push('error'));
      el.locale = 'de';
      await el.updateComplete;
      await nextTick();
      expect(events).to.deep.equal([]);
      el.service = 'pinterest';
      await settled(el);
      el.addEventListener('share-count-load', () => events.push('load'));
      el.notation = 'standard';
      await el.updateComplete;
      await nextTick();
      expect(events, 'the same count in another notation').to.deep.equal([]);
    });

    it('refresh() right after insertion is not lost to the first load', async () => {
      await mount(html`<share-count url=${POPULAR}></share-count>`);
      const el = document.createElement('share-count');
      el.url = POPULAR;
      document.body.append(el);
      el.refresh();
      await settled(el);
      expect(remoteUrls(), 'the cached answer was not enough').to.have.length(2);
      el.remove();
    });

    it('refresh() asks again, bypassing the cache', async () => {
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      await mount(html`<share-count url=${POPULAR}></share-count>`);
      expect(remoteUrls()).to.have.length(1);
      el.refresh();
      expect(el.state).to.equal('loading');
      await settled(el);
      expect(remoteUrls()).to.have.length(2);
    });

    it('resolves a relative url against the document base URL', async () => {
      const el = await mount(html`<share-count url="/articles/relative"></share-count>`);
      expect(new URL(remoteUrls()[0]!).searchParams.get('url')).to.equal(`${location.origin}/articles/relative`);
      expect(el.state).to.equal('ready');
    });

    it('follows configure(): an element that upgraded before the key was set loads once it is', async () => {
      configure({ sharedcount: { apiKey: '' } });
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      expect(el.error!.name).to.equal('ValidationError');
      const loaded = oneEvent(el, 'share-count-load');
      configure({ sharedcount: { apiKey: 'demo-key' } });
      await loaded;
      expect(el.count).to.equal(13834);
      configure({ nonce: 'abc' });
      await el.updateComplete;
      expect(el.state, 'other settings do not reload').to.equal('ready');
      configure({ nonce: undefined });
    });

    it('starts one request when configure() runs before its first render (a script tag after the elements)', async () => {
      // Aborts by the element itself (MSW aborts controllers of its own as it answers).
      const aborted: string[] = [];
      const abort = AbortController.prototype.abort;
      AbortController.prototype.abort = function (this: AbortController, reason?: unknown) {
        const stack = new Error().stack ?? '';
        if (stack.includes('/elements/share-count/')) aborted.push(stack);
        abort.call(this, reason);
      };
      try {
        let calls = 0;
        const el = document.createElement('share-count');
        el.url = POPULAR;
        el.fetch = (...args) => (calls++, fetch(...args));
        document.body.append(el);
        // The IIFE defines the elements, upgrading those already in the page, then configures from its tag.
        configure({ sharedcount: { timeout: 8765 } }); // a value no other test sets: the defaults change
        await settled(el);
        expect(el.count).to.equal(13834);
        expect(aborted, 'no request started and thrown away').to.have.length(0);
        expect(calls).to.equal(1);
        el.remove();
      } finally {
        AbortController.prototype.abort = abort;
        configure({ sharedcount: { timeout: 10_000 } });
      }
    });

    it('asks SharedCount again on configure() while loading only for a change to what it asks', async () => {
      worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(300), answer(request, 200, { Pinterest: 2 }))));
      const holder = document.createElement('div');
      for (let i = 0; i < 20; i++) holder.append(Object.assign(document.createElement('share-count'), { url: `${POPULAR}/${i % 10}` }));
      document.body.append(holder);
      const els = [...holder.children] as ShareCountElement[];
      try {
        await nextTick(50);
        expect(els.every((el) => el.state === 'loading')).to.equal(true);
        expect(remoteUrls(), 'one request a URL').to.have.length(10);
        // A timeout, words, a cache mode or batching: the requests under way carry on.
        configure({ sharedcount: { timeout: 8766 } });
        configure({ labels: { de: { other: '# Mal' } }, sharedcount: { cache: 'memory' } });
        configure({ sharedcount: { timeout: 8767, batch: false } });
        await Promise.all(els.map((el) => settled(el)));
        expect(els.map((el) => el.state)).to.deep.equal(Array(20).fill('ready'));
        expect(remoteUrls(), 'none asked again').to.have.length(10);
        // The key is part of the request: an element still loading asks again with it.
        requests.length = 0;
        clearCache();
        els.forEach((el) => el.refresh());
        await nextTick(50);
        configure({ sharedcount: { apiKey: 'other-key' } });
        await Promise.all(els.map((el) => settled(el)));
        expect(
          remoteUrls().filter((url) => url.endsWith('apikey=other-key')),
          'asked again with the new key',
        ).to.have.length(10);
      } finally {
        holder.remove();
        configure({ sharedcount: { timeout: 10_000, cache: 'storage' } });
      }
    });

    it('uses per-element api-key, endpoint and transport', async () => {
      const custom = 'https://counts.publisher.test/v1.1/';
      worker.use(http.get(custom, ({ request }) => answer(request, 200, { Pinterest: 5 })));
      const el = await mount(html`<share-count url=${POPULAR} api-key="own-key" endpoint=${custom} transport="jsonp"></share-count>`);
      expect(el.count).to.equal(5);
      expect(remoteUrls()[0]).to.match(/^https:\/\/counts\.publisher\.test\/v1\.1\/\?url=.*&apikey=own-key&callback=sc_/);
    });
  });

  describe('events', () => {
    it('fires share-count-load, bubbling and composed, with {url, count, data}', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const shadow = host.attachShadow({ mode: 'open' });
      let seen: unknown[] = [];
      const loaded = new Promise<CustomEvent<ShareCountLoadDetail>>((resolve) =>
        document.addEventListener(
          'share-count-load',
          (event) => {
            // Read at dispatch time: the event says the count is shown, so it must already be.
            const el = shadow.querySelector('share-count')!;
            seen = [el.getAttribute('state'), shown(el)];
            resolve(event);
          },
          { once: true },
        ),
      );
      shadow.innerHTML = `<share-count url="${POPULAR}"></share-count>`;
      const event = await loaded;
      expect(seen).to.deep.equal(['ready', '14K']);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.url).to.equal(POPULAR);
      expect(event.detail.count).to.equal(13834);
      expect(event.detail.data.Pinterest).to.equal(1520);
    });

    it('fires share-count-error with {url, error}', async () => {
      const errored = oneEvent(document, 'share-count-error');
      await fixture(html`<share-count url="https://example.com/not-a-page"></share-count>`);
      const event = (await errored) as CustomEvent<ShareCountErrorDetail>;
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.url).to.equal('https://example.com/not-a-page');
      expect(event.detail.error).to.include({ name: 'SharedCountError', type: 'invalid_url', status: 400 });
    });
  });

  it('makes one request per distinct URL: 100 elements over 10 URLs, 10 requests', async () => {
    worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(50), answer(request, 200, { Pinterest: 1 }))));
    const urls = Array.from({ length: 10 }, (_, i) => `https://example.com/post-${i}`);
    const list = await fixture<HTMLElement>(
      html`<div>${Array.from({ length: 100 }, (_, i) => html`<share-count url=${urls[i % 10]!}></share-count>`)}</div>`,
    );
    const elements = [...list.querySelectorAll('share-count')];
    await Promise.all(elements.map(settled));
    expect(elements.every((el) => el.count === 1)).to.equal(true);
    expect(remoteUrls()).to.have.length(10);
    expect(new Set(remoteUrls()).size).to.equal(10);
  });

  it('with lazy, asks nothing until the element comes within 300 px of the viewport', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <div style="height: 2000px"></div>
      <share-count lazy url=${POPULAR}></share-count>
      <div style="height: 2000px"></div>
    </div>`);
    const el = page.querySelector('share-count')!;
    const top = () => el.getBoundingClientRect().top + scrollY;
    scrollTo(0, top() - innerHeight - 450); // 450 px below the fold: too far
    await nextTick(300);
    expect(remoteUrls()).to.deep.equal([]);
    expect(el.state).to.equal('loading');
    scrollTo(0, top() - innerHeight - 200); // 200 px below the fold: near enough
    await settled(el);
    expect(remoteUrls()).to.have.length(1);
    expect(el.count).to.equal(13834);
    scrollTo(0, 0);
  });

  describe('bad input', () => {
    const cases: [string, ReturnType<typeof html>, string, RegExp][] = [
      ['an invalid url', html`<share-count url="ftp://example.com/"></share-count>`, 'SharedCountError', /absolute http/],
      ['an empty url attribute', html`<share-count url=""></share-count>`, 'SharedCountError', /empty/],
      ['an unknown notation', html`<share-count url=${POPULAR} notation="roman"></share-count>`, 'ValidationError', /notation/],
      ['an unknown transport', html`<share-count url=${POPULAR} transport="xhr"></share-count>`, 'ValidationError', /transport/],
      ['a quota error', html`<share-count url=${POPULAR} api-key=${OVER_QUOTA_KEY}></share-count>`, 'SharedCountError', /quota/],
    ];
    for (const [what, template, name, message] of cases) {
      it(`${what}: error state, a dash titled with the message, and share-count-error`, async () => {
        const errored = oneEvent(document, 'share-count-error');
        const el = await fixture<ShareCountElement>(template);
        const { detail } = (await errored) as CustomEvent<ShareCountErrorDetail>;
        await settled(el);
        expect(el.state).to.equal('error');
        expect(el.error).to.equal(detail.error);
        expect(detail.error.name).to.equal(name);
        const part = el.shadowRoot!.querySelector('[part=error]')!;
        expect(part.getAttribute('title')).to.match(message);
        expect(shown(el)).to.equal('–');
        expect(label(el)).to.match(/^Share count unavailable: /);
      });
    }

    it('a malformed answer: ResponseError, error state, a titled dash and share-count-error', async () => {
      worker.use(http.get(FAKE_ENDPOINT, () => HttpResponse.text('<html>down for maintenance</html>')));
      const errored = oneEvent(document, 'share-count-error');
      const el = await mount(html`<share-count url=${POPULAR}></share-count>`);
      const { detail } = (await errored) as CustomEvent<ShareCountErrorDetail>;
      expect([el.state, detail.error.name, shown(el)]).to.deep.equal(['error', 'ResponseError', '–']);
      expect(el.shadowRoot!.querySelector('[part=error]')!.getAttribute('title')).to.contain('HTML').and.to.contain(POPULAR);
    });

    it('a url that cannot be resolved: SharedCountError invalid_url naming it', async () => {
      const el = await mount(html`<share-count url="//"></share-count>`);
      expect(el.error).to.include({ name: 'SharedCountError', type: 'invalid_url' });
      expect(el.error!.message).to.contain('//');
      expect(remoteUrls()).to.deep.equal([]);
    });

    it('names the URL in errors it raises itself', async () => {
      const el = await mount(html`<share-count url=${POPULAR} notation="roman"></share-count>`);
      expect(el.error!.message).to.contain(POPULAR);
    });
  });

  describe('accessibility and styling', () => {
    it('has no axe violations when loading, ready and in error', async () => {
      worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(200), answer(request, 200, { Pinterest: 1234 }))));
      const el = await fixture<ShareCountElement>(html`<share-count url=${POPULAR}></share-count>`);
      expect(label(el)).to.equal('Loading share count');
      await expect(el).to.be.accessible();
      await settled(el);
      await expect(el).to.be.accessible();
      const failed = await mount(html`<share-count url="ftp://nope/"></share-count>`);
      await expect(failed).to.be.accessible();
    });

    it('keeps one live region: quiet on first load, then announcing refreshes politely', async () => {
      worker.use(http.get(FAKE_ENDPOINT, async ({ request }) => (await delay(100), answer(request, 200, { Pinterest: 1234 }))));
      const el = await fixture<ShareCountElement>(html`<share-count id="live" url=${POPULAR}></share-count>`);
      await el.updateComplete;
      // The region is the host itself, through ElementInternals: what Chromium's accessibility tree says of it.
      const region = async () => {
        const { live = 'off', busy } = (await executeServerCommand('ax-node', { selector: '#live' })) as { live?: string; busy?: unknown };
        return { live, busy: Boolean(busy) };
      };
      const node = el.shadowRoot!.querySelector('[role=img]')!;
      expect(await region(), 'first load: not read out').to.deep.equal({ live: 'off', busy: true });
      await settled(el);
      expect(await region(), 'shown').to.deep.equal({ live: 'polite', busy: false });
      el.refresh();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role=img]'), 'the same node').to.equal(node);
      expect([await region(), label(el)]).to.deep.equal([{ live: 'polite', busy: true }, 'Loading share count']);
      await settled(el);
      expect(el.shadowRoot!.querySelector('[role=img]')).to.equal(node);
      expect([await region(), label(el)]).to.deep.equal([{ live: 'polite', busy: false }, '1,234 shares']);
      expect(el.shadowRoot!.childElementCount, 'one node in the shadow tree').to.equal(1);
    });

    it('exposes parts, and takes colour, font and spacing from custom properties', async () => {
      const el = await mount(html`<share-count
        url=${POPULAR}
        style="--share-count-color: rgb(1, 2, 3); --share-count-padding: 7px; --share-count-font: 700 20px serif"
      ></share-count>`);
      const part = el.shadowRoot!.querySelector('[part=count]')!;
      expect(part).to.exist;
      const style = getComputedStyle(el);
      expect([style.color, style.paddingLeft, style.fontSize, style.fontWeight]).to.deep.equal(['rgb(1, 2, 3)', '7px', '20px', '700']);
    });

    it("picks an error colour for the page's colour scheme, not the system's, at 3:1 at least", async () => {
      const holder = await fixture<HTMLDivElement>(
        html`<div style="background: Canvas"><share-count url="ftp://nope/"></share-count></div>`,
      );
      const el = holder.querySelector('share-count')!;
      await settled(el);
      const part = el.shadowRoot!.querySelector('[part=error]')!;
      const seen: string[] = [];
      try {
        // The system's scheme, the page's `color-scheme` (none: a light page), the red expected.
        for (const [system, page, red] of [
          ['light', '', 'rgb(179, 38, 30)'],
          ['dark', '', 'rgb(179, 38, 30)'],
          ['dark', 'light dark', 'rgb(242, 184, 181)'],
          ['light', 'light dark', 'rgb(179, 38, 30)'],
          ['light', 'dark', 'rgb(242, 184, 181)'],
        ] as const) {
          await emulateMedia({ colorScheme: system });
          holder.style.colorScheme = page;
          const [color, background] = [getComputedStyle(part).color, getComputedStyle(holder).backgroundColor];
          seen.push(`${system}/${page || 'none'}: ${color}`);
          expect(color, seen.at(-1)).to.equal(red);
          expect(contrast(color, background), `${seen.at(-1)} on ${background}`).to.be.at.least(3);
        }
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
      el.style.setProperty('--share-count-error-color', 'rgb(1, 2, 3)');
      expect(getComputedStyle(part).color, "the publisher's colour wins").to.equal('rgb(1, 2, 3)');
    });
  });

  describe('registration', () => {
    it('is defined by importing the package, typed in HTMLElementTagNameMap, and defining twice is harmless', () => {
      const el: ShareCountElement = document.createElement('share-count');
      expect(el).to.be.instanceOf(ShareCountElement);
      expect(() => ShareCountElement.define()).not.to.throw();
      expect(customElements.get('share-count')).to.equal(ShareCountElement);
      ShareCountElement.define('my-share-count');
      const alias = document.createElement('my-share-count');
      expect(alias).to.be.instanceOf(ShareCountElement);
      expect(customElements.get('my-share-count')).not.to.equal(ShareCountElement);
    });
  });
});
